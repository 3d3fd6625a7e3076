"""Files in the exact shapes Loop and harsh write them, imported through the CLI.

Every fixture is built here, in code: Loop CSV exports of versions 2.0 to 2.3
(older Habits.csv header, headerless per-habit Checkmarks.csv with numbers, empty
files for habits never checked, folders named just ``001`` for names without
ASCII letters), exports holding only the top-level files, Loop backups of old
schemas (version 19 with an ``Id`` key column), and harsh logs as ``harsh ask``
writes them.  The real Loop export in the shared reference folder checks the
strength figure against Loop's own ``Scores.csv``.
"""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest
from loop_reference import NO, SKIP_CODE, UNKNOWN, YES, loop_reference

from habit_tracker import engine
from habit_tracker.store import open_store

OLD_HEADER = "Position,Name,Question,Description,NumRepetitions,Interval,Color\n"


def loop_2_0_export(folder: Path) -> Path:
    """A Loop 2.0-2.3 export: old header, headerless numeric Checkmarks, newest first."""
    folder.mkdir()
    (folder / "Habits.csv").write_text(
        OLD_HEADER
        + "001,Meditate,Did you meditate?,Ten minutes,1,1,#FF8F00\n"
        + "002,晨读,Did you read this morning?,,1,2,#00897B\n"
        + "003,Бег,,,3,7,#00897B\n"
        + "004,Floss,,Never started,2,30,#00897B\n",
        encoding="utf-8",
    )
    (folder / "001 Meditate").mkdir()
    (folder / "001 Meditate" / "Checkmarks.csv").write_text(
        "2021-03-05,2\n2021-03-04,1\n2021-03-03,0\n2021-03-02,3\n2021-03-01,-1\n", encoding="utf-8"
    )
    (folder / "002").mkdir()
    (folder / "002" / "Checkmarks.csv").write_text("2021-03-04,2\n2021-03-02,2\n", encoding="utf-8")
    (folder / "003").mkdir()
    (folder / "003" / "Checkmarks.csv").write_text("2021-03-03,2\n2021-03-01,0\n", encoding="utf-8")
    (folder / "004 Floss").mkdir()
    (folder / "004 Floss" / "Checkmarks.csv").write_bytes(b"")  # never checked
    return folder


def zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                out.write(file, file.relative_to(folder).as_posix())
    return archive


def history(run_json: Any, slug: str) -> dict[str, tuple[Any, Any]]:
    days = run_json("history", slug, "--json")["days"]
    return {d["date"]: (d["entries"][slug]["value"], d["entries"][slug]["note"])
            for d in days if slug in d["entries"]}


@pytest.mark.parametrize("zipped", [False, True])
def test_loop_2_0_export(run: Any, run_json: Any, tmp_path: Path, zipped: bool) -> None:
    source = loop_2_0_export(tmp_path / "export")
    if zipped:
        source = zip_folder(source, tmp_path / "Loop Habits CSV 2021-03-05.zip")
    result = run("import", str(source), "--format", "loop")
    assert "Imported 4 new habits and 7 entries" in result.stdout
    habits = {h["slug"]: h for h in run_json("habit", "list", "--json")["habits"]}
    assert list(habits) == ["meditate", "habit", "beg", "floss"]
    assert habits["habit"]["name"] == "晨读"
    assert (habits["habit"]["kind"], habits["habit"]["per_week"], habits["habit"]["per_days"]) == (
        "weekly", 1, 2)
    assert (habits["beg"]["per_week"], habits["beg"]["per_days"]) == (3, None)  # 3 per week
    assert (habits["floss"]["per_week"], habits["floss"]["per_days"]) == (2, 30)
    assert history(run_json, "meditate") == {
        "2021-03-02": ("skip", None), "2021-03-03": ("missed", None), "2021-03-05": ("done", None)}
    assert history(run_json, "habit") == {"2021-03-02": ("done", None),
                                          "2021-03-04": ("done", None)}
    assert history(run_json, "floss") == {}
    assert "'晨读' gets the slug 'habit'" in result.stderr
    assert "habit edit habit --slug NEW" in result.stderr
    assert "'Meditate': 1 day(s) Loop ticked by itself" in result.stderr
    assert "becomes" not in result.stderr
    with open_store(tmp_path / "habits.db") as store:
        meditate = store.habit("meditate")
        assert (meditate.question, meditate.description) == ("Did you meditate?", "Ten minutes")
        floss = store.habit("floss")
        assert floss.created == date(2021, 3, 1)  # nothing logged: the export's first day


def test_loop_export_with_only_the_top_level_files(run: Any, run_json: Any, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    (folder / "Habits.csv").write_text(OLD_HEADER + "001,Run,,,1,1,#FF8F00\n002,Read,,,1,3,#FF8F00\n",
                                       encoding="utf-8")
    (folder / "Checkmarks.csv").write_text(
        "Date,Run,Read,\n2021-03-03,2,0,\n2021-03-02,0,1,\n2021-03-01,3,2,\n", encoding="utf-8")
    (folder / "Scores.csv").write_text(
        "Date,Run,Read,\n2021-03-03,0.1,0.1,\n2021-03-02,0.0,0.0,\n2021-03-01,0.0,0.0,\n",
        encoding="utf-8")
    for source in (folder, zip_folder(folder, tmp_path / "flat.zip")):
        data_dir = tmp_path / f"db-{source.suffix or 'dir'}"
        data_dir.mkdir()
        db = str(data_dir / "h.db")
        result = run("import", str(source), "--format", "loop", HABIT_TRACKER_DB=db)
        assert "Imported 2 new habits and 5 entries" in result.stdout
        assert "not selected" not in result.stderr
        assert "'Read': 1 day(s) Loop ticked by itself" in result.stderr
        listed = run_json("history", "run", "--json", HABIT_TRACKER_DB=db)["days"]
        assert [(d["date"], d["entries"]["run"]["value"]) for d in listed] == [
            ("2021-03-01", "skip"), ("2021-03-02", "missed"), ("2021-03-03", "done")]
        read = run_json("habit", "list", "--json", HABIT_TRACKER_DB=db)["habits"][1]
        assert (read["per_week"], read["per_days"]) == (1, 3)


def make_v19(path: Path) -> None:
    """A Loop backup of schema 19: ``Id`` key columns, value column, no question."""
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Habits (Id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER,
            color INTEGER, description TEXT, freq_den INTEGER, freq_num INTEGER,
            highlight INTEGER, name TEXT, position INTEGER, reminder_days INTEGER,
            reminder_hour INTEGER, reminder_min INTEGER, type INTEGER not null default 0,
            target_type INTEGER not null default 0, target_value REAL not null default 0,
            unit TEXT not null default "");
        CREATE TABLE Repetitions (Id INTEGER PRIMARY KEY AUTOINCREMENT,
            habit INTEGER REFERENCES Habits(Id), timestamp INTEGER,
            value INTEGER not null default 2);
        PRAGMA user_version = 19;
        """
    )
    con.execute("INSERT INTO Habits (Id, archived, color, description, freq_den, freq_num, name,"
                " position, reminder_hour, reminder_min) VALUES"
                " (5, 0, 3, 'Did you stretch?', 7, 3, 'Stretch', 0, 7, 30),"
                " (6, 0, 3, '', 1, 1, 'Untouched', 1, NULL, NULL)")
    day = date(2019, 5, 1)
    for offset, value in enumerate([2, 1, 2, 1, 0, 3, -1]):
        stamp = (day + timedelta(days=offset) - date(1970, 1, 1)).days * 86_400_000
        con.execute("INSERT INTO Repetitions (habit, timestamp, value) VALUES (5, ?, ?)",
                    (stamp, value))
    con.commit()
    con.close()


def test_loop_v19_backup(run: Any, run_json: Any, tmp_path: Path) -> None:
    backup = tmp_path / "Loop Habits Backup 2019-05-06.db"
    make_v19(backup)
    result = run("import", str(backup), "--format", "loop")
    assert "Imported 2 new habits and 6 entries" in result.stdout
    habits = [h["slug"] for h in run_json("habit", "list", "--json")["habits"]]
    assert habits == ["stretch", "untouched"]  # the habit with no check-ins comes in
    assert history(run_json, "stretch") == {
        "2019-05-01": ("done", None), "2019-05-02": ("done", None), "2019-05-03": ("done", None),
        "2019-05-04": ("done", None), "2019-05-05": ("missed", None), "2019-05-06": ("skip", None)}
    assert "2 row(s) with value 1 read as ticked days" in result.stderr
    assert "1 backup row(s) hold Loop's 'unknown' (-1, no value)" in result.stderr
    assert "'Stretch' at 07:30" in result.stderr
    with open_store(tmp_path / "habits.db") as store:
        assert store.habit("stretch").question == "Did you stretch?"


@pytest.mark.parametrize("name", ["021.db", "022.db", "loop-v12.db"])
def test_reference_backups_keep_every_row(reference: Path, run: Any, name: str) -> None:
    path = reference / "loop" / name
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = con.execute("SELECT COUNT(*) FROM Repetitions").fetchone()[0]
    habits = con.execute("SELECT COUNT(*) FROM Habits").fetchone()[0]
    con.close()
    result = run("import", str(path), "--format", "loop")
    from habit_tracker.units import plural

    counted = f"{plural(habits, 'new habit')} and {plural(rows, 'entry', 'entries')}"
    assert f"Imported {counted} from" in result.stdout


def test_wake_up_early_strength_matches_loops_scores_through_import(
    reference: Path, run: Any, tmp_path: Path
) -> None:
    export = reference / "loop" / "csv_export"
    run("import", str(zip_folder(export, tmp_path / "loop.zip")), "--format", "loop")
    with (export / "002 Wake up early" / "Scores.csv").open(encoding="utf-8") as handle:
        scores = {date.fromisoformat(r["Date"]): float(r["Score"]) for r in csv.DictReader(handle)}
    with open_store(tmp_path / "habits.db") as store:
        habit = store.habit("wake-up-early")
        entries = store.entries(habit)
    logged = {e.date for e in entries}
    compared = 0
    for day, score in scores.items():
        if day in logged:
            assert abs(engine.analyze(habit, entries, day).strength - 100 * score) <= 0.1, day
            compared += 1
    assert compared == 7
    # and through the CLI, on the last day of the export
    out = run("streaks", "wake-up-early", "--as-of", "2015-01-25", "--json").stdout
    assert '"strength": 25.6' in out  # Loop: 0.2557


# ------------------------------------------------------------------ harsh


def test_harsh_as_harsh_ask_writes_it(run: Any, run_json: Any, tmp_path: Path) -> None:
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text(
        "! Health\nGym: 3/7\nWalk: 1\nOld course: 1: 2024-06-15\nBroken line\nGym: 1\n"
        "Letters: 1/14\n", encoding="utf-8")
    (folder / "log").write_text(
        "2024-06-10 : Gym : y :  : \n"
        "2024-06-10 : Walk : n : Rest day : \n"
        "2024-06-11 : Gym : y : Leg day : 1.5\n"
        "2024-06-11 : Old course : y :  : \n"
        "not a line at all\n"
        "2024-06-12 : Walk : y :  :\n"
        "2024-06-12 : Letters : s :  : \n"
        "2024-06-20 : Walk : y :  : \n",
        encoding="utf-8",
    )
    result = run("import", str(folder), "--format", "harsh")
    assert "Imported 4 new habits and 7 entries" in result.stdout
    assert f"{folder / 'habits'} line 5: skipped" in result.stderr
    assert f"{folder / 'habits'} line 6: skipped, habit 'Gym' is listed twice" in result.stderr
    assert f"{folder / 'log'} line 5: skipped" in result.stderr
    assert "'Old course' ended on 2024-06-15: imported archived" in result.stderr
    assert history(run_json, "gym") == {"2024-06-10": ("done", None),
                                        "2024-06-11": ("done", "Leg day (amount 1.5)")}
    assert history(run_json, "walk") == {"2024-06-10": ("missed", "Rest day"),
                                         "2024-06-12": ("done", None),
                                         "2024-06-20": ("done", None)}
    listed = {h["slug"]: h for h in run_json("habit", "list", "--all", "--json")["habits"]}
    assert listed["old-course"]["archived"] is True
    assert (listed["letters"]["per_week"], listed["letters"]["per_days"]) == (1, 14)


# ------------------------------------------------------------------ re-import as a merge


def test_loop_reimport_is_a_merge(run: Any, run_json: Any, tmp_path: Path) -> None:
    first = loop_2_0_export(tmp_path / "monday")
    run("import", str(first), "--format", "loop")
    before = run_json("export")
    again = run("import", str(first), "--format", "loop").stdout
    assert "Nothing new in" in again and "differ" not in again
    assert run_json("export") == before
    # A week later on the phone: two new days, and one old day changed there.
    newer = loop_2_0_export(tmp_path / "sunday")
    (newer / "001 Meditate" / "Checkmarks.csv").write_text(
        "2021-03-07,2\n2021-03-06,0\n2021-03-05,2\n2021-03-04,1\n2021-03-03,2\n2021-03-02,3\n",
        encoding="utf-8")
    out = run("import", str(zip_folder(newer, tmp_path / "sunday.zip")), "--format", "loop").stdout
    assert "Imported 2 entries" in out
    assert "1 day held different values here: kept this database's" in out
    assert history(run_json, "meditate")["2021-03-03"] == ("missed", None)
    assert history(run_json, "meditate")["2021-03-07"] == ("done", None)
    out = run("import", str(newer), "--format", "loop", "--replace").stdout
    assert "replaced with the file's" in out
    assert history(run_json, "meditate")["2021-03-03"] == ("done", None)


def test_an_older_backup_does_not_undo_a_logged_break(initialised: Any, run_json: Any,
                                                      tmp_path: Path) -> None:
    run = initialised
    backup = tmp_path / "old.json"
    run("checkin", "--date", "2026-11-20", "--no-contact")
    run("checkin", "--date", "2026-11-21", "--no-contact")
    run("export", "--output", str(backup))
    run("checkin", "--date", "2026-11-21", "--contact")  # a break, logged after the backup
    out = run("import", str(backup)).stdout
    assert "1 day held different values here: kept this database's" in out
    assert history(run_json, "no-contact")["2026-11-21"] == ("broken", None)
    assert history(run_json, "no-contact")["2026-11-20"] == ("kept", None)


def test_harsh_reimport_changes_nothing(run: Any, run_json: Any, tmp_path: Path) -> None:
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("Gym: 3/7\n", encoding="utf-8")
    (folder / "log").write_text("2024-06-10 : Gym : y :  : \n", encoding="utf-8")
    run("import", str(folder), "--format", "harsh")
    before = run_json("export")
    assert "Nothing new in" in run("import", str(folder), "--format", "harsh").stdout
    assert run_json("export") == before


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_new_kinds_round_trip_exactly(run: Any, tmp_path: Path, fmt: str) -> None:
    """Loop import -> export -> import into an empty database -> export: the same bytes,
    with X-in-Y frequencies, at-most and per-week limits, questions and descriptions."""
    source = loop_2_0_export(tmp_path / "export")
    (source / "Habits.csv").write_text(
        (source / "Habits.csv").read_text(encoding="utf-8")
        + '005,"Wine, at most",,,1,1,#00897B\n', encoding="utf-8")
    run("import", str(source), "--format", "loop")
    run("habit", "add", "wine", "--kind", "daily", "--max", "1.5", "--unit", "glasses")
    run("habit", "add", "run", "--kind", "daily", "--min", "20", "--unit", "km", "--per", "7")
    run("checkin", "--date", "2026-11-20", "--set", "wine=2", "--set", "run=5.5")
    first = tmp_path / f"first.{fmt}"
    run("export", "--format", fmt, "--output", str(first))
    text = first.read_text(encoding="utf-8")
    for fragment in ("Did you meditate?", "Ten minutes", "glasses"):
        assert fragment in text
    other = str(tmp_path / "other.db")
    run("import", str(first), HABIT_TRACKER_DB=other)
    second = tmp_path / f"second.{fmt}"
    run("export", "--format", fmt, "--output", str(second), HABIT_TRACKER_DB=other)
    assert second.read_bytes() == first.read_bytes()
    with open_store(Path(other)) as store:
        floss, wine, run_habit = store.habit("floss"), store.habit("wine"), store.habit("run")
    assert (floss.per_week, floss.per_days) == (2, 30)
    assert (wine.daily_max, wine.daily_min) == (1.5, None)
    assert (run_habit.daily_min, run_habit.per_days) == (20, 7)


def test_loop_question_is_the_check_in_prompt(run: Any, tmp_path: Path) -> None:
    run("import", str(loop_2_0_export(tmp_path / "export")), "--format", "loop")
    answers = "d\n\n\n\n\n\n"
    result = run("checkin", "--interactive", "--date", "2021-03-06", input=answers)
    assert "Did you meditate? [d]one, [s]kip, [m]issed?" in result.output
    assert "Бег: [d]one" in result.output  # no question: its name


def test_harsh_end_date_after_the_log_keeps_the_habit_active(run: Any, run_json: Any,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("Course: 1: 2030-01-31\n", encoding="utf-8")
    (folder / "log").write_text("2024-06-10 : Course : y :  : \n", encoding="utf-8")
    result = run("import", str(folder), "--format", "harsh")
    assert "'Course' ends on 2030-01-31, after the log's last day: imported active" in (
        result.stderr)
    listed = run_json("habit", "list", "--json")["habits"]
    assert [h["slug"] for h in listed] == ["course"]


def test_an_imported_habit_never_lands_in_a_different_habit(initialised: Any, run_json: Any,
                                                            tmp_path: Path) -> None:
    run = initialised  # has workout (weekly) and goal
    first = tmp_path / "first"
    first.mkdir()
    (first / "Habits.csv").write_text(OLD_HEADER + "001,Workout,,,1,1,#FF8F00\n002,晨读,,,1,1,#1\n",
                                      encoding="utf-8")
    (first / "001 Workout").mkdir()
    (first / "001 Workout" / "Checkmarks.csv").write_text("2026-11-20,2\n", encoding="utf-8")
    (first / "002").mkdir()
    (first / "002" / "Checkmarks.csv").write_text("2026-11-20,2\n", encoding="utf-8")
    out = run("import", str(first), "--format", "loop")
    assert "the slug 'workout' is 'Workout' (weekly) here, so it comes in as 'workout-2'" in (
        out.stderr)
    second = tmp_path / "second"
    second.mkdir()
    (second / "Habits.csv").write_text(OLD_HEADER + "001,瑜伽,,,1,1,#1\n", encoding="utf-8")
    (second / "001").mkdir()
    (second / "001" / "Checkmarks.csv").write_text("2026-11-21,2\n", encoding="utf-8")
    out = run("import", str(second), "--format", "loop")
    assert "comes in as 'habit-2'" in out.stderr
    again = run("import", str(second), "--format", "loop").stdout  # the same habit-2 again
    assert "Nothing new in" in again
    names = {h["slug"]: h["name"] for h in run_json("habit", "list", "--json")["habits"]}
    assert (names["workout"], names["workout-2"]) == ("Workout", "Workout")
    assert (names["habit"], names["habit-2"]) == ("晨读", "瑜伽")
    assert history(run_json, "habit") == {"2026-11-20": ("done", None)}
    assert history(run_json, "habit-2") == {"2026-11-21": ("done", None)}


# ------------------------------------------------------------------ strength through import


def test_strength_through_import_equals_loops_for_every_frequency_and_target(
    run: Any, tmp_path: Path
) -> None:
    """A current-schema backup with a habit of each frequency and target type and a
    year of random history: after `import`, the strength on every logged day is the
    figure Loop's algorithm gives (reference implementation in test_frequency)."""
    kinds = [  # name, type, freq_num, freq_den, target_type, target
        ("Daily", 0, 1, 1, 0, 0.0), ("Two in three", 0, 2, 3, 0, 0.0),
        ("Every other day", 0, 1, 2, 0, 0.0), ("Three a week", 0, 3, 7, 0, 0.0),
        ("Five a week", 0, 5, 7, 0, 0.0), ("Monthly", 0, 1, 30, 0, 0.0),
        ("Twice a month", 0, 2, 30, 0, 0.0), ("Every two months", 0, 1, 60, 0, 0.0),
        ("Pages", 1, 1, 1, 0, 20.0), ("Km a week", 1, 1, 7, 0, 30.0),
        ("Wine", 1, 1, 1, 1, 1.0), ("Coffee a week", 1, 1, 7, 1, 10.0),
    ]
    path = tmp_path / "backup.db"
    con = sqlite3.connect(path)
    con.executescript(
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
        PRAGMA user_version = 25;
        """
    )
    rng = Random(9)
    first = date(2025, 1, 1)
    codes: dict[str, list[int]] = {}
    for hid, (name, kind, num, den, target_type, target) in enumerate(kinds, 1):
        con.execute("INSERT INTO Habits (id, archived, freq_den, freq_num, name, position, type,"
                    " target_type, target_value, unit) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, 'u')",
                    (hid, den, num, name, hid, kind, target_type, target))
        series: list[int] = []
        for offset in range(365):
            r = rng.random()
            if kind == 0:
                code = YES if r < num / den + 0.1 else (SKIP_CODE if r > 0.95 else (
                    NO if r > 0.7 else UNKNOWN))
            else:
                code = UNKNOWN if r < 0.3 else round(rng.uniform(0, 2.2 * target / den), 1) * 1000
                code = int(code) if code != SKIP_CODE else 0
            if offset == 0:
                code = YES if kind == 0 else int(target * 1000)
            series.append(code)
            if code != UNKNOWN:
                stamp = (first + timedelta(days=offset) - date(1970, 1, 1)).days * 86_400_000
                con.execute("INSERT INTO Repetitions (habit, timestamp, value) VALUES (?, ?, ?)",
                            (hid, stamp, code))
        codes[name] = series
    con.commit()
    con.close()
    result = run("import", str(path), "--format", "loop")
    assert "Imported 12 new habits" in result.stdout
    assert "becomes" not in result.stderr and "differ" not in result.stderr
    checked = 0
    with open_store(tmp_path / "habits.db") as store:
        for name, kind, num, den, target_type, target in kinds:
            habit = next(h for h in store.habits() if h.name == name)
            entries = store.entries(habit)
            expected = loop_reference(codes[name], num, den, numeric=kind == 1,
                                      at_most=target_type == 1, target=target)
            for entry in entries:
                offset = (entry.date - first).days
                got = engine.analyze(habit, entries, entry.date).strength
                assert abs(got - 100 * expected[offset]) <= 0.1, (name, entry.date)
                checked += 1
    assert checked > 2500


def test_loop_backup_with_habits_and_no_check_ins_at_all(run: Any, run_json: Any,
                                                        tmp_path: Path) -> None:
    backup = tmp_path / "fresh.db"
    make_v19(backup)
    con = sqlite3.connect(backup)
    con.execute("DELETE FROM Repetitions")
    con.commit()
    con.close()
    result = run("import", str(backup), "--format", "loop")
    assert "Imported 2 new habits from" in result.stdout
    habits = run_json("habit", "list", "--json")["habits"]
    assert [(h["slug"], h["created"]) for h in habits] == [("stretch", "2026-11-22"),
                                                           ("untouched", "2026-11-22")]
