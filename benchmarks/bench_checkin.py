"""Check-in speed as a whole process, against the floor `python -c "import click, sqlite3"`.

Builds a database holding ten years of three habits (no-contact, workout, goal,
with moods and notes), then alternates the two commands so that both see the
same machine load, and prints the medians and their ratio.

    python benchmarks/bench_checkin.py [--runs 30]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date, timedelta
from pathlib import Path

from common import against_floor, bench_env, installed_command

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    script = installed_command()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ten-years.db"
        count = build(db)
        checkin = [script, "checkin", "--no-contact", "--workout", "--progress", "5",
                   "--mood", "7", "--note", "benchmark"]
        mo, mb = against_floor(checkin, bench_env(db), args.runs)
    print(f"database: {count} entries (10 years x 3 habits)")
    print(f"checkin : median {mo * 1000:.1f} ms over {args.runs} runs")
    print(f"floor   : median {mb * 1000:.1f} ms (python -c 'import click, sqlite3')")
    print(f"ratio   : {mo / mb:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
