"""Importers: Loop Habit Tracker (CSV export, zip, backup databases) and harsh.

The real files other tools wrote live outside the project, in the shared
reference folder (``../shared/reference`` from the repository); tests that need
them are skipped, with the reason, when it is absent.  Error cases use small
files written here.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from habit_tracker.errors import UsageError
from habit_tracker.importers import read_harsh, read_loop, slugify, unique_slug
from habit_tracker.importers.common import map_frequency

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
LOOP = REFERENCE / "loop"
HARSH = REFERENCE / "harsh"

needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"reference data from other tools not found at {REFERENCE}",
)

DAY_MS = 86_400_000


def ms(day: date) -> int:
    """Loop's timestamp for a day: milliseconds at UTC midnight."""
    return (day - date(1970, 1, 1)).days * DAY_MS


def habit_rows(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (h["slug"], h["name"], h["kind"], h["per_week"], h["daily_min"], h["created"])
        for h in data["habits"]
    ]


def entries_of(data: dict[str, Any], slug: str) -> dict[str, tuple[Any, Any]]:
    return {e["date"]: (e["value"], e["note"]) for e in data["entries"] if e["habit"] == slug}


def check_shape(data: dict[str, Any]) -> None:
    """What every importer result must look like, whatever the source."""
    assert data["format"] == "habit-tracker"
    assert data["version"] == 1
    for day in data["days"]:  # only notes Loop kept on days with no value of ours
        assert day["mood"] is None and day["note"] and day["reached_out"] is False
    assert isinstance(data["warnings"], list)
    slugs = [h["slug"] for h in data["habits"]]
    assert len(slugs) == len(set(slugs))
    assert [h["position"] for h in data["habits"]] == list(range(len(slugs)))
    keys = [(e["date"], e["habit"]) for e in data["entries"]]
    assert keys == sorted(keys), "entries sorted by date, then habit"
    assert len(keys) == len(set(keys)), "one entry per habit and day"
    assert {e["habit"] for e in data["entries"]} <= set(slugs)
    for habit in data["habits"]:
        first = min((e["date"] for e in data["entries"] if e["habit"] == habit["slug"]), default=None)
        assert first is None or habit["created"] <= first


# ------------------------------------------------------------------ pure helpers


def test_slugs_from_names() -> None:
    assert slugify("Wake up early") == "wake-up-early"
    assert slugify("  Méditer à l'aube! ") == "mediter-a-l-aube"
    assert slugify("瞑想") == "habit"
    assert slugify("Бег по утрам") == "beg-po-utram"
    assert slugify("Ψυχή") == "psychi"
    assert slugify("x" * 80) == "x" * 40
    taken = {"vegan", "vegan-2"}
    assert unique_slug("Vegan", taken) == "vegan-3"
    assert unique_slug("Sport", taken) == "sport"
    long_name = "y" * 60
    assert unique_slug(long_name, {"y" * 40}) == "y" * 38 + "-2"


@pytest.mark.parametrize(
    ("num", "den", "fields"),
    [
        (1, 1, {"kind": "daily"}),
        (3, 7, {"kind": "weekly", "per_week": 3}),
        (7, 7, {"kind": "weekly", "per_week": 7}),
        (2, 3, {"kind": "weekly", "per_week": 2, "per_days": 3}),
        (1, 14, {"kind": "weekly", "per_week": 1, "per_days": 14}),
        (1, 30, {"kind": "weekly", "per_week": 1, "per_days": 30}),
        (2, 2, {"kind": "weekly", "per_week": 2, "per_days": 2}),
    ],
)
def test_every_frequency_maps_exactly(num: int, den: int, fields: dict[str, Any]) -> None:
    assert map_frequency(num, den) == fields


# --------------------------------------------------------- Loop: reference files


@needs_reference
def test_loop_csv_export_folder() -> None:
    data = read_loop(LOOP / "csv_export")
    check_shape(data)
    assert habit_rows(data) == [
        ("meditate", "Meditate", "daily", None, None, "2015-01-16"),
        ("wake-up-early", "Wake up early", "weekly", 2, None, "2015-01-16"),
    ]
    assert [(h["per_days"], h["question"]) for h in data["habits"]] == [
        (None, "Did you meditate this morning?"), (3, "Did you wake up before 6am?")]
    assert not any(h["archived"] for h in data["habits"])
    wake = entries_of(data, "wake-up-early")
    assert wake == {
        "2015-01-16": ("done", None),
        "2015-01-17": ("done", None),
        "2015-01-20": ("done", None),
        "2015-01-21": ("done", None),
        "2015-01-22": ("done", None),
        "2015-01-24": ("missed", "Sick"),
        "2015-01-25": ("done", None),
    }
    # YES_AUTO days are Loop's own fill-in, not the user's: absent.
    for auto_day in ("2015-01-18", "2015-01-19", "2015-01-23"):
        assert auto_day not in wake
    assert entries_of(data, "meditate") == {}
    warnings = "\n".join(data["warnings"])
    assert "becomes" not in warnings and "differ" not in warnings  # exact now
    assert "'Wake up early': 3 day(s) Loop ticked by itself" in warnings
    assert "Loop colours of 2 habit(s) not imported" in warnings
    assert "Forgot to do it, really" in warnings and '"Vacation"' in warnings
    assert [(d["date"], d["note"]) for d in data["days"]] == [
        ("2015-01-19", 'Wake up early: "Vacation"'),
        ("2015-01-23", "Wake up early: Forgot to do it, really"),
    ]


@needs_reference
def test_loop_csv_zip_as_the_app_writes_it_and_zipped_folder(tmp_path: Path) -> None:
    folder = read_loop(LOOP / "csv_export")
    flat = tmp_path / "Loop Habits CSV 2015-01-25.zip"
    nested = tmp_path / "nested.zip"
    with zipfile.ZipFile(flat, "w") as out_flat, zipfile.ZipFile(nested, "w") as out_nested:
        for file in sorted((LOOP / "csv_export").rglob("*")):
            if file.is_file():
                inside = file.relative_to(LOOP / "csv_export").as_posix()
                out_flat.write(file, inside)
                out_nested.write(file, f"csv_export/{inside}")
    for archive in (flat, nested):
        data = read_loop(archive)
        check_shape(data)
        assert data["habits"] == folder["habits"]
        assert data["entries"] == folder["entries"]
        assert data["warnings"] == folder["warnings"]
    # Pointing at Habits.csv itself reads its folder.
    assert read_loop(LOOP / "csv_export" / "Habits.csv")["entries"] == folder["entries"]


@needs_reference
def test_loop_db_version_21() -> None:
    data = read_loop(LOOP / "021.db")
    check_shape(data)
    assert habit_rows(data) == [("hello-world", "Hello world", "daily", None, None, "2017-06-19")]
    assert data["habits"][0]["question"] is None
    assert entries_of(data, "hello-world") == {
        "2017-06-19": ("done", None),
        "2017-06-20": ("done", None),
        "2017-06-21": ("done", None),
    }
    assert data["warnings"] == ["Loop colours of 1 habit(s) not imported (habit-tracker has none)"]


@needs_reference
def test_loop_db_version_22_habit_without_checkins() -> None:
    data = read_loop(LOOP / "022.db")
    check_shape(data)
    # "Test" has nothing logged: it comes in, starting on the earliest day in the file.
    assert habit_rows(data) == [
        ("work-out", "Work out", "daily", None, None, "2020-01-01"),
        ("test", "Test", "daily", None, None, "2020-01-01"),
    ]
    # Loop 1 (schema 22) kept the question in "description"
    assert data["habits"][0]["question"] == "Did you work out?"
    assert data["habits"][0]["description"] is None
    assert "Loop reminders not imported (habit-tracker has none): 'Work out' at 18:00" in (
        data["warnings"])
    assert data["entries"] == [
        {"date": "2020-01-01", "habit": "work-out", "value": "done", "note": None}
    ]


@needs_reference
def test_loop_db_version_12_repetitions_are_done_days() -> None:
    data = read_loop(LOOP / "loop-v12.db")
    check_shape(data)
    assert [(h["slug"], h["name"], h["kind"], h["per_week"]) for h in data["habits"]] == [
        ("wake-up-early", "Wake up early", "weekly", 3),
        ("brush-teeth", "brush teeth", "weekly", 3),
        ("sleep-early", "Sleep early", "weekly", 1),  # once in 5 days
        ("vegan", "Vegan", "daily", None),
        ("sport", "Sport", "daily", None),
        ("i-love-you", "I love you", "daily", None),
        ("vegan-2", "Vegan", "daily", None),
        ("sport-2", "Sport", "daily", None),
        ("i-love-you-2", "I love you", "daily", None),
    ]
    counts = {h["slug"]: len(entries_of(data, h["slug"])) for h in data["habits"]}
    assert counts == {
        "wake-up-early": 33,
        "brush-teeth": 21,
        "sleep-early": 2,
        "vegan": 15,
        "sport": 12,
        "i-love-you": 13,
        "vegan-2": 43,
        "sport-2": 12,
        "i-love-you-2": 13,
    }
    assert {e["value"] for e in data["entries"]} == {"done"}
    wake = entries_of(data, "wake-up-early")
    assert min(wake) == "2016-01-01" and max(wake) == "2016-03-18"
    assert "2016-01-11" not in wake  # a gap in the repetitions stays a gap
    assert data["habits"][0]["created"] == "2016-01-01"
    assert [h["per_days"] for h in data["habits"][:3]] == [None, None, 5]
    assert data["habits"][1]["question"] == "I want to have beautiful teeth!"
    assert not any("Sleep early" in w for w in data["warnings"])


@needs_reference
def test_loop_db_is_opened_read_only(tmp_path: Path) -> None:
    copy = tmp_path / "backup.db"
    shutil.copyfile(LOOP / "022.db", copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    stat = copy.stat()
    read_loop(copy)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert copy.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.db"]


# ------------------------------------------------------ Loop: files of our own


def make_loop_db(path: Path, version: int = 25) -> sqlite3.Connection:
    """An empty backup database with the current (25-style) Loop schema."""
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE Habits (id integer primary key autoincrement, archived integer,
            color integer, description text, freq_den integer, freq_num integer,
            highlight integer, name text, position integer, reminder_hour integer,
            reminder_min integer, reminder_days integer not null default 127,
            type integer not null default 0, target_type integer not null default 0,
            target_value real not null default 0, unit text not null default "",
            question text, uuid text);
        CREATE TABLE Repetitions (id integer primary key autoincrement,
            habit integer not null references habits(id), timestamp integer not null,
            value integer not null, notes text);
        CREATE UNIQUE INDEX idx_repetitions_habit_timestamp ON Repetitions(habit, timestamp);
        """
    )
    connection.execute(f"PRAGMA user_version = {version}")
    return connection


def add_habit(
    connection: sqlite3.Connection,
    hid: int,
    name: str,
    position: int,
    *,
    num: int = 1,
    den: int = 1,
    kind: int = 0,
    target_type: int = 0,
    target: float = 0,
    unit: str = "",
    archived: int = 0,
) -> None:
    connection.execute(
        "INSERT INTO Habits (id, archived, freq_den, freq_num, name, position, type,"
        " target_type, target_value, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (hid, archived, den, num, name, position, kind, target_type, target, unit),
    )


def add_rep(connection: sqlite3.Connection, hid: int, day: date, value: int, notes: str = "") -> None:
    connection.execute(
        "INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)",
        (hid, ms(day), value, notes),
    )


def test_loop_db_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "Loop Habits Backup 2026-11-20.db"
    connection = make_loop_db(path)
    add_habit(connection, 1, "Méditer 🧘", 1, archived=1)
    add_habit(connection, 2, "Run", 0, kind=1, target=5, unit="km")
    add_habit(connection, 3, "Pages", 2, kind=1, den=7, target=100, unit="pages")
    add_habit(connection, 4, "Coffee", 3, kind=1, target_type=1, target=2, unit="cups")
    add_habit(connection, 5, "Gym", 4, num=3, den=7)
    d = date(2026, 11, 1)
    add_rep(connection, 1, d, 2, "calm")
    add_rep(connection, 1, date(2026, 11, 2), 0, "")
    add_rep(connection, 1, date(2026, 11, 3), 3, "travelling")
    add_rep(connection, 1, date(2026, 11, 4), -1, "only a note")
    add_rep(connection, 1, date(2026, 11, 5), 1, "")
    add_rep(connection, 2, d, 5500, "easy")
    add_rep(connection, 2, date(2026, 11, 2), 0)
    add_rep(connection, 2, date(2026, 11, 3), 3)
    add_rep(connection, 2, date(2026, 11, 4), -1)
    add_rep(connection, 3, date(2026, 10, 30), 20000)
    add_rep(connection, 4, date(2026, 10, 1), 1000)
    add_rep(connection, 5, date(2026, 11, 3), 2)
    connection.execute("INSERT INTO Repetitions (habit, timestamp, value) VALUES (99, 0, 2)")
    connection.commit()
    connection.close()

    data = read_loop(path)
    check_shape(data)
    assert [(h["slug"], h["kind"], h["per_week"], h["daily_min"], h["daily_max"],
             h["per_days"], h["unit"], h["archived"]) for h in data["habits"]] == [
        ("run", "daily", None, 5.0, None, None, "km", False),
        ("mediter", "daily", None, None, None, None, None, True),
        ("pages", "daily", None, 100.0, None, 7, "pages", False),
        ("coffee", "daily", None, None, 2.0, None, "cups", False),
        ("gym", "weekly", 3, None, None, None, None, False),
    ]
    assert data["habits"][1]["name"] == "Méditer 🧘"
    assert entries_of(data, "mediter") == {
        "2026-11-01": ("done", "calm"),
        "2026-11-02": ("missed", None),
        "2026-11-03": ("skip", "travelling"),
    }
    assert entries_of(data, "run") == {
        "2026-11-01": (5.5, "easy"),
        "2026-11-02": (0.0, None),
        "2026-11-03": ("skip", None),
    }
    assert entries_of(data, "pages") == {"2026-10-30": (20.0, None)}
    # created: the first day the backup holds anything for the habit.
    assert data["habits"][1]["created"] == "2026-11-01"
    assert entries_of(data, "coffee") == {"2026-10-01": (1.0, None)}
    warnings = "\n".join(data["warnings"])
    assert "Coffee" not in warnings and "Pages" not in warnings  # mapped exactly
    assert "'only a note' is on a day with no value; kept as that day's note" in warnings
    assert [(d["date"], d["note"]) for d in data["days"]] == [
        ("2026-11-04", "Méditer 🧘: only a note")]
    assert "'Méditer 🧘': 1 day(s) Loop ticked by itself" in warnings  # value 1 in schema 25
    assert "1 check-in(s) belong to no habit" in warnings


def test_loop_db_old_duplicates_keep_the_first_like_loop(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE Habits (id integer primary key autoincrement, archived integer,
            freq_den integer, freq_num integer, name text, position integer);
        CREATE TABLE Repetitions (id integer primary key autoincrement, habit integer,
            timestamp integer, value integer not null default 2);
        PRAGMA user_version = 21;
        """
    )
    add = "INSERT INTO Repetitions (habit, timestamp, value) VALUES (1, ?, ?)"
    connection.execute("INSERT INTO Habits VALUES (1, 0, 1, 1, 'Read', 0)")
    connection.execute(add, (ms(date(2020, 5, 1)), 2))
    connection.execute(add, (ms(date(2020, 5, 1)), 0))
    connection.commit()
    connection.close()
    data = read_loop(path)
    assert entries_of(data, "read") == {"2020-05-01": ("done", None)}
    assert any("kept the first" in w for w in data["warnings"])


def write_export(folder: Path, habits_csv: str, checkmarks: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "Habits.csv").write_text(habits_csv, encoding="utf-8")
    for name, text in checkmarks.items():
        (folder / name).mkdir()
        (folder / name / "Checkmarks.csv").write_text(text, encoding="utf-8")
    return folder


HEADER = (
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
    "Color,Unit,Target Type,Target Value,Archived?\n"
)


def test_loop_csv_numeric_and_unselected_habits(tmp_path: Path) -> None:
    folder = write_export(
        tmp_path / "export",
        HEADER
        + "001,Run,NUMERICAL,How far?,,1,7,#FF8F00,km,AT_LEAST,30.0,true\n"
        + "002,Not exported,YES_NO,,,1,1,#FF8F00,,,,false\n"
        + "003,Rare,YES_NO,,,5,14,#FF8F00,,,,false\n",
        {
            "001 Run": "Date,Value,Notes\n2026-01-04,7.25,\n2026-01-03,5000,\n2026-01-02,NO,lazy\n"
            "2026-01-01,SKIP,\n2025-12-31,UNKNOWN,\n",
            "003 Rare": "Date,Value,Notes\n2026-01-05,YES_MANUAL,\n",
        },
    )
    data = read_loop(folder)
    check_shape(data)
    assert habit_rows(data) == [
        ("run", "Run", "daily", None, 30.0, "2025-12-31"),
        ("rare", "Rare", "weekly", 5, None, "2026-01-05"),
    ]
    assert [h["per_days"] for h in data["habits"]] == [7, 14]
    assert data["habits"][0]["question"] == "How far?"
    assert data["habits"][0]["archived"] is True
    assert entries_of(data, "run") == {
        "2026-01-01": ("skip", None),
        "2026-01-02": (0.0, "lazy"),
        "2026-01-03": (5.0, None),
        "2026-01-04": (7.25, None),  # an amount written as such
    }
    warnings = "\n".join(data["warnings"])
    assert "'Not exported' not imported" in warnings
    assert "Rare" not in warnings and "Run" not in warnings  # both mapped exactly


def test_loop_csv_older_header(tmp_path: Path) -> None:
    folder = write_export(
        tmp_path / "export",
        "Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
        "001,Floss,,,3,7,#FF8F00\n",
        {"001 Floss": "Date,Value\n2019-03-02,YES_MANUAL\n2019-03-01,2\n"},
    )
    data = read_loop(folder)
    assert habit_rows(data) == [("floss", "Floss", "weekly", 3, None, "2019-03-01")]
    assert entries_of(data, "floss") == {
        "2019-03-01": ("done", None),
        "2019-03-02": ("done", None),
    }


def test_loop_csv_repeated_day_keeps_the_last(tmp_path: Path) -> None:
    folder = write_export(
        tmp_path / "export",
        HEADER + "001,Floss,YES_NO,,,1,1,#FF8F00,,,,false\n",
        {"001 Floss": "Date,Value,Notes\n2019-03-01,NO,first\n2019-03-01,YES_MANUAL,second\n"},
    )
    data = read_loop(folder)
    assert entries_of(data, "floss") == {"2019-03-01": ("done", "second")}
    assert any("recorded more than once" in w for w in data["warnings"])


# ----------------------------------------------------------- Loop: bad input


def expect_error(fragment: str, call: Any, *args: Any) -> str:
    with pytest.raises(UsageError) as caught:
        call(*args)
    message = str(caught.value)
    assert fragment in message, message
    assert "\n" not in message
    return message


def test_loop_bad_files(tmp_path: Path) -> None:
    bad_zip = tmp_path / "export.zip"
    bad_zip.write_bytes(b"PK\x03\x04 this is not really a zip")
    expect_error("not a valid zip file", read_loop, bad_zip)

    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "hello")
    expect_error("no Habits.csv inside", read_loop, other_zip)

    not_loop = tmp_path / "other.db"
    connection = sqlite3.connect(not_loop)
    connection.execute("CREATE TABLE things (x)")
    connection.commit()
    connection.close()
    expect_error("not a Loop backup", read_loop, not_loop)

    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\x07" * 300)
    expect_error(str(corrupt), read_loop, corrupt)

    text_db = tmp_path / "fake.db"
    text_db.write_text("hello", encoding="utf-8")
    expect_error("not a SQLite database", read_loop, text_db)

    random_file = tmp_path / "notes.txt"
    random_file.write_text("hello", encoding="utf-8")
    expect_error("not a Loop Habit Tracker export", read_loop, random_file)

    expect_error("no such file", read_loop, tmp_path / "missing")
    expect_error("no Habits.csv", read_loop, tmp_path)


def test_loop_bad_csv_contents(tmp_path: Path) -> None:
    ok_habits = HEADER + "001,Floss,YES_NO,,,1,1,#FF8F00,,,,false\n"
    cases = [
        ("Date,Value,Notes\n2019-03-01,MAYBE,\n", "line 2: unknown value 'MAYBE'"),
        ("Date,Value,Notes\n2019-03-01,YES_MANUAL,\n01/03/2019,NO,\n", "line 3: bad date"),
        ("Date,Value,Notes\n2019-03-01,NO,\"unclosed\n", "line 2: unexpected end of data"),
        ("Day,Mark\n2019-03-01,NO\n", "not a Loop Checkmarks.csv"),
        ("Date,Value,Notes\n2019-02-30,NO,\n", "no such date '2019-02-30'"),
    ]
    for number, (checkmarks, fragment) in enumerate(cases):
        folder = write_export(tmp_path / f"e{number}", ok_habits, {"001 Floss": checkmarks})
        message = expect_error(fragment, read_loop, folder)
        assert "Checkmarks.csv" in message

    folder = write_export(
        tmp_path / "h1", HEADER + "001,Floss,YES_NO,,,x,1,#FF8F00,,,,false\n", {"001 Floss": ""}
    )
    expect_error("Habits.csv line 2: FrequencyNumerator 'x' is not a whole number", read_loop, folder)
    folder = write_export(tmp_path / "h2", "Name,Color\nFloss,#FF8F00\n", {})
    expect_error("not a Loop Habits.csv", read_loop, folder)
    folder = write_export(
        tmp_path / "h3", HEADER + "001,Floss,YES_NO,,,3,2,#FF8F00,,,,false\n", {"001 Floss": ""}
    )
    expect_error("impossible frequency", read_loop, folder)
    folder = tmp_path / "latin1"
    folder.mkdir()
    latin1 = "001,Café,YES_NO,,,1,1,#F,,,,false\n".encode("latin-1")
    (folder / "Habits.csv").write_bytes(HEADER.encode() + latin1)
    expect_error("not UTF-8 text", read_loop, folder)


def test_loop_db_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    connection = make_loop_db(path)
    add_habit(connection, 1, "Floss", 0)
    add_rep(connection, 1, date(2026, 1, 1), 7)
    connection.commit()
    connection.close()
    expect_error("Repetitions row 1: unknown Loop value 7", read_loop, path)


# ------------------------------------------------------------------------ harsh


@needs_reference
def test_harsh_reference_files() -> None:
    data = read_harsh(HARSH)
    check_shape(data)
    assert [(h["slug"], h["name"], h["kind"], h["per_week"]) for h in data["habits"]] == [
        ("daily-standup", "Daily standup", "daily", None),
        ("code-review", "Code review", "weekly", 5),
        ("sprint-planning", "Sprint planning", "weekly", 1),
        ("gym", "Gym", "weekly", 3),
        ("running", "Running", "weekly", 2),
        ("water-intake", "Water intake", "daily", None),
        ("sleep-tracking", "Sleep tracking", "daily", None),
        ("reading", "Reading", "daily", None),
        ("meditation", "Meditation", "daily", None),
        ("call-family", "Call family", "weekly", 1),
    ]
    assert len(data["entries"]) == 19
    assert entries_of(data, "daily-standup") == {
        "2025-01-01": ("done", "Great meeting"),
        "2025-01-02": ("done", "Quick update"),
        "2025-01-03": ("missed", "Missed meeting"),
    }
    assert entries_of(data, "code-review")["2025-01-02"] == ("skip", "Skipped today")
    assert entries_of(data, "call-family") == {"2025-01-03": ("done", "Talked to mom")}
    created = {h["slug"]: h["created"] for h in data["habits"]}
    assert created["call-family"] == "2025-01-03"
    assert created["sprint-planning"] == "2025-01-01"  # nothing logged: the log's first day
    warnings = "\n".join(data["warnings"])
    assert "Sprint planning" not in warnings  # once in 14 days, exactly
    assert [h["per_days"] for h in data["habits"][:3]] == [None, None, 14]
    assert "'Sleep tracking' is tracked only" in warnings
    assert "amounts on 9 line(s) kept in the day's note" in warnings
    assert entries_of(data, "gym")["2025-01-01"] == ("done", "Leg day (amount 1.5)")
    # The log file itself, or the habits file, find the other one beside it.
    assert read_harsh(HARSH / "log") == data
    assert read_harsh(HARSH / "habits") == data


def write_harsh(folder: Path, habits: str | None, log: str | None) -> Path:
    folder.mkdir()
    if habits is not None:
        (folder / "habits").write_text(habits, encoding="utf-8")
    if log is not None:
        (folder / "log").write_text(log, encoding="utf-8")
    return folder


def test_harsh_frequencies_and_log_details(tmp_path: Path) -> None:
    folder = write_harsh(
        tmp_path / "h",
        "# comment\n! Group\nStretch: 1w  \nTwice: 2/1w\nLetters: 3\nRead: notes: 1\n",
        "2025-02-01 : Stretch : y\n"
        "   \n"
        "# a comment line\n"
        "2025-02-02 : Read: notes : n : bad day : what: here : 0\n"
        "2025-02-03 : Ghost : y\n"
        "2025-02-03 : Ghost : n\n"
        "2025-02-04 : Stretch : n : first\n"
        "2025-02-04 : Stretch : s : second : 0\n",
    )
    data = read_harsh(folder)
    check_shape(data)
    assert [(h["slug"], h["kind"], h["per_week"]) for h in data["habits"]] == [
        ("stretch", "weekly", 1),
        ("twice", "weekly", 2),
        ("letters", "weekly", 1),
        ("read-notes", "daily", None),
    ]
    assert data["habits"][2]["per_days"] == 3
    assert entries_of(data, "read-notes") == {"2025-02-02": ("missed", "bad day : what: here")}
    assert entries_of(data, "stretch") == {
        "2025-02-01": ("done", None),
        "2025-02-04": ("skip", "second"),
    }
    warnings = "\n".join(data["warnings"])
    assert "2 line(s) for 'Ghost'" in warnings and "line 5, 6" in warnings
    assert "recorded more than once (2025-02-04)" in warnings
    assert "becomes" not in warnings


def test_harsh_bad_input(tmp_path: Path) -> None:
    habits = "Gym: 3/7\n"
    folder = write_harsh(tmp_path / "a", None, "2025-01-01 : Gym : y\n")
    message = expect_error("harsh habits file not found", read_harsh, folder / "log")
    assert str(folder / "habits") in message
    folder = write_harsh(tmp_path / "b", habits, None)
    expect_error("no harsh log", read_harsh, folder)

    # Lines harsh itself skips: skipped here too, named in a warning; the rest comes in.
    bad_logs = [
        ("2025-01-12 : Gym : x\n", "line 12: skipped, unknown value 'x' (expected y, n or s)"),
        ("2025-01-12 : Gym\n", "line 12: skipped, expected 'YYYY-MM-DD : habit : y|n|s'"),
        ("Jan 12 : Gym : y\n", "line 12: skipped, bad date 'Jan 12'"),
        ("2025-02-30 : Gym : y\n", "line 12: skipped, no such date '2025-02-30'"),
    ]
    for number, (line, fragment) in enumerate(bad_logs):
        folder = write_harsh(tmp_path / f"log{number}", habits,
                             "2025-01-01 : Gym : y\n" * 11 + line + "2025-01-13 : Gym : y\n")
        data = read_harsh(folder)
        skipped = [w for w in data["warnings"] if "skipped" in w]
        assert len(skipped) == 1 and skipped[0].startswith(f"{folder / 'log'} {fragment}")
        assert sorted(entries_of(data, "gym")) == ["2025-01-01", "2025-01-13"]

    bad_habits = [
        ("Swim 3/7\n", "line 2: skipped, expected 'Habit name: frequency'"),
        ("Swim: often\n", "line 2: skipped, frequency 'often'"),
        ("Swim: 8/7\n", "line 2: skipped, frequency '8/7' asks for more times than days"),
        ("Swim: 1/0\n", "line 2: skipped, frequency '1/0' has zero days"),
        ("Swim: 1\nSwim: 7\n", "line 3: skipped, habit 'Swim' is listed twice"),
        ("Swim: 1: 2024-13-01\n", "line 2: skipped, no such date '2024-13-01'"),
    ]
    for number, (text, fragment) in enumerate(bad_habits):
        folder = write_harsh(tmp_path / f"habits{number}", "Gym: 3/7\n" + text,
                             "2025-01-01 : Gym : y\n")
        data = read_harsh(folder)
        skipped = [w for w in data["warnings"] if "skipped" in w]
        assert len(skipped) == 1 and skipped[0].startswith(f"{folder / 'habits'} {fragment}")
        assert data["habits"][0]["name"] == "Gym" and data["habits"][0]["per_week"] == 3
    folder = write_harsh(tmp_path / "empty", "# nothing\n", "")
    assert str(folder / "habits") in expect_error("no habits in it", read_harsh, folder)

    folder = tmp_path / "binary"
    folder.mkdir()
    (folder / "habits").write_text(habits, encoding="utf-8")
    (folder / "log").write_bytes(b"2025-01-01 : Gym : y : caf\xe9\n")
    expect_error("not UTF-8 text", read_harsh, folder)
    expect_error("no such file", read_harsh, tmp_path / "nowhere")


# ------------------------------------------------------------------ through the CLI


def history_values(run_json: Any, slug: str, **env: str) -> dict[str, tuple[Any, Any]]:
    days = run_json("history", slug, "--json", **env)["days"]
    return {
        day["date"]: (day["entries"][slug]["value"], day["entries"][slug]["note"])
        for day in days
        if slug in day["entries"]
    }


def test_cli_imports_a_loop_zip(reference: Path, run: Any, run_json: Any, tmp_path: Path) -> None:
    archive = tmp_path / "Loop Habits CSV 2015-01-25.zip"
    export = reference / "loop" / "csv_export"
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted(export.rglob("*")):
            if file.is_file():
                out.write(file, file.relative_to(export).as_posix())
    result = run("import", str(archive), "--format", "loop")
    assert "Imported 2 new habits, 7 entries and 2 days from" in result.stdout
    assert "becomes" not in result.stderr
    habits = run_json("habit", "list", "--json")["habits"]
    assert [(h["slug"], h["name"], h["kind"], h["per_week"], h["per_days"], h["created"])
            for h in habits] == [
        ("meditate", "Meditate", "daily", None, None, "2015-01-16"),
        ("wake-up-early", "Wake up early", "weekly", 2, 3, "2015-01-16"),
    ]
    wake = history_values(run_json, "wake-up-early")
    assert wake["2015-01-24"] == ("missed", "Sick")
    assert sorted(wake) == [
        "2015-01-16", "2015-01-17", "2015-01-20", "2015-01-21", "2015-01-22",
        "2015-01-24", "2015-01-25",
    ]


def test_cli_imports_a_loop_backup_database(
    reference: Path, run: Any, run_json: Any, tmp_path: Path
) -> None:
    result = run("import", str(reference / "loop" / "loop-v12.db"), "--format", "loop")
    assert "Imported 9 new habits and 164 entries" in result.stdout
    slugs = [h["slug"] for h in run_json("habit", "list", "--json")["habits"]]
    assert slugs[:3] == ["wake-up-early", "brush-teeth", "sleep-early"]
    assert "vegan-2" in slugs
    assert len(history_values(run_json, "vegan-2")) == 43


def test_cli_imports_harsh(reference: Path, run: Any, run_json: Any) -> None:
    result = run("import", str(reference / "harsh"), "--format", "harsh")
    assert "Imported 10 new habits and 19 entries from" in result.stdout
    assert "Warning: harsh habit 'Sleep tracking' is tracked only" in result.stderr
    habits = {h["slug"]: h for h in run_json("habit", "list", "--json")["habits"]}
    assert (habits["gym"]["kind"], habits["gym"]["per_week"]) == ("weekly", 3)
    assert habits["sleep-tracking"]["kind"] == "daily"
    assert history_values(run_json, "running") == {
        "2025-01-01": ("missed", "Too tired"),
        "2025-01-02": ("done", "5k run (amount 5)"),
    }


def test_cli_import_errors_are_one_line(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"not a zip at all")
    result = run("import", str(bad), "--format", "loop", code=2)
    assert "not a valid zip file" in result.stderr
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("Gym: 3/7\n", encoding="utf-8")
    (folder / "log").write_text("2025-01-01 : Gym : maybe\n", encoding="utf-8")
    result = run("import", str(folder), "--format", "harsh")
    assert "line 1: skipped, unknown value 'maybe' (expected y, n or s)" in result.stderr
    (folder / "habits").write_text("# none\n", encoding="utf-8")
    result = run("import", str(folder), "--format", "harsh", code=2)
    assert "no habits in it" in result.stderr
