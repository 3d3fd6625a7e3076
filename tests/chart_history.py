"""A small, hand-checked history for the chart tests, as plain values and as the
JSON interchange file that `habit-tracker import` reads.

Evaluation day: Sunday 2026-11-22; weeks start on Monday.

    no-contact (abstain, since Mon 2 Nov): broken Tue 10 Nov.
        streaks: 2-9 Nov (8 days), 11-22 Nov (12 days, current and longest)
    workout (weekly 3, created 2 Nov):
        week of 2 Nov:  done 2, skip 3, done 4, missed 5, done 6   -> 3 done, success
        week of 9 Nov:  done 10, done 12                            -> 2 done, failure
        week of 16 Nov: done 16, 17, 19, 21                         -> 4 done, success
    goal "Half <marathon> & co" (100 km by 31 Dec, created 2 Nov):
        10 on 3 Nov, 20 on 8 Nov, 5 on 15 Nov, 0 on 20 Nov         -> 35 km
    journal (daily, created 9 Nov): done 9, 10; missed 11; done 12; skip 13;
        done 14; nothing after (15-21 missed, 22 open)
        streaks: 9-10 Nov (2), 12-14 Nov (2, the skip neither breaks nor counts)
    days: moods on 2..8 and 14..22 Nov; they reached out on 12 Nov.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from habit_tracker.models import Dataset, DayInfo, Entry, Habit

AS_OF = date(2026, 11, 22)
GOAL_NAME = "Half <marathon> & co"

HABITS: list[dict[str, Any]] = [
    {"slug": "no-contact", "name": "No contact", "kind": "abstain", "since": "2026-11-02",
     "created": "2026-11-02", "per_week": None, "daily_min": None, "target": None, "unit": None,
     "deadline": None, "archived": False, "position": 0},
    {"slug": "workout", "name": "Workout", "kind": "weekly", "since": None,
     "created": "2026-11-02", "per_week": 3, "daily_min": None, "target": None, "unit": None,
     "deadline": None, "archived": False, "position": 1},
    {"slug": "goal", "name": GOAL_NAME, "kind": "goal", "since": None, "created": "2026-11-02",
     "per_week": None, "daily_min": None, "target": 100, "unit": "km", "deadline": "2026-12-31",
     "archived": False, "position": 2},
    {"slug": "journal", "name": "Journal", "kind": "daily", "since": None,
     "created": "2026-11-09", "per_week": None, "daily_min": None, "target": None,
     "unit": None, "deadline": None, "archived": False, "position": 3},
]  # fmt: skip

ENTRIES: list[tuple[str, str, str | float]] = [
    ("2026-11-10", "no-contact", "broken"),
    ("2026-11-02", "workout", "done"),
    ("2026-11-03", "workout", "skip"),
    ("2026-11-04", "workout", "done"),
    ("2026-11-05", "workout", "missed"),
    ("2026-11-06", "workout", "done"),
    ("2026-11-10", "workout", "done"),
    ("2026-11-12", "workout", "done"),
    ("2026-11-16", "workout", "done"),
    ("2026-11-17", "workout", "done"),
    ("2026-11-19", "workout", "done"),
    ("2026-11-21", "workout", "done"),
    ("2026-11-03", "goal", 10),
    ("2026-11-08", "goal", 20),
    ("2026-11-15", "goal", 5),
    ("2026-11-20", "goal", 0),
    ("2026-11-09", "journal", "done"),
    ("2026-11-10", "journal", "done"),
    ("2026-11-11", "journal", "missed"),
    ("2026-11-12", "journal", "done"),
    ("2026-11-13", "journal", "skip"),
    ("2026-11-14", "journal", "done"),
]

MOODS: dict[str, int] = {
    "2026-11-02": 3, "2026-11-03": 4, "2026-11-04": 4, "2026-11-05": 5, "2026-11-06": 5,
    "2026-11-07": 6, "2026-11-08": 6,
    "2026-11-14": 5, "2026-11-15": 6, "2026-11-16": 6, "2026-11-17": 7, "2026-11-18": 7,
    "2026-11-19": 7, "2026-11-20": 8, "2026-11-21": 8, "2026-11-22": 8,
}  # fmt: skip
REACHED_OUT = ("2026-11-12",)


def interchange() -> dict[str, Any]:
    """The history as the JSON interchange format."""
    days = sorted(set(MOODS) | set(REACHED_OUT))
    return {
        "format": "habit-tracker",
        "version": 1,
        "settings": {"day_start": 0, "week_start": "monday"},
        "habits": HABITS,
        "entries": [
            {"date": day, "habit": habit, "value": value, "note": None}
            for day, habit, value in ENTRIES
        ],
        "days": [
            {"date": day, "mood": MOODS.get(day), "note": None, "reached_out": day in REACHED_OUT}
            for day in days
        ],
    }


def write_interchange(path: Path) -> Path:
    path.write_text(json.dumps(interchange()), encoding="utf-8")
    return path


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def habit(row: dict[str, Any]) -> Habit:
    return Habit(
        slug=row["slug"], name=row["name"], kind=row["kind"], since=_date(row["since"]),
        created=_date(row["created"]), per_week=row["per_week"], daily_min=row["daily_min"],
        target=row["target"], unit=row["unit"], deadline=_date(row["deadline"]),
        archived=row["archived"], position=row["position"],
    )  # fmt: skip


def dataset(week_start: int = 0) -> Dataset:
    """The history as the Dataset the store would load."""
    entries: dict[str, list[Entry]] = {row["slug"]: [] for row in HABITS}
    for day, slug, value in sorted(ENTRIES):
        if isinstance(value, str):
            entries[slug].append(Entry(date.fromisoformat(day), status=value))
        else:
            entries[slug].append(Entry(date.fromisoformat(day), amount=float(value)))
    days = {
        date.fromisoformat(day): DayInfo(
            date.fromisoformat(day), mood=MOODS.get(day), reached_out=day in REACHED_OUT
        )
        for day in sorted(set(MOODS) | set(REACHED_OUT))
    }
    return Dataset(
        habits=[habit(row) for row in HABITS], entries=entries, days=days, week_start=week_start
    )


def nov(day: int) -> date:
    return date(2026, 11, day)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
