"""What automatic backups add to the check-in, as a whole process, against the floor
`python -c "import click, sqlite3"` (runs paired: floor, check-in, floor, ...).

For a database of one week and one of ten years (three habits, moods, notes):

- off:   backups turned off (`config backups off`);
- kept:  backups on and today's backup already there (the usual check-in: one stat);
- first: backups on, the day's first write (today's backup removed before each
         run, so each run makes one and rotates the folder).

    python benchmarks/bench_backup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import FLOOR, bench_env, installed_command, timed

from habit_tracker import backups, interchange, tracker
from habit_tracker.store import open_store

TODAY = date(2026, 11, 22)
MODES = ("off", "kept", "first")


def build(path: Path, days: int) -> None:
    first = TODAY - timedelta(days=days)
    entries, day_rows = [], []
    for n in range(days):
        day = (first + timedelta(days=n)).isoformat()
        entries.append({"date": day, "habit": "no-contact", "value": "kept", "note": None})
        entries.append({"date": day, "habit": "workout", "value": ("done", "skip")[n % 2],
                        "note": None})
        entries.append({"date": day, "habit": "goal", "value": (n % 5) * 1.5, "note": None})
        day_rows.append({"date": day, "mood": 1 + n % 10, "note": f"day {n}: a few words",
                         "reached_out": False})
    with open_store(path, create=True) as store:
        tracker.initialise(store, today=first, since=first, goal=("Run 10000 km", 10000.0, "km", None))
        interchange.import_data(store, {"entries": entries, "days": day_rows}, today=TODAY)


def prepare(folder: Path, days: int) -> dict[str, Path]:
    """One database per mode (same content), each in its own folder."""
    source = folder / "source" / "habits.db"
    source.parent.mkdir()
    build(source, days)
    dbs = {}
    for mode in MODES:
        (folder / mode).mkdir()
        db = folder / mode / "habits.db"
        shutil.copy(source, db)
        with open_store(db) as store:
            store.set_setting("backups", "off" if mode == "off" else "on")
            if mode != "off":
                backups.backup_now(store, TODAY)
        dbs[mode] = db
    return dbs


def in_process(db: Path) -> tuple[float, float]:
    """The backup step alone, in this process: (ms when today's exists, ms making one)."""
    with open_store(db) as store:
        backups.backup_now(store, TODAY)
        start = time.perf_counter()
        for _ in range(1000):
            backups.after_write(store, TODAY)
        kept = (time.perf_counter() - start) / 1000 * 1000  # ms per call
        made = []
        for _ in range(5):
            start = time.perf_counter()
            backups.backup_now(store, TODAY)
            made.append(time.perf_counter() - start)
    return kept, statistics.median(made) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = installed_command()
    checkin = [script, "checkin", "--no-contact", "--workout", "--progress", "5", "--mood", "7",
               "--note", "benchmark"]
    print("Paired runs: floor then check-in, per mode in turn; medians of the per-pair figures.")
    print(f"{'data':<9} {'backups':<7} {'check-in':>9} {'floor':>8} {'ratio':>6} {'vs off':>8}")
    for label, days in (("1 week", 7), ("10 years", 3650)):
        with tempfile.TemporaryDirectory() as tmp:
            dbs = prepare(Path(tmp), days)
            times: dict[str, list[float]] = {mode: [] for mode in MODES}
            floors: dict[str, list[float]] = {mode: [] for mode in MODES}
            for n in range(args.runs + 2):
                for mode, db in dbs.items():
                    if mode == "first":
                        (db.parent / "backups" / f"habits-{TODAY.isoformat()}.db").unlink(missing_ok=True)
                    base = timed(FLOOR, bench_env(db))
                    ours = timed(checkin, bench_env(db))
                    if n >= 2:  # warm-up
                        times[mode].append(ours)
                        floors[mode].append(base)
            for mode in MODES:
                ratio = statistics.median(o / b for o, b in zip(times[mode], floors[mode], strict=True))
                added = statistics.median(o - f for o, f in zip(times[mode], times["off"], strict=True))
                print(f"{label:<9} {mode:<7} {statistics.median(times[mode]) * 1000:>7.1f}ms "
                      f"{statistics.median(floors[mode]) * 1000:>6.1f}ms {ratio:>5.2f}x "
                      f"{added * 1000:>+6.1f}ms")
            kept, made = in_process(dbs["kept"])
            size = dbs["off"].stat().st_size
            print(f"{'':<9} in process: {kept:.3f} ms when today's backup exists, "
                  f"{made:.1f} ms to make one (database {size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
