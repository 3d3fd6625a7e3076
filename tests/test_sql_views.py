"""The SQL views for Datasette / sqlite-utils readers: daily_log (one row per logged
day and habit) and day_log (one row per day), read-only, over several weekdays."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database


def read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.fixture
def logged(initialised, db_path: Path) -> Path:
    run = initialised
    run("checkin", "--date", "2026-11-16", "--no-contact", "--workout", "--progress", "5",
        "--mood", "6", "--note", "Monday run")  # a Monday
    run("checkin", "--date", "2026-11-18", "--no-contact", "--rest", "--progress", "2.5",
        "--they-reached-out")  # a Wednesday
    run("checkin", "--date", "2026-11-22", "--contact", "--mood", "3")  # a Sunday
    run("checkin", "--date", "2026-11-21", "--mood", "5")  # a Saturday: mood only
    run("urge", "-i", "6", "--at", "2026-11-20 22:40")  # a Friday: an urge only
    run("urge", "-i", "3", "--at", "2026-11-22 08:00")
    run("checkin", "--date", "2026-11-17", "--necessary-contact", "the lease")  # a Tuesday
    return db_path


def test_daily_log_has_names_values_and_the_day(logged: Path) -> None:
    rows = [dict(r) for r in read_only(logged).execute("SELECT * FROM daily_log")]
    by_key = {(r["date"], r["habit"]): r for r in rows}
    assert len(rows) == 7
    monday_goal = by_key[("2026-11-16", "goal")]
    assert monday_goal["weekday"] == "Mon"
    assert monday_goal["habit_name"] == "Half marathon"
    assert monday_goal["value"] == "5" and monday_goal["amount"] == 5.0
    assert monday_goal["unit"] == "km"
    assert monday_goal["mood"] == 6 and monday_goal["day_note"] == "Monday run"
    assert by_key[("2026-11-18", "goal")]["value"] == "2.5"
    wednesday = by_key[("2026-11-18", "workout")]
    assert (wednesday["weekday"], wednesday["value"], wednesday["they_reached_out"]) == ("Wed", "skip", 1)
    sunday = by_key[("2026-11-22", "no-contact")]
    assert (sunday["weekday"], sunday["value"], sunday["mood"]) == ("Sun", "broken", 3)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_day_log_has_one_row_per_day(logged: Path) -> None:
    rows = {r["date"]: dict(r) for r in read_only(logged).execute("SELECT * FROM day_log")}
    assert list(rows) == ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20", "2026-11-21",
                          "2026-11-22"]
    assert (rows["2026-11-20"]["weekday"], rows["2026-11-20"]["urges"]) == ("Fri", 1)
    assert rows["2026-11-22"]["urges"] == 1 and rows["2026-11-16"]["urges"] == 0
    assert rows["2026-11-17"]["necessary_contact"] == "the lease"
    assert rows["2026-11-16"]["values_logged"] == "no-contact=kept, workout=done, goal=5"
    assert rows["2026-11-16"]["note"] == "Monday run"
    assert rows["2026-11-18"]["they_reached_out"] == 1
    assert rows["2026-11-21"] == {"date": "2026-11-21", "weekday": "Sat", "mood": 5, "note": None,
                                  "they_reached_out": 0, "necessary_contact": None,
                                  "break_trigger": None, "urges": 0, "habits_logged": 0,
                                  "values_logged": None}
    assert rows["2026-11-22"]["habits_logged"] == 1


def test_sqlite_utils_lists_and_reads_the_views(logged: Path) -> None:
    db = Database(logged)
    assert {"daily_log", "day_log"} <= set(db.view_names())
    assert db["daily_log"].count == 7
    assert [r["habit"] for r in db.query("SELECT habit FROM daily_log WHERE date = '2026-11-16'")] == [
        "no-contact", "workout", "goal"]


def test_views_follow_edits_and_undo(logged: Path, initialised) -> None:
    initialised("habit", "edit", "goal", "--name", "Marathon")
    names = {r[0] for r in read_only(logged).execute("SELECT habit_name FROM daily_log WHERE habit = 'goal'")}
    assert names == {"Marathon"}
    for _ in range(5):  # the edit, the necessary contact, two urges, the Saturday mood
        initialised("undo")
    dates = [r[0] for r in read_only(logged).execute("SELECT date FROM day_log")]
    assert "2026-11-21" not in dates
