"""Real processes against one database file: simultaneous check-ins, and a
writer killed at random moments."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from habit_tracker import tracker
from habit_tracker.store import open_store

TODAY = date(2026, 11, 22)

# Waits for a shared start time, then runs the real CLI in this process.
STARTER = textwrap.dedent("""
    import sys, time
    start = float(sys.argv[1])
    time.sleep(max(0.0, start - time.time()))
    from habit_tracker.cli import main
    sys.argv = ["habit-tracker"] + sys.argv[2:]
    main()
""")


def setup_db(path: Path) -> None:
    with open_store(path, create=True) as store:
        tracker.initialise(store, today=TODAY, since=date(2026, 1, 1),
                           goal=("Save", 1000.0, "EUR", None))


def test_simultaneous_checkins_from_separate_processes_all_land(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    setup_db(db)
    env = {**os.environ, "HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": "2026-11-22T21:00:00"}
    days = [TODAY - timedelta(days=n) for n in range(6)]
    jobs = [["checkin", "--date", d.isoformat(), "--workout", "--progress", str(n + 1)]
            for n, d in enumerate(days)]
    # Two processes on the very same day, each giving different fields.
    jobs += [["checkin", "--mood", "8"], ["checkin", "--note", "both land", "--they-reached-out"]]
    start = time.time() + 1.5  # every interpreter is up before then
    procs = [subprocess.Popen([sys.executable, "-c", STARTER, str(start), *job], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for job in jobs]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    conn = sqlite3.connect(db)
    workouts = {r[0] for r in conn.execute(
        "SELECT date FROM entries JOIN habits ON habits.id = habit_id WHERE slug = 'workout'")}
    assert workouts == {d.isoformat() for d in days}
    assert conn.execute("SELECT mood, note, reached_out FROM days WHERE date = ?",
                        (TODAY.isoformat(),)).fetchone() == (8, "both land", 1)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


WRITER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta
    from habit_tracker.store import CheckinInput, open_store
    store = open_store(sys.argv[1])
    first = date(2026, 1, 1)
    note = "x" * 200_000  # long enough that a kill often lands inside a write
    for n in range(300):
        day = first + timedelta(days=n)
        store.checkin(CheckinInput(day, {"workout": "done", "goal": str(n)}, mood=1 + n % 10,
                                   note=f"{n} {note}"), date(2026, 12, 31))
        print(day.isoformat(), flush=True)  # acknowledged: the commit has returned
""")


@pytest.mark.parametrize("kill_after", [3, 11, 29])
def test_a_writer_killed_mid_write_loses_nothing_acknowledged(tmp_path: Path, kill_after: int) -> None:
    db = tmp_path / "h.db"
    setup_db(db)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    acknowledged = [proc.stdout.readline().strip() for _ in range(kill_after)]
    time.sleep(0.003 * kill_after)  # land somewhere inside a later write
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    acknowledged += [line.strip() for line in proc.stdout if line.strip()]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT date FROM days")}
    assert set(acknowledged) <= stored
    # Nothing half-written: every stored day has all of its check-in.
    for (day,) in conn.execute("SELECT date FROM days"):
        count = conn.execute("SELECT COUNT(*) FROM entries WHERE date = ?", (day,)).fetchone()[0]
        assert count == 2, day
    # And the database is still usable by the program.
    with open_store(db) as store:
        assert len(store.days()) == len(stored)
