"""The data a chart of a period needs, read from the store without all of history.

A chart of the days [first, last] draws those days, and each habit's state on a
day depends on little before it.  ``window_dataset`` reads the entries from a
margin before ``first`` (``MARGIN_DAYS``: the mood's four-week mean, a weekly
habit's week) up to ``last``, and keeps what the engine still needs from before
that, so that every figure drawn is exactly what the whole history gives
(``tests/test_charts_window.py`` draws both and compares them):

- each habit's real start, written into its ``since`` and ``created`` (the start
  of a daily habit is its first entry, which may be long before the window);
- abstain habits (no contact): their breaks before the window too, since a
  streak runs until a break however long ago it began, and their other entries
  change nothing;
- goal habits: what was logged before the window, as one entry on the day
  before it, so that the running total and the milestones reached are right;
- habits counted over a rolling window of days, and kinds this module does not
  know: all their entries;
- the earliest logged day, if it is before the window (where the data begins
  sets the default period).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from datetime import date, timedelta

from .. import models as m
from ..store import MAX_AMOUNT, MIN_AMOUNT, Store, _out_of_range, day_from_row

#: Days read before the first day shown: the mood's 28-day mean, a week's days.
MARGIN_DAYS = 35
_KNOWN = (m.ABSTAIN, m.DAILY, m.WEEKLY, m.GOAL)
#: An amount that could not have been logged (``Store.check_amounts``'s rule).
_ODD = ("amount IS NOT NULL AND amount != 0 AND "
        "NOT (typeof(amount) IN ('real', 'integer') AND amount BETWEEN ? AND ?)")
_BOUNDS = (MIN_AMOUNT, MAX_AMOUNT)


def _refuse_odd(entries: Sequence[m.Entry]) -> None:
    """Refuse an entry read whose amount could not have been logged: text, or a
    number outside [MIN_AMOUNT, MAX_AMOUNT] other than 0 (``Store.check_amounts``)."""
    for entry in entries:
        amount = entry.amount
        if amount is not None and amount != 0 and not (
            type(amount) in (float, int) and MIN_AMOUNT <= amount <= MAX_AMOUNT
        ):
            raise _out_of_range(f"an amount on {entry.date.isoformat()} of", amount)


def window_dataset(store: Store, first: date, last: date, *,
                   include_archived: bool = False, whole: Collection[str] = (),
                   triggers: bool = False,
                   breaks: Collection[str] | None = None) -> m.Dataset:
    """What the charts of [first, last] need (see the module's notes); urges and
    writings of the window too.  ``whole``: habits (slugs) read in full, for a
    chart of all their history (the goal's, a daily habit's streaks).
    ``triggers``, or any ``whole``: every day that records what led to a break
    is read too (the streaks chart names them).  ``breaks``: the abstain habits
    (slugs) whose breaks from before the window are read, those whose streaks
    the chart shows (default: all); a day's state does not depend on them, and
    reading them scans the habit's whole history."""
    habits = store.habits(include_archived=include_archived)
    # The habits' own amounts here; the entries' where they are read (below), not
    # by a scan of every entry of all history.
    store.check_amounts(habits, entries=False)
    settings = store.settings()
    low = first - timedelta(days=MARGIN_DAYS)
    conn = store.conn
    fromiso = date.fromisoformat

    def read(sql: str, params: tuple[object, ...]) -> list[m.Entry]:
        return [m.Entry(fromiso(day), status, amount, note)
                for day, status, amount, note in conn.execute(sql, params)]

    columns = "SELECT date, status, amount, note FROM entries WHERE habit_id = ?"
    in_window = f"{columns} AND date >= ? AND date <= ? ORDER BY date"
    anchored: list[m.Habit] = []
    entries: dict[str, list[m.Entry]] = {}
    for habit in habits:
        if habit.kind not in _KNOWN or habit.rolling or habit.slug in whole:
            entries[habit.slug] = read(f"{columns} AND date <= ? ORDER BY date",
                                       (habit.id, last.isoformat()))
            anchored.append(habit)
            continue
        (earliest,) = conn.execute("SELECT MIN(date) FROM entries WHERE habit_id = ?",
                                   (habit.id,)).fetchone()
        recent = read(in_window, (habit.id, low.isoformat(), last.isoformat()))
        before: list[m.Entry] = []
        if habit.kind == m.ABSTAIN and (breaks is None or habit.slug in breaks):
            before = read(f"{columns} AND status = ? AND date < ? ORDER BY date",
                          (habit.id, m.BROKEN, low.isoformat()))
        elif habit.kind == m.GOAL:
            # The total before the window, and (in the same pass) the first amount
            # summed that no check-in could have logged: refused as
            # Store.check_amounts would.
            carried, odd = conn.execute(
                f"SELECT SUM(CASE WHEN amount > 0 THEN amount END), "
                f"MIN(CASE WHEN {_ODD} THEN date END) FROM entries WHERE habit_id = ? AND date < ?",
                (*_BOUNDS, habit.id, low.isoformat())).fetchone()
            if odd is not None:
                (amount,) = conn.execute("SELECT amount FROM entries WHERE habit_id = ? AND date = ?",
                                         (habit.id, odd)).fetchone()
                raise _out_of_range(f"an amount on {odd} of", amount)
            if carried:
                before = [m.Entry(low - timedelta(days=1), None, float(carried), None)]
        entries[habit.slug] = before + recent
        if habit.kind == m.ABSTAIN and habit.since is not None:
            anchored.append(habit)
            continue
        starts = [day for day in (habit.since, habit.created) if day is not None]
        if earliest:
            starts.append(fromiso(earliest))
        if starts:
            start = min(starts)
            habit = habit._replace(since=start, created=start)
        anchored.append(habit)
    for read_entries in entries.values():
        _refuse_odd(read_entries)
    days = store.days(low, last)
    (earliest_day,) = conn.execute("SELECT MIN(date) FROM days").fetchone()
    if earliest_day and fromiso(earliest_day) < low:
        days = {**store.days(fromiso(earliest_day), fromiso(earliest_day)), **days}
    if whole or triggers:
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row
        rows = cursor.execute("SELECT * FROM days WHERE break_trigger IS NOT NULL AND "
                              "break_trigger != '' AND date < ? ORDER BY date",
                              (low.isoformat(),))
        days = {**{info.date: info for info in (day_from_row(dict(r)) for r in rows)}, **days}
    return m.Dataset(
        habits=anchored,
        entries=entries,
        days=days,
        week_start=settings.week_start,
        day_start=settings.day_start,
        since_time=settings.since_time,
        urges=store.urges(low, last),
        writings=store.writings(low, last),
    )


def streak_habit_whole(habits: Sequence[m.Habit]) -> list[str]:
    """The habit whose streaks the dashboard and the report's panels show (no contact,
    else the first habit), as a ``whole`` for ``window_dataset`` when the window
    alone cannot give its streaks: every kind but abstain (whose breaks are kept)."""
    active = sorted((h for h in habits if not h.archived), key=lambda h: h.position)
    habit = m.no_contact_habit(active) or (active[0] if active else None)
    return [habit.slug] if habit is not None and habit.kind != m.ABSTAIN else []
