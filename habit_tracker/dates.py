"""Turning what people type into dates, relative to a "today" passed in.

Accepted: ``today``, ``yesterday``, ``tomorrow`` (where the future is allowed),
``N days ago`` / ``N weeks ago`` (also ``a day ago``, ``a week ago``), ``last
week`` (seven days ago: a day of the week before), weekday names (``mon``,
``monday``: the most recent such day, today included; ``last monday``: the
most recent one before today), ISO ``2026-11-20``, and whatever
python-dateutil reads without ambiguity (``Nov 20``, ``20 November 2026``).
``01/02/2026`` is refused: it means a different day to different people.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .errors import DateError

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _number

#: The calendar this program works in.  Outside it, date arithmetic (a week's
#: end, a chart's axis, a projected finish) would leave Python's date range, and
#: no one logs a day before 1900 or plans one centuries ahead.
EARLIEST = date(1900, 1, 1)
LATEST_TODAY = date(2999, 12, 31)
FUTURE_YEARS = 100
LATEST = date(LATEST_TODAY.year + FUTURE_YEARS, 12, 31)

# Patterns compiled (and cached by re) on first use: most runs parse no date.
_AGO = r"^(\d{1,7}|a|an|one)\s+(day|days|week|weeks)\s+ago$"
_ISO = r"^\d{4}-\d{2}-\d{2}$"
_NUMBER = r"^[+-]?\d+(\.\d*)?$"


def local_today(now: datetime, day_start: int = 0) -> date:
    """The calendar day a moment belongs to when days begin at ``day_start`` o'clock.

    With ``day_start=4`` a check-in at 01:30 still counts for the evening before.
    """
    return (now - timedelta(hours=day_start)).date()


def check_today(today: date) -> date:
    """``today`` itself must lie in the calendar this program works in."""
    if not EARLIEST <= today <= LATEST_TODAY:
        raise DateError(
            f"today ({today.isoformat()}) is outside {EARLIEST.year}..{LATEST_TODAY.year}; "
            "check the clock (or HABIT_TRACKER_NOW)"
        )
    return today


def check_day(day: date, what: str = "date", *, today: date | None = None,
              allow_future: bool = True) -> date:
    """The one range check for a day entering the program: from 1900, and at most
    ``today`` (or, where the future is allowed, a hundred years after it)."""
    latest = LATEST
    if today is not None:
        latest = today if not allow_future else min(LATEST, _years_after(today, FUTURE_YEARS))
    if day < EARLIEST:
        raise DateError(f"{what} {day.isoformat()} is before {EARLIEST.year}; give a later day")
    if day > latest:
        if today is not None and not allow_future:
            raise DateError(
                f"{what} {day.isoformat()} is in the future (today is {today.isoformat()}); "
                "only days that have happened can be logged or viewed"
            )
        raise DateError(f"{what} {day.isoformat()} is too far ahead (at most {latest.isoformat()})")
    return day


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_date(text: str, today: date, *, allow_future: bool = False) -> date:
    """Read ``text`` as a date relative to ``today``; raise DateError when it cannot."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateError("empty date: give e.g. 'today', 'yesterday', '3 days ago' or 2026-11-20")
    if len(cleaned) > 64:
        raise DateError(f"'{text[:20]}...' is too long for a date")
    check_today(today)
    try:
        result = _parse(cleaned, text.strip(), today, allow_future)
    except OverflowError:
        raise DateError(f"'{text.strip()}' is outside the calendar") from None
    if result < EARLIEST:
        raise DateError(f"{result.isoformat()} is before {EARLIEST.year}; give a later day")
    if allow_future:
        check_day(result, "date", today=today, allow_future=True)
    if result > today and not allow_future:
        raise DateError(
            f"{result.isoformat()} is in the future (today is {today.isoformat()}); "
            "only days that have happened can be logged or viewed"
        )
    return result


def _parse(cleaned: str, original: str, today: date, allow_future: bool) -> date:
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    match = re.match(_AGO, cleaned)
    if match:
        count = int(match.group(1)) if match.group(1).isdigit() else 1
        days = count * 7 if match.group(2).startswith("week") else count
        try:
            return today - timedelta(days=days)
        except OverflowError:
            raise DateError(f"'{original}' is too far back") from None
    if cleaned in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[cleaned]) % 7
        return today - timedelta(days=back)
    if cleaned == "last week":
        return today - timedelta(days=7)
    last, _, name = cleaned.partition(" ")
    if last == "last" and name in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[name]) % 7 or 7
        return today - timedelta(days=back)
    if re.match(_ISO, cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            raise DateError(f"'{original}' is not a real date") from None
    if re.match(_NUMBER, cleaned):
        raise DateError(
            f"'{original}' is not a date: write e.g. '{cleaned} days ago' or an ISO date "
            f"like {today.isoformat()}"
        )
    return _parse_free_form(original, today, allow_future)


def _parse_free_form(original: str, today: date, allow_future: bool) -> date:
    # dateutil's parser costs ~40 ms to import: only pay for it when needed.
    from dateutil import parser

    def attempt(default: datetime, dayfirst: bool) -> date:
        return parser.parse(original, default=default, dayfirst=dayfirst).date()

    # Parse with two different defaults and both day orders: a component that
    # changes with the default was not written; one that changes with the day
    # order was ambiguous.
    first_default = datetime(2000, 1, 1)
    second_default = datetime(2004, 2, 2)
    try:
        plain = attempt(first_default, False)
        other_default = attempt(second_default, False)
        day_first = attempt(first_default, True)
    except (ValueError, OverflowError):
        raise DateError(
            f"cannot read '{original}' as a date; try 'today', 'yesterday', '3 days ago', "
            "'monday' or 2026-11-20"
        ) from None
    if plain != day_first:
        raise DateError(
            f"'{original}' is ambiguous (day and month could be swapped); "
            "write it as YYYY-MM-DD"
        )
    if plain.day != other_default.day or plain.month != other_default.month:
        raise DateError(f"'{original}' needs a day and a month, e.g. 'Nov 20' or 2026-11-20")
    if plain.year == other_default.year and not re.search(rf"(?<!\d){plain.year:04d}(?!\d)", original):
        # dateutil reads a short number as a year ("Nov 20 1" as 2001).
        raise DateError(f"'{original}': write the year in full (e.g. 2026), or leave it out")
    if plain.year != other_default.year:
        # No year written: the nearest such day in the allowed direction.
        candidate = _with_year(plain, today.year, original)
        if allow_future:
            if candidate < today:
                candidate = _with_year(plain, today.year + 1, original)
        elif candidate > today:
            candidate = _with_year(plain, today.year - 1, original)
        return candidate
    return plain


def _with_year(day: date, year: int, original: str) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        raise DateError(f"'{original}' does not exist in {year}") from None
