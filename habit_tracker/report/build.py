"""Working out a week's figures (SPEC, "The week's figures") into a ``WeeklyReport``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from .. import engine
from ..errors import UsageError
from ..models import (
    ABSTAIN,
    BROKEN,
    DAILY,
    DONE,
    GOAL,
    SKIP,
    WEEKLY,
    Dataset,
    Entry,
    Habit,
    HabitStats,
    role_of,
)
from .companion import companion_week
from .model import DayCell, GoalWeek, HabitWeek, MilestoneLine, MoodWeek, NoteLine, WeeklyReport
from .wording import with_observations


def _between(entries: Sequence[Entry], first: date, last: date) -> list[Entry]:
    return [e for e in entries if first <= e.date <= last]


def _is_done(habit: Habit, entry: Entry) -> bool:
    """A done day per SPEC: `done`, or for numeric habits an amount at or above the
    daily minimum (daily) or above zero (goal)."""
    if entry.status is not None:
        return entry.status == DONE
    amount = entry.amount if entry.amount is not None else 0.0
    if habit.kind == DAILY and habit.daily_max is not None:
        return amount <= habit.daily_max
    if habit.kind == DAILY and habit.daily_min is not None:
        return amount >= habit.daily_min
    return amount > 0


def week_figures(
    habit: Habit, entries: Sequence[Entry], start: date | None, first: date, last: date
) -> tuple[int, int] | None:
    """``(done, target)`` of one week for one habit, for the days [first, last]
    (the week's first day and T).  ``None`` when the habit has no day in that span."""
    if start is None:
        return None
    low = max(first, start)
    if low > last:
        return None
    span = (last - low).days + 1
    inside = _between(entries, low, last)
    if habit.kind == ABSTAIN:
        broken = sum(1 for e in inside if e.status == BROKEN)
        return span - broken, span
    if habit.rolling:
        # X times in Y days and limits over Y days: the days the habit was on track,
        # out of the days that were not skipped (as for a daily habit).
        states = engine.day_states(habit, entries, low, last, as_of=last)
        on_track = sum(1 for s in states.values() if s in (engine.STATE_DONE, engine.STATE_KEPT))
        skipped = sum(1 for s in states.values() if s == engine.STATE_SKIP)
        return on_track, span - skipped
    done = sum(1 for e in inside if _is_done(habit, e))
    if habit.kind == WEEKLY:
        return done, habit.per_week if habit.per_week is not None else 1
    if habit.kind == DAILY:
        skipped = sum(1 for e in inside if e.status == SKIP)
        return done, span - skipped
    return done, span  # goal: days with progress > 0 out of the days that exist


def _progress(entries: Sequence[Entry], first: date, last: date) -> float:
    return sum(e.amount for e in _between(entries, first, last) if e.amount is not None and e.amount > 0)


def _round(value: float, places: int = 2) -> float:
    rounded = round(value, places)
    return rounded + 0.0  # no "-0.0"


def _average(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def report_as_of(week_day: date, today: date, week_start: int) -> date:
    """T: the earlier of the last day of the week holding ``week_day`` and ``today``."""
    return min(engine.week_start_of(week_day, week_start) + timedelta(days=6), today)


def build_report(dataset: Dataset, week_day: date, today: date, *,
                 include_writing: bool = False,
                 analysed: Mapping[str, HabitStats] | None = None,
                 runs_before: Mapping[str, int] | None = None) -> WeeklyReport:
    """The weekly summary of the week holding ``week_day``, as known at the end of
    ``today``.  Archived habits and habits that had not started by T are left out.

    ``analysed``: each habit's stats as of T worked out already; ``dataset`` then
    needs only the entries and days of this week and the one before (see
    ``recent.views_data``), and ``runs_before`` (default 0) says how many streaks
    of each habit closed before those in its stats (the attempts' numbers)."""
    first = engine.week_start_of(week_day, dataset.week_start)
    last = first + timedelta(days=6)
    if first > today:
        raise UsageError(
            f"the week of {week_day.isoformat()} has not started yet (today is {today.isoformat()})"
        )
    t = min(last, today)
    prev_first, prev_last = first - timedelta(days=7), first - timedelta(days=1)

    habits: list[HabitWeek] = []
    goals: list[GoalWeek] = []
    milestones: list[MilestoneLine] = []
    active = [h for h in dataset.habits if not h.archived]
    for habit in active:
        entries = [e for e in dataset.entries_for(habit.slug) if e.date <= t]
        start = engine.habit_start(habit, entries)
        figures = week_figures(habit, entries, start, first, t)
        if figures is None:
            continue
        done, target = figures
        previous = week_figures(habit, entries, start, prev_first, prev_last)
        if analysed is not None:
            stats = analysed[habit.slug]
        else:
            stats = engine.analyze(habit, entries, t, week_start=dataset.week_start, today=today)
        states = engine.day_states(habit, entries, first, last, as_of=t, today=today)
        by_date = {e.date: e for e in entries}
        cells = tuple(
            DayCell(
                day,
                state,
                by_date[day].amount if habit.numeric and day in by_date else None,
            )
            for day, state in sorted(states.items())
        )
        habits.append(
            HabitWeek(
                slug=habit.slug,
                name=habit.name,
                kind=habit.kind,
                unit=stats.unit,
                done=done,
                target=target,
                rate=done / target if target else None,
                current_streak=stats.current_length,
                longest_streak=stats.longest_length,
                previous_week_done=previous[0] if previous else None,
                previous_week_target=previous[1] if previous else None,
                next_milestone=stats.next_milestone,
                days=cells,
            )
        )
        # Goals have day streaks as daily habits do, so their day milestones are
        # listed too, next to the percentage ones (SPEC, "Habits" and "Milestones").
        for m in stats.milestones:
            if first <= m.date <= t:
                milestones.append(MilestoneLine(habit.slug, habit.name, m.value, stats.unit, m.date))
        for m in stats.goal_milestones:
            if first <= m.date <= t:
                milestones.append(MilestoneLine(habit.slug, habit.name, m.value, "percent", m.date))
        if habit.kind == GOAL and stats.goal is not None:
            g = stats.goal
            goals.append(
                GoalWeek(
                    habit=habit.slug,
                    name=habit.name,
                    unit=g.unit,
                    target=g.target,
                    total=_round(g.total),
                    week_progress=_round(_progress(entries, first, t)),
                    previous_week_progress=(
                        _round(_progress(entries, prev_first, prev_last)) if previous else None
                    ),
                    percent=_round(g.percent, 1),
                    deadline=g.deadline,
                    projected_finish=g.projected_finish,
                    pace=g.pace,
                    pace_days=g.pace_days,
                    too_early=g.too_early,
                )
            )
    order = {h.slug: i for i, h in enumerate(active)}
    milestones.sort(key=lambda m: (m.date, order[m.habit], m.milestone))

    week_days = [d for d in dataset.days.values() if first <= d.date <= t]
    week_days.sort(key=lambda d: d.date)
    moods = [(d.date, d.mood) for d in week_days if d.mood is not None]
    prev_moods = [
        d.mood for d in dataset.days.values() if prev_first <= d.date <= prev_last and d.mood is not None
    ]
    mood = MoodWeek(
        average=_average([m for _, m in moods]),
        previous_average=_average(prev_moods),
        days=len(moods),
        by_day=tuple(moods),
    )
    reached = tuple(d.date for d in week_days if d.reached_out)

    notes: list[NoteLine] = [
        NoteLine(d.date, d.note) for d in week_days if d.note is not None and d.note.strip()
    ]
    shown = {h.slug for h in habits}
    for habit in active:
        if habit.slug not in shown:
            continue
        for e in _between(dataset.entries_for(habit.slug), first, t):
            if e.note is not None and e.note.strip():
                notes.append(NoteLine(e.date, e.note, habit.slug, habit.name))
    notes.sort(key=lambda n: (n.date, -1 if n.habit is None else order[n.habit]))

    role_goal = next((h.slug for h in active if role_of(h) == "goal"), None)
    goal = next((g for g in goals if g.habit == role_goal), goals[0] if goals else None)
    report = WeeklyReport(
        week_start=first,
        week_end=last,
        as_of=t,
        habits=tuple(habits),
        milestones=tuple(milestones),
        goal=goal,
        goals=tuple(goals),
        mood=mood,
        reached_out=len(reached),
        reached_out_dates=reached,
        notes=tuple(notes),
        observations=(),
        companion=companion_week(
            dataset, first, t, include_writing=include_writing,
            runs=None if analysed is None else {
                slug: (stats.streaks, (runs_before or {}).get(slug, 0))
                for slug, stats in analysed.items()
            },
        ),
    )
    return with_observations(report)


# ------------------------------------------------------------- plain language


