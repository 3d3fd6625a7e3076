"""Output for scripts: undo --list --json, undo --json, history --format csv."""

from __future__ import annotations

import csv
import io
import json

from habit_tracker.interchange import HISTORY_COLUMNS, history_to_csv


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_undo_list_json(initialised) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-20", "--no-contact")
    run("config", "week_start", "sunday")
    run("undo")
    changes = json.loads(run("undo", "--list", "--json").stdout)["changes"]
    assert [c["action"] for c in changes[:3]] == [
        "undo 3: config week_start=sunday", "config week_start=sunday", "checkin 2026-11-20"]
    assert set(changes[0]) == {"id", "at", "action", "undoes", "undone_by"}
    assert changes[0]["undoes"] == changes[1]["id"] and changes[1]["undone_by"] == changes[0]["id"]
    assert changes[2]["undone_by"] is None
    text = run("undo", "--list").stdout.splitlines()
    assert len(text) == len(changes) and "(undone)" in text[1]
    undone = json.loads(run("undo", "--json").stdout)
    assert undone["undone"].startswith("checkin 2026-11-20 (made ")


def test_history_csv_one_row_per_habit_and_day(initialised) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-16", "--no-contact", "--workout", "--progress", "2.5",
        "--mood", "6", "--note", "Monday, with a comma")  # a Monday
    run("checkin", "--date", "2026-11-19", "--no-contact", "--rest", "--they-reached-out")  # Thursday
    run("checkin", "--date", "2026-11-21", "--mood", "4", "--note", "=HYPERLINK(\"x\")")  # Saturday
    run("checkin", "--date", "2026-11-22", "--contact", "--progress", "5",
        "--what-led", "a song")  # Sunday
    run("checkin", "--date", "2026-11-19", "--necessary-contact", "the lease")
    text = run("history", "--format", "csv").stdout
    assert text.splitlines()[0] == ",".join(HISTORY_COLUMNS)
    table = rows(text)
    assert [(r["date"], r["weekday"], r["habit"], r["value"]) for r in table] == [
        ("2026-11-16", "Mon", "no-contact", "kept"),
        ("2026-11-16", "Mon", "workout", "done"),
        ("2026-11-16", "Mon", "goal", "2.5"),
        ("2026-11-19", "Thu", "no-contact", "kept"),
        ("2026-11-19", "Thu", "workout", "skip"),
        ("2026-11-21", "Sat", "", ""),  # mood and note only
        ("2026-11-22", "Sun", "no-contact", "broken"),
        ("2026-11-22", "Sun", "goal", "5"),
    ]
    assert {r["day_note"] for r in table[:3]} == {"Monday, with a comma"}
    assert {r["mood"] for r in table[:3]} == {"6"}
    assert table[3]["reached_out"] == "yes" and table[0]["reached_out"] == ""
    assert table[5]["day_note"] == "'=HYPERLINK(\"x\")"  # shown as text by a spreadsheet
    assert {r["necessary_contact"] for r in table[3:5]} == {"the lease"}
    assert {r["break_trigger"] for r in table[6:]} == {"a song"}
    hidden = rows(run("history", "--format", "csv", "--no-notes").stdout)
    assert not any(r["day_note"] or r["necessary_contact"] or r["break_trigger"] for r in hidden)
    # the same range and habit filters as the other formats
    only = rows(run("history", "workout", "--from", "2026-11-17", "--format", "csv").stdout)
    assert [(r["date"], r["value"]) for r in only] == [("2026-11-19", "skip")]
    as_json = json.loads(run("history", "--json").stdout)
    assert json.loads(run("history", "--format", "json").stdout) == as_json
    assert run("history", "--format", "text").stdout == run("history").stdout


def test_history_csv_conflicting_flags_and_empty(initialised) -> None:
    assert "--json" in initialised("history", "--json", "--format", "csv", code=2).stderr
    assert initialised("history", "--format", "csv").stdout == ",".join(HISTORY_COLUMNS) + "\n"


def test_history_to_csv_cells() -> None:
    days = [{"date": "2026-11-17", "entries": {"a": {"value": 1.5, "note": "-5 km"},
                                                "b": {"value": "done", "note": "+1 @x"}},
             "mood": None, "note": "line one\nline two", "reached_out": False}]
    table = rows(history_to_csv(days))
    assert [(r["weekday"], r["value"], r["note"]) for r in table] == [
        ("Tue", "1.5", "'-5 km"), ("Tue", "done", "'+1 @x")]
    assert table[0]["day_note"] == "line one\nline two"
    numeric = [{"date": "2026-11-17", "entries": {"a": {"value": 3.0, "note": "-2"}},
                "mood": 7, "note": None, "reached_out": True}]
    row = rows(history_to_csv(numeric))[0]
    assert (row["value"], row["note"], row["mood"], row["reached_out"]) == ("3", "-2", "7", "yes")
