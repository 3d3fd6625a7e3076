"""Time the streak engine on ten years of ten habits.

Run: python benchmarks/bench_engine.py [--years N] [--runs N]

The data is generated deterministically (fixed seed): an abstain habit with a few
breaks, daily habits (plain and numeric, with skips and gaps), weekly habits with
rest days and a goal with daily progress.  Prints the median wall time of
``engine.analyze_all`` over several runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from habit_tracker import engine
from habit_tracker.models import Dataset, Entry, Habit

AS_OF = date(2026, 11, 22)


def build_dataset(years: int, seed: int = 20261122) -> Dataset:
    rng = random.Random(seed)
    first = AS_OF - timedelta(days=365 * years - 1)
    days = [first + timedelta(days=i) for i in range((AS_OF - first).days + 1)]
    habits = [
        Habit("no-contact", "No contact", "abstain", since=first, created=first),
        Habit("workout", "Workout", "weekly", created=first, per_week=3),
        Habit("goal", "Run 5000 km", "goal", created=first, target=5000.0, unit="km"),
        Habit("journal", "Journal", "daily", created=first),
        Habit("read", "Read", "daily", created=first, daily_min=20.0, unit="pages"),
        Habit("walk", "Walk", "daily", created=first),
        Habit("friends", "See friends", "weekly", created=first, per_week=1),
        Habit("swim", "Swim", "weekly", created=first, per_week=2),
        Habit("no-drinks", "No drinks", "abstain", since=first, created=first),
        Habit("sleep", "Bed by 23:00", "daily", created=first),
    ]
    entries: dict[str, list[Entry]] = {h.slug: [] for h in habits}
    for day in days:
        for habit in habits:
            roll = rng.random()
            if habit.kind == "abstain":
                if roll < 0.01:
                    entries[habit.slug].append(Entry(day, "broken"))
                elif roll < 0.5:
                    entries[habit.slug].append(Entry(day, "kept"))
            elif habit.kind == "goal":
                if roll < 0.6:
                    entries[habit.slug].append(Entry(day, None, round(rng.uniform(0, 10), 1)))
            elif habit.daily_min is not None:
                if roll < 0.85:
                    entries[habit.slug].append(Entry(day, None, float(rng.randint(0, 60))))
                elif roll < 0.9:
                    entries[habit.slug].append(Entry(day, "skip"))
            elif roll < 0.8:
                entries[habit.slug].append(Entry(day, "done"))
            elif roll < 0.85:
                entries[habit.slug].append(Entry(day, "skip"))
            elif roll < 0.9:
                entries[habit.slug].append(Entry(day, "missed"))
    return Dataset(habits=habits, entries=entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    dataset = build_dataset(args.years)
    habit_days = sum(
        (AS_OF - engine.habit_start(h, dataset.entries_for(h.slug))).days + 1
        for h in dataset.habits
        if engine.habit_start(h, dataset.entries_for(h.slug))
    )
    timings = []
    for _ in range(args.runs):
        began = time.perf_counter()
        engine.analyze_all(dataset, AS_OF)
        timings.append((time.perf_counter() - began) * 1000)
    print(
        f"analyze_all: {len(dataset.habits)} habits, {args.years} years "
        f"({habit_days} habit-days): median {statistics.median(timings):.1f} ms "
        f"(min {min(timings):.1f}, max {max(timings):.1f}, {args.runs} runs)"
    )


if __name__ == "__main__":
    main()
