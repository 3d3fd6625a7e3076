"""The no-contact companion: urges resisted, the journal, every attempt, the one-line view.

Use cases over the store and the engine, like ``tracker``: each takes the store
(or a Dataset) and the moment it is about; none reads the clock.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from . import engine
from . import models as m
from .dates import local_today, parse_date
from .errors import DateError, UsageError
from .store import Store

_TIME = re.compile(r"^(?:(.*?)\s+)?(?:at\s+)?(\d{1,2}):(\d{2})$")
_AGO = re.compile(r"^(\d{1,4})\s+(minute|minutes|min|hour|hours)\s+ago$")

#: A time-of-day pattern is named once there are this many urges, and a
#: two-hour window holds at least half of them.
PATTERN_MIN_URGES = 4


# ------------------------------------------------------------------ moments


def parse_moment(text: str | None, now: datetime) -> datetime:
    """A moment as people type it: ``now``, ``22:40``, ``yesterday 22:40``,
    ``2026-11-20 22:40``, ``mon 21:15``, ``20 minutes ago``, ``2 hours ago``.

    A day alone is refused (its hour is what the urge chart and the pattern are
    about), and so is the future.
    """
    now = now.replace(second=0, microsecond=0)
    cleaned = " ".join((text or "now").strip().lower().split())
    if cleaned in ("", "now"):
        return now
    ago = _AGO.match(cleaned)
    if ago:
        amount = int(ago.group(1))
        delta = timedelta(hours=amount) if ago.group(2).startswith("h") else timedelta(minutes=amount)
        return now - delta
    match = _TIME.match(cleaned)
    if not match:
        raise DateError(
            f"cannot read '{text}' as a moment; write e.g. 22:40, 'yesterday 22:40' or "
            "'2026-11-20 21:15'"
        )
    day_text, hour, minute = match.group(1), int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise DateError(f"'{text}': {hour}:{minute:02d} is not a time of day")
    day = parse_date(day_text, now.date()) if day_text else now.date()
    moment = datetime.combine(day, time(hour, minute))
    if moment > now:
        raise DateError(f"'{text}' is in the future (it is {now:%Y-%m-%d %H:%M} now)")
    return moment


# -------------------------------------------------------------------- urges


def urge_json(urge: m.Urge) -> dict[str, Any]:
    return {
        "id": urge.id,
        "at": urge.at.isoformat(timespec="minutes"),
        "date": urge.day.isoformat(),
        "intensity": urge.intensity,
        "triggers": list(urge.triggers),
        "note": urge.note,
    }


def known_spelling(triggers: Iterable[str], earlier: Sequence[str]) -> tuple[str, ...]:
    """Each trigger as first written, when it matches an earlier one but for case
    and spaces ("Photo " -> "photo"), so the report counts them together."""
    by_key = {" ".join(t.split()).casefold(): t for t in reversed(earlier)}
    out: list[str] = []
    for trigger in triggers:
        tidy = " ".join(trigger.split())
        if not tidy:
            continue
        chosen = by_key.get(tidy.casefold(), tidy)
        if chosen not in out:
            out.append(chosen)
    return tuple(out)


def urge_pattern(urges: Sequence[m.Urge]) -> str | None:
    """"most of your urges come between 21:00 and 23:00" when a two-hour window
    (hours h and h+1, across midnight too) holds at least half of them."""
    if len(urges) < PATTERN_MIN_URGES:
        return None
    hours = Counter(u.at.hour for u in urges)
    best = max(range(24), key=lambda h: (hours[h] + hours[(h + 1) % 24], -h))
    share = hours[best] + hours[(best + 1) % 24]
    if 2 * share < len(urges):
        return None
    return f"most of your urges come between {best:02d}:00 and {(best + 2) % 24:02d}:00"


class UrgeOutcome(NamedTuple):
    urge: m.Urge
    no_contact_day: int | None  # the run the urge happened in, as of its day
    week_count: int  # urges in the urge's week, this one included
    pattern: str | None
    week_first: date | None = None  # the first day of the urge's week ...
    current_week: bool = True  # ... and whether that is the week of today

    def as_json(self) -> dict[str, Any]:
        return {
            "urge": urge_json(self.urge),
            "no_contact_day": self.no_contact_day,
            "week_count": self.week_count,
            "pattern": self.pattern,
        }

    def lines(self) -> list[str]:
        what = f"{self.urge.intensity}/10"
        if self.urge.triggers:
            what += ", " + ", ".join(self.urge.triggers)
        out = [f"Urge noted ({what}) at {self.urge.at:%a %d %b %H:%M}. You did not reach out."]
        if self.no_contact_day:
            days = "1 day" if self.no_contact_day == 1 else f"{self.no_contact_day} days"
            out.append(f"Holding on kept your {days} of no contact. The wave passes; you are still here.")
        if self.week_count > 1:
            week = ("this week" if self.current_week or self.week_first is None
                    else f"in the week of {self.week_first:%a} {self.week_first.day} {self.week_first:%b}")
            out.append(f"{self.week_count} urges {week}, each one resisted.")
        if self.pattern:
            out.append(f"A pattern: {self.pattern}. Plan something for that time.")
        return out


def record_urge(
    store: Store,
    *,
    at: datetime,
    intensity: int,
    triggers: Sequence[str] = (),
    note: str | None = None,
    today: date | None = None,
) -> UrgeOutcome:
    """Record an urge resisted; the day stays kept.  Answers with the no-contact
    run it protected and, when there is one, the time-of-day pattern.  ``today``
    tells whether the urge's week is the current one (how its count is worded)."""
    from .tracker import glance

    settings = store.settings()
    day = local_today(at, settings.day_start)
    urge = store.add_urge(
        m.Urge(at=at, day=day, intensity=intensity,
               triggers=known_spelling(triggers, store.urge_triggers()), note=note)
    )
    habit = m.no_contact_habit(store.habits())
    current = None
    if habit is not None and habit.since is not None and day >= habit.since:
        current = glance(store, habit, day).current
    first = engine.week_start_of(day, settings.week_start)
    week = store.urges(first, first + timedelta(days=6))
    this_week = today is None or engine.week_start_of(today, settings.week_start) == first
    return UrgeOutcome(urge, current, len(week), urge_pattern(store.urges()), first, this_week)


def urge_list_lines(urges: Sequence[m.Urge]) -> list[str]:
    if not urges:
        return ["No urges recorded. When one comes: habit-tracker urge --intensity N"]
    out = []
    for u in urges:
        line = f"{u.at:%Y-%m-%d %a %H:%M}  {u.intensity:>2}/10"
        if u.triggers:
            line += "  " + ", ".join(u.triggers)
        if u.note:
            line += f"  ({u.note})"
        out.append(line)
    return out


# ------------------------------------------------------------------ writing


def writing_json(writing: m.Writing) -> dict[str, Any]:
    return {
        "id": writing.id,
        "at": writing.at.isoformat(timespec="minutes"),
        "date": writing.day.isoformat(),
        "words": len(writing.text.split()),
        "text": writing.text,
    }


def write_entry(store: Store, text: str, *, at: datetime) -> m.Writing:
    """Keep a journal entry or unsent letter, dated ``at``."""
    day = local_today(at, store.settings().day_start)
    return store.add_writing(m.Writing(at=at, day=day, text=text))


# ------------------------------------------------------------------ attempts


def break_triggers(days: Iterable[m.DayInfo]) -> dict[date, str]:
    return {d.date: d.break_trigger for d in days if d.break_trigger}


def dataset_attempts(dataset: m.Dataset, habit: m.Habit, as_of: date) -> list[m.Attempt]:
    """Every run of ``habit`` (abstain) up to ``as_of``: the list that
    ``streaks --attempts``, the report and the streaks chart share."""
    if habit.kind != m.ABSTAIN:
        raise UsageError(f"{habit.slug} is a {habit.kind} habit; attempts are counted for "
                         "abstain habits (like no-contact)")
    return engine.attempts(habit, dataset.entries_for(habit.slug), as_of,
                           break_triggers(dataset.days.values()))


def attempt_json(attempt: m.Attempt) -> dict[str, Any]:
    return {
        "number": attempt.number,
        "start": attempt.start.isoformat(),
        "end": attempt.end.isoformat(),
        "length": attempt.length,
        "current": attempt.current,
        "ended_by": attempt.ended_by.isoformat() if attempt.ended_by else None,
        "trigger": attempt.trigger,
    }


def attempts_view(dataset: m.Dataset, as_of: date, slug: str | None = None) -> dict[str, Any]:
    habit = dataset.habit(slug) if slug else m.no_contact_habit(dataset.habits)
    if habit is None:
        raise UsageError("no abstain habit to count attempts of")
    runs = dataset_attempts(dataset, habit, as_of)
    longest = max((a.length for a in runs), default=0)
    return {
        "habit": habit.slug,
        "as_of": as_of.isoformat(),
        "longest": longest,
        "attempts": [attempt_json(a) for a in runs],
    }


def render_attempts(data: dict[str, Any]) -> str:
    runs = data["attempts"]
    if not runs:
        return f"No runs of {data['habit']} yet."
    lines = [f"Every attempt at {data['habit']}, oldest first:"]
    for a in runs:
        start, end = date.fromisoformat(a["start"]), date.fromisoformat(a["end"])
        days = "1 day" if a["length"] == 1 else f"{a['length']} days"
        span = f"{start:%d %b %Y} – {'today' if a['current'] else f'{end:%d %b %Y}'}"
        if a["current"]:
            how = "still going"
        else:
            how = "ended " + f"{date.fromisoformat(a['ended_by']):%a %d %b}"
            if a["trigger"]:
                how += f": {a['trigger']}"
        mark = "  (longest)" if a["length"] == data["longest"] else ""
        lines.append(f"{a['number']:>3}. {span}  {days}, {how}{mark}")
    return "\n".join(lines)


def break_message(runs: Sequence[m.Attempt], day: date, today: date) -> str | None:
    """A kind answer to a break logged on ``day``: what was kept, and when day 1 is."""
    ended = next((a for a in runs if a.ended_by == day), None)
    if ended is None:
        return None
    longest = max(a.length for a in runs)
    days = "1 day" if ended.length == 1 else f"{ended.length} days"
    if ended.length == longest and sum(1 for a in runs if a.length == longest) == 1:
        kept = f"{days} is your longest run so far"
    elif ended.length == longest:
        kept = f"{days} equals your longest run"
    else:
        kept = f"you kept {days}; your longest run, {longest} days, still stands"
    start = "day 1 starts tomorrow" if day == today else (
        f"day 1 started on {day + timedelta(days=1):%a %d %b}")
    return f"{kept[0].upper()}{kept[1:]}; {start}. Nothing you kept is lost."


# ------------------------------------------------------------------ one line

_SHORT_MARKS = {True: ("✓", "✗", "🏃", " · "), False: ("ok", "todo", "W", " | ")}


def short_status(status: dict[str, Any], *, unicode: bool = True) -> str:
    """``NC 23d · ✓ · 🏃 2/3`` from ``views.status_view`` data (ASCII without unicode)."""
    done, todo, runner, sep = _SHORT_MARKS[unicode]
    parts = []
    nc = status.get("no_contact")
    if nc is not None:
        parts.append(f"NC {nc['day']}d")
    parts.append(done if status["checkin"]["complete"] else todo)
    for habit in status["habits"]:
        if habit.get("role", habit["habit"]) == m.ROLE_WORKOUT and habit["week"] is not None:
            parts.append(f"{runner} {habit['week']['done']}/{habit['week']['target']}")
    urges = (nc or {}).get("urges_this_week")
    if urges:
        parts.append(f"{'🌊' if unicode else 'U'} {urges}")
    return sep.join(parts)


def can_encode(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# ------------------------------------------------------------------ reminder


class Reminder(NamedTuple):
    checked_in: bool
    line: str


def reminder(store: Store, today: date) -> Reminder:
    """Whether ``today`` has a check-in (any habit value or day record), in one line."""
    iso = today.isoformat()
    (entries,) = store.conn.execute("SELECT COUNT(*) FROM entries WHERE date = ?", (iso,)).fetchone()
    (days,) = store.conn.execute("SELECT COUNT(*) FROM days WHERE date = ?", (iso,)).fetchone()
    habit = m.no_contact_habit(store.habits())
    count = ""
    if habit is not None and habit.since is not None and today >= habit.since:
        from .tracker import glance

        current = glance(store, habit, today).current
        count = f" Day {current} of no contact." if current else ""
    if entries or days:
        return Reminder(True, f"Checked in for {today:%a %d %b}.{count}")
    return Reminder(False, f"No check-in yet for {today:%a %d %b}: run habit-tracker checkin.{count}")
