"""The hours of a young no-contact run ("Day 2 · 41 hours"), shared by the check-in
and status; a module of its own so that status does not load the check-in's."""

from __future__ import annotations

from datetime import date, datetime, time

from . import models as m

#: Hours shown next to "Day N" while the run is this young: the first three
#: days, when each hour is still counted.
HOURS_SHOWN_UP_TO_DAY = 3


def run_hours(run_start: date, habit: m.Habit, since_time: str, now: datetime) -> int:
    """Whole hours since the run began: at ``since_time`` on the habit's first
    day, at midnight on the day after a break."""
    begin = datetime.combine(run_start, time())
    if since_time and habit.since == run_start:
        hour, minute = since_time.split(":")
        begin = begin.replace(hour=int(hour), minute=int(minute))
    return max(0, int((now - begin).total_seconds() // 3600))
