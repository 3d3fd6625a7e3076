"""`streaks --json` as a whole process on ten years of ten habits, against the
floor `python -c "import click, sqlite3"`, alternating the two.

    python benchmarks/bench_streaks.py [--runs 20]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_engine import build_dataset
from common import against_floor, bench_env, installed_command

from habit_tracker import interchange
from habit_tracker.models import format_amount
from habit_tracker.store import habit_to_row, open_store


def build(path: Path) -> int:
    """Store the engine benchmark's ten-year, ten-habit data set in a database."""
    data = build_dataset(10)
    habits = []
    for habit in data.habits:
        row = habit_to_row(habit)
        row.pop("id")
        for key in ("since", "created", "deadline"):
            row[key] = row[key] or None
        habits.append(row)
    entries = [
        {"date": e.date.isoformat(), "habit": slug,
         "value": e.status if e.status is not None else format_amount(e.amount or 0.0)}
        for slug, items in data.entries.items() for e in items
    ]
    last = max(e.date for items in data.entries.values() for e in items)
    with open_store(path, create=True) as store:
        interchange.import_data(store, {"habits": habits, "entries": entries}, today=last)
    return len(entries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    script = installed_command()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ten-habits.db"
        count = build(db)
        mo, mb = against_floor([script, "streaks", "--json"], bench_env(db), args.runs)
    print(f"database: {count} entries (10 years x 10 habits)")
    print(f"streaks --json: median {mo * 1000:.1f} ms; floor {mb * 1000:.1f} ms; "
          f"ratio {mo / mb:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
