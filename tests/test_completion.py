"""Shell completion: the scripts for three shells, and habit slugs completed from
the database through click's completion protocol (the environment a shell sets)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from habit_tracker.cli import cli
from habit_tracker.peek import habit_names


def complete(words: str, env: dict[str, str], shell: str = "bash") -> list[str]:
    """What the shell would offer for the command line ``words`` (cursor at its end)."""
    parts = words.split()
    cword = len(parts) if words.endswith(" ") else len(parts) - 1
    typed = "" if words.endswith(" ") else parts[-1]
    # fish's protocol passes the word being typed itself, bash and zsh its index
    cword_value = typed if shell == "fish" else str(cword)
    result = CliRunner().invoke(
        cli, [], prog_name="habit-tracker",
        env={**env, "_HABIT_TRACKER_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
             "COMP_CWORD": cword_value},
    )
    assert result.exit_code == 0, result.output
    if shell == "bash":  # "type,value" per line
        return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def habits(initialised, env: dict[str, str]) -> dict[str, str]:
    initialised("habit", "add", "reading", "--kind", "daily")
    initialised("habit", "add", "old-habit", "--kind", "daily")
    initialised("habit", "archive", "old-habit")
    return env


@pytest.mark.parametrize(
    ("shell", "marks"),
    [
        ("bash", ["_HABIT_TRACKER_COMPLETE=bash_complete", "complete -o nosort -F",
                  "habit-tracker"]),
        ("zsh", ["#compdef habit-tracker", "_HABIT_TRACKER_COMPLETE=zsh_complete"]),
        ("fish", ["complete --no-files --command habit-tracker",
                  "_HABIT_TRACKER_COMPLETE=fish_complete"]),
    ],
)
def test_completion_prints_the_script_for_each_shell(run, shell: str, marks: list[str]) -> None:
    script = run("completion", shell).stdout
    for mark in marks:
        assert mark in script


def test_completion_refuses_an_unknown_shell(run) -> None:
    result = run("completion", "tcsh", code=2)
    assert "tcsh" in result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_the_bash_script_is_valid_bash(run, tmp_path: Path) -> None:
    script = tmp_path / "habit-tracker.bash"
    script.write_text(run("completion", "bash").stdout)
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(["bash", "-c", f"source {script} && complete -p habit-tracker"],
                          capture_output=True, text=True)
    assert "_habit_tracker_completion" in done.stdout


def test_commands_complete(habits: dict[str, str]) -> None:
    offered = complete("habit-tracker st", habits)
    assert offered == ["status", "streaks"]
    assert "completion" in complete("habit-tracker ", habits)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("habit-tracker streaks ", ["no-contact", "workout", "goal", "reading"]),
        ("habit-tracker streaks r", ["reading"]),
        ("habit-tracker history w", ["workout"]),
        ("habit-tracker chart heatmap --habit ", ["no-contact", "workout", "goal", "reading"]),
        ("habit-tracker chart heatmap --habit no", ["no-contact"]),
        ("habit-tracker checkin --set ", ["no-contact=", "workout=", "goal=", "reading="]),
        ("habit-tracker checkin --set re", ["reading="]),
        ("habit-tracker checkin --set no-contact=", ["no-contact=kept", "no-contact=broken",
                                                     "no-contact=clear"]),
        ("habit-tracker checkin --set reading=d", ["reading=done"]),
        ("habit-tracker checkin --set nope=", []),
        # edit and restore reach archived habits too
        ("habit-tracker habit edit o", ["old-habit"]),
        ("habit-tracker habit archive ", ["no-contact", "workout", "goal", "reading", "old-habit"]),
        ("habit-tracker streaks o", []),  # archived: not offered where only active ones count
        ("habit-tracker habit delete old", ["old-habit"]),
        ("habit-tracker forget --habit re", ["reading"]),
    ],
)
def test_slugs_complete_from_the_database(habits: dict[str, str], words: str,
                                          expected: list[str]) -> None:
    assert sorted(complete(words, habits)) == sorted(expected)


def test_zsh_and_fish_show_the_habit_name(habits: dict[str, str]) -> None:
    zsh = complete("habit-tracker streaks r", habits, shell="zsh")
    assert zsh == ["plain", "reading", "Reading"]
    fish = complete("habit-tracker streaks r", habits, shell="fish")
    assert fish == ["plain,reading\tReading"]


def test_the_db_option_is_followed(habits: dict[str, str], tmp_path: Path) -> None:
    other = {**habits, "HABIT_TRACKER_DB": str(tmp_path / "none.db")}
    assert complete("habit-tracker streaks ", other) == []
    words = f"habit-tracker --db {habits['HABIT_TRACKER_DB']} streaks r"
    assert complete(words, other) == ["reading"]


def test_no_database_means_no_suggestions_and_nothing_created(env: dict[str, str],
                                                              db_path: Path) -> None:
    assert complete("habit-tracker streaks ", env) == []
    assert complete("habit-tracker checkin --set ", env) == []
    assert not db_path.exists()


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_damaged_file_means_no_suggestions(env: dict[str, str], db_path: Path,
                                             content: bytes) -> None:
    db_path.write_bytes(content)
    assert complete("habit-tracker streaks ", env) == []
    assert db_path.read_bytes() == content


def test_habit_names_reads_without_writing(initialised, db_path: Path) -> None:
    before = db_path.stat().st_mtime_ns
    names = habit_names(db_path)
    assert [h.slug for h in names] == ["no-contact", "workout", "goal"]
    assert db_path.stat().st_mtime_ns == before
    assert habit_names(db_path.parent / "missing.db") == []
    other = db_path.parent / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert habit_names(other) == []


def test_the_bash_script_completes_slugs_in_a_real_bash(run, habits: dict[str, str],
                                                        tmp_path: Path) -> None:
    import os
    import sys

    command = shutil.which("habit-tracker", path=str(Path(sys.executable).parent))
    if shutil.which("bash") is None or command is None:
        pytest.skip("needs bash and an installed habit-tracker")
    script = tmp_path / "habit-tracker.bash"
    script.write_text(run("completion", "bash").stdout)
    probe = (f"source {script}; COMP_WORDS=(habit-tracker checkin --set re); COMP_CWORD=3; "
             "_habit_tracker_completion habit-tracker; printf '%s\\n' \"${COMPREPLY[@]}\"")
    env = {**os.environ, **habits, "PATH": f"{Path(command).parent}:{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == ["reading="], done.stderr
