"""Every example in every command's --help runs, as a user would paste it.

The command tree is walked through click (groups included, lazy commands loaded),
so a command added later is covered without touching this file.  Each command's
examples run in order in a fresh copy of a small database (so `habit archive X`
then `--restore` works), with the clock pinned, in a private working folder
holding the files the examples name.  ``SETUP`` lists what a command's examples
need beyond that; an example that fails is a wrong example or a missing setup.
"""

from __future__ import annotations

import os
import shlex
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import NOW, REFERENCE

from habit_tracker.cli import cli

#: Commands run before a command's examples, beyond `init` (and for `init`: none).
SETUP: dict[str, list[list[str]]] = {
    "checkin": [["habit", "add", "reading", "--kind", "daily", "--min", "20", "--unit", "pages"],
                ["habit", "add", "meditation", "--kind", "daily"]],
    "habit archive": [["habit", "add", "meditation", "--kind", "daily"]],
    "import": [["export", "--output", "backup.json"], ["export", "--output", "old-backup.json"],
               ["export", "--encrypt", "--output", "backup.json.age"]],
    "remind": [["checkin", "--no-contact", "--workout", "--mood", "6"]],  # exit 0: checked in
    "habit delete": [["habit", "add", "texting-log", "--kind", "daily"]],
    "forget": [["habit", "add", "texting-log", "--kind", "daily"]],
    "restore": [["backup", "--output", "~/.local/share/habit-tracker/backups/habits-2026-11-20.db"],
                ["backup", "--output", "habits.db.age", "--recipient", "AGE_PUBLIC_KEY"]],
    "backup": [["backup", "--output", "~/.local/share/habit-tracker/backups/habits-2026-11-20.db"],
               ["backup", "--output", "habits.db.age", "--recipient", "AGE_PUBLIC_KEY"]],
}
#: Set-up before one example (when the example before it used up what it needs).
BEFORE = {"habit-tracker habit delete texting-log --yes": [["habit", "add", "texting-log",
                                                            "--kind", "daily"]]}
#: Examples that change the machine outside the database (a crontab, a systemd
#: timer): shown to people, never run by the tests.
NOT_RUN = {"habit-tracker remind --install 21:00", "habit-tracker remind --uninstall"}
#: An editor that writes a line, for examples that open one ($VISUAL/$EDITOR).
EDITOR = "python3 -c \"import sys; open(sys.argv[-1], 'a').write('Words from the editor.')\""
#: Examples meant for a terminal: what the person types at the prompts.
TYPED = {"habit-tracker checkin": "y\nn\nd\n3\n\n\n7\nA quiet day\n"}
#: The base database: the goal, some check-ins, so every view has something to show.
BASE = [
    ["init", "--since", "2026-10-01", "--goal", "Half marathon", "--target", "300", "--unit",
     "km", "--by", "2027-03-01"],
    ["checkin", "--date", "2026-11-20", "--no-contact", "--workout", "--progress", "5",
     "--mood", "6", "--note", "first run"],
    ["checkin", "--date", "2026-11-21", "--no-contact", "--rest", "--mood", "5"],
]


def _relative(word: str) -> str:
    """The set-up's fixed dates, for the real clock: a deadline a year ahead, the
    rest that many days back from today."""
    from datetime import date, timedelta

    fixed = {"2027-03-01": 365, "2026-10-01": -52, "2026-11-20": -2, "2026-11-21": -1}
    if word not in fixed:
        return word
    return (date.today() + timedelta(days=fixed[word])).isoformat()


def _commands(
    group: click.Group, ctx: click.Context, prefix: str = ""
) -> Iterator[tuple[str, click.Command]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        path = f"{prefix}{name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, path + " ")


def examples(command: click.Command) -> list[str]:
    """The lines under 'Examples:' in the help, continuation lines joined."""
    text = command.help or ""
    if "Examples:" not in text:
        return []
    found: list[str] = []
    pending = ""
    for raw in text.split("Examples:", 1)[1].splitlines():
        line = raw.strip()
        if not line:
            continue
        line = pending + line
        if line.endswith("\\"):
            pending = line[:-1].rstrip() + " "
            continue
        pending = ""
        if line.startswith("habit-tracker"):
            found.append(line)
    return found


def _all() -> list[tuple[str, list[str]]]:
    ctx = click.Context(cli, info_name="habit-tracker")
    return [(path, examples(command)) for path, command in _commands(cli, ctx)]


ALL = _all()


def test_every_command_has_examples() -> None:
    missing = [path for path, found in ALL if not found and path not in {"habit"}]
    assert not missing, f"commands without examples in --help: {missing}"
    assert len(ALL) >= 17


def _argv(line: str, home: Path, work: Path) -> list[str]:
    """What the shell would pass: no pipes or redirections, ~ and /tmp made private."""
    words = shlex.split(line)[1:]
    for stop in ("|", ">", ">>"):
        if stop in words:
            words = words[: words.index(stop)]
    out = []
    for word in words:
        if word.startswith("~"):
            word = str(home) + word[1:]
        elif word.startswith("/tmp/"):
            word = str(work / word[len("/tmp/"):])
        out.append(word)
    return out


@pytest.mark.parametrize(("path", "lines"), [(p, e) for p, e in ALL if e], ids=[p for p, e in ALL if e])
def test_help_examples_run(path: str, lines: list[str], tmp_path: Path) -> None:
    _run_examples(path, lines, tmp_path, NOW)


@pytest.mark.parametrize(("path", "lines"), [(p, e) for p, e in ALL if e], ids=[p for p, e in ALL if e])
def test_each_command_under_the_real_clock(path: str, lines: list[str], tmp_path: Path) -> None:
    """A smoke test per command: its first example, on whatever day the suite runs
    (no HABIT_TRACKER_NOW), after a set-up made relative to that day."""
    _run_examples(path, lines[:1], tmp_path, "")


def _run_examples(path: str, lines: list[str], tmp_path: Path, now: str) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir()
    (home / ".config").mkdir(parents=True)
    if REFERENCE.is_dir():
        shutil.copytree(REFERENCE / "harsh", home / ".config" / "harsh")
        with zipfile.ZipFile(work / "Loop Habits CSV 2026-11-20.zip", "w") as archive:
            for file in (REFERENCE / "loop" / "csv_export").rglob("*"):
                archive.write(file, file.relative_to(REFERENCE / "loop" / "csv_export"))
    key = home / ".config" / "age" / "key.txt"
    public = ""
    if shutil.which("age-keygen"):
        key.parent.mkdir(parents=True)
        import subprocess

        made = subprocess.run(["age-keygen", "-o", str(key)], capture_output=True, text=True)
        public = made.stderr.strip().rsplit(" ", 1)[-1]
    env = {"HABIT_TRACKER_PASSPHRASE": "correct horse battery staple",
           "HABIT_TRACKER_DB": str(tmp_path / "habits.db"), "HABIT_TRACKER_NOW": now,
           "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "VISUAL": EDITOR,
           "EDITOR": EDITOR, "PATH": os.environ.get("PATH", "")}
    runner = CliRunner()

    def run(argv: list[str], typed: str | None = None) -> None:
        argv = [public if word == "AGE_PUBLIC_KEY" else word for word in argv]
        argv = [str(home) + word[1:] if word.startswith("~") else word for word in argv]
        for word in argv:  # a folder the example takes for granted (a USB stick)
            if word.startswith(str(home)) and Path(word).suffix:
                Path(word).parent.mkdir(parents=True, exist_ok=True)
        cwd = os.getcwd()
        os.chdir(work)
        try:
            if typed is not None:
                argv = [*argv, "--interactive"]
            result = runner.invoke(cli, argv, env=env, input=typed, catch_exceptions=False)
            if result.exit_code != 0 and "--yes" in result.stderr and "--yes" not in argv:
                # Asked to confirm in a terminal: the person says yes.
                result = runner.invoke(cli, [*argv, "--yes"], env=env, catch_exceptions=False)
        finally:
            os.chdir(cwd)
        assert result.exit_code == 0, (
            f"'{path}' example {argv} exited {result.exit_code}: {result.stderr or result.stdout}"
        )

    if path != "init":
        base = BASE if now else [[_relative(word) for word in argv] for argv in BASE]
        for argv in base + SETUP.get(path, []):
            run(argv)
    for number, line in enumerate(lines):
        if line in NOT_RUN or (path == "import" and "--format" in line and not REFERENCE.is_dir()):
            continue
        for argv in BEFORE.get(line, []):
            run(argv)
        if path == "init":  # each one sets up a database of its own
            env["HABIT_TRACKER_DB"] = str(tmp_path / f"init-{number}.db")
        run(_argv(line, home, work), TYPED.get(line))
