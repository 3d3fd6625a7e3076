"""The core commands through the CLI, as a user runs them: init, checkin, history,
undo, habit, config, and every documented error."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result
from sqlite_utils import Database

from habit_tracker.cli import cli
from habit_tracker.schema import MIGRATION_SET

Invoke = Callable[..., Result]


def history(run_json, *args: str) -> dict:
    return {d["date"]: d for d in run_json("history", "--json", *args)["days"]}


# ----------------------------------------------------------------------- init


def test_init_creates_private_database_and_three_habits(initialised: Invoke, run_json, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    habits = run_json("habit", "list", "--json")["habits"]
    assert [(h["slug"], h["kind"]) for h in habits] == [
        ("no-contact", "abstain"), ("workout", "weekly"), ("goal", "goal")]
    assert habits[0]["since"] == "2026-11-01"
    assert habits[1]["per_week"] == 3
    assert (habits[2]["name"], habits[2]["target"], habits[2]["unit"], habits[2]["deadline"]) == (
        "Half marathon", 300.0, "km", "2027-03-01")


def test_init_prints_the_day_count(run: Invoke) -> None:
    out = run("init", "--since", "2026-11-16").stdout
    assert "today is day 7" in out
    assert "habit add goal" in out  # no goal given: says how to add one


def test_init_refuses_a_second_time_and_bad_goal_options(initialised: Invoke) -> None:
    assert "set up already" in initialised("init", code=2).stderr
    run = initialised
    assert "--goal TEXT" in run("--db", "other.db", "init", "--target", "5", code=2).stderr
    assert "needs --target" in run("--db", "other.db", "init", "--goal", "Run", code=2).stderr


def test_init_settings_and_day_start(run: Invoke, run_json) -> None:
    run("init", "--since", "2026-11-01", "--day-start", "4", "--week-start", "sunday")
    assert "day_start = 4" in run("config").stdout
    # 01:30 on Monday the 23rd still belongs to Sunday the 22nd.
    run("checkin", "--workout", HABIT_TRACKER_NOW="2026-11-23T01:30:00")
    assert list(history(run_json)) == ["2026-11-22"]


# -------------------------------------------------------------------- checkin


def test_checkin_with_flags_records_the_day(initialised: Invoke, run_json) -> None:
    out = initialised("checkin", "--no-contact", "--workout", "--progress", "5.5", "--mood", "7",
                      "--note", "Long run, felt light").stdout
    assert "Day 22 of no contact" in out
    day = history(run_json)["2026-11-22"]
    assert day["entries"] == {"no-contact": {"value": "kept", "note": None},
                              "workout": {"value": "done", "note": None},
                              "goal": {"value": 5.5, "note": None}}
    assert (day["mood"], day["note"], day["reached_out"]) == (7, "Long run, felt light", False)


def test_checkin_for_another_day_and_update(initialised: Invoke, run_json) -> None:
    run = initialised
    run("checkin", "--date", "yesterday", "--rest", "--they-reached-out")
    run("checkin", "--date", "2026-11-21", "--set", "goal=3", "--mood", "4")
    run("checkin", "--date", "sat", "--no-workout")  # same day again: updates it
    day = history(run_json)["2026-11-21"]
    assert day["entries"] == {"workout": {"value": "missed", "note": None},
                              "goal": {"value": 3.0, "note": None}}
    assert (day["mood"], day["reached_out"]) == (4, True)
    run("checkin", "--date", "2026-11-21", "--set", "goal=clear")
    assert "goal" not in history(run_json)["2026-11-21"]["entries"]


def test_checkin_json_reports_streaks_and_the_milestone_reached(run: Invoke, run_json) -> None:
    run("init", "--since", "2026-11-16")
    result = run_json("checkin", "--no-contact", "--json")
    assert result["date"] == "2026-11-22"
    assert result["no_contact_day"] == 7
    assert result["saved"] == {"no-contact": "kept"}
    [milestone] = result["milestones"]
    assert (milestone["habit"], milestone["milestone"], milestone["date"]) == ("no-contact", 7, "2026-11-22")
    assert milestone["message"]
    nc = next(h for h in result["habits"] if h["habit"] == "no-contact")
    assert (nc["current"], nc["current_start"], nc["next_milestone"]) == (7, "2026-11-16", 14)
    # Once: checking in again that day does not celebrate it again.
    assert milestone["message"] not in run("checkin", "--no-contact").stdout
    # The text form announces it too.
    run("undo")  # the day had no entry: the check-in reaches it again
    assert milestone["message"] in run("checkin", "--no-contact").stdout


def test_a_break_resets_the_count(initialised: Invoke) -> None:
    out = initialised("checkin", "--contact", "--mood", "3").stdout
    assert "broken" in out and "Day 22" not in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "workuot=done"], "did you mean 'workout'"),
        (["--date", "tomorrow", "--workout"], "in the future"),
        (["--date", "2026-11-31", "--workout"], "not a real date"),
        (["--date", "someday", "--workout"], "cannot read"),
        (["--date", "03/04/2026", "--workout"], "ambiguous"),
        (["--mood", "11"], "1 to 10"),
        (["--mood", "0"], "1 to 10"),
        (["--mood", "great"], "not a whole number"),
        (["--progress", "-1"], "negative"),
        (["--progress", "nan"], "not a finite number"),
        (["--progress", "inf"], "not a finite number"),
        (["--progress", "lots"], "not a number"),
        (["--set", "workout"], "SLUG=VALUE"),
        (["--set", "no-contact=maybe"], "kept or broken"),
        (["--contact", "--they-reached-out"], "did not answer"),
        (["--date", "2026-10-20", "--contact"], "habit edit no-contact --since 2026-10-20"),
        ([], "nothing to record"),
        (["--bogus"], "No such option"),
    ],
)
def test_checkin_errors_are_one_line_and_write_nothing(initialised: Invoke, run_json, args: list[str],
                                                       words: str) -> None:
    before = run_json("export")
    result = initialised("checkin", *args, code=2)
    assert words in result.stderr
    assert run_json("export") == before


def test_interactive_checkin_asks_for_everything(initialised: Invoke, run_json) -> None:
    answers = "\n".join(["y", "y", "d", "4.2", "11", "8", "Saw friends 🎉"]) + "\n"
    result = initialised("checkin", "--interactive", input=answers)
    assert "1 to 10" in result.output  # mood 11 was asked again
    day = history(run_json)["2026-11-22"]
    assert day["entries"]["no-contact"]["value"] == "kept"
    assert day["entries"]["workout"]["value"] == "done"
    assert day["entries"]["goal"]["value"] == 4.2
    assert (day["mood"], day["note"], day["reached_out"]) == (8, "Saw friends 🎉", True)


def test_interactive_checkin_defaults_to_what_is_logged(initialised: Invoke, run_json) -> None:
    run = initialised
    run("checkin", "--no-workout", "--mood", "6")
    run("checkin", "--interactive", "--progress", "2", input="\n\n\n\n\n")  # Enter everywhere
    day = history(run_json)["2026-11-22"]
    assert day["entries"]["workout"]["value"] == "missed"
    assert day["entries"]["no-contact"]["value"] == "kept"
    assert (day["mood"], day["reached_out"]) == (6, False)


def test_no_prompt_when_stdin_is_not_a_terminal(initialised: Invoke) -> None:
    # CliRunner's stdin is not a tty: with no values there is nothing to ask for.
    result = initialised("checkin", input="y\n", code=2)
    assert "?" not in result.stdout


# -------------------------------------------------------------- history, undo


def test_history_filters_and_text(initialised: Invoke, run_json) -> None:
    run = initialised
    for day, mood in [("2026-11-19", 5), ("2026-11-20", 6), ("2026-11-21", 7)]:
        run("checkin", "--date", day, "--workout", "--mood", str(mood), "--note", f"line one\nline {day}")
    assert list(history(run_json, "--from", "2026-11-20")) == ["2026-11-20", "2026-11-21"]
    assert list(history(run_json, "--to", "2026-11-19")) == ["2026-11-19"]
    assert list(history(run_json, "workout", "--from", "fri", "--to", "fri")) == ["2026-11-20"]
    text = run("history", "--from", "2026-11-21").stdout
    assert "2026-11-21 Sat" in text and "workout done" in text and "line 2026-11-21" in text
    assert "from 2026-11-21 is after" in run("history", "--from", "sat", "--to", "fri", code=2).stderr
    assert "did you mean 'goal'" in run("history", "gaol", code=2).stderr


@pytest.mark.parametrize(("slug", "first", "last"), [
    (None, None, None), (None, "2026-11-03", "2026-11-09"), (None, "2026-11-05", None),
    ("read", "2026-11-05", None),
    ("old", None, "2026-11-06"),
])
def test_history_reads_one_statement_and_keeps_the_habits_order(
    tmp_path: Path, slug: str | None, first: str | None, last: str | None
) -> None:
    from datetime import date, timedelta

    from habit_tracker import interchange
    from habit_tracker.history import history as logged_days
    from habit_tracker.store import open_store

    today = date(2026, 11, 12)
    # listed in an order their ids do not have; one archived, one with no entries
    habits = [{"slug": "read", "name": "Read", "kind": "daily", "position": 2},
              {"slug": "old", "name": "Old", "kind": "daily", "position": 3, "archived": True},
              {"slug": "walk", "name": "Walk", "kind": "daily", "position": 1},
              {"slug": "idle", "name": "Idle", "kind": "daily", "position": 4}]
    entries = [{"date": (date(2026, 11, 1) + timedelta(days=n)).isoformat(), "habit": h,
                "value": "done" if n % 3 else "missed", "note": f"{h} {n}" if n % 4 == 0 else None}
               for n in range(12) for h in ("read", "old", "walk") if (n + len(h)) % 5]
    days = [{"date": f"2026-11-{d:02d}", "mood": d % 10 + 1, "note": "a day"} for d in (2, 3, 10)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": habits, "entries": entries, "days": days},
                                today=today)
        lo = date.fromisoformat(first) if first else None
        hi = date.fromisoformat(last) if last else None
        listed = [store.habit(slug)] if slug else store.habits(include_archived=True)
        expected: dict[date, dict] = {}  # the per-habit reading it replaces
        for habit in listed:
            for e in store.entries(habit, lo, hi):
                rec = expected.setdefault(e.date, {"date": e.date.isoformat(), "entries": {},
                                                   "mood": None, "note": None, "reached_out": False})
                rec["entries"][habit.slug] = {"value": e.status if e.status is not None else e.amount,
                                              "note": e.note}
        for d, info in store.days(lo, hi).items():
            if slug and d not in expected:
                continue
            expected.setdefault(d, {"date": d.isoformat(), "entries": {}, "mood": None, "note": None,
                                    "reached_out": False}).update(
                mood=info.mood, note=info.note, reached_out=info.reached_out)
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        got = logged_days(store, slug=slug, first=lo, last=hi)
        store.conn.set_trace_callback(None)
        assert got == [expected[d] for d in sorted(expected)]
        assert [list(day["entries"]) for day in got] == [list(expected[d]["entries"])
                                                         for d in sorted(expected)]
        (read,) = [s for s in statements if "FROM entries" in s]
        plan = " ".join(str(r[3]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + read))
        if first or last:  # a range is read through an index, not by scanning every entry
            assert "SEARCH entries" in plan and "SCAN entries" not in plan, plan


def test_undo_reverts_the_last_change(initialised: Invoke, run_json) -> None:
    run = initialised
    run("checkin", "--workout", "--mood", "7")
    run("checkin", "--no-workout", "--mood", "2")
    assert "checkin 2026-11-22" in run("undo").stdout
    day = history(run_json)["2026-11-22"]
    assert (day["entries"]["workout"]["value"], day["mood"]) == ("done", 7)
    assert "(undone)" in run("undo", "--list").stdout
    run("undo")
    run("undo")  # the init
    assert "nothing to undo" in run("undo", code=1).stderr


# --------------------------------------------------------------------- habits


def test_habit_add_edit_archive(initialised: Invoke, run_json) -> None:
    run = initialised
    assert "at least 20 pages" in run("habit", "add", "reading", "--kind", "daily", "--min", "20",
                                      "--unit", "pages").stdout
    run("habit", "add", "journal", "--kind", "daily", "--name", "Journal, not texts")
    run("habit", "edit", "journal", "--slug", "diary", "--name", "Diary")
    run("checkin", "--set", "reading=25", "--set", "diary=done")
    run("habit", "archive", "reading")
    slugs = [h["slug"] for h in run_json("habit", "list", "--json")["habits"]]
    assert slugs == ["no-contact", "workout", "goal", "diary"]
    all_habits = run_json("habit", "list", "--all", "--json")["habits"]
    assert [h["archived"] for h in all_habits if h["slug"] == "reading"] == [True]
    assert history(run_json, "reading")["2026-11-22"]["entries"]["reading"]["value"] == 25.0
    assert "archived" in run("checkin", "--set", "reading=30", code=2).stderr
    run("habit", "archive", "reading", "--restore")
    assert "not archived" in run("habit", "archive", "reading", "--restore", code=2).stderr
    assert "exists already" in run("habit", "add", "diary", "--kind", "daily", code=2).stderr
    assert "lowercase" in run("habit", "add", "My Habit", "--kind", "daily", code=2).stderr
    assert "nothing to change" in run("habit", "edit", "diary", code=2).stderr
    assert "did you mean 'diary'" in run("habit", "edit", "dairy", "--name", "x", code=2).stderr


def test_config(initialised: Invoke) -> None:
    run = initialised
    shown = [" ".join(line.split()) for line in run("config").stdout.splitlines()]
    assert shown[:2] == ["day_start = 0 # default", "week_start = monday # default"]
    assert shown[2:4] == ["backups = on # default", "backup_recipient = # default"]
    assert run("config", "week_start", "Sun").stdout == "week_start = sunday\n"
    assert "0 to 12" in run("config", "day_start", "13", code=2).stderr
    assert "unknown setting" in run("config", "colour", "red", code=2).stderr


# ------------------------------------------------------------ database errors


def test_commands_before_init_say_how_to_start(run: Invoke) -> None:
    assert "habit-tracker init" in run("checkin", "--workout", code=3).stderr


def test_database_refusals_through_the_cli(run: Invoke, tmp_path: Path) -> None:
    text = tmp_path / "diary.txt"
    text.write_text("not a database")
    assert "not a habit-tracker database" in run("--db", str(text), "history", code=3).stderr
    newer = tmp_path / "newer.db"
    run("--db", str(newer), "init")
    Database(newer)["_sqlite_migrations"].insert(
        {"migration_set": MIGRATION_SET, "name": "m900_later", "applied_at": "2031-01-01"})
    assert "newer version" in run("--db", str(newer), "history", code=3).stderr
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert "cannot create" in run("--db", str(blocked / "x.db"), "init", code=3).stderr
    assert "is a directory" in run("--db", str(tmp_path), "history", code=2).stderr


def test_corrupt_database_through_the_cli(initialised: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db_path.read_bytes())
    data[100:2000] = b"\x00\x13" * 950
    db_path.write_bytes(bytes(data))
    result = initialised("history", code=3)
    assert "damaged" in result.stderr or "not a habit-tracker database" in result.stderr


# ----------------------------------------------------------------- the manual


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli))
def test_every_command_has_help_with_examples(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help"
    if not isinstance(command, click.Group):
        assert "Examples:" in command.help, f"{name}'s help has no examples"


def test_all_spec_commands_exist() -> None:
    names = {name for name, _ in _commands(cli)}
    assert names >= {"init", "checkin", "status", "streaks", "history", "undo", "report", "chart",
                     "habit", "habit list", "habit add", "habit edit", "habit archive", "export",
                     "import", "demo"}


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "habit_tracker", "--help"], capture_output=True,
                            text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0 and "checkin" in result.stdout


def test_terminal_escapes_in_user_text_are_shown_not_obeyed(initialised: Invoke, run_json) -> None:
    run = initialised
    evil = "\x1b[2J\x1b[31mred\x07"
    run("habit", "add", "read", "--kind", "daily", "--name", f"Read {evil}")
    run("checkin", "--set", "read=done", "--note", f"note {evil}\nsecond line")
    for args in (["history"], ["habit", "list"], ["status"], ["streaks"], ["checkin", "--set", "read=done"]):
        out = run(*args).stdout
        assert "\x1b" not in out and "\x07" not in out, args
    assert "\ufffd[31mred" in run("history").stdout
    # Stored and exported exactly as typed.
    assert run_json("history", "--json")["days"][0]["note"] == f"note {evil}\nsecond line"


def test_checkin_summary_names_what_this_checkin_saved(initialised: Invoke) -> None:
    run = initialised
    run("checkin", "--note", "long day", "--they-reached-out")
    out = run("checkin", "--mood", "6").stdout
    assert out.splitlines()[0] == "Saved Sun 22 Nov 2026: mood 6."
    out = run("checkin", "--workout", "--note", "better").stdout
    # The earlier note is not lost silently: it says so, and undo brings it back.
    assert out.splitlines()[0] == (
        "Saved Sun 22 Nov 2026: Workout done, note replaced (undo brings it back)."
    )


@pytest.mark.parametrize("args", [[], ["habit"]])
def test_a_group_without_a_command_shows_its_help(run: Invoke, args: list[str]) -> None:
    result = run(*args)
    assert result.stdout.startswith("Usage: ") and "Commands:" in result.stdout
    assert result.stderr == ""
