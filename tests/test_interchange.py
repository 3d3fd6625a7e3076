"""Export and import: lossless round trips in JSON and CSV, and refusals that write nothing."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Invoke = Callable[..., Result]

TRICKY = [
    "Plain words",
    'She said "call me", I said nothing',
    "commas, commas, and more, commas",
    "line one\nline two\n\nline four",
    "windows\r\nline ending",
    "Ünïcødé — 心が軽い — 🥟🎉 — עברית",
    "<script>alert('x')</script> & &amp;",
    "  leading and trailing spaces  ",
    "=1+2 (not a formula)",
]


@pytest.fixture
def full_history(initialised: Invoke) -> Invoke:
    """Every kind, archived habits, settings, and notes that break naive CSV."""
    run = initialised
    run("habit", "add", "reading", "--kind", "daily", "--min", "20", "--unit", "pages")
    run("habit", "add", "journal", "--kind", "daily", "--name", "Journal, \"not\" texts")
    run("habit", "add", "no-alcohol", "--kind", "abstain", "--since", "2026-11-10")
    run("habit", "add", "friends", "--kind", "weekly", "--per-week", "1")
    for n, note in enumerate(TRICKY):
        day = f"2026-11-{10 + n:02d}"
        run("checkin", "--date", day, "--no-contact", "--workout", "--progress", f"{n * 1.25}",
            "--mood", str(1 + n), "--note", note, "--set", f"reading={15 + n * 3}",
            "--set", "journal=" + ("done", "skip", "missed")[n % 3],
            "--set", "no-alcohol=" + ("kept", "broken")[n % 2])
    run("checkin", "--date", "2026-11-20", "--they-reached-out", "--set", "friends=done")
    run("habit", "archive", "friends")
    run("config", "week_start", "sunday")
    run("config", "day_start", "3")
    return run


def test_json_round_trip_is_identical(full_history: Invoke, tmp_path: Path) -> None:
    first = full_history("export", "--format", "json").stdout
    (tmp_path / "backup.json").write_text(first, encoding="utf-8")
    fresh = str(tmp_path / "fresh.db")
    out = full_history("--db", fresh, "import", str(tmp_path / "backup.json")).stdout
    assert "Imported 7 new habits" in out
    assert full_history("--db", fresh, "export", "--format", "json").stdout == first
    data = json.loads(first)
    assert [d["note"] for d in data["days"]][: len(TRICKY)] == TRICKY
    assert data["settings"] == {"day_start": 3, "week_start": "sunday"}


def test_csv_round_trip_is_identical(full_history: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "backup.csv"
    full_history("export", "--output", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_bytes()
    fresh = str(tmp_path / "fresh.db")
    full_history("--db", fresh, "import", str(path))
    again = tmp_path / "again.csv"
    full_history("--db", fresh, "export", "--output", str(again))
    assert again.read_bytes() == first
    assert first.startswith(b"date,habit,value,note,")
    # And the CSV copy holds everything the JSON one does.
    assert (full_history("--db", fresh, "export", "--format", "json").stdout
            == full_history("export", "--format", "json").stdout)


def test_plain_four_column_csv_into_existing_habits(initialised: Invoke, run_json, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text('date,habit,value,note\n2026-11-20,workout,done,"hill, repeats"\n'
                    "2026-11-21,goal,7.5,\n", encoding="utf-8")
    initialised("import", str(path))
    days = {d["date"]: d for d in run_json("history", "--json")["days"]}
    assert days["2026-11-20"]["entries"]["workout"] == {"value": "done", "note": "hill, repeats"}
    assert days["2026-11-21"]["entries"]["goal"]["value"] == 7.5


def test_import_into_existing_data_keeps_the_database_unless_replace(
    initialised: Invoke, run_json, tmp_path: Path
) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-20", "--no-workout", "--mood", "3")
    before = run_json("export")
    path = tmp_path / "in.csv"
    path.write_text("date,habit,value,note,mood\n2026-11-20,workout,done,,\n2026-11-20,,,,6\n"
                    "2026-11-21,workout,done,,\n")
    out = run("import", str(path)).stdout
    assert "Imported 1 entry from" in out
    assert "1 day held different values here: kept this database's (--replace" in out
    day = {d["date"]: d for d in run_json("history", "--json")["days"]}["2026-11-20"]
    assert (day["entries"]["workout"]["value"], day["mood"]) == ("missed", 3)
    run("undo")
    assert run_json("export") == before
    out = run("import", str(path), "--replace").stdout
    assert "1 day held different values here: replaced with the file's." in out
    day = {d["date"]: d for d in run_json("history", "--json")["days"]}["2026-11-20"]
    assert (day["entries"]["workout"]["value"], day["mood"]) == ("done", 6)
    run("undo")
    assert run_json("export") == before


def test_importing_the_same_file_twice_changes_nothing(initialised: Invoke, run_json,
                                                      tmp_path: Path) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-20", "--workout", "--mood", "7", "--note", "good")
    path = tmp_path / "all.json"
    run("export", "--output", str(path))
    changes_before = run_json("export")
    out = run("import", str(path)).stdout
    assert "Nothing new in" in out and "differ" not in out
    assert run_json("export") == changes_before
    run("undo")  # the import recorded nothing: undo takes back the check-in itself
    day = {d["date"]: d for d in run_json("history", "--json")["days"]}.get("2026-11-20")
    assert day is None or "workout" not in day["entries"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bad.json", "{not json", "not valid JSON"),
        ("other.json", '{"hello": 1}', "not a habit-tracker export"),
        ("newer.json", '{"format": "habit-tracker", "version": 99}', "version 99"),
        ("bad.csv", "date,habit,value\n2026-11-20,workout,done\n2026-11-21,wrokout,done\n",
         "line 3: unknown habit 'wrokout'"),
        ("bad.csv", "date,habit,value\n2026-11-20,workout,done\n2026-11-21,goal,-4\n",
         "line 3: Half marathon (goal): '-4' is negative"),
        ("bad.csv", "date,habit,value\n2026-11-30,workout,done\n", "in the future"),
        ("bad.csv", "date,habit,value\n20/11/2026,workout,done\n", "not an ISO date"),
        ("bad.csv", "date,habit,value\n2026-10-01,no-contact,broken\n", "starts on 2026-11-01"),
        ("bad.csv", "date,habit,value,mood\n2026-11-20,,,0\n", "mood must be"),
        ("bad.csv", "when,what\n2026-11-20,x\n", "CSV header lacks"),
        ("notes.txt", "hello", "cannot tell the format"),
    ],
)
def test_bad_imports_are_refused_whole(initialised: Invoke, run_json, tmp_path: Path, name: str,
                                       content: str, words: str) -> None:
    before = run_json("export")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert words in initialised("import", str(path), code=2).stderr
    assert run_json("export") == before


def test_import_of_a_missing_file(initialised: Invoke, tmp_path: Path) -> None:
    assert "no file at" in initialised("import", str(tmp_path / "gone.json"), code=2).stderr


def test_export_to_an_unwritable_place(initialised: Invoke, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = initialised("export", "--output", str(blocker / "out.json"), code=1)
    assert "cannot write" in result.stderr
