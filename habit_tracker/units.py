"""Counts, amounts and percentages in words: the one place plurals and units are made.

"1 day", "2 days", "1 application", "8.5 km", "2.8%".  Every view (check-in,
status, streaks, history, report) words its figures through these, so that a
figure reads the same wherever it appears.  No imports beyond the models.
"""

from __future__ import annotations

from .models import SKIP, WEEKLY, Habit, format_amount

# Units that are not English plurals of a singular word ("km", "kms" stays).
_NOT_PLURAL = {"km", "kms", "mi", "kg", "lbs", "hrs", "mins", "ms", "s", "cs", "ps"}


def singular(unit: str) -> str:
    """The unit for an amount of exactly 1: 'applications' -> 'application'."""
    low = unit.lower()
    if low in _NOT_PLURAL or len(unit) < 3 or not low.endswith("s") or low.endswith("ss"):
        return unit
    if low.endswith("ies") and len(unit) > 4:
        return unit[:-3] + ("Y" if unit[-3].isupper() else "y")
    return unit[:-1]


def plural(n: float, word: str, many: str | None = None) -> str:
    """'1 day', '3 days', '1 time' ...; ``word`` is the singular."""
    return f"{format_amount(n)} {word if n == 1 else (many or word + 's')}"


def count(n: float, unit: str) -> str:
    """A count in a plural unit ('days', 'weeks'): '1 day', '3 days'."""
    return f"{format_amount(n)} {singular(unit) if n == 1 else unit}"


def amount(value: float, unit: str | None, places: int = 2) -> str:
    """An amount with its unit, rounded to ``places``: '8.5 km', '1 application'."""
    rounded = round(value, places) + 0.0  # no "-0"
    number = format_amount(rounded)
    if not unit:
        return number
    return f"{number} {singular(unit) if rounded == 1 else unit}"


def per_day(value: float, unit: str | None) -> str:
    """A daily rate: '8.5 km a day', '1 application a day'."""
    return f"{amount(value, unit)} a day"


def percent(value: float) -> str:
    """One rounding for every percentage shown: one decimal, none when whole ('2.8%', '30%')."""
    return f"{format_amount(round(value, 1) + 0.0)}%"


def streak(length: int, unit: str) -> str:
    """A streak's length: '0 days', '1 week', '12 weeks'."""
    return count(length, unit)


def value_text(habit: Habit, value: str | float | None) -> str:
    """A day's value as the check-in and history show it: a rest day as 'rest'
    (the flag that logs it) for weekly habits, amounts with their unit."""
    if value is None:
        return "cleared"
    if isinstance(value, str):
        return "rest" if value == SKIP and habit.kind == WEEKLY else value
    return amount(value, habit.unit)


def too_early_to_project(min_days: int, min_logged: int) -> str:
    """Why a goal shows no finish date yet: the pace rule, in the same words in
    status, the check-in and the report."""
    return (f"Too early to project a finish date: a pace needs {count(min_days, 'days')} "
            f"of history and progress on {min_logged} of them.")
