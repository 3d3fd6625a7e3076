"""The no-contact companion: urges, writing, necessary contact, attempts, hours,
the one-line status and the reminder (issue 12)."""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
from datetime import date, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import Invoke
from sqlite_utils import Database

from habit_tracker import companion, engine, migrations, reminders
from habit_tracker import models as m
from habit_tracker.cli import cli
from habit_tracker.errors import DateError
from habit_tracker.store import open_store

NOW = datetime(2026, 11, 22, 20, 0)  # Sunday evening (conftest pins the same)


# ------------------------------------------------------------------ moments


@pytest.mark.parametrize(("text", "expected"), [
    (None, datetime(2026, 11, 22, 20, 0)),
    ("now", datetime(2026, 11, 22, 20, 0)),
    ("22:40", None),  # later today: the future
    ("19:05", datetime(2026, 11, 22, 19, 5)),
    ("yesterday 22:40", datetime(2026, 11, 21, 22, 40)),
    ("Yesterday at 7:05", datetime(2026, 11, 21, 7, 5)),
    ("2026-11-16 21:15", datetime(2026, 11, 16, 21, 15)),
    ("mon 23:59", datetime(2026, 11, 16, 23, 59)),
    ("20 minutes ago", datetime(2026, 11, 22, 19, 40)),
    ("3 hours ago", datetime(2026, 11, 22, 17, 0)),
    ("yesterday", None),  # a day needs a time
    ("24:00", None),
    ("tomorrow 08:00", None),
])
def test_parse_moment(text: str | None, expected: datetime | None) -> None:
    if expected is None:
        with pytest.raises(DateError):
            companion.parse_moment(text, NOW)
    else:
        assert companion.parse_moment(text, NOW) == expected


# -------------------------------------------------------------------- urges


def _urge(at: str, intensity: int = 5) -> m.Urge:
    moment = datetime.fromisoformat(at)
    return m.Urge(at=moment, day=moment.date(), intensity=intensity)


def test_pattern_needs_enough_urges_and_a_window_holding_half() -> None:
    evening = [_urge(f"2026-11-{d:02d}T{h}") for d, h in
               ((16, "21:10"), (17, "22:50"), (18, "21:30"), (19, "08:00"))]
    assert companion.urge_pattern(evening[:3]) is None  # too few
    assert companion.urge_pattern(evening) == "most of your urges come between 21:00 and 23:00"
    spread = [_urge(f"2026-11-{d:02d}T{h:02d}:00")
              for d, h in ((16, 1), (17, 6), (18, 11), (19, 16), (20, 20))]
    assert companion.urge_pattern(spread) is None
    # Across midnight.
    late = [_urge(f"2026-11-{d:02d}T{h}")
            for d, h in ((16, "23:10"), (17, "00:20"), (18, "23:40"), (19, "12:00"))]
    assert companion.urge_pattern(late) == "most of your urges come between 23:00 and 01:00"


def test_triggers_take_their_earlier_spelling() -> None:
    assert companion.known_spelling([" Photo ", "song  in the car", "photo"], ["photo"]) == (
        "photo", "song in the car")


def test_urge_records_answers_with_the_streak_and_lists(initialised: Invoke, run_json) -> None:
    run = initialised
    out = run("urge", "--intensity", "7", "--trigger", "photo", "--at", "yesterday 22:40",
              "--note", "their story").stdout
    assert "Urge noted (7/10, photo) at Sat 21 Nov 22:40" in out
    assert "21 days of no contact" in out  # Nov 1 .. Nov 21
    data = run_json("urge", "-i", "4", "-t", "PHOTO", "-t", "song in the car", "--at", "19:30",
                    "--json")
    assert data["urge"] == {"id": 2, "at": "2026-11-22T19:30", "date": "2026-11-22",
                            "intensity": 4, "triggers": ["photo", "song in the car"], "note": None}
    assert data["no_contact_day"] == 22 and data["week_count"] == 2 and data["pattern"] is None
    listed = run_json("urge", "--list", "--json")["urges"]
    assert [u["at"] for u in listed] == ["2026-11-21T22:40", "2026-11-22T19:30"]
    assert run_json("urge", "--list", "--from", "today", "--json")["urges"][0]["id"] == 2
    text = run("urge", "--list").stdout
    assert "2026-11-21 Sat 22:40   7/10  photo  (their story)" in text
    # The day stays kept.
    assert run_json("status", "--json")["no_contact"]["day"] == 22


def test_urge_pattern_is_named_once_there_is_one(initialised: Invoke) -> None:
    run = initialised
    for when in ("mon 21:10", "tue 22:20", "wed 21:45"):
        assert "pattern" not in run("urge", "-i", "5", "--at", when).stdout
    out = run("urge", "-i", "5", "--at", "thu 22:05").stdout
    assert "A pattern: most of your urges come between 21:00 and 23:00." in out
    assert "4 urges this week" in out


def test_urge_bad_input(initialised: Invoke, run_json) -> None:
    run = initialised
    run("urge", "-i", "11", code=2)
    run("urge", "-i", "5", "--at", "23:30", code=2)  # later today
    run("urge", "-i", "5", "--at", "whenever", code=2)
    run("urge", code=2)  # no intensity and no terminal to ask
    run("urge", "-i", "5", "--from", "mon", code=2)
    assert run_json("urge", "--list", "--json") == {"urges": []}


def test_urge_is_undone(initialised: Invoke, run_json) -> None:
    run = initialised
    run("urge", "-i", "6")
    assert "urge 2026-11-22T20:00" in run("undo").stdout
    assert run_json("urge", "--list", "--json") == {"urges": []}


def test_urge_day_follows_day_start(initialised: Invoke, run_json) -> None:
    run = initialised
    run("config", "day_start", "4")
    run("urge", "-i", "6", "--at", "2026-11-21 01:30")
    assert run_json("urge", "--list", "--json")["urges"][0]["date"] == "2026-11-20"


def test_trigger_completion_offers_earlier_triggers(initialised: Invoke, db_path: Path) -> None:
    run = initialised
    run("urge", "-i", "5", "-t", "photo", "-t", "song in the car")
    run("urge", "-i", "5", "-t", "photo")
    from habit_tracker.cli.companion import _complete_trigger, urge

    ctx = click.Context(urge, parent=click.Context(cli, info_name="habit-tracker"))
    ctx.find_root().params["db_path"] = db_path
    items = _complete_trigger(ctx, urge.params[1], "")
    assert [i.value for i in items] == ["photo", "song in the car"]
    assert [i.value for i in _complete_trigger(ctx, urge.params[1], "SO")] == ["song in the car"]


# ------------------------------------------------------------------ writing


def test_write_from_stdin_list_search_json_undo(initialised: Invoke, run_json) -> None:
    run = initialised
    out = run("write", "-", input="Dear you,\nI miss the Sunday walks.\n").stdout
    assert "Kept: 7 words" in out
    run("write", "-", input="Ran 10 km. Felt free.", HABIT_TRACKER_NOW="2026-11-22T21:15:00")
    listed = run_json("write", "--list", "--json")["writings"]
    assert [(w["id"], w["at"], w["words"]) for w in listed] == [
        (1, "2026-11-22T20:00", 7), (2, "2026-11-22T21:15", 5)]
    assert listed[0]["text"] == "Dear you,\nI miss the Sunday walks.\n"
    found = run_json("write", "--search", "SUNDAY", "--json")["writings"]
    assert [w["id"] for w in found] == [1]
    text = run("write", "--search", "walks").stdout
    assert text == "#1  Sun 22 Nov 2026 20:00\n    Dear you,\n    I miss the Sunday walks.\n"
    assert run("write", "--search", "nothing like it").stdout == "No entries match.\n"
    run("undo")
    assert [w["id"] for w in run_json("write", "--list", "--json")["writings"]] == [1]


def test_write_refuses_empty_and_bad_arguments(initialised: Invoke, run_json) -> None:
    run = initialised
    assert "not UTF-8" in run("write", "-", input=b"caf\xff\n", code=2).stderr
    assert "not UTF-8" in run("checkin", "--note", "-", input=b"\xfe", code=2).stderr
    run("write", "-", input="  \n", code=2)
    run("write", "letter.txt", code=2)
    run("write", "--from", "mon", code=2)
    assert run_json("write", "--list", "--json") == {"writings": []}


def _editor(tmp_path: Path, text: str) -> str:
    """An $EDITOR that writes ``text`` into the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\nopen(sys.argv[1], 'w').write({text!r})\n")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_write_opens_the_editor(initialised: Invoke, run_json, tmp_path: Path) -> None:
    run = initialised
    out = run("write", EDITOR=_editor(tmp_path, "Words I will not send.\n"), VISUAL="").stdout
    assert "Kept: 5 words" in out
    assert run_json("write", "--list", "--json")["writings"][0]["text"] == "Words I will not send.\n"
    unchanged = f"{shlex.quote(sys.executable)} -c pass"
    assert run("write", EDITOR=unchanged, VISUAL="").stdout == (
        "Nothing saved (the editor was closed without saving).\n")
    assert len(run_json("write", "--list", "--json")["writings"]) == 1


# ------------------------------------------------------------------ check-in


def test_checkin_note_from_stdin_and_editor(initialised: Invoke, run_json, tmp_path: Path) -> None:
    run = initialised
    run("checkin", "--note", "-", input="A hard evening.\nI went for a walk.\n")
    assert run_json("history", "--json")["days"][-1]["note"] == "A hard evening.\nI went for a walk."
    run("checkin", "--date", "yesterday", "--edit", EDITOR=_editor(tmp_path, "From the editor\n"),
        VISUAL="")
    days = {d["date"]: d for d in run_json("history", "--json")["days"]}
    assert days["2026-11-21"]["note"] == "From the editor"
    run("checkin", "--edit", "--note", "x", code=2)
    # An editor closed without saving records nothing (all or nothing).
    unchanged = f"{shlex.quote(sys.executable)} -c pass"
    run("checkin", "--edit", "--mood", "3", code=2, EDITOR=unchanged, VISUAL="")
    assert run_json("history", "--json")["days"][-1]["mood"] is None


def test_necessary_contact_keeps_the_day(initialised: Invoke, run_json) -> None:
    run = initialised
    out = run("checkin", "--necessary-contact", "handed over the keys", "--no-contact").stdout
    assert "necessary contact" in out and "Day 22 of no contact" in out
    day = run_json("history", "--json")["days"][-1]
    assert day["necessary_contact"] == "handed over the keys"
    assert day["entries"]["no-contact"]["value"] == "kept"
    assert "necessary contact: handed over the keys" in run("history").stdout
    run("undo")
    assert run_json("history", "--json")["days"] == []


def test_a_break_asks_what_led_to_it_and_answers_kindly(initialised: Invoke, run_json) -> None:
    run = initialised
    out = run("checkin", "--date", "2026-11-10", "--contact", "--what-led", "saw the photos").stdout
    assert "9 days is your longest run so far; day 1 started on Wed 11 Nov." in out
    # In a terminal (forced here) the question comes after the others.
    out = run("checkin", "--contact", "--workout", "--interactive",
              input="\n\n\na late call\n").stdout  # goal, mood, note, then the question
    assert "What led to it?" in out
    assert "11 days is your longest run so far; day 1 starts tomorrow." in out
    runs = run_json("streaks", "no-contact", "--attempts", "--json")
    assert runs == {"habit": "no-contact", "as_of": "2026-11-22", "longest": 11, "attempts": [
        {"number": 1, "start": "2026-11-01", "end": "2026-11-09", "length": 9, "current": False,
         "ended_by": "2026-11-10", "trigger": "saw the photos"},
        {"number": 2, "start": "2026-11-11", "end": "2026-11-21", "length": 11, "current": False,
         "ended_by": "2026-11-22", "trigger": "a late call"},
    ]}
    text = run("streaks", "--attempts").stdout
    assert "  1. 01 Nov 2026 – 09 Nov 2026  9 days, ended Tue 10 Nov: saw the photos\n" in text
    assert "11 days, ended Sun 22 Nov: a late call  (longest)" in text
    run("checkin", "--what-led", "x", code=2)  # no break to explain
    run("streaks", "workout", "--attempts", code=2)


def test_a_shorter_run_hears_that_the_longest_still_stands(initialised: Invoke) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-12", "--contact")
    out = run("checkin", "--date", "2026-11-15", "--contact").stdout
    assert "You kept 2 days; your longest run, 11 days, still stands" in out


def test_attempts_engine_on_hand_worked_runs() -> None:
    habit = m.Habit("no-contact", "No contact", m.ABSTAIN, since=date(2026, 11, 1))
    entries = [m.Entry(date(2026, 11, 1), m.BROKEN), m.Entry(date(2026, 11, 5), m.BROKEN),
               m.Entry(date(2026, 11, 6), m.BROKEN)]
    runs = engine.attempts(habit, entries, date(2026, 11, 9), {date(2026, 11, 5): "wine"})
    assert runs == [
        m.Attempt(1, date(2026, 11, 2), date(2026, 11, 4), 3, date(2026, 11, 5), "wine"),
        m.Attempt(2, date(2026, 11, 7), date(2026, 11, 9), 3, None, None),
    ]
    assert runs[1].current and not runs[0].current
    assert engine.attempts(habit, entries, date(2026, 11, 6), {date(2026, 11, 5): "wine"}) == [
        runs[0]]
    with pytest.raises(ValueError, match="abstain"):
        engine.attempts(m.Habit("w", "W", m.WEEKLY, per_week=3), [], date(2026, 11, 6))


# ------------------------------------------------------------------ hours, status


@pytest.mark.parametrize(("since", "now", "expected"), [
    ("2026-11-21 03:00", "2026-11-22T20:00:00", "Day 2 · 41 hours of no contact"),
    ("2026-11-21", "2026-11-22T20:00:00", "Day 2 · 44 hours of no contact"),
    ("2026-11-20 22:00", "2026-11-22T23:30:00", "Day 3 · 49 hours of no contact"),  # Fri..Sun
    ("2026-11-20 22:00", "2026-11-23T08:00:00", "Day 4 of no contact"),  # a Monday: no hours
])
def test_first_days_count_hours(run: Invoke, since: str, now: str, expected: str) -> None:
    run("init", "--since", since, HABIT_TRACKER_NOW=now)
    assert run("status", HABIT_TRACKER_NOW=now).stdout.startswith(expected)


def test_hours_are_not_shown_for_a_past_day(run: Invoke, run_json) -> None:
    run("init", "--since", "2026-11-21 03:00")
    assert run_json("status", "--json")["no_contact"]["hours"] == 41
    assert run_json("status", "--as-of", "yesterday", "--json")["no_contact"]["hours"] is None


@pytest.mark.parametrize(("now", "week"), [
    ("2026-11-16T21:00:00", ["mon 20:00"]),  # a Monday: its own week only
    ("2026-11-22T21:00:00", ["mon 20:00", "sat 22:00", "sun 08:00"]),  # Sunday: the whole week
])
def test_status_counts_urges_resisted_this_week(initialised: Invoke, run_json, now: str,
                                                week: list[str]) -> None:
    run = initialised
    run("urge", "-i", "5", "--at", "2026-11-15 23:00")  # the Sunday before: last week
    for when in ("2026-11-16 20:00", "2026-11-21 22:00", "2026-11-22 08:00"):
        run("urge", "-i", "5", "--at", when)
    data = run_json("status", "--json", HABIT_TRACKER_NOW=now)
    assert data["no_contact"]["urges_this_week"] == len(week)
    assert f"{len(week)} urge" in run("status", HABIT_TRACKER_NOW=now).stdout.splitlines()[0]
    # A Sunday week start moves last Sunday's urge into this week.
    run("config", "week_start", "sunday")
    data = run_json("status", "--json", HABIT_TRACKER_NOW=now)
    assert data["no_contact"]["urges_this_week"] == (2 if len(week) == 1 else 1)


def test_status_short_unicode_and_ascii(initialised: Invoke) -> None:
    run = initialised
    assert run("status", "--short").stdout == "NC 22d · ✗ · 🏃 0/3\n"
    run("checkin", "--no-contact", "--workout", "--progress", "3", "--mood", "6")
    run("urge", "-i", "3")
    assert run("status", "--short").stdout == "NC 22d · ✓ · 🏃 1/3 · 🌊 1\n"
    assert run("status", "--short", "--ascii").stdout == "NC 22d | ok | W 1/3 | U 1\n"
    # Workout began on 22 November: on the 5th only no-contact existed, and it was kept.
    assert run("status", "--short", "--as-of", "2026-11-05").stdout == "NC 5d · ✓\n"


def test_status_short_falls_back_to_ascii_when_the_terminal_cannot_show_it() -> None:
    data = {"no_contact": {"day": 3, "urges_this_week": 0}, "checkin": {"complete": True},
            "habits": [{"habit": "workout", "week": {"done": 2, "target": 3}}]}
    line = companion.short_status(data)
    assert line == "NC 3d · ✓ · 🏃 2/3"
    assert not companion.can_encode(line, "ascii") and companion.can_encode(line, "utf-8")
    assert companion.short_status(data, unicode=False) == "NC 3d | ok | W 2/3"


# ------------------------------------------------------------------ remind


def _invoke(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_remind_exit_status_follows_todays_checkin(initialised: Invoke, env: dict[str, str]) -> None:
    run = initialised
    code, out, _ = _invoke(["remind"], env)
    assert (code, out) == (1, "No check-in yet for Sun 22 Nov: run habit-tracker checkin. "
                              "Day 22 of no contact.\n")
    run("checkin", "--mood", "6")
    code, out, _ = _invoke(["remind"], env)
    assert (code, out) == (0, "Checked in for Sun 22 Nov. Day 22 of no contact.\n")
    # The next morning (a Monday) is open again.
    code, _, _ = _invoke(["remind"], {**env, "HABIT_TRACKER_NOW": "2026-11-23T09:00:00"})
    assert code == 1


def test_remind_notify_uses_notify_send_or_says_there_is_none(
        initialised: Invoke, env: dict[str, str], tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notified"
    tool = bin_dir / "notify-send"
    tool.write_text(f"#!/bin/sh\necho \"$@\" > {shlex.quote(str(log))}\n")
    tool.chmod(0o700)
    code, _, err = _invoke(["remind", "--notify"], {**env, "PATH": str(bin_dir)})
    assert code == 1 and err == ""
    assert "No check-in yet for Sun 22 Nov" in log.read_text()
    code, out, err = _invoke(["remind", "--notify"], {**env, "PATH": str(tmp_path / "none")})
    assert code == 1 and "No check-in yet" in out and "notify-send was not found" in err


def test_remind_install_writes_a_private_systemd_timer(initialised: Invoke, env: dict[str, str],
                                                       tmp_path: Path) -> None:
    config = tmp_path / "config"
    env2 = {**env, "XDG_CONFIG_HOME": str(config), "HOME": str(tmp_path / "home")}
    code, out, _ = _invoke(["remind", "--install", "21:05", "--scheduler", "systemd"], env2)
    assert code == 0 and "systemctl --user enable --now habit-tracker-remind.timer" in out
    folder = config / "systemd" / "user"
    timer = (folder / "habit-tracker-remind.timer").read_text()
    service = (folder / "habit-tracker-remind.service").read_text()
    assert "OnCalendar=*-*-* 21:05:00" in timer
    assert f"--db {env['HABIT_TRACKER_DB']} remind --notify" in service
    assert "SuccessExitStatus=1" in service
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    code, out, _ = _invoke(["remind", "--uninstall", "--scheduler", "systemd"], env2)
    assert code == 0 and "Removed" in out and not list(folder.iterdir())
    code, out, _ = _invoke(["remind", "--uninstall", "--scheduler", "systemd"], env2)
    assert "No reminder installed" in out


def test_remind_install_prints_a_crontab_line(initialised: Invoke, run: Invoke, env: dict[str, str]) -> None:
    out = run("remind", "--install", "7:30", "--scheduler", "cron").stdout
    line = out.splitlines()[1]
    assert line.startswith("30 7 * * * ") and line.endswith(" remind --notify")
    assert shlex.split(line)[5:8] == [sys.executable, "-m", "habit_tracker"]
    run("remind", "--install", "25:00", code=2)
    run("remind", "--install", "21:00", "--uninstall", code=2)


def test_systemd_folder_follows_xdg() -> None:
    assert reminders.systemd_folder({"XDG_CONFIG_HOME": "/x/conf"}) == Path("/x/conf/systemd/user")
    assert reminders.systemd_folder({"XDG_CONFIG_HOME": "relative"}) == (
        Path.home() / ".config" / "systemd" / "user")


# ------------------------------------------------------------------ schema


def test_m002_database_is_migrated_with_its_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.migrations.apply(db, stop_before="m004_companion")
    db["habits"].insert({"slug": "no-contact", "name": "No contact", "kind": "abstain",
                         "since": "2026-11-01", "created": "2026-11-01", "archived": 0,
                         "position": 1})
    db["days"].insert({"date": "2026-11-05", "mood": 4, "note": "hard", "reached_out": 1})
    db.close()
    with open_store(path) as store:
        assert store.days()[date(2026, 11, 5)] == m.DayInfo(date(2026, 11, 5), 4, "hard", True)
        assert store.urges() == [] and store.writings() == []
        store.add_urge(_urge("2026-11-05T22:00", 8))
        assert store.urges()[0].intensity == 8


# ------------------------------------------------------------------ help


_OURS = ("urge", "write", "remind", "status", "streaks", "checkin", "config", "init", "report",
         "chart")
#: The example lines this issue added to commands that had examples before.
_ADDED = {
    "status": ("habit-tracker status --short",),
    "streaks": ("habit-tracker streaks no-contact --attempts",),
    "checkin": ('habit-tracker checkin --necessary-contact "handed over the keys"',
                'echo "A hard evening; I went for a walk." | habit-tracker checkin --note -'),
    "config": ("habit-tracker config since_time 21:30",),
    "init": ('habit-tracker init --since "2026-11-01 21:30"',),
    "report": ("habit-tracker report --include-writing",),
    "chart": ("habit-tracker chart urges --output urges.png",),
}


def _examples(name: str) -> list[list[str]]:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.help
    block = command.help.split("Examples:")[1]
    lines = [line.strip() for line in block.strip().splitlines()]
    if name in _ADDED:
        assert set(_ADDED[name]) <= set(lines)
        lines = list(_ADDED[name])
    return [shlex.split(line) for line in lines if "habit-tracker" in line]


@pytest.mark.parametrize("name", _OURS)
def test_help_examples_of_companion_commands_run(name: str, tmp_path: Path, env: dict[str, str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example line, with any 'echo ... |' fed as standard input, on a fresh database."""
    monkeypatch.chdir(tmp_path)
    for number, words in enumerate(_examples(name)):
        db = tmp_path / f"{name}{number}.db"
        base = {**env, "HABIT_TRACKER_DB": str(db), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
                "EDITOR": _editor(tmp_path, "written in the editor\n"), "VISUAL": ""}
        if name != "init":
            _invoke(["init", "--since", "2026-11-01"], base)
        stdin = None
        if "|" in words:
            cut = words.index("|")
            stdin, words = " ".join(words[1:cut]) + "\n", words[cut + 1:]
        args = words[1:]
        if "--install" in args:
            args += ["--scheduler", "systemd"]
        result = CliRunner().invoke(cli, args, input=stdin, env=base, catch_exceptions=False)
        allowed = (0, 1) if name == "remind" else (0,)
        assert result.exit_code in allowed, (words, result.output, result.stderr)
        assert "Error" not in result.stderr, (words, result.stderr)


def test_a_checkin_imports_nothing_of_the_companion(initialised: Invoke, env: dict[str, str]) -> None:
    import subprocess

    code = ("import sys\nfrom habit_tracker.cli import cli\n"
            "try:\n    cli(['checkin', '--no-contact', '--mood', '6'])\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print(sorted(m for m in sys.modules if m.startswith(('habit_tracker', 'sqlite_utils'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **env}).stdout
    assert "Day 22 of no contact" in out
    for module in ("habit_tracker.companion", "habit_tracker.reminders", "habit_tracker.views",
                   "habit_tracker.cli.companion", "sqlite_utils"):
        assert f"'{module}'" not in out


def test_new_commands_are_lazy_and_the_checkin_path_stays_light() -> None:
    code = ("import sys; from habit_tracker.cli import cli; "
            "print(sorted(m for m in sys.modules if m.startswith('habit_tracker')))")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ}).stdout
    assert "habit_tracker.companion" not in out and "habit_tracker.reminders" not in out
    assert "habit_tracker.cli.companion" not in out


# ------------------------------------------------------------------ export / import

TRICKY_TEXT = ['She said "call me", I said nothing', "line one\nline two\r\nthree",
               "Ünïcødé — 心が軽い — 🥟", "=1+2 (not a formula)", "  spaces  "]


@pytest.fixture
def companion_history(initialised: Invoke) -> Invoke:
    run = initialised
    run("config", "since_time", "21:30")
    run("config", "day_start", "3")
    for n, text in enumerate(TRICKY_TEXT):
        day = f"2026-11-{10 + n:02d}"
        run("urge", "-i", str(n + 3), "-t", text, "-t", "photo", "--at", f"{day} 22:{n:02d}",
            "--note", text)
        run("write", "-", input=text, HABIT_TRACKER_NOW=f"{day}T23:{n:02d}:00")
        run("checkin", "--date", day, "--necessary-contact", text)
    run("urge", "-i", "9", "--at", "2026-11-16 01:30")  # counts for the 15th (day_start 3)
    run("urge", "-i", "9", "--at", "2026-11-16 01:30")  # twice at the same minute
    run("write", "-", input="two at once", HABIT_TRACKER_NOW="2026-11-16T23:00:00")
    run("write", "-", input="two at once", HABIT_TRACKER_NOW="2026-11-16T23:00:00")
    run("checkin", "--date", "2026-11-17", "--contact", "--what-led", TRICKY_TEXT[1])
    return run


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_companion_round_trip_is_exact(companion_history: Invoke, run_json, tmp_path: Path,
                                       fmt: str) -> None:
    run = companion_history
    path = tmp_path / f"backup.{fmt}"
    run("export", "--format", fmt, "--output", str(path))
    first = path.read_bytes()
    if fmt == "csv":
        assert first.startswith(b"date,habit,value,note,")
    fresh = str(tmp_path / "fresh.db")
    out = run("--db", fresh, "import", str(path)).stdout
    assert "7 urges and 7 journal entries from" in out
    again = tmp_path / f"again.{fmt}"
    run("--db", fresh, "export", "--format", fmt, "--output", str(again))
    assert again.read_bytes() == first
    assert run_json("--db", fresh, "urge", "--list", "--json") == run_json("urge", "--list", "--json")
    assert run_json("--db", fresh, "write", "--list", "--json") == run_json("write", "--list", "--json")
    assert run("--db", fresh, "config", "since_time").stdout == "since_time = 21:30\n"
    # Importing the same file again adds no duplicate urges or writings.
    run("--db", fresh, "import", str(path))
    run("--db", fresh, "export", "--format", fmt, "--output", str(again))
    assert again.read_bytes() == first


def test_json_export_shape_of_companion_records(companion_history: Invoke, run_json) -> None:
    data = json.loads(companion_history("export", "--format", "json").stdout)
    assert data["settings"] == {"day_start": 3, "week_start": "monday", "since_time": "21:30"}
    assert data["urges"][0] == {"at": "2026-11-10T22:00", "date": "2026-11-10", "intensity": 3,
                                "triggers": [TRICKY_TEXT[0], "photo"], "note": TRICKY_TEXT[0]}
    assert data["urges"][5]["date"] == "2026-11-15"
    # Standard input is kept exactly as sent, CRLF included.
    assert data["writings"][1] == {"at": "2026-11-11T23:01", "date": "2026-11-11",
                                   "text": TRICKY_TEXT[1]}
    days = {d["date"]: d for d in data["days"]}
    assert days["2026-11-12"]["necessary_contact"] == TRICKY_TEXT[2]
    assert days["2026-11-17"]["break_trigger"] == TRICKY_TEXT[1]


@pytest.mark.parametrize(("text", "message"), [
    ("date,habit,value,note,kind,at,intensity\n2026-11-10,,,,urge,2026-11-10T22:00,11\n",
     "intensity must be a whole number"),
    ("date,habit,value,note,kind,at,intensity\n2026-11-10,,,,urge,yesterday,5\n",
     "is not an ISO date-time"),
    ("date,habit,value,note,kind,at,triggers,intensity\n2026-11-10,,,,urge,2026-11-10T22:00,photo,5\n",
     "triggers must be a JSON list"),
    ("date,habit,value,note,kind,at\n2026-11-10,,,,writing,2026-11-10T22:00\n",
     "a writing needs its text"),
    ("date,habit,value,note,kind,at\n2027-11-10,,,hi,writing,2027-11-10T22:00\n", "in the future"),
])
def test_bad_companion_rows_are_refused_and_write_nothing(initialised: Invoke, run_json,
                                                          tmp_path: Path, text: str,
                                                          message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    result = initialised("import", str(path), code=2)
    assert message in result.stderr
    assert run_json("urge", "--list", "--json") == {"urges": []}
    assert run_json("write", "--list", "--json") == {"writings": []}


# ------------------------------------------------------------------ report

URGES = [  # (moment, intensity, triggers)
    ("2026-11-10 22:10", 6, ["photo"]),  # Tue, the week before
    ("2026-11-13 21:30", 4, ["song"]),  # Fri, the week before
    ("2026-11-16 22:40", 7, ["photo"]),  # Mon
    ("2026-11-18 08:15", 3, []),  # Wed
    ("2026-11-21 23:05", 9, ["photo", "wine"]),  # Sat
    ("2026-11-22 14:00", 5, ["wine"]),  # Sun
]


@pytest.fixture
def companion_week_data(initialised: Invoke) -> Invoke:
    run = initialised
    for at, level, triggers in URGES:
        args = ["urge", "-i", str(level), "--at", at]
        for trigger in triggers:
            args += ["-t", trigger]
        run(*args)
    for now in ("2026-11-12T21:00:00", "2026-11-17T07:00:00", "2026-11-17T22:00:00",
                "2026-11-21T10:00:00"):
        run("write", "-", input=f"written at {now}", HABIT_TRACKER_NOW=now)
    run("checkin", "--date", "2026-11-17", "--necessary-contact", "handed over the keys")
    run("checkin", "--date", "2026-11-19", "--contact", "--what-led", "the anniversary")
    run("checkin", "--date", "2026-11-20", "--they-reached-out")
    return run


def test_report_companion_parts_on_a_monday_week(companion_week_data: Invoke, run_json) -> None:
    """Mon 16 - Sun 22 November, worked by hand from the fixture above."""
    data = run_json("report", "--format", "json")
    assert data["urges"] == {
        "count": 4, "previous_count": 2, "average_intensity": 6.0,
        "previous_average_intensity": 5.0, "strongest": 9,
        "by_trigger": [{"trigger": "photo", "count": 2}, {"trigger": "wine", "count": 2}],
        "by_time_of_day": {"night": 0, "morning": 1, "afternoon": 1, "evening": 2},
    }
    assert data["writing"] == {"count": 3, "days": 2, "previous_count": 1}
    assert data["necessary_contact"] == {
        "count": 1, "days": [{"date": "2026-11-17", "note": "handed over the keys"}]}
    assert data["reached_out"] == 1  # counted apart from the necessary contact
    assert data["attempts_ended"] == [{"start": "2026-11-01", "end": "2026-11-18", "length": 18,
                                       "ended_by": "2026-11-19", "trigger": "the anniversary"}]
    text = companion_week_data("report").stdout
    assert ("Urges\n"
            "  4 urges this week, each one passed without reaching out (2 the week before).\n"
            "  Average strength 6.0/10 (5.0 the week before); the strongest 9/10.\n"
            "  By trigger: photo 2, wine 2.\n"
            "  By time of day: morning 1, afternoon 1, evening 2.\n") in text
    assert ("Attempts\n  A run of 18 days ended on Thu 19 Nov (what led to it: the anniversary);"
            " day 1\n  began again the next day.\n") in text
    assert "  Necessary contact on 1 day, counted apart from a break" in text
    assert "Writing\n  You wrote 3 times this week, on 2 days (once the week before).\n" in text
    assert "written at" not in text  # counted, never quoted unless asked


def test_report_includes_writing_only_when_asked(companion_week_data: Invoke, run_json) -> None:
    run = companion_week_data
    data = run_json("report", "--format", "json", "--include-writing")
    assert [e["at"] for e in data["writing"]["entries"]] == [
        "2026-11-17T07:00", "2026-11-17T22:00", "2026-11-21T10:00"]
    md = run("report", "--format", "markdown", "--include-writing").stdout
    assert "## Writing\n\n- You wrote 3 times this week, on 2 days (once the week before).\n" in md
    assert "- Tue 07:00: written at 2026-11-17T07:00:00\n" in md
    page = run("report", "--format", "html").stdout
    assert "<h2>Urges</h2>" in page and "written at" not in page


def test_report_companion_parts_on_a_past_and_a_partial_week(companion_week_data: Invoke,
                                                             run_json) -> None:
    run = companion_week_data
    # The week before (Mon 9 - Sun 15): two urges, none the week before that.
    data = run_json("report", "--week", "2026-11-12", "--format", "json")
    assert (data["urges"]["count"], data["urges"]["previous_count"]) == (2, 0)
    assert data["urges"]["by_time_of_day"] == {"night": 0, "morning": 0, "afternoon": 0, "evening": 2}
    assert data["attempts_ended"] == [] and data["necessary_contact"]["count"] == 0
    assert "Urges\n  2 urges this week, each one passed without reaching out (none the week\n" in (
        run("report", "--week", "2026-11-12").stdout)
    # Seen on Wednesday 18th: Monday's and Wednesday's urges only.
    data = run_json("report", "--format", "json", HABIT_TRACKER_NOW="2026-11-18T20:00:00")
    assert (data["urges"]["count"], data["urges"]["average_intensity"]) == (2, 5.0)
    assert data["writing"]["count"] == 2 and data["attempts_ended"] == []


def test_report_companion_parts_on_a_sunday_week(companion_week_data: Invoke, run_json) -> None:
    run = companion_week_data
    run("config", "week_start", "sunday")
    data = run_json("report", "--format", "json")  # Sun 22 - Sat 28, so far Sunday
    assert data["urges"]["count"] == 1 and data["urges"]["previous_count"] == 3
    assert data["urges"]["previous_average_intensity"] == 6.3
    assert data["writing"] == {"count": 0, "days": 0, "previous_count": 3}
    assert "No writing this week (3 times the week before)." in run("report").stdout
    data = run_json("report", "--week", "2026-11-19", "--format", "json")  # Sun 15 - Sat 21
    assert data["attempts_ended"][0]["ended_by"] == "2026-11-19"
    assert data["necessary_contact"]["count"] == 1


def test_report_without_companion_records_has_no_such_parts(initialised: Invoke) -> None:
    text = initialised("report").stdout
    for heading in ("Urges", "Attempts", "Necessary contact", "Writing"):
        assert f"\n{heading}\n" not in text


# ------------------------------------------------------------------ charts


def test_urge_data_grid_and_weeks_hand_worked() -> None:
    from habit_tracker.charts import data as cd

    urges = [_urge("2026-11-16T22:40", 7), _urge("2026-11-16T22:05", 5),
             _urge("2026-11-18T08:15", 3), _urge("2026-11-29T21:00", 9),
             _urge("2026-11-01T12:00", 4)]  # a Sunday before the period
    data = cd.urge_data(urges, date(2026, 11, 17), date(2026, 11, 30))
    assert data.first == date(2026, 11, 16)  # back to its Monday
    assert data.weekdays == (0, 1, 2, 3, 4, 5, 6)
    assert data.grid[0][22] == 2 and data.grid[2][8] == 1 and data.grid[6][21] == 1
    assert sum(map(sum, data.grid)) == data.total == 4
    assert [(w.start, w.count, w.mean_intensity) for w in data.weeks] == [
        (date(2026, 11, 16), 3, 5.0), (date(2026, 11, 23), 1, 9.0), (date(2026, 11, 30), 0, None)]
    sunday = cd.urge_data(urges, date(2026, 11, 16), date(2026, 11, 30), week_start=m.SUNDAY)
    assert sunday.weekdays[0] == 6 and sunday.first == date(2026, 11, 15)
    assert sunday.grid[0][21] == 1  # Sunday 29th, first row
    assert [w.count for w in sunday.weeks] == [3, 0, 1]
    empty = cd.urge_data([], date(2026, 11, 16), date(2026, 11, 22))
    assert empty.total == 0 and [w.count for w in empty.weeks] == [0]


def test_streak_chart_bars_are_the_attempts() -> None:
    from habit_tracker.charts import data as cd

    habit = m.Habit("no-contact", "No contact", m.ABSTAIN, since=date(2026, 11, 1))
    entries = [m.Entry(date(2026, 11, 5), m.BROKEN)]
    data = cd.streak_data(habit, entries, as_of=date(2026, 11, 9),
                          triggers={date(2026, 11, 5): "wine"})
    assert [(b.start, b.length, b.ended_by, b.trigger) for b in data.bars] == [
        (date(2026, 11, 1), 4, date(2026, 11, 5), "wine"), (date(2026, 11, 6), 4, None, None)]
    runs = engine.attempts(habit, entries, date(2026, 11, 9), {date(2026, 11, 5): "wine"})
    assert [(a.start, a.length, a.ended_by, a.trigger) for a in runs] == [
        (b.start, b.length, b.ended_by, b.trigger) for b in data.bars]


@pytest.mark.parametrize("count", [0, 3, 300])
def test_urges_chart_with_none_a_few_and_many(initialised: Invoke, db_path: Path,
                                              tmp_path: Path, count: int) -> None:
    import random

    from matplotlib.image import imread

    rng = random.Random(count)
    with open_store(db_path) as store:
        for _ in range(count):
            at = datetime(2026, 8, 24) + rng.random() * (datetime(2026, 11, 22, 19) - datetime(2026, 8, 24))
            at = at.replace(second=0, microsecond=0)
            store.add_urge(m.Urge(at=at, day=at.date(), intensity=rng.randint(1, 10),
                                  triggers=("<photo> & $5",)))
    png, svg = tmp_path / "urges.png", tmp_path / "urges.svg"
    initialised("chart", "urges", "--output", str(png))
    initialised("chart", "urges", "--output", str(svg))
    pixels = imread(png)
    assert stat.S_IMODE(png.stat().st_mode) == 0o600
    height = pixels.shape[0]
    text = svg.read_text()
    if count == 0:
        assert height < 400 and 'id="empty-message"' in text
    else:
        assert height > 700 and 'id="empty-message"' not in text
        # The grid's darkest cell is the ramp's darkest colour.
        assert (pixels[..., :3].min(axis=2) < 0.3).any()


def test_checkin_counts_hours_in_the_first_week(run: Invoke, run_json) -> None:
    run("init", "--since", "2026-11-21 03:00")
    out = run("checkin", "--no-contact").stdout
    assert "Day 2 · 41 hours of no contact." in out
    assert run_json("checkin", "--no-contact", "--json")["no_contact_hours"] == 41
    # A past day, or a run older than a week, has no hours.
    assert "Day 1 of no contact." in run("checkin", "--date", "yesterday", "--mood", "5").stdout
    out = run("checkin", "--no-contact", HABIT_TRACKER_NOW="2026-11-24T20:00:00").stdout
    assert "Day 4 of no contact." in out


def test_urge_asks_in_a_terminal(initialised: Invoke, run_json,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from habit_tracker.cli import companion as cli_companion

    run = initialised
    run("urge", "-i", "5", "-t", "photo")
    monkeypatch.setattr(cli_companion, "_is_terminal", lambda: True)
    out = run("urge", input="11\n8\nPhoto, late night\n").stdout
    assert "How strong, 1 (a flicker) to 10 (overwhelming)?" in out
    assert "What set it off (before: photo)?" in out
    assert "Urge noted (8/10, photo, late night)" in out
    assert run_json("urge", "--list", "--json")["urges"][-1]["triggers"] == ["photo", "late night"]


def test_report_escapes_companion_text(initialised: Invoke) -> None:
    run = initialised
    run("urge", "-i", "5", "-t", "<b>bold</b> & *stars*", "--at", "19:00")
    run("checkin", "--necessary-contact", "# not a heading <script>x</script>")
    page = run("report", "--format", "html").stdout
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; *stars*" in page and "<script>x" not in page
    md = run("report", "--format", "markdown").stdout
    assert "- By trigger: \\<b\\>bold\\</b\\> \\& \\*stars\\* 1." in md
    assert "- Sun 22 Nov: # not a heading \\<script\\>x\\</script\\>" in md
    text = run("urge", "-i", "4", "-t", "\x1b[31mred", "--at", "19:05").stdout
    assert "\x1b" not in text


def test_notify_uses_osascript_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(reminders.shutil, "which",
                        lambda name: "/usr/bin/osascript" if name == "osascript" else None)
    monkeypatch.setattr(reminders.sys, "platform", "darwin")
    monkeypatch.setattr(reminders.subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    assert reminders.notify("habit-tracker", 'No check-in yet: "checkin"')
    assert calls == [["osascript", "-e", 'display notification "No check-in yet: \\"checkin\\"" '
                                         'with title "habit-tracker"']]
    monkeypatch.setattr(reminders.sys, "platform", "linux")
    assert not reminders.notify("habit-tracker", "x")


def test_status_short_in_an_ascii_terminal(initialised: Invoke, env: dict[str, str]) -> None:
    import subprocess

    result = subprocess.run([sys.executable, "-m", "habit_tracker", "status", "--short"],
                            capture_output=True, env={**os.environ, **env,
                                                      "PYTHONIOENCODING": "ascii"}, check=True)
    assert result.stdout == b"NC 22d | todo | W 0/3\n"


def test_undecodable_bytes_in_arguments_are_refused(initialised: Invoke, run_json) -> None:
    run = initialised
    bad = b"caf\xff".decode("utf-8", "surrogateescape")
    run("urge", "-i", "5", "-t", bad, code=2)
    run("urge", "-i", "5", "--note", bad, code=2)
    run("checkin", "--necessary-contact", bad, code=2)
    run("checkin", "--contact", "--what-led", bad, code=2)
    assert run_json("urge", "--list", "--json") == {"urges": []}
    assert run_json("history", "--json")["days"] == []


def test_streaks_chart_marks_each_break_of_the_attempts(initialised: Invoke, tmp_path: Path) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-05", "--contact", "--what-led", "<wine> & $5")
    run("checkin", "--date", "2026-11-12", "--contact")
    svg = tmp_path / "streaks.svg"
    run("chart", "streaks", "--output", str(svg))
    text = svg.read_text()
    assert 'id="break-0"' in text and 'id="break-1"' in text and 'id="break-2"' not in text
    run("chart", "streaks", "--from", "2026-11-06", "--to", "2026-11-10", "--output", str(svg))
    assert 'id="break-0"' not in svg.read_text()  # the break after the period is not drawn
