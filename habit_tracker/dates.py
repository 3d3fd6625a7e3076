"""Turning what people type into dates, relative to a "today" passed in.

Accepted: ``today``, ``yesterday``, ``tomorrow`` (where the future is allowed),
``N days ago`` / ``N weeks ago``, weekday names (``mon``, ``monday``: the most
recent such day, today included), ISO ``2026-11-20``, and whatever
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

_AGO = re.compile(r"^(\d{1,7})\s+(day|days|week|weeks)\s+ago$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d*)?$")


def local_today(now: datetime, day_start: int = 0) -> date:
    """The calendar day a moment belongs to when days begin at ``day_start`` o'clock.

    With ``day_start=4`` a check-in at 01:30 still counts for the evening before.
    """
    return (now - timedelta(hours=day_start)).date()


def parse_date(text: str, today: date, *, allow_future: bool = False) -> date:
    """Read ``text`` as a date relative to ``today``; raise DateError when it cannot."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateError("empty date: give e.g. 'today', 'yesterday', '3 days ago' or 2026-11-20")
    result = _parse(cleaned, text.strip(), today, allow_future)
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
    match = _AGO.match(cleaned)
    if match:
        count = int(match.group(1))
        days = count * 7 if match.group(2).startswith("week") else count
        try:
            return today - timedelta(days=days)
        except OverflowError:
            raise DateError(f"'{original}' is too far back") from None
    if cleaned in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[cleaned]) % 7
        return today - timedelta(days=back)
    if _ISO.match(cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            raise DateError(f"'{original}' is not a real date") from None
    if _NUMBER.match(cleaned):
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
