"""A corpus of hostile import files (JSON, CSV, zip, Loop database, harsh), built here.

Every file is imported into a database holding data already.  Whatever it holds:
no traceback; either success or exactly one ``Error:`` line; a refused import
leaves the export identical (all or nothing); after a successful one every read
command still works and no control character reaches the terminal.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habit_tracker.cli import cli

NOW = "2026-11-22T20:00:00"
HEADER = "date,habit,value,note,mood,reached_out,kind,name,since,created,per_week,daily_min," \
         "target,unit,deadline,archived,position"
LOOP_HABITS = ("Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
               "Color,Unit,Target Type,Target Value,Archived?")
ESC = "\x1b]0;pwned\x07\x1b[2J"

Builder = Callable[[Path], Path]


def _json(obj: object) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / "in.json"
        path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
        return path
    return build


def _export(**parts: object) -> Builder:
    return _json({"format": "habit-tracker", "version": 1, **parts})


def _csv(text: str | bytes) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / "in.csv"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
        return path
    return build


def _zip(members: dict[str, bytes | int]) -> Builder:
    """Members by name: bytes, or an int = that many zero bytes (compressed)."""
    def build(folder: Path) -> Path:
        path = folder / "in.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                if isinstance(content, int):
                    with archive.open(name, "w") as member:
                        for _ in range(content >> 20):
                            member.write(bytes(1 << 20))
                else:
                    archive.writestr(name, content)
        return path
    return build


def _raw(name: str, content: bytes) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path
    return build


def _loop_db(habit_values: str = "", repetitions: str = "", schema_extra: str = "") -> Builder:
    def build(folder: Path) -> Path:
        path = folder / "loop.db"
        with closing(sqlite3.connect(path)) as conn:
            conn.executescript(
                "CREATE TABLE Habits (id integer primary key autoincrement, archived integer, "
                "color integer, description text, freq_den integer, freq_num integer, highlight "
                "integer, name text, position integer, reminder_hour integer, reminder_min integer,"
                " reminder_days integer not null default 127, type integer not null default 0, "
                "target_type integer not null default 0, target_value real not null default 0, "
                "unit text not null default '');"
                "CREATE TABLE Repetitions (id integer primary key autoincrement, habit integer not "
                "null, timestamp integer not null, value integer not null);"
                "PRAGMA user_version = 22;" + schema_extra
            )
            if habit_values:
                conn.executescript(habit_values)
            if repetitions:
                conn.executescript(repetitions)
            conn.commit()
        return path
    return build


def _harsh(habits: str, log: str | bytes) -> Builder:
    def build(folder: Path) -> Path:
        target = folder / "harsh"
        target.mkdir()
        (target / "habits").write_text(habits, encoding="utf-8")
        if isinstance(log, bytes):
            (target / "log").write_bytes(log)
        else:
            (target / "log").write_text(log, encoding="utf-8")
        return target
    return build


def corpus() -> dict[str, tuple[Builder, str | None]]:
    """Name -> (builder, --format or None).  The test helper that builds every file."""
    deep = "[" * 5000 + "]" * 5000
    habit = {"slug": "x", "kind": "daily", "name": "X"}
    cases: dict[str, tuple[Builder, str | None]] = {
        # JSON: types, shapes, sizes
        "json not an object": (_json("[1, 2, 3]"), None),
        "json not json": (_json("{'format': 'habit-tracker'"), None),
        "json wrong format name": (_json({"format": "other"}), None),
        "json habits as text": (_export(habits="abc"), None),
        "json entries as a dict": (_export(entries={"a": 1}), None),
        "json entry as a number": (_export(entries=[5]), None),
        "json deep nesting": (_json('{"format": "habit-tracker", "version": 1, "x": ' + deep + "}"),
                              None),
        "json huge version": (_json('{"format": "habit-tracker", "version": ' + "9" * 5000 + "}"),
                              None),
        "json version as text": (_export(version="1"), None),
        "json version true": (_export(version=True), None),
        "json lone surrogate": (_json('{"format": "habit-tracker", "version": 1, "days": '
                                      '[{"date": "2026-11-02", "note": "\\ud800"}]}'), None),
        "json surrogate slug": (_json('{"format": "habit-tracker", "version": 1, "habits": '
                                      '[{"slug": "\\udce9", "kind": "daily"}]}'), None),
        "json position 1e20": (_export(habits=[{**habit, "position": 1e20}]), None),
        "json position huge int": (_json('{"format": "habit-tracker", "version": 1, "habits": '
                                         '[{"slug": "x", "kind": "daily", "position": '
                                         + "9" * 400 + "}]}"), None),
        "json per_week 3.5": (_export(habits=[{"slug": "w", "kind": "weekly", "per_week": 3.5}]),
                              None),
        "json target 1e308": (_export(habits=[{"slug": "g", "kind": "goal", "target": 1e308}]), None),
        "json target tiny": (_export(habits=[{"slug": "g", "kind": "goal", "target": 5e-324}]), None),
        "json amount NaN": (_json('{"format": "habit-tracker", "version": 1, "entries": '
                                  '[{"date": "2026-11-02", "habit": "goal", "value": NaN}]}'), None),
        "json amount Infinity": (_json('{"format": "habit-tracker", "version": 1, "entries": '
                                       '[{"date": "2026-11-02", "habit": "goal", '
                                       '"value": Infinity}]}'), None),
        "json value as list": (_export(entries=[{"date": "2026-11-02", "habit": "goal",
                                                 "value": [1]}]), None),
        "json value true": (_export(entries=[{"date": "2026-11-02", "habit": "workout",
                                              "value": True}]), None),
        "json date 0001": (_export(entries=[{"date": "0001-01-01", "habit": "workout",
                                             "value": "done"}]), None),
        "json date 9999": (_export(entries=[{"date": "9999-12-31", "habit": "workout",
                                             "value": "done"}]), None),
        "json date as number": (_export(days=[{"date": 20261102, "mood": 5}]), None),
        "json future day": (_export(days=[{"date": "2026-12-01", "mood": 5}]), None),
        "json mood 11": (_export(days=[{"date": "2026-11-02", "mood": 11}]), None),
        "json mood 1e400": (_json('{"format": "habit-tracker", "version": 1, "days": '
                                  '[{"date": "2026-11-02", "mood": 1e400}]}'), None),
        "json reached_out text": (_export(days=[{"date": "2026-11-02", "reached_out": "maybe"}]),
                                  None),
        "json settings as list": (_export(settings=[1]), None),
        "json day_start abc": (_export(settings={"day_start": "abc"}), None),
        "json day_start 99": (_export(settings={"day_start": 99}), None),
        "json week_start 5": (_export(settings={"week_start": 5}), None),
        "json kind unknown": (_export(habits=[{"slug": "x", "kind": "sometimes"}]), None),
        "json kind mismatch": (_export(habits=[{"slug": "workout", "kind": "daily"}]), None),
        "json slug with escape": (_export(habits=[{"slug": ESC, "kind": "daily"}]), None),
        "json name with escape": (_export(habits=[{**habit, "name": ESC}]), None),
        "json unknown habit escape": (_export(entries=[{"date": "2026-11-02", "habit": ESC,
                                                        "value": "done"}]), None),
        "json second entry bad": (_export(entries=[
            {"date": "2026-11-02", "habit": "workout", "value": "done"},
            {"date": "2026-11-03", "habit": "workout", "value": "sideways"}]), None),
        "json note 2 MB": (_export(days=[{"date": "2026-11-02", "note": "n" * 2_000_000}]), None),
        "json note control chars": (_export(days=[{"date": "2026-11-02", "note": "a\x00b" + ESC}]),
                                    None),
        "json urges as text": (_export(urges="abc"), None),
        "json urge as a number": (_export(urges=[7]), None),
        "json urge intensity huge": (_export(urges=[{"at": "2026-11-02T10:00", "date": "2026-11-02",
                                                     "intensity": 1e400}]), None),
        "json writing as list": (_export(writings=[{"at": "2026-11-02T10:00", "date": "2026-11-02",
                                                    "text": ["a"]}]), None),
        "json writing surrogate": (_json('{"format": "habit-tracker", "version": 1, "writings": '
                                         '[{"at": "2026-11-02T10:00", "date": "2026-11-02", '
                                         '"text": "\\udce9"}]}'), None),
        "json necessary contact as dict": (_export(days=[{"date": "2026-11-02",
                                                          "necessary_contact": {"a": 1}}]), None),
        "json unit empty": (_export(habits=[{"slug": "g", "kind": "goal", "target": 5, "unit": ""}]),
                            None),
        # CSV
        "csv no header": (_csv("1,2,3\n"), None),
        "csv binary": (_csv(b"\x00\xff\xfe" * 100), None),
        "csv latin-1": (_csv(b"date,habit,value,note\n2026-11-02,workout,done,caf\xe9\n"), None),
        "csv unterminated quote": (_csv('date,habit,value,note\n2026-11-02,workout,done,"abc\n'),
                                   None),
        "csv huge field": (_csv("date,habit,value,note\n2026-11-02,workout,done," + "n" * 300_000
                                + "\n"), None),
        "csv formula note": (_csv("date,habit,value,note\n2026-11-02,workout,done,=1+1\n"), None),
        "csv day_start abc": (_csv(HEADER + "\n,,abc,,,,,day_start,,,,,,,,,\n"
                                   .replace(",,abc,,,,,day_start", ",,abc,,,,,day_start")), None),
        "csv setting row": (_csv("date,habit,value,note,name\n,,-30,,day_start\n"), None),
        "csv position 1e20": (_csv(HEADER + "\n,x,,,,,daily,X,,,,,,,,,1e20\n"), None),
        "csv per_week 99": (_csv(HEADER + "\n,w,,,,,weekly,W,,,99,,,,,,\n"), None),
        "csv progress 1e308": (_csv("date,habit,value,note\n2026-11-02,goal,1e308,\n"), None),
        "csv progress 5e-324": (_csv("date,habit,value,note\n2026-11-02,goal,5e-324,\n"), None),
        "csv progress 5000 digits": (_csv("date,habit,value,note\n2026-11-02,goal," + "9" * 5000
                                          + ",\n"), None),
        "csv mood nan": (_csv("date,habit,value,note,mood\n2026-11-02,,,,nan\n"), None),
        "csv date garbage": (_csv("date,habit,value,note\nsoon,workout,done,\n"), None),
        "csv escape habit": (_csv(f"date,habit,value,note\n2026-11-02,{ESC},done,\n"), None),
        "csv nul bytes": (_csv("date,habit,value,note\n2026-11-02,workout,done,a\x00b\n"), None),
        "csv many columns": (_csv("date,habit,value,note" + ",x" * 5000 + "\n"), None),
        # zip (Loop CSV export)
        "zip bomb": (_zip({"Habits.csv": LOOP_HABITS.encode() + b"\n", "001 A/Checkmarks.csv":
                           150 << 20}), "loop"),
        "zip many members": (_zip({"Habits.csv": LOOP_HABITS.encode() + b"\n",
                                   **{f"{n:03d} H/Checkmarks.csv": 1 << 20 for n in range(70)}}),
                             "loop"),
        "zip not a zip": (_raw("in.zip", b"PK\x03\x04" + b"\x00" * 100), "loop"),
        "zip empty": (_zip({}), "loop"),
        "zip no Habits.csv": (_zip({"x.txt": b"hello"}), "loop"),
        "zip traversal names": (_zip({"../../Habits.csv": LOOP_HABITS.encode() + b"\n"}), "loop"),
        "zip habits garbage": (_zip({"Habits.csv": b"\xff\xfe\x00garbage"}), "loop"),
        "zip escape in name": (_zip({"Habits.csv": (LOOP_HABITS + f"\n001,{ESC},YES_NO,,,1,1,#FFF,"
                                                    ",,,false\n").encode()}), "loop"),
        "zip position huge": (_zip({"Habits.csv": (LOOP_HABITS + "\n" + "9" * 5000
                                                   + ",A,YES_NO,,,1,1,#FFF,,,,false\n").encode()}),
                              "loop"),
        # Loop backup database
        "loop db not sqlite": (_raw("loop.db", b"SQLite format 3\x00" + b"\xff" * 4000), "loop"),
        "loop db empty sqlite": (_raw("loop.db", b""), "loop"),
        "loop db target abc": (_loop_db(
            "INSERT INTO Habits (id, name, freq_num, freq_den, position, type, target_value, unit) "
            "VALUES (1, 'Read', 1, 1, 0, 1, 'abc', 'pages');",
            "INSERT INTO Repetitions (habit, timestamp, value) VALUES (1, 1763856000000, 5000);"),
                               "loop"),
        "loop db huge timestamp": (_loop_db(
            "INSERT INTO Habits (id, name, freq_num, freq_den, position) VALUES (1, 'A', 1, 1, 0);",
            "INSERT INTO Repetitions (habit, timestamp, value) VALUES (1, 9223372036854775807, 2);"),
                                   "loop"),
        "loop db negative timestamp": (_loop_db(
            "INSERT INTO Habits (id, name, freq_num, freq_den, position) VALUES (1, 'A', 1, 1, 0);",
            "INSERT INTO Repetitions (habit, timestamp, value) VALUES (1, -99999999999999, 2);"),
                                       "loop"),
        "loop db freq zero": (_loop_db(
            "INSERT INTO Habits (id, name, freq_num, freq_den, position) VALUES (1, 'A', 0, 0, 0);"),
                              "loop"),
        "loop db name escape": (_loop_db(
            "INSERT INTO Habits (id, name, freq_num, freq_den, position) VALUES "
            f"(1, '{ESC}', 1, 1, 0);"), "loop"),
        "loop db name blob": (_loop_db(
            "INSERT INTO Habits (id, name, freq_num, freq_den, position) VALUES "
            "(1, CAST(x'fffe41' AS TEXT), 1, 1, 0);"), "loop"),
        "loop db newer version": (_loop_db(schema_extra="PRAGMA user_version = 999;"), "loop"),
        "loop db no tables": (_loop_db(schema_extra="DROP TABLE Habits; DROP TABLE Repetitions;"),
                              "loop"),
        # harsh
        "harsh garbage log": (_harsh("Gym: 1\n", b"\xff\xfe\x00\x01"), "harsh"),
        "harsh bad date": (_harsh("Gym: 1\n", "0001-01-01 : Gym : y\n"), "harsh"),
        "harsh future": (_harsh("Gym: 1\n", "2999-01-01 : Gym : y\n"), "harsh"),
        "harsh escape": (_harsh(f"{ESC}: 1\n", f"2026-11-02 : {ESC} : y\n"), "harsh"),
        "harsh huge amount": (_harsh("Gym: 1\n", "2026-11-02 : Gym : y : note : 1e308\n"), "harsh"),
        "harsh huge frequency": (_harsh("Gym: " + "9" * 5000 + "\n", "2026-11-02 : Gym : y\n"),
                                 "harsh"),
        "harsh frequency 0/0": (_harsh("Gym: 0/0\n", "2026-11-02 : Gym : y\n"), "harsh"),
        "harsh unknown habit": (_harsh("Gym: 1\n", "2026-11-02 : Swim : y\n"), "harsh"),
        "harsh long line": (_harsh("Gym: 1\n", "2026-11-02 : Gym : y : " + "z" * 500_000 + "\n"),
                            "harsh"),
    }
    return cases


CORPUS = corpus()


@pytest.fixture
def base(tmp_path: Path) -> dict[str, str]:
    env = {"HABIT_TRACKER_DB": str(tmp_path / "habits.db"), "HABIT_TRACKER_NOW": NOW}
    for args in (["init", "--since", "2026-11-01", "--goal", "Run", "--target", "300"],
                 ["checkin", "--no-contact", "--workout", "--progress", "5", "--mood", "6",
                  "--date", "2026-11-20"]):
        assert CliRunner().invoke(cli, args, env=env).exit_code == 0
    return env


def invoke(env: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.exc_info)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)
    return result


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_import(name: str, base: dict[str, str], tmp_path: Path) -> None:
    build, fmt = CORPUS[name]
    folder = tmp_path / "input"
    folder.mkdir()
    path = build(folder)
    before = invoke(base, "export").stdout
    result = invoke(base, "import", str(path), *(["--format", fmt] if fmt else []))
    assert "\x1b" not in result.output and "\x07" not in result.output
    if result.exit_code != 0:
        assert result.exit_code in (1, 2, 3)
        assert invoke(base, "export").stdout == before, "a refused import changed the data"
    else:
        for args in (["status"], ["streaks"], ["history"], ["report"], ["habit", "list", "--all"],
                     ["export", "--format", "csv"]):
            assert invoke(base, *args).exit_code == 0, args
    shutil.rmtree(folder)


def test_the_corpus_is_large() -> None:
    assert len(CORPUS) >= 80
