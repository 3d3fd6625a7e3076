"""Check-in speed as a whole process, against the floor `python -c "import click, sqlite3"`.

Builds a database holding ten years of three habits (no-contact, workout, goal,
with moods and notes), then alternates the two commands so that both see the
same machine load, and prints the medians and their ratio.

    python benchmarks/bench_checkin.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from habit_tracker import interchange, tracker
from habit_tracker.store import open_store

TODAY = date(2026, 11, 22)


def build(path: Path, years: int = 10) -> int:
    first = TODAY - timedelta(days=365 * years)
    entries, days = [], []
    for n in range((TODAY - first).days):
        day = (first + timedelta(days=n)).isoformat()
        entries.append({"date": day, "habit": "no-contact",
                        "value": "broken" if n % 97 == 0 else "kept", "note": None})
        entries.append({"date": day, "habit": "workout",
                        "value": ("done", "skip", "done", "missed", "done", "skip", "skip")[n % 7],
                        "note": None})
        entries.append({"date": day, "habit": "goal", "value": (n % 5) * 1.5, "note": None})
        days.append({"date": day, "mood": 1 + n % 10, "note": f"day {n}: a few words",
                     "reached_out": n % 30 == 0})
    with open_store(path, create=True) as store:
        tracker.initialise(store, today=first, since=first,
                           goal=("Run 10000 km", 10000.0, "km", None))
        interchange.import_data(store, {"entries": entries, "days": days}, today=TODAY)
    return len(entries)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    script = shutil.which("habit-tracker", path=str(Path(sys.executable).parent))
    if script is None:
        sys.exit("habit-tracker is not installed next to this Python")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ten-years.db"
        count = build(db)
        env = {**os.environ, "HABIT_TRACKER_DB": str(db),
               "HABIT_TRACKER_NOW": f"{TODAY.isoformat()}T21:00:00"}
        # As after a real install: byte-code cached (the warm-up runs write it).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        checkin = [script, "checkin", "--no-contact", "--workout", "--progress", "5",
                   "--mood", "7", "--note", "benchmark"]
        floor = [sys.executable, "-c", "import click, sqlite3"]
        for _ in range(3):  # warm the file cache
            timed(checkin, env)
            timed(floor, env)
        ours, base = [], []
        for _ in range(args.runs):
            ours.append(timed(checkin, env))
            base.append(timed(floor, env))
    mo, mb = statistics.median(ours), statistics.median(base)
    print(f"database: {count} entries (10 years x 3 habits)")
    print(f"checkin : median {mo * 1000:.1f} ms over {args.runs} runs")
    print(f"floor   : median {mb * 1000:.1f} ms (python -c 'import click, sqlite3')")
    print(f"ratio   : {mo / mb:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
