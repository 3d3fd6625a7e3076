"""The date rules of SPEC ("Dates"), as a table with today pinned."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from habit_tracker.dates import local_today, parse_date
from habit_tracker.errors import DateError

SUNDAY = date(2026, 11, 22)
WEDNESDAY = date(2026, 11, 18)
JAN_5 = date(2027, 1, 5)

ACCEPTED = [
    # (text, today, allow_future, expected)
    ("today", SUNDAY, False, SUNDAY),
    ("  Today ", SUNDAY, False, SUNDAY),
    ("yesterday", SUNDAY, False, date(2026, 11, 21)),
    ("yesterday", date(2026, 3, 1), False, date(2026, 2, 28)),
    ("0 days ago", SUNDAY, False, SUNDAY),
    ("1 day ago", SUNDAY, False, date(2026, 11, 21)),
    ("3 days ago", SUNDAY, False, date(2026, 11, 19)),
    ("30 days ago", SUNDAY, False, date(2026, 10, 23)),
    ("2 weeks ago", SUNDAY, False, date(2026, 11, 8)),
    ("sun", SUNDAY, False, SUNDAY),  # today included
    ("sunday", SUNDAY, False, SUNDAY),
    ("mon", SUNDAY, False, date(2026, 11, 16)),
    ("Monday", SUNDAY, False, date(2026, 11, 16)),
    ("sat", SUNDAY, False, date(2026, 11, 21)),
    ("wed", WEDNESDAY, False, WEDNESDAY),
    ("thu", WEDNESDAY, False, date(2026, 11, 12)),
    ("tues", WEDNESDAY, False, date(2026, 11, 17)),
    ("2026-11-20", SUNDAY, False, date(2026, 11, 20)),
    ("2024-02-29", SUNDAY, False, date(2024, 2, 29)),
    ("Nov 20", SUNDAY, False, date(2026, 11, 20)),
    ("20 November 2026", SUNDAY, False, date(2026, 11, 20)),
    ("November 20, 2026", SUNDAY, False, date(2026, 11, 20)),
    ("Dec 30", JAN_5, False, date(2026, 12, 30)),  # no year, past: last December
    ("Mar 1", SUNDAY, True, date(2027, 3, 1)),  # no year, deadline: the next 1 March
    ("Nov 25", SUNDAY, True, date(2026, 11, 25)),
    ("11/20/2026", SUNDAY, False, date(2026, 11, 20)),  # unambiguous: 20 is no month
    ("tomorrow", SUNDAY, True, date(2026, 11, 23)),
    ("2027-03-01", SUNDAY, True, date(2027, 3, 1)),
]


@pytest.mark.parametrize(("text", "today", "allow_future", "expected"), ACCEPTED)
def test_accepted(text: str, today: date, allow_future: bool, expected: date) -> None:
    assert parse_date(text, today, allow_future=allow_future) == expected


REFUSED = [
    # (text, today, allow_future, words the message must contain)
    ("tomorrow", SUNDAY, False, "future"),
    ("2026-11-23", SUNDAY, False, "future"),
    ("Nov 25 2026", SUNDAY, False, "future"),
    ("2026-02-30", SUNDAY, False, "not a real date"),
    ("01/02/2026", SUNDAY, False, "ambiguous"),
    ("3", SUNDAY, False, "3 days ago"),
    ("", SUNDAY, False, "empty"),
    ("whenever", SUNDAY, False, "cannot read"),
    ("November 2026", SUNDAY, False, "day and a month"),
    ("9999999 days ago", SUNDAY, False, "too far back"),
]


@pytest.mark.parametrize(("text", "today", "allow_future", "words"), REFUSED)
def test_refused(text: str, today: date, allow_future: bool, words: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text, today, allow_future=allow_future)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("now", "day_start", "expected"),
    [
        (datetime(2026, 11, 22, 1, 30), 0, date(2026, 11, 22)),
        (datetime(2026, 11, 22, 1, 30), 4, date(2026, 11, 21)),  # night owl: still Saturday
        (datetime(2026, 11, 22, 4, 0), 4, date(2026, 11, 22)),
        (datetime(2026, 11, 22, 23, 59), 4, date(2026, 11, 22)),
        (datetime(2026, 1, 1, 2, 0), 3, date(2025, 12, 31)),
    ],
)
def test_local_today_honours_day_start(now: datetime, day_start: int, expected: date) -> None:
    assert local_today(now, day_start) == expected


# What people type, as in the --help examples: on each weekday of one week.
_SUNDAY = date(2026, 11, 22)


@pytest.mark.parametrize("offset", range(7))
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last sunday", lambda t: t - timedelta(days=(t.weekday() - 6) % 7 or 7)),
        ("Last Monday", lambda t: t - timedelta(days=t.weekday() or 7)),
        ("last week", lambda t: t - timedelta(days=7)),
        ("a week ago", lambda t: t - timedelta(days=7)),
        ("one week ago", lambda t: t - timedelta(days=7)),
        ("a day ago", lambda t: t - timedelta(days=1)),
    ],
)
def test_phrases_people_type(offset: int, text: str, expected: Any) -> None:
    today = _SUNDAY + timedelta(days=offset)
    got = parse_date(text, today)
    assert got == expected(today)
    assert got < today
    if text.lower().startswith("last") and "week" not in text:
        assert 1 <= (today - got).days <= 7
        assert got.strftime("%A").lower() == text.split()[1].lower()
