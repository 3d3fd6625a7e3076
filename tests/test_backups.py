"""Automatic and manual backups: when they are made, what rotation keeps, restore,
and a backup taken while real processes check in."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habit_tracker import backups, tracker
from habit_tracker.cli import cli
from habit_tracker.errors import DatabaseError, HabitTrackerError
from habit_tracker.store import CheckinInput, open_store

TODAY = date(2026, 11, 22)  # a Sunday


def d(text: str) -> date:
    return date.fromisoformat(text)


def names(folder: Path) -> list[str]:
    """The visible files (the hidden one is the store's checked stamp, not a backup)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) \
        if folder.is_dir() else []


# ------------------------------------------------------------------ rotation


def every_day(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@pytest.mark.parametrize(("last", "week_start", "expected"), [
    # A Sunday, weeks from Monday: this whole week, then the Sundays of 4 weeks.
    ("2026-11-22", 0, ["2026-10-25", "2026-11-01", "2026-11-08", "2026-11-15",
                       "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20",
                       "2026-11-21", "2026-11-22"]),
    # A Wednesday: 7 days back to Thursday; the week they cut keeps its Wednesday.
    ("2026-11-18", 0, ["2026-10-25", "2026-11-01", "2026-11-08", "2026-11-11",
                       "2026-11-12", "2026-11-13", "2026-11-14", "2026-11-15", "2026-11-16",
                       "2026-11-17", "2026-11-18"]),
    # A Monday.
    ("2026-11-16", 0, ["2026-10-25", "2026-11-01", "2026-11-08", "2026-11-09",
                       "2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-14",
                       "2026-11-15", "2026-11-16"]),
    # Weeks from Sunday: a week's last day is a Saturday.
    ("2026-11-22", 6, ["2026-10-31", "2026-11-07", "2026-11-14", "2026-11-15",
                       "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20",
                       "2026-11-21", "2026-11-22"]),
])
def test_rotation_keeps_7_daily_and_4_weekly_with_daily_backups(
        last: str, week_start: int, expected: list[str]) -> None:
    kept = backups.to_keep(every_day("2026-09-01", last), week_start)
    assert sorted(k.isoformat() for k in kept) == expected


def test_rotation_with_gaps_counts_backups_not_calendar_days() -> None:
    days = [d(x) for x in ("2026-08-03", "2026-09-14", "2026-10-01", "2026-10-02",
                           "2026-10-20", "2026-11-02", "2026-11-03", "2026-11-09",
                           "2026-11-11", "2026-11-20", "2026-11-21")]
    kept = backups.to_keep(days)
    # the 7 newest backups, whatever their dates; then the newest of each older week
    # (only three older weeks hold one: 4 weekly is an upper bound)
    assert sorted(k.isoformat() for k in kept) == [
        "2026-08-03", "2026-09-14", "2026-10-02", "2026-10-20",
        "2026-11-02", "2026-11-03", "2026-11-09", "2026-11-11", "2026-11-20", "2026-11-21",
    ]
    assert backups.to_keep([]) == set()
    assert backups.to_keep(days[:3]) == set(days[:3])


def test_rotation_over_simulated_weeks_leaves_exactly_the_promised_files(run_cli: Run, db_path: Path) -> None:
    """Seven weeks of one check-in a day, the clock pinned to each evening."""
    run_cli("init", "--since", "2026-10-01", now="2026-10-05T20:00:00")
    folder = db_path.parent / "backups"
    (folder / "notes.txt").write_text("mine")  # not ours: never touched
    for day in every_day("2026-10-05", "2026-11-22"):
        run_cli("checkin", "--no-contact", now=f"{day.isoformat()}T21:00:00")
        if day == d("2026-11-04"):  # a Wednesday
            kept = [n for n in names(folder) if n.startswith("habits-")]
            assert kept == [f"habits-{x}.db" for x in (
                "2026-10-11", "2026-10-18", "2026-10-25", "2026-10-28", "2026-10-29",
                "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03",
                "2026-11-04")]
    assert names(folder) == sorted([f"habits-{x}.db" for x in (
        "2026-10-25", "2026-11-01", "2026-11-08", "2026-11-15", "2026-11-16", "2026-11-17",
        "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22")] + ["notes.txt"])
    listing = run_cli("backup", "--list").stdout
    assert listing.count("daily") == 7 and listing.count("weekly") == 4
    assert "notes.txt" not in listing


# ------------------------------------------------------- automatic backups


@pytest.fixture
def run_cli(env: dict[str, str]) -> Callable[..., Result]:
    def invoke(*args: str, now: str = "2026-11-22T20:00:00", code: int = 0,
               input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), env={**env, "HABIT_TRACKER_NOW": now},
                                    input=input, catch_exceptions=False)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return invoke


Run = Callable[..., Result]


def test_first_write_of_the_day_makes_a_private_backup_once(run_cli: Run, db_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01", now="2026-11-21T09:00:00")
    folder = db_path.parent / "backups"
    assert names(folder) == ["habits-2026-11-21.db"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    first = folder / "habits-2026-11-21.db"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    made = first.stat().st_mtime_ns
    run_cli("checkin", "--no-contact", "--note", "later that day", now="2026-11-21T22:00:00")
    assert first.stat().st_mtime_ns == made  # one backup a day: not remade
    run_cli("status", now="2026-11-22T08:00:00")  # reads make no backup
    assert names(folder) == ["habits-2026-11-21.db"]
    run_cli("checkin", "--workout", now="2026-11-22T08:00:00")
    assert names(folder) == ["habits-2026-11-21.db", "habits-2026-11-22.db"]
    # the snapshot is a database holding what was committed before it
    conn = sqlite3.connect(folder / "habits-2026-11-22.db")
    assert conn.execute("SELECT note FROM days").fetchall() == [("later that day",)]


def test_day_start_decides_whose_backup_it_is(run_cli: Run, db_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01", "--day-start", "4", now="2026-11-22T02:00:00")
    assert names(db_path.parent / "backups") == ["habits-2026-11-21.db"]


def test_backups_setting_off_and_on(run_cli: Run, db_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01", now="2026-11-20T09:00:00")
    run_cli("config", "backups", "off", now="2026-11-21T09:00:00")
    run_cli("checkin", "--no-contact", now="2026-11-22T09:00:00")
    assert names(db_path.parent / "backups") == ["habits-2026-11-20.db"]
    assert "backups is on or off" in run_cli("config", "backups", "maybe", code=2).stderr
    run_cli("config", "backups", "on", now="2026-11-22T10:00:00")
    assert "habits-2026-11-22.db" in names(db_path.parent / "backups")


def test_a_failing_automatic_backup_warns_and_keeps_the_checkin(
        run_cli: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli("init", "--since", "2026-11-01", now="2026-11-21T09:00:00")

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise HabitTrackerError("cannot write backups/habits-2026-11-22.db: No space left on device")

    monkeypatch.setattr(backups, "snapshot", full_disk)
    result = run_cli("checkin", "--no-contact", "--mood", "6")
    assert result.stderr.startswith("Warning: the automatic backup failed: cannot write")
    assert "Day 22" in result.stdout
    assert "mood 6" in run_cli("history").stdout


def test_backup_command_output_and_list(run_cli: Run, db_path: Path, tmp_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01")
    run_cli("checkin", "--no-contact", "--note", "made it")
    out = tmp_path / "copy.db"
    assert "Backed up to" in run_cli("backup", "--output", str(out)).stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sqlite3.connect(out).execute("SELECT note FROM days").fetchone() == ("made it",)
    run_cli("backup")  # replaces today's with a fresh one
    conn = sqlite3.connect(db_path.parent / "backups" / "habits-2026-11-22.db")
    assert conn.execute("SELECT note FROM days").fetchone() == ("made it",)
    assert "habits-2026-11-22.db" in run_cli("backup", "--list").stdout
    assert "is a directory" in run_cli("backup", "--output", str(tmp_path), code=2).stderr


def test_backup_list_when_there_is_none(run_cli: Run, db_path: Path) -> None:
    assert "No backups yet" in run_cli("backup", "--list").stdout


# ------------------------------------------------------------------- restore


def test_restore_saves_the_current_database_aside_and_says_where(run_cli: Run, db_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01", now="2026-11-21T09:00:00")
    run_cli("checkin", "--no-contact", "--note", "first day", now="2026-11-21T21:00:00")
    run_cli("backup", now="2026-11-21T21:30:00")
    run_cli("checkin", "--contact", "--note", "a mistake", now="2026-11-22T21:00:00")
    saved = db_path.parent / "backups" / "habits-2026-11-21.db"
    out = run_cli("restore", str(saved), now="2026-11-22T21:05:00").stdout
    aside = db_path.parent / "backups" / "habits-before-restore-20261122-210500.db"
    assert str(aside) in out and "saved" in out
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    history = run_cli("history", "--json").stdout
    assert "first day" in history and "a mistake" not in history
    # and back again
    run_cli("restore", str(aside), now="2026-11-22T21:06:00")
    assert "a mistake" in run_cli("history", "--json").stdout


def test_restore_refuses_what_is_not_a_habit_tracker_database(run_cli: Run, db_path: Path,
                                                              tmp_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01")
    before = db_path.read_bytes()
    text = tmp_path / "notes.db"
    text.write_text("hello")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("PRAGMA user_version = 1")
    for path, why in ((text, "not a habit-tracker database"), (other, "another program"),
                      (empty, "not a habit-tracker database"), (tmp_path / "nope.db", "no file")):
        err = run_cli("restore", str(path), code=3 if why != "no file" else 2).stderr
        assert why in err and err.startswith("Error: ") and len(err.strip().splitlines()) == 1
    assert db_path.read_bytes() == before


def test_restore_onto_a_new_machine_with_no_database(run_cli: Run, db_path: Path,
                                                    tmp_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01")
    run_cli("checkin", "--no-contact", "--note", "carried over")
    saved = tmp_path / "carry.db"
    run_cli("backup", "--output", str(saved))
    new = tmp_path / "new" / "habits.db"
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    run_cli("--db", str(new), "restore", str(bad), code=3)
    assert not new.exists()  # a failed restore leaves nothing behind
    out = run_cli("--db", str(new), "restore", str(saved)).stdout
    assert "saved as" not in out and f"into {new}" in out
    assert "carried over" in run_cli("--db", str(new), "history").stdout


def test_backups_of_a_database_with_a_longer_name_are_not_ours(run_cli: Run, db_path: Path) -> None:
    run_cli("init", "--since", "2026-11-01")
    folder = db_path.parent / "backups"
    theirs = ["habits-old-2026-11-20.db", "habits-old-before-restore-20261120-100000.db",
              "habits-2026-13-45.db"]
    for name in theirs:
        (folder / name).write_text("x")
    assert [b.path.name for b in backups.list_backups(db_path)] == ["habits-2026-11-22.db"]
    run_cli("forget", "--everything", "--yes")
    assert set(theirs) <= set(names(folder))


def test_restore_library_refuses_a_newer_database(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    with open_store(newer, create=True) as s:
        s.conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                       "VALUES ('habit-tracker', 'm999_future', '2030-01-01')")
    with pytest.raises(DatabaseError, match="newer version"):
        backups.check_backup_file(newer)


# ------------------------------------------------- backups under concurrency


WRITER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta
    from habit_tracker.cli import main
    proc, count = int(sys.argv[1]), int(sys.argv[2])
    for k in range(count):
        day = date(2026, 11, 22) - timedelta(days=proc * 100 + k)
        sys.argv = ["habit-tracker", "checkin", "--date", day.isoformat(), "--workout",
                    "--mood", str(1 + k % 10), "--note", f"p{proc}-{k}"]
        try:
            main()
        except SystemExit as exc:
            if exc.code:
                raise
""")


def consistent(path: Path) -> dict[int, int]:
    """Check the invariants every committed state has; each writer's progress."""
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    workouts = {r[0] for r in conn.execute(
        "SELECT date FROM entries JOIN habits ON habits.id = habit_id WHERE slug = 'workout'")}
    notes = dict(conn.execute("SELECT date, note FROM days").fetchall())
    # each check-in wrote its entry and its day in one transaction, with one change
    assert workouts == set(notes)
    (checkins,) = conn.execute("SELECT COUNT(*) FROM changes WHERE action LIKE 'checkin%'").fetchone()
    assert checkins == len(notes)
    progress: dict[int, list[int]] = {}
    for note in notes.values():
        proc, k = note[1:].split("-")
        progress.setdefault(int(proc), []).append(int(k))
    # each writer's check-ins are sequential: a snapshot holds a prefix of them
    for ks in progress.values():
        assert sorted(ks) == list(range(len(ks)))
    conn.close()
    return {p: len(ks) for p, ks in progress.items()}


def test_backup_during_concurrent_checkins_restores_a_consistent_state(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with open_store(db, create=True) as store:
        tracker.initialise(store, today=TODAY, since=date(2025, 1, 1))
    env = {**os.environ, "HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": "2026-11-22T21:00:00"}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(p), "40"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for p in range(3)]
    made = []
    deadline = time.time() + 120
    while any(w.poll() is None for w in writers) and time.time() < deadline:
        target = tmp_path / f"snap-{len(made)}.db"
        subprocess.run([sys.executable, "-m", "habit_tracker", "backup", "--output", str(target)],
                       env=env, check=True, capture_output=True)
        made.append(target)
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    assert made
    final = consistent(db)
    assert final == {0: 40, 1: 40, 2: 40}
    seen_partial = False
    for snap in made:
        target = tmp_path / "restored.db"
        target.unlink(missing_ok=True)
        with open_store(target, create=True) as fresh:
            tracker.initialise(fresh, today=TODAY, since=date(2026, 11, 1))
        subprocess.run([sys.executable, "-m", "habit_tracker", "--db", str(target), "restore",
                        str(snap), "--yes"], env=env, check=True, capture_output=True)
        progress = consistent(target)
        seen_partial |= sum(progress.values()) < 120
    assert seen_partial  # at least one snapshot was taken while the writers were running


def test_restore_into_a_database_other_processes_have_open(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with open_store(db, create=True) as store:
        tracker.initialise(store, today=TODAY, since=date(2026, 11, 1))
        store.checkin(CheckinInput(TODAY, {"workout": "done"}, note="old"), TODAY)
        snap = backups.write_backup(store, tmp_path / "s.db")
        store.checkin(CheckinInput(TODAY, note="new"), TODAY)
    reader = open_store(db)
    assert reader.days()[TODAY].note == "new"
    with open_store(db) as store:
        done = backups.restore(store, snap, now=datetime(2026, 11, 22, 21, 0))
    assert done.habits == 2
    assert reader.days()[TODAY].note == "old"  # another connection sees the restored content
    reader.close()


CHECKIN_THEN_MODULES = textwrap.dedent("""
    import sys
    from habit_tracker.cli import main
    sys.argv = ["habit-tracker", "checkin", "--no-contact", "--mood", sys.argv[1]]
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, exc.code
    print(" ".join(m for m in ("habit_tracker.backups", "pyrage", "shutil", "tempfile")
                   if m in sys.modules))
""")


def test_checkin_on_a_day_with_its_backup_imports_nothing_for_it(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with open_store(db, create=True) as store:
        tracker.initialise(store, today=TODAY, since=date(2026, 11, 1))
    env = {**os.environ, "HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": "2026-11-22T21:00:00"}

    def modules(mood: str) -> str:
        return subprocess.run([sys.executable, "-c", CHECKIN_THEN_MODULES, mood], env=env,
                              check=True, capture_output=True, text=True).stdout.splitlines()[-1]

    # The day's first write: the backup is made by a background process (this
    # pipe is read to its end, so it is done), and the check-in imported nothing for it.
    assert modules("5") == ""
    assert (tmp_path / "backups" / "h-2026-11-22.db").is_file()
    assert modules("6") == ""  # the backup is there: one stat, no import


def test_restoring_a_backup_from_an_older_version_migrates_it(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from habit_tracker import migrations
    from habit_tracker.schema import MIGRATION_NAMES

    old = tmp_path / "old-backup.db"
    db = Database(old)
    migrations.migrations.apply(db, stop_before=MIGRATION_NAMES[1])  # the first schema only
    db["habits"].insert({"slug": "no-contact", "name": "No contact", "kind": "abstain",
                         "since": "2026-11-01", "created": "2026-11-01", "archived": 0,
                         "position": 1})
    db["days"].insert({"date": "2026-11-05", "mood": 3, "note": "from long ago", "reached_out": 0})
    db.close()
    live = tmp_path / "habits.db"
    with open_store(live, create=True) as store:
        tracker.initialise(store, today=TODAY, since=date(2026, 11, 10))
    done = backups.restore_path(live, old, now=datetime(2026, 11, 22, 21, 0))
    assert done.saved_aside is not None and done.saved_aside.is_file()
    with open_store(live) as store:
        assert store.days()[date(2026, 11, 5)].note == "from long ago"
        applied = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == list(MIGRATION_NAMES)


def test_with_backups_off_the_days_check_runs_once_a_day(
        run_cli: Run, db_path: Path, full_checks: list[str]) -> None:
    """No backup file says the day's job has run, so a marker does: the whole-file
    check runs on the day's first write only, and again once backups are back on."""
    run_cli("init", "--since", "2026-11-01", now="2026-11-20T09:00:00")
    run_cli("config", "backups", "off", now="2026-11-21T09:00:00")
    checks = full_checks
    checks.clear()  # from here: the set-up above checked a new database
    run_cli("checkin", "--no-contact", now="2026-11-22T09:00:00")
    assert len(checks) == 1  # the day's job (the write itself trusted the stamp)
    run_cli("checkin", "--mood", "5", now="2026-11-22T10:00:00")
    run_cli("checkin", "--mood", "6", now="2026-11-22T11:00:00")
    assert len(checks) == 1
    run_cli("checkin", "--mood", "7", now="2026-11-23T09:00:00")
    assert len(checks) == 2  # a new day
    hidden = sorted(p.name for p in (db_path.parent / "backups").iterdir()
                    if p.name.startswith(".habits.db.checked-"))
    assert hidden == [".habits.db.checked-2026-11-23"]  # yesterday's marker is gone
    run_cli("config", "backups", "on", now="2026-11-23T10:00:00")
    assert "habits-2026-11-23.db" in names(db_path.parent / "backups")
