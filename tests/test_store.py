"""The store as a library: schema and migrations, refusals, transactions, undo."""

from __future__ import annotations

import hashlib
import math
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from habit_tracker import migrations, tracker
from habit_tracker import models as m
from habit_tracker.errors import DatabaseError, NotInitialisedError, UnknownHabitError, UsageError
from habit_tracker.schema import MIGRATION_NAMES, MIGRATION_SET
from habit_tracker.store import CheckinInput, Store, default_db_path, open_store, parse_value

TODAY = date(2026, 11, 22)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "h.db", create=True)
    tracker.initialise(s, today=TODAY, since=date(2026, 11, 1),
                       goal=("Half marathon", 300.0, "km", date(2027, 3, 1)))
    return s


# ------------------------------------------------------------------ schema


def test_migration_names_match_the_registered_functions() -> None:
    assert migrations.registered_names() == MIGRATION_NAMES


def test_blank_database_gets_the_expected_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "h.db"
    open_store(path, create=True).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    db = Database(path)
    assert set(db.table_names()) >= {"habits", "entries", "days", "settings", "changes",
                                      "change_rows", "_sqlite_migrations"}
    assert db["habits"].columns_dict == {
        "id": int, "slug": str, "name": str, "kind": str, "since": str, "created": str,
        "per_week": int, "daily_min": float, "target": float, "unit": str, "deadline": str,
        "archived": int, "position": int, "per_days": int, "daily_max": float,
        "question": str, "description": str, "role": str,
    }
    assert db["entries"].pks == ["habit_id", "date"]
    assert set(db["entries"].columns_dict) == {"habit_id", "date", "status", "amount", "note"}
    assert set(db["days"].columns_dict) == {"date", "mood", "note", "reached_out",
                                            "necessary_contact", "break_trigger"}
    assert set(db["urges"].columns_dict) == {"id", "at", "date", "intensity", "triggers", "note"}
    assert set(db["writings"].columns_dict) == {"id", "at", "date", "text"}
    assert ("date",) in [tuple(i.columns) for i in db["entries"].indexes]
    applied = [r["name"] for r in db["_sqlite_migrations"].rows_where("migration_set = ?",
                                                                       [MIGRATION_SET])]
    assert applied == list(MIGRATION_NAMES)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_oldest_schema_is_migrated_with_its_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.migrations.apply(db, stop_before="m002_entries_by_date")
    assert ("date",) not in [tuple(i.columns) for i in db["entries"].indexes]
    db["habits"].insert({"slug": "no-contact", "name": "No contact", "kind": "abstain",
                         "since": "2026-11-01", "created": "2026-11-01", "archived": 0,
                         "position": 1})
    db["entries"].insert({"habit_id": 1, "date": "2026-11-05", "status": "broken",
                          "note": "called at 2am"})
    db.close()
    with open_store(path) as s:
        habit = s.habit("no-contact")
        assert s.entries(habit) == [m.Entry(date(2026, 11, 5), "broken", None, "called at 2am")]
    assert ("date",) in [tuple(i.columns) for i in Database(path)["entries"].indexes]


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    open_store(path, create=True).close()
    db = Database(path)
    db["_sqlite_migrations"].insert({"migration_set": MIGRATION_SET, "name": "m099_from_the_future",
                                     "applied_at": "2030-01-01"})
    db.close()
    before = digest(path)
    with pytest.raises(DatabaseError, match="newer version"):
        open_store(path)
    assert digest(path) == before


def test_non_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("dear diary\n" * 200)
    before = digest(path)
    with pytest.raises(DatabaseError, match="not a habit-tracker database"):
        open_store(path)
    assert digest(path) == before


def test_other_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE photos (id INTEGER)").connection.commit()
    before = digest(path)
    with pytest.raises(DatabaseError, match="another program"):
        open_store(path)
    assert digest(path) == before


def test_corrupt_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    open_store(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError):
        open_store(path)


def test_missing_database_is_not_created_by_reads(tmp_path: Path) -> None:
    with pytest.raises(NotInitialisedError, match="habit-tracker init"):
        open_store(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_default_path_follows_env_then_xdg(tmp_path: Path) -> None:
    assert default_db_path({"HABIT_TRACKER_DB": "/x/y.db"}) == Path("/x/y.db")
    assert default_db_path({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "habit-tracker" / "habits.db"
    assert default_db_path({}).parts[-4:] == (".local", "share", "habit-tracker", "habits.db")


# ----------------------------------------------------------------- writing


def test_parse_value_per_kind() -> None:
    abstain = m.Habit("nc", "NC", m.ABSTAIN, since=TODAY)
    daily = m.Habit("d", "D", m.DAILY)
    pages = m.Habit("p", "P", m.DAILY, daily_min=20)
    goal = m.Habit("g", "G", m.GOAL, target=10)
    assert parse_value(abstain, "Broken") == ("broken", None)
    assert parse_value(daily, "rest") == ("skip", None)
    assert parse_value(pages, "25") == (None, 25.0)
    assert parse_value(pages, "skip") == ("skip", None)
    assert parse_value(goal, "2.5") == (None, 2.5)
    for habit, bad in [(abstain, "done"), (daily, "12"), (goal, "-1"), (goal, "nan"),
                       (goal, "inf"), (goal, "done"), (pages, "lots")]:
        with pytest.raises(UsageError):
            parse_value(habit, bad)


def test_checkin_writes_entries_and_day_in_one_change(store: Store) -> None:
    store.checkin(CheckinInput(TODAY, {"workout": "done", "goal": "5"}, mood=7, note="Ran"),
                  TODAY)
    habit = store.habit("goal")
    assert store.entries(habit) == [m.Entry(TODAY, None, 5.0, None)]
    assert store.days()[TODAY] == m.DayInfo(TODAY, 7, "Ran", False)
    assert store.changes(1)[0]["action"] == "checkin 2026-11-22"


def test_checking_in_again_updates_and_keeps_other_fields(store: Store) -> None:
    store.checkin(CheckinInput(TODAY, {"workout": "done"}, mood=4, note="first"), TODAY)
    store.checkin(CheckinInput(TODAY, {"workout": "skip"}, mood=6), TODAY)
    assert store.entries(store.habit("workout")) == [m.Entry(TODAY, "skip")]
    assert store.days()[TODAY] == m.DayInfo(TODAY, 6, "first", False)


def test_failed_checkin_writes_nothing(store: Store) -> None:
    before = store.changes()
    with pytest.raises(UsageError):
        store.checkin(CheckinInput(TODAY, {"workout": "done", "goal": "-3"}, mood=5), TODAY)
    with pytest.raises(UnknownHabitError, match="did you mean 'workout'"):
        store.checkin(CheckinInput(TODAY, {"workout": "done", "workuot": "done"}), TODAY)
    assert store.entries(store.habit("workout")) == []
    assert store.days() == {}
    assert store.changes() == before


def test_abstain_value_before_its_start_says_how_to_move_it(store: Store) -> None:
    with pytest.raises(UsageError, match="habit edit no-contact --since 2026-10-30"):
        store.checkin(CheckinInput(date(2026, 10, 30), {"no-contact": "broken"}), TODAY)


def test_reached_out_contradicting_a_break_is_refused(store: Store) -> None:
    with pytest.raises(UsageError, match="did not answer"):
        store.checkin(CheckinInput(TODAY, {"no-contact": "broken"}, reached_out=True), TODAY)


def test_undo_walks_back_through_changes_and_keeps_a_trace(store: Store) -> None:
    store.checkin(CheckinInput(TODAY, {"workout": "done"}, mood=7), TODAY)
    store.checkin(CheckinInput(TODAY, {"workout": "missed"}, mood=3, note="bad day"), TODAY)
    assert "checkin 2026-11-22" in store.undo()
    assert store.entries(store.habit("workout")) == [m.Entry(TODAY, "done")]
    assert store.days()[TODAY] == m.DayInfo(TODAY, 7, None, False)
    store.undo()
    assert store.entries(store.habit("workout")) == []
    assert store.days() == {}
    store.undo()  # the init itself
    assert store.habits(include_archived=True) == []
    actions = [c["action"] for c in store.changes()]
    assert actions[0].startswith("undo") and "init" in actions[0]
    assert len(actions) == 6  # three changes, three undoings: nothing erased
    rows = store.conn.execute("SELECT COUNT(*) FROM change_rows").fetchone()[0]
    assert rows > 0


def test_habit_edit_cannot_hide_a_logged_break(store: Store) -> None:
    store.checkin(CheckinInput(date(2026, 11, 10), {"no-contact": "broken"}), TODAY)
    with pytest.raises(UsageError, match="break logged on 2026-11-10"):
        tracker.edit_habit(store, "no-contact", since=date(2026, 11, 12))
    moved = tracker.edit_habit(store, "no-contact", since=date(2026, 10, 20))
    assert moved.since == date(2026, 10, 20)


def test_add_habit_validation(store: Store) -> None:
    for slug, kind, extra, words in [
        ("Bad Slug", m.DAILY, {}, "lowercase"),
        ("workout", m.DAILY, {}, "exists already"),
        ("run", m.WEEKLY, {"per_week": 9}, "1 to 7"),
        ("save", m.GOAL, {}, "needs --target"),
        ("pages", m.DAILY, {"daily_min": -2.0}, "above 0"),
        ("pages", m.DAILY, {"daily_min": math.inf}, "above 0"),
        ("walk", m.DAILY, {"target": 5.0}, "only for goals"),
    ]:
        with pytest.raises(UsageError, match=words):
            tracker.add_habit(store, slug, kind, today=TODAY, **extra)
    added = tracker.add_habit(store, "reading", m.DAILY, today=TODAY, daily_min=20, unit="pages")
    assert (added.name, added.position, added.created) == ("Reading", 4, TODAY)


def test_every_habit_column_lands_in_its_field(store: Store) -> None:
    from habit_tracker.store import habit_from_row

    row = {field: f"value of {field}" for field in m.Habit._fields}
    row.update(since=None, created=None, deadline="2027-03-04", archived=1)
    habit = habit_from_row(row)
    for field in m.Habit._fields:
        expected = {"since": None, "created": None, "deadline": date(2027, 3, 4),
                    "archived": True}.get(field, f"value of {field}")
        assert getattr(habit, field) == expected, field


def test_the_habits_read_follow_every_change_by_any_connection(store: Store) -> None:
    """habits() keeps its last read while nothing changed: another connection's
    commit, this store's own writes, and a rolled-back write all show at once."""
    first = store.habits()
    assert store.habits() == first and store.habits() is not store.habits()
    other = sqlite3.connect(store.file)
    with other:
        other.execute("UPDATE habits SET name = 'Renamed elsewhere' WHERE slug = 'workout'")
    other.close()
    assert {h.slug: h.name for h in store.habits()}["workout"] == "Renamed elsewhere"
    store.conn.execute("UPDATE habits SET archived = 1 WHERE slug = 'goal'")
    assert "goal" not in {h.slug for h in store.habits()}
    assert "goal" in {h.slug for h in store.habits(include_archived=True)}
    store.conn.execute("BEGIN")
    store.conn.execute("UPDATE habits SET name = 'Never kept' WHERE slug = 'workout'")
    assert {h.slug: h.name for h in store.habits()}["workout"] == "Never kept"
    store.conn.execute("ROLLBACK")
    assert {h.slug: h.name for h in store.habits()}["workout"] == "Renamed elsewhere"
    store.conn.execute("BEGIN")  # a rollback, then a new transaction: no stale read
    store.conn.execute("UPDATE habits SET name = 'Never kept' WHERE slug = 'workout'")
    store.conn.execute("ROLLBACK")
    store.conn.execute("BEGIN")
    assert {h.slug: h.name for h in store.habits()}["workout"] == "Renamed elsewhere"
    store.conn.execute("ROLLBACK")


def test_put_many_writes_and_logs_what_puts_one_by_one_would(tmp_path: Path) -> None:
    """The check-in's batched write: inserts, updates, deletions and unchanged
    rows give the same table and the same change-log images as single puts, and
    undo takes them all back."""
    from habit_tracker.store import TABLES

    def fill(path: Path, batched: bool) -> tuple[list[tuple[object, ...]], ...]:
        s = open_store(path, create=True)
        tracker.initialise(s, today=TODAY, since=date(2026, 11, 1),
                           goal=("Half marathon", 300.0, "km", date(2027, 3, 1)))
        ids = {h.slug: h.id for h in s.habits()}
        with s.transaction("setup") as tx:
            for slug in ("no-contact", "workout"):
                tx.put("entries", {"habit_id": ids[slug], "date": "2026-11-20",
                                   "status": "kept" if slug == "no-contact" else "done",
                                   "amount": None, "note": "n"})
        columns = TABLES["entries"][0]
        there = {r[0]: dict(zip(columns, r, strict=True)) for r in s.conn.execute(
            f"SELECT {', '.join(columns)} FROM entries WHERE date = '2026-11-20'")}
        wanted = [
            ({"habit_id": ids["no-contact"], "date": "2026-11-20"}, there.get(ids["no-contact"]),
             {"habit_id": ids["no-contact"], "date": "2026-11-20", "status": "broken",
              "amount": None, "note": "n"}),  # update
            ({"habit_id": ids["workout"], "date": "2026-11-20"}, there.get(ids["workout"]),
             None),  # delete
            ({"habit_id": ids["goal"], "date": "2026-11-20"}, None,
             {"habit_id": ids["goal"], "date": "2026-11-20", "status": None, "amount": 4.5,
              "note": None}),  # insert
        ]
        with s.transaction("checkin 2026-11-20") as tx:
            if batched:
                tx.put_many("entries", wanted)
            else:
                for key, before, after in wanted:
                    tx.put("entries", after, key=key, before=before)
        rows = s.conn.execute("SELECT habit_id, date, status, amount, note FROM entries "
                              "ORDER BY habit_id, date").fetchall()
        log = s.conn.execute("SELECT tbl, key, before, after FROM change_rows "
                             "ORDER BY tbl, key").fetchall()
        s.undo()
        after_undo = s.conn.execute("SELECT habit_id, date, status, amount, note FROM entries "
                                    "ORDER BY habit_id, date").fetchall()
        s.close()
        return rows, log, after_undo

    batched = fill(tmp_path / "a.db", batched=True)
    assert batched == fill(tmp_path / "b.db", batched=False)
    rows, log, after_undo = batched
    assert len([r for r in log if r[0] == "entries"]) == 5  # 2 setup images + 3
    assert len(rows) == 2  # goal added, workout gone
    assert {r[0] for r in after_undo} == {1, 2}  # undo: the setup's two rows again


def test_habits_read_as_tuples_equal_habits_read_as_rows(store: Store) -> None:
    from habit_tracker.store import habit_from_row

    store.conn.execute(
        "UPDATE habits SET per_week = 4, per_days = 10, daily_min = 1.5, daily_max = 9.5, "
        "question = 'Did you?', description = 'why', deadline = '2027-02-03', archived = 1, "
        "position = 7 WHERE slug = 'workout'")
    rows = store._rows("SELECT * FROM habits ORDER BY position, id")
    assert store.habits(include_archived=True) == [habit_from_row(r) for r in rows]
    workout = next(h for h in store.habits(include_archived=True) if h.slug == "workout")
    assert (workout.per_days, workout.daily_max, workout.deadline, workout.archived,
            workout.position) == (10, 9.5, date(2027, 2, 3), True, 7)
