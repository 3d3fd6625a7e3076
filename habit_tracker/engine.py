"""The streak engine: pure functions over a habit, its entries and a date T.

No database, no clock, no globals.  The contract is SPEC.md, "Streak semantics".

INTERFACE (fixed; other modules call these):

    habit_start(habit, entries) -> date | None
    analyze(habit, entries, as_of, *, week_start=MONDAY) -> HabitStats
    analyze_all(dataset, as_of) -> list[HabitStats]      # non-archived habits, in order
    day_states(habit, entries, first, last, *, as_of) -> dict[date, str]
    week_results(habit, entries, as_of, *, week_start=MONDAY) -> list[WeekResult]
    next_milestone(current, unit) -> int
    milestones_between(unit, low, high) -> list[int]
    week_start_of(day, week_start) -> date
    loop_scores(values, numerator, denominator) -> list[float]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .models import MONDAY, Dataset, Entry, Habit, HabitStats

# Day states returned by day_states()
STATE_NONE = "none"  # before the habit's start, or after as_of: does not exist
STATE_KEPT = "kept"
STATE_BROKEN = "broken"
STATE_DONE = "done"
STATE_SKIP = "skip"
STATE_MISSED = "missed"  # logged missed, or no entry on a past day
STATE_PARTIAL = "partial"  # numeric below the daily minimum / goal progress 0
STATE_OPEN = "open"  # day as_of with no entry yet (not abstain)


@dataclass(frozen=True)
class WeekResult:
    """One week of a weekly habit."""

    start: date  # first day of the week (per week_start)
    end: date  # last day of the week
    done: int  # done days within [habit start, as_of]
    target: int  # N
    success: bool  # done >= target
    open: bool  # the week containing as_of, not yet successful
    reached_on: date | None  # the day the week reached its target


def habit_start(habit: Habit, entries: Sequence[Entry]) -> date | None:
    raise NotImplementedError


def analyze(
    habit: Habit, entries: Sequence[Entry], as_of: date, *, week_start: int = MONDAY
) -> HabitStats:
    raise NotImplementedError


def analyze_all(dataset: Dataset, as_of: date) -> list[HabitStats]:
    raise NotImplementedError


def day_states(
    habit: Habit, entries: Sequence[Entry], first: date, last: date, *, as_of: date
) -> dict[date, str]:
    raise NotImplementedError


def week_results(
    habit: Habit, entries: Sequence[Entry], as_of: date, *, week_start: int = MONDAY
) -> list[WeekResult]:
    raise NotImplementedError


def next_milestone(current: int, unit: str) -> int:
    raise NotImplementedError


def milestones_between(unit: str, low: int, high: int) -> list[int]:
    raise NotImplementedError


def week_start_of(day: date, week_start: int) -> date:
    raise NotImplementedError


def loop_scores(values: Sequence[float | None], numerator: int, denominator: int) -> list[float]:
    raise NotImplementedError
