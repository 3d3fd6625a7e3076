"""`history`: the logged days of a range, as JSON-ready dicts.

Its own module, apart from ``tracker`` (the check-in's use cases), so that
``habit-tracker history`` loads only what it shows, and reads every habit's
entries of the range in one statement.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .store import Store, _garbled, date_range

#: A day's free text, left out by ``history(notes=False)``.
FREE_TEXT = ("note", "necessary_contact", "break_trigger")


def history(store: Store, *, slug: str | None = None, first: date | None = None,
            last: date | None = None, notes: bool = True) -> list[dict[str, Any]]:
    """The logged days in [first, last], oldest first, as JSON-ready dicts; a
    day's entries in the habits' order.

    ``notes=False`` leaves every note out, and the day's other free text
    (necessary contact, what led to a break): no such keys at all."""
    habits = [store.habit(slug)] if slug else store.habits(include_archived=True)
    by_day: dict[date, dict[str, Any]] = {}

    def day_record(d: date) -> dict[str, Any]:
        return by_day.setdefault(d, {"date": d.isoformat(), "entries": {}, "mood": None,
                                     "note": None, "reached_out": False})

    rows: dict[int | None, list[tuple[date, Any, str | None]]] = {h.id: [] for h in habits}
    sql, params = date_range("SELECT habit_id, date, status, amount, note FROM entries WHERE 1",
                             first, last)
    if slug:
        sql += " AND habit_id = ?"
        params.append(habits[0].id)
    parsed: dict[str, date] = {}
    fromiso = date.fromisoformat
    try:
        for habit_id, day, status, amount, note in store.conn.execute(
            # With a range, by date first: SQLite then reads the range from the date
            # index (by habit first it walks the whole table in key order).
            sql + (" ORDER BY date, habit_id" if first or last else " ORDER BY habit_id, date"),
            params,
        ):
            found = rows.get(habit_id)
            if found is not None:
                when = parsed.get(day)
                if when is None:
                    when = parsed[day] = fromiso(day)
                found.append((when, status if status is not None else amount, note))
    except (TypeError, ValueError):
        raise _garbled("an entry's date") from None
    for habit in habits:
        for when, value, note in rows[habit.id]:
            day_record(when)["entries"][habit.slug] = {"value": value, "note": note}
    for d, info in store.days(first, last).items():
        if slug and d not in by_day:
            continue
        rec = day_record(d)
        rec.update(mood=info.mood, note=info.note, reached_out=info.reached_out)
        if info.necessary_contact:
            rec["necessary_contact"] = info.necessary_contact
        if info.break_trigger:
            rec["break_trigger"] = info.break_trigger
    if not notes:
        for rec in by_day.values():
            for text in FREE_TEXT:
                rec.pop(text, None)
            for entry in rec["entries"].values():
                entry.pop("note", None)
    return [by_day[d] for d in sorted(by_day)]
