"""The write path's damage check and the day's background job.

A write runs SQLite's full ``quick_check`` unless the file is exactly as
habit-tracker left it after checking it (the stamp in ``backups/``); the day's
first write starts a background job that checks the whole file and then makes
the backup.  These tests hold both halves: the check is skipped only when
nothing else touched the file, and damage is refused either way.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habit_tracker import paths, tracker
from habit_tracker.backups import daily_job
from habit_tracker.errors import DatabaseError
from habit_tracker.store import (
    CheckinInput,
    checked_stamp_path,
    file_identity,
    open_store,
    read_checked_stamp,
)

TODAY = date(2026, 11, 22)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "h.db"
    with open_store(path, create=True) as store:
        tracker.initialise(store, today=TODAY, since=date(2026, 11, 1))
    return path


def later() -> None:
    """Past the file system clock's tick (a few ms on ext4): another program's
    change lands after habit-tracker's own last write, as in life."""
    time.sleep(0.05)


def write(path: Path, mood: int) -> None:
    with open_store(path) as store:
        store.checkin(CheckinInput(TODAY, {"no-contact": "kept"}, mood=mood), TODAY)


def test_a_checked_write_leaves_a_stamp_of_the_file(db: Path) -> None:
    assert read_checked_stamp(db) == file_identity(db) is not None
    assert oct(os.stat(checked_stamp_path(db)).st_mode & 0o777) == "0o600"


def test_the_next_write_skips_the_full_check_while_nothing_else_touched_the_file(
        db: Path, full_checks: list[str]) -> None:
    write(db, 5)
    write(db, 6)
    assert full_checks == []
    assert read_checked_stamp(db) == file_identity(db)


def test_another_programs_write_brings_the_full_check_back(db: Path, full_checks: list[str]) -> None:
    later()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE habits SET name = name || ' (edited)'")
    conn.commit()
    conn.close()
    write(db, 5)
    assert full_checks == [str(db)]
    write(db, 6)  # that check vouched for the file again
    assert full_checks == [str(db)]


def test_a_copied_database_gets_the_full_check(db: Path, tmp_path: Path, full_checks: list[str]) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    write(copy, 5)
    assert full_checks == [str(copy)]


def test_a_byte_flipped_behind_the_stamp_is_refused_and_nothing_is_written(db: Path) -> None:
    write(db, 5)
    later()
    data = bytearray(db.read_bytes())
    data[4096] = 0x00  # the second page's b-tree page type: no such type
    db.write_bytes(bytes(data))
    with pytest.raises(DatabaseError):
        write(db, 7)
    assert db.read_bytes() == bytes(data)


def test_a_stale_stamp_never_vouches_again(db: Path, full_checks: list[str]) -> None:
    stamp = Path(checked_stamp_path(db)).read_text()
    os.utime(db, ns=(1, 1))  # touched by someone else: the identity changes
    write(db, 5)
    assert full_checks == [str(db)]
    assert Path(checked_stamp_path(db)).read_text() != stamp


def test_a_write_ahead_log_left_with_frames_gets_the_full_check(db: Path, full_checks: list[str]) -> None:
    later()
    other = sqlite3.connect(db)  # another connection holding the log open with a write in it
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("UPDATE habits SET name = name || ' (edited)'")
    other.commit()
    try:
        write(db, 5)
    finally:
        other.close()
    assert full_checks == [str(db)]


def test_the_days_job_checks_the_whole_file_then_backs_it_up(db: Path, full_checks: list[str]) -> None:
    with open_store(db) as store:
        made = daily_job(store, TODAY)
    assert full_checks == [str(db)]
    assert made is not None and made.is_file()


def test_the_days_job_makes_no_backup_of_a_damaged_file_and_drops_the_stamp(db: Path) -> None:
    later()
    data = bytearray(db.read_bytes())
    data[4096] = 0x00
    db.write_bytes(bytes(data))
    store = open_store(db)
    try:
        with pytest.raises(DatabaseError):
            daily_job(store, TODAY)
    finally:
        store.close()
    assert not (db.parent / "backups" / "h-2026-11-22.db").exists()
    assert read_checked_stamp(db) is None


def test_the_real_program_returns_before_its_background_job_and_the_job_finishes(
        db: Path, tmp_path: Path) -> None:
    """Through the installed entry point: the day's backup comes from a process of
    its own (standard error, read to its end here, closes when it is done)."""
    env = {**os.environ, "HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": "2026-11-23T21:00:00"}
    code = "import sys; from habit_tracker.cli import main; sys.argv[0] = 'habit-tracker'; main()"
    done = subprocess.run([sys.executable, "-c", code, "checkin", "--no-contact"], env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("Saved Mon 23 Nov 2026")
    assert done.stderr == ""
    backup = db.parent / "backups" / "h-2026-11-23.db"
    assert backup.is_file()
    rows = sqlite3.connect(backup).execute(
        "SELECT COUNT(*) FROM entries WHERE date = '2026-11-23'").fetchone()
    assert rows == (1,)


def test_the_background_job_warns_on_the_programs_standard_error(db: Path, tmp_path: Path) -> None:
    """The job runs in an interpreter of its own, started from another folder with
    no PYTHONPATH: it still finds this package, and its failure (here a file
    where the backups folder goes) reaches the caller as one warning line, while
    the check-in stays saved."""
    folder = db.parent / "backups"
    for old in folder.iterdir():
        old.unlink()
    folder.rmdir()
    folder.write_text("not a folder")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(HABIT_TRACKER_DB=str(db), HABIT_TRACKER_NOW="2026-11-23T21:00:00")
    code = "import sys; from habit_tracker.cli import main; sys.argv[0] = 'habit-tracker'; main()"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-c", code, "checkin", "--no-contact", "--mood", "4"],
                          env=env, cwd=elsewhere, capture_output=True, text=True, check=True)
    assert done.stdout.startswith("Saved Mon 23 Nov 2026")
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Warning: the automatic backup failed: ")
    assert "Traceback" not in done.stderr
    moods = sqlite3.connect(db).execute("SELECT mood FROM days WHERE date = '2026-11-23'").fetchall()
    assert moods == [(4,)]


def test_the_job_runs_in_place_where_no_process_can_be_started(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from habit_tracker.cli import cli
    from habit_tracker.cli.kit import App

    monkeypatch.delattr(os, "posix_spawn")
    monkeypatch.setattr(App, "background_jobs", True)
    env = {"HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": "2026-11-23T21:00:00"}
    result = CliRunner().invoke(cli, ["checkin", "--no-contact"], env=env)
    assert result.exit_code == 0, result.output
    assert (db.parent / "backups" / "h-2026-11-23.db").is_file()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab./~ ", min_size=1, max_size=14))
def test_text_paths_match_pathlib(text: str) -> None:
    """The check-in handles paths as text; they must read as pathlib would."""
    assert paths.clean(text) == str(Path(text))
    assert paths.stem(text) == Path(text).stem


def test_the_database_file_is_never_opened_beside_a_live_connection(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing any descriptor of the file drops every POSIX lock this process holds
    on it, SQLite's included: another process could then believe it is the last
    one, checkpoint and reset the log under the open connection, and committed
    check-ins would vanish (seen under load before the stamp used stat only)."""
    import builtins

    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, Path)) and os.path.abspath(file) == str(db):
            opened.append("open")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def spy_os_open(path: object, *args: object, **kwargs: object) -> int:
        if isinstance(path, (str, Path)) and os.path.abspath(path) == str(db):
            opened.append("os.open")
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    try:
        store = open_store(db)
        try:
            tracker.record(store, CheckinInput(TODAY, {"no-contact": "kept"}, mood=4), today=TODAY)
        finally:
            opened.append("closed")  # from here on the connection is gone
            store.close()
    finally:
        monkeypatch.undo()
    assert opened[:opened.index("closed")] == []


def test_an_unexpected_failure_of_the_job_is_one_warning_line(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from habit_tracker import backups, dailyjob

    def broken(store: object, today: date) -> None:
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(backups, "daily_job", broken)
    with pytest.raises(SystemExit) as exited:
        dailyjob.main([str(db), "2026-11-23"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err == "Warning: the automatic backup failed: RuntimeError: something nobody foresaw\n"
