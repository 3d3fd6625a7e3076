"""Generated histories for the benchmark (run by benchmarks/run.py in its own venv).

    python gen.py db PATH --days N --habits H [--streak]
    python gen.py csv PATH --days N --habits H

``db`` creates a database through the installed habit-tracker (so the schema is
the installed one), then fills it with plain SQL: generating thirty years through
the change log would take longer than the benchmark.  ``csv`` writes the same
history as our CSV export format, streamed, for the import benchmark.

The history ends the day before ``TODAY``; check-in runs write ``TODAY`` and later.
Every run of the generator with the same arguments writes the same data (fixed
seed).  ``--streak``: every habit succeeds on each of the last 400 days, so every
current streak is longer than a year.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 22)
STREAK_DAYS = 400

# slug, name, kind, per_week, daily_min, unit
TEMPLATES = (
    ("no-contact", "No contact", "abstain", None, None, None),
    ("workout", "Workout", "weekly", 3, None, None),
    ("goal", "Run far", "goal", None, None, "km"),
    ("journal", "Journal", "daily", None, None, None),
    ("read", "Read", "daily", None, 20.0, "pages"),
    ("walk", "Walk", "daily", None, None, None),
    ("friends", "See friends", "weekly", 1, None, None),
    ("swim", "Swim", "weekly", 2, None, None),
    ("no-drinks", "No drinks", "abstain", None, None, None),
    ("sleep", "Bed by 23:00", "daily", None, None, None),
)


def habits(count: int, first: date, days: int) -> list[dict[str, object]]:
    found = []
    for i in range(count):
        slug, name, kind, per_week, daily_min, unit = TEMPLATES[i % len(TEMPLATES)]
        if i >= len(TEMPLATES):
            slug, name = f"{slug}-{i // len(TEMPLATES)}", f"{name} {i // len(TEMPLATES)}"
        found.append({
            "slug": slug, "name": name, "kind": kind,
            "since": first.isoformat() if kind == "abstain" else None,
            "created": first.isoformat(), "per_week": per_week, "daily_min": daily_min,
            # about 1.3 times what the history logs: never reached, milestones passed
            "target": float(days * 4) if kind == "goal" else None,
            "unit": unit, "deadline": None, "archived": 0, "position": i + 1,
            # the check-in flags find the three core habits by role, as init sets it
            "role": slug if slug in ("no-contact", "workout", "goal") else None,
        })
    return found


def value(rng: random.Random, habit: dict[str, object], day: date, streak: bool) -> str | float | None:
    """One habit's value on one day (None: nothing logged)."""
    kind, roll = habit["kind"], rng.random()
    if kind == "abstain":
        if streak:
            return "kept"
        return "broken" if roll < 0.01 else "kept" if roll < 0.9 else None
    if kind == "goal":
        return round(1 + rng.uniform(0, 9), 1) if streak or roll < 0.6 else None
    if habit["daily_min"] is not None:
        if streak:
            return float(20 + rng.randint(0, 30))
        return float(rng.randint(0, 60)) if roll < 0.85 else "skip" if roll < 0.9 else None
    if kind == "weekly" and streak:
        return "done" if roll < 0.8 or day.weekday() < 3 else "skip"
    if streak:
        return "done" if roll < 0.95 else "skip"
    return "done" if roll < 0.8 else "skip" if roll < 0.85 else "missed" if roll < 0.9 else None


Day = tuple[str, list[tuple[int, str | float]], tuple[str, int, str | None, int]]


def history(count: int, days: int, streak: bool) -> Iterator[Day]:
    """Per day: its ISO date, (habit index, value) pairs and its days-table row."""
    rng = random.Random(20261122 + days + count)
    first = TODAY - timedelta(days=days)
    defs = habits(count, first, days)
    for n in range(days):
        day = first + timedelta(days=n)
        late = streak and n >= days - STREAK_DAYS
        values = []
        for index, habit in enumerate(defs):
            found = value(rng, habit, day, late)
            if found is not None:
                values.append((index, found))
        note = f"day {n}: a few words about it" if rng.random() < 0.1 else None
        info = (day.isoformat(), 1 + rng.randint(0, 9), note, int(rng.random() < 0.01))
        yield day.isoformat(), values, info


def make_db(path: Path, days: int, count: int, streak: bool) -> int:
    from habit_tracker.store import open_store

    open_store(path, create=True).close()
    first = TODAY - timedelta(days=days)
    defs = habits(count, first, days)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    columns = list(defs[0])
    conn.executemany(
        f"INSERT INTO habits ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [[h[c] for c in columns] for h in defs],
    )
    ids = [row[0] for row in conn.execute("SELECT id FROM habits ORDER BY position")]
    rows = 0
    for day, values, info in history(count, days, streak):
        conn.executemany(
            "INSERT INTO entries (habit_id, date, status, amount, note) VALUES (?, ?, ?, ?, NULL)",
            [(ids[i], day, v if isinstance(v, str) else None, v if isinstance(v, float) else None)
             for i, v in values],
        )
        conn.execute("INSERT INTO days (date, mood, note, reached_out) VALUES (?, ?, ?, ?)", info)
        rows += len(values)
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()
    return rows


def make_csv(path: Path, days: int, count: int) -> int:
    """Our CSV export format exactly as ``export --format csv`` writes it (every
    column, the same cells), row by row: the import benchmark reads what a real
    export holds, and exporting the imported database gives these bytes back."""
    first = TODAY - timedelta(days=days)
    defs = habits(count, first, days)
    from habit_tracker.interchange import CSV_COLUMNS  # exactly the export's columns

    width = len(CSV_COLUMNS)
    at = {name: index for index, name in enumerate(CSV_COLUMNS)}

    def row(**cells: object) -> list[str]:
        out = [""] * width
        for name, cell in cells.items():
            out[at[name]] = "" if cell is None else str(cell)
        return out

    def number(value: object) -> object:
        return int(value) if isinstance(value, float) and value == int(value) else value

    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(CSV_COLUMNS)
        out.writerow(row(value=0, name="day_start"))
        out.writerow(row(value="monday", name="week_start"))
        for h in defs:
            out.writerow(row(habit=h["slug"], kind=h["kind"], name=h["name"], since=h["since"],
                             created=h["created"], per_week=h["per_week"],
                             daily_min=number(h["daily_min"]), target=number(h["target"]),
                             unit=h["unit"], position=h["position"], role=h["role"]))
        for day, values, info in history(count, days, False):
            out.writerow(row(date=day, note=info[2], mood=info[1],
                             reached_out="yes" if info[3] else None))
            for i, v in values:
                out.writerow(row(date=day, habit=defs[i]["slug"], value=number(v)))
                rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("db", "csv"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--habits", type=int, default=10)
    parser.add_argument("--streak", action="store_true")
    args = parser.parse_args()
    if args.what == "db":
        rows = make_db(args.path, args.days, args.habits, args.streak)
    else:
        rows = make_csv(args.path, args.days, args.habits)
    print(rows)


if __name__ == "__main__":
    main()
