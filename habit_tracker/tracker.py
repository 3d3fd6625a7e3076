"""Use cases over the store and the engine: set up, check in, history, habits.

Each function takes the store and, where the day matters, ``today``; none reads
the clock.  The CLI calls one of these per command and prints what comes back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import engine
from . import models as m
from .errors import UsageError
from .store import CheckinInput, Store, validate_slug


def initialise(
    store: Store,
    *,
    today: date,
    since: date,
    workouts_per_week: int = 3,
    goal: tuple[str, float, str | None, date | None] | None = None,
    day_start: int | None = None,
    week_start: str | None = None,
) -> list[m.Habit]:
    """Create the starting habits (and settings) in one transaction."""
    existing = store.habits(include_archived=True)
    if existing:
        raise UsageError(
            f"{store.path} is set up already ({len(existing)} habits); change things with "
            "'habit edit' and 'config', or use another --db"
        )
    if since > today:
        raise UsageError(f"--since {since.isoformat()} is in the future")
    habits = [
        m.Habit(slug=m.NO_CONTACT, name="No contact", kind=m.ABSTAIN, since=since, created=today,
                position=1),
        m.Habit(slug=m.WORKOUT, name="Workout", kind=m.WEEKLY, per_week=workouts_per_week,
                created=today, position=2),
    ]
    if goal is not None:
        name, target, unit, deadline = goal
        habits.append(m.Habit(slug=m.GOAL_SLUG, name=name, kind=m.GOAL, target=target, unit=unit,
                              deadline=deadline, created=today, position=3))
    with store.transaction("init") as tx:
        if day_start is not None:
            tx.put("settings", {"key": "day_start", "value": str(day_start)})
        if week_start is not None:
            tx.put("settings", {"key": "week_start", "value": week_start})
        return [store.add_habit(h, tx=tx) for h in habits]


# -------------------------------------------------------------------- habits


def default_name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def add_habit(
    store: Store,
    slug: str,
    kind: str,
    *,
    today: date,
    name: str | None = None,
    since: date | None = None,
    per_week: int | None = None,
    daily_min: float | None = None,
    target: float | None = None,
    unit: str | None = None,
    deadline: date | None = None,
) -> m.Habit:
    validate_slug(slug)
    if kind == m.ABSTAIN and since is None:
        since = today
    if kind == m.WEEKLY and per_week is None:
        per_week = 3
    habit = m.Habit(slug=slug, name=name or default_name(slug), kind=kind, since=since,
                    created=today, per_week=per_week, daily_min=daily_min, target=target,
                    unit=unit, deadline=deadline)
    return store.add_habit(habit)


def edit_habit(store: Store, slug: str, *, new_slug: str | None = None, **changes: Any) -> m.Habit:
    habit = store.habit(slug)
    updates = {k: v for k, v in changes.items() if v is not None}
    if new_slug:
        updates["slug"] = validate_slug(new_slug)
    if not updates:
        raise UsageError("nothing to change: give --name, --since, --per-week, --min, --target ...")
    edited = dataclasses.replace(habit, **updates)
    return store.update_habit(edited, f"habit edit {slug}")


def archive_habit(store: Store, slug: str, *, restore: bool = False) -> m.Habit:
    habit = store.habit(slug)
    if habit.archived != restore:
        raise UsageError(f"{slug} is {'not ' if restore else ''}archived already")
    return store.update_habit(dataclasses.replace(habit, archived=not restore),
                              f"habit {'restore' if restore else 'archive'} {slug}")


# ------------------------------------------------------------------- checkin


def goal_habit(habits: list[m.Habit]) -> m.Habit | None:
    goals = [h for h in habits if h.kind == m.GOAL]
    for h in goals:
        if h.slug == m.GOAL_SLUG:
            return h
    return goals[0] if goals else None


def build_input(
    store: Store,
    *,
    day: date,
    contact: bool | None = None,
    reached_out: bool | None = None,
    workout: str | None = None,
    progress: str | None = None,
    mood: int | None = None,
    note: str | None = None,
    sets: dict[str, str] | None = None,
) -> CheckinInput:
    """Turn the check-in flags into one CheckinInput (flags name the default habits)."""
    values: dict[str, str] = {}
    if contact is not None:
        store.habit(m.NO_CONTACT)
        values[m.NO_CONTACT] = m.BROKEN if contact else m.KEPT
    if workout is not None:
        store.habit(m.WORKOUT)
        values[m.WORKOUT] = workout
    if progress is not None:
        goal = goal_habit(store.habits())
        if goal is None:
            raise UsageError("--progress needs a goal: add one with 'habit add goal --kind goal ...'")
        values[goal.slug] = progress
    for slug, value in (sets or {}).items():
        store.habit(slug)  # unknown slugs fail here, with a suggestion
        values[slug] = value
    return CheckinInput(day=day, values=values, mood=mood, note=note, reached_out=reached_out)


@dataclass(frozen=True)
class Line:
    text: str
    style: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckinOutcome:
    day: date
    saved: dict[str, m.Entry | None]
    info: m.DayInfo | None
    stats: list[m.HabitStats]
    reached: list[tuple[m.Habit, m.Milestone]]

    def no_contact(self) -> m.HabitStats | None:
        for s in self.stats:
            if s.habit.slug == m.NO_CONTACT:
                return s
        return next((s for s in self.stats if s.habit.kind == m.ABSTAIN), None)

    def as_json(self) -> dict[str, Any]:
        from .views import milestone_message, streak_json

        nc = self.no_contact()
        return {
            "date": self.day.isoformat(),
            "saved": {s: (e.value_text() if e else None) for s, e in self.saved.items()},
            "mood": self.info.mood if self.info else None,
            "note": self.info.note if self.info else None,
            "reached_out": bool(self.info and self.info.reached_out),
            "no_contact_day": nc.current_length if nc else None,
            "habits": [streak_json(s) for s in self.stats],
            "milestones": [
                {"habit": h.slug, "milestone": ms.value, "kind": ms.kind,
                 "date": ms.date.isoformat(), "message": milestone_message(h, ms)}
                for h, ms in self.reached
            ],
        }

    def lines(self) -> list[Line]:
        from .views import milestone_message

        out: list[Line] = []
        parts = []
        for slug, entry in self.saved.items():
            parts.append(f"{slug} {entry.value_text() if entry else 'cleared'}")
        if self.info is not None:
            if self.info.mood is not None:
                parts.append(f"mood {self.info.mood}")
            if self.info.reached_out:
                parts.append("they reached out")
            if self.info.note:
                parts.append("note")
        out.append(Line(f"Saved {self.day:%a %d %b %Y}: {', '.join(parts)}."))
        nc = self.no_contact()
        if nc is not None and nc.start is not None:
            if nc.current_length:
                out.append(Line(
                    f"Day {nc.current_length} of no contact. Next milestone: "
                    f"{nc.next_milestone} days ({nc.to_next_milestone} to go).",
                    {"bold": True},
                ))
            else:
                out.append(Line("No contact was broken that day. It happens: "
                                "the count starts again from the next day.", {"bold": True}))
        for s in self.stats:
            if s is nc:
                continue
            if s.goal is not None:
                g = s.goal
                unit = f" {g.unit}" if g.unit else ""
                out.append(Line(f"{s.habit.name}: {m.format_amount(round(g.total, 2))} of "
                                f"{m.format_amount(g.target)}{unit} ({g.percent:.0f}%)."))
            elif s.current_length:
                out.append(Line(f"{s.habit.name}: {s.current_length}-{s.unit[:-1]} streak, "
                                f"next milestone {s.next_milestone} ({s.to_next_milestone} to go)."))
        for habit, milestone in self.reached:
            out.append(Line(f"* {milestone_message(habit, milestone)}", {"fg": "green", "bold": True}))
        return out


def record(store: Store, data: CheckinInput, *, today: date) -> CheckinOutcome:
    """Write one check-in and work out the streaks and the milestones reached that day.

    Every milestone dated on the checked-in day is announced: for an abstain
    habit the day itself reaches it (the counter runs by itself), for the others
    the value just logged does.
    """
    saved = store.checkin(data, today)
    dataset = store.load_dataset()
    info = dataset.days.get(data.day)
    stats: list[m.HabitStats] = []
    reached: list[tuple[m.Habit, m.Milestone]] = []
    for habit in dataset.habits:
        now = engine.analyze(habit, dataset.entries_for(habit.slug), data.day,
                             week_start=dataset.week_start)
        stats.append(now)
        reached.extend((habit, ms) for ms in now.milestones + now.goal_milestones
                       if ms.date == data.day)
    return CheckinOutcome(day=data.day, saved=saved, info=info, stats=stats, reached=reached)


# ------------------------------------------------------------------- history


def history(store: Store, *, slug: str | None = None, first: date | None = None,
            last: date | None = None) -> list[dict[str, Any]]:
    """The logged days in [first, last], oldest first, as JSON-ready dicts."""
    habits = [store.habit(slug)] if slug else store.habits(include_archived=True)
    by_day: dict[date, dict[str, Any]] = {}

    def day_record(d: date) -> dict[str, Any]:
        return by_day.setdefault(d, {"date": d.isoformat(), "entries": {}, "mood": None,
                                     "note": None, "reached_out": False})

    for habit in habits:
        for entry in store.entries(habit, first, last):
            day_record(entry.date)["entries"][habit.slug] = {
                "value": entry.status if entry.status is not None else entry.amount,
                "note": entry.note,
            }
    for d, info in store.days(first, last).items():
        if slug and d not in by_day:
            continue
        rec = day_record(d)
        rec.update(mood=info.mood, note=info.note, reached_out=info.reached_out)
    return [by_day[d] for d in sorted(by_day)]
