"""Data shaping for the charts: plain functions over plain values, no matplotlib.

Each chart kind has a function here that turns a habit's entries (or the whole
``Dataset``) and an evaluation date ``as_of`` into exactly what the drawing code
puts on the page: the calendar grid of a heatmap, the intervals of streaks, a
cumulative series, weekly rates, a rolling mean.  The drawing code only maps
these to marks, so everything a chart claims can be tested here without
rendering anything.

Streak semantics come from the engine (``habit_tracker.engine``); nothing here
decides what counts as a kept or a broken day.

The shaped values are NamedTuples, not frozen dataclasses: fourteen dataclasses
took 8 ms of every chart's start (their methods are generated and compiled).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Generic, NamedTuple, TypeVar, cast

from dateutil.relativedelta import relativedelta

from .. import engine
from ..errors import UsageError
from ..models import (
    ABSTAIN,
    GOAL,
    MONDAY,
    ROLE_NO_CONTACT,
    WEEKLY,
    Dataset,
    Entry,
    Habit,
    HabitStats,
    Urge,
    format_amount,
    no_contact_habit,
    role_of,
)
from ..models import BROKEN as BROKEN  # re-exported: a day category too
from ..units import percent as percent_text

V = TypeVar("V")

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

# ------------------------------------------------------------------ day categories
#
# What one day of one habit looks like in a heatmap.  The engine's day states,
# refined where the picture needs more than the streak does.
KEPT = "kept"  # abstain: a day without the behaviour
DONE = "done"  # done, or numeric value reaching the minimum, or goal progress > 0
PARTIAL = "partial"  # numeric below the daily minimum; goal day logged with 0
SKIP = "skip"  # logged skip (a rest day for a weekly habit)
REST = "rest"  # weekly habit: no session logged that day (not a failure by itself)
MISSED = "missed"  # logged missed, or a daily habit's past day without an entry
# BROKEN (from models): abstain, the behaviour happened (contact)
OPEN = "open"  # day as_of, not checked in yet
BEFORE = "before"  # before the habit's start: the day does not exist for it
AFTER = "after"  # after as_of

#: Categories in legend order.
CATEGORIES = (KEPT, DONE, PARTIAL, SKIP, REST, MISSED, BROKEN, OPEN, BEFORE, AFTER)

#: Categories that count as a success / as a failure in a completion share.
SUCCESS = frozenset({KEPT, DONE})
FAILURE = frozenset({MISSED, BROKEN, PARTIAL})


def category_label(category: str, habit: Habit | None) -> str:
    """The legend text of a category, in the words of the habit's kind."""
    kind = habit.kind if habit else None
    if category == SKIP:
        return "rest day" if kind == WEEKLY else "skipped"
    if category == REST:
        return "no session"
    if category == PARTIAL:
        return "no progress" if kind == GOAL else "below minimum"
    if category == DONE and kind == GOAL:
        return "progress"
    if category == BROKEN:
        return "broken (contact)" if habit and role_of(habit) == ROLE_NO_CONTACT else "broken"
    return {
        OPEN: "not checked in yet",
        BEFORE: "before start",
        AFTER: "after the end",
    }.get(category, category)


def day_categories(
    habit: Habit, entries: Sequence[Entry], first: date, last: date, *, as_of: date
) -> dict[date, str]:
    """The heatmap category of every day in [first, last] for one habit."""
    states = engine.day_states(habit, entries, first, last, as_of=as_of)
    logged = {entry.date for entry in entries}
    result: dict[date, str] = {}
    for day in days_between(first, last):
        state = states.get(day, engine.STATE_NONE)
        if state == engine.STATE_NONE:
            result[day] = AFTER if day > as_of else BEFORE
        elif state == engine.STATE_MISSED and habit.by_week and day not in logged:
            result[day] = REST
        elif state in (
            engine.STATE_KEPT,
            engine.STATE_BROKEN,
            engine.STATE_DONE,
            engine.STATE_SKIP,
            engine.STATE_MISSED,
            engine.STATE_PARTIAL,
            engine.STATE_OPEN,
        ):
            result[day] = state
        else:  # a state this module does not know: show it as a failure, not a success
            result[day] = MISSED
    return result


def completion_share(
    habits: Sequence[Habit],
    entries: Mapping[str, Sequence[Entry]],
    first: date,
    last: date,
    *,
    as_of: date,
) -> dict[date, float | None]:
    """Each day's share of habits done among those that counted that day.

    A habit counts on a day when it was a success (kept, done) or a failure
    (broken, missed, below its minimum); skipped days, a weekly habit's days
    without a session, today before the check-in and days outside the habit's
    life do not count either way.  Days on which no habit existed are left out;
    days on which habits existed but none counted map to ``None``.
    """
    done: dict[date, int] = {}
    counted: dict[date, int] = {}
    existing: set[date] = set()
    for habit in habits:
        categories = day_categories(habit, entries.get(habit.slug, ()), first, last, as_of=as_of)
        for day, category in categories.items():
            if category in (BEFORE, AFTER):
                continue
            existing.add(day)
            if category in SUCCESS:
                done[day] = done.get(day, 0) + 1
                counted[day] = counted.get(day, 0) + 1
            elif category in FAILURE:
                counted[day] = counted.get(day, 0) + 1
    return {
        day: (done.get(day, 0) / counted[day] if counted.get(day) else None)
        for day in sorted(existing)
    }


# ------------------------------------------------------------------ calendar grid


def days_between(first: date, last: date) -> list[date]:
    """Every day from first to last, both included (empty when last < first)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def week_start_of(day: date, week_start: int = MONDAY) -> date:
    """The first day of the week containing ``day`` (weeks begin on ``week_start``)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


class CalendarGrid(NamedTuple, Generic[V]):
    """Days laid out as a calendar: one column per week, one row per weekday.

    ``rows`` holds the weekday number (``date.weekday()``) of each row, top to
    bottom, starting with ``week_start``.  ``columns`` holds the first day of each
    week.  Cells outside [first, last] are empty (``day_at`` gives ``None``).
    """

    first: date
    last: date
    week_start: int
    columns: tuple[date, ...]
    rows: tuple[int, ...]
    values: Mapping[date, V]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.columns)

    @property
    def row_labels(self) -> tuple[str, ...]:
        return tuple(WEEKDAY_NAMES[weekday] for weekday in self.rows)

    def day_at(self, row: int, column: int) -> date | None:
        day = self.columns[column] + timedelta(days=row)
        return day if self.first <= day <= self.last else None

    def position(self, day: date) -> tuple[int, int]:
        """(row, column) of a day within [first, last]."""
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside {self.first}..{self.last}")
        return (day.weekday() - self.week_start) % 7, (day - self.columns[0]).days // 7

    def value_at(self, row: int, column: int) -> V | None:
        day = self.day_at(row, column)
        return None if day is None else self.values.get(day)

    def cells(self) -> Iterable[tuple[int, int, date]]:
        """(row, column, day) of every day in [first, last]."""
        for day in days_between(self.first, self.last):
            row, column = self.position(day)
            yield row, column, day

    def month_labels(self, min_gap: int = 3) -> list[tuple[int, date]]:
        """(column, first day of the month) where each month's label goes.

        A month is labelled at the column holding its first day; the month in
        progress at ``first`` is labelled at column 0 unless the next label
        follows within ``min_gap`` columns (the two would overlap).
        """
        labels: list[tuple[int, date]] = []
        month = date(self.first.year, self.first.month, 1)
        while month <= self.last:
            if month >= self.first:
                labels.append((self.position(month)[1], month))
            month += relativedelta(months=1)
        if self.first.day != 1:
            head = date(self.first.year, self.first.month, 1)
            if not labels or labels[0][0] >= min_gap:
                labels.insert(0, (0, head))
        return labels


def calendar_grid(
    values: Mapping[date, V], first: date, last: date, week_start: int = MONDAY
) -> CalendarGrid[V]:
    if last < first:
        raise ValueError("last is before first")
    start = week_start_of(first, week_start)
    count = (last - start).days // 7 + 1
    return CalendarGrid(
        first=first,
        last=last,
        week_start=week_start,
        columns=tuple(start + timedelta(weeks=n) for n in range(count)),
        rows=tuple((week_start + n) % 7 for n in range(7)),
        values=dict(values),
    )


def calendar_chunks(first: date, last: date, max_weeks: int = 54) -> list[tuple[date, date]]:
    """Split a long range into calendar years so that each panel stays readable.

    Ranges of up to ``max_weeks`` weeks stay whole.
    """
    if (last - first).days < max_weeks * 7:
        return [(first, last)]
    chunks = []
    begin = first
    while begin <= last:
        end = min(date(begin.year, 12, 31), last)
        chunks.append((begin, end))
        begin = end + timedelta(days=1)
    return chunks


class HeatmapPanel(NamedTuple):
    grid: CalendarGrid[str] | CalendarGrid[float | None]
    label: str  # the year(s) covered, shown beside the panel


class HeatmapData(NamedTuple):
    """One habit's day categories, or all habits' completion share, as calendars."""

    habit: Habit | None  # None: all habits combined (values are shares)
    first: date
    last: date
    as_of: date
    panels: list[HeatmapPanel]
    counts: dict[str, int]  # days per category (one habit) or per share bucket

    @property
    def combined(self) -> bool:
        return self.habit is None


def heatmap_data(
    dataset: Dataset,
    habit: Habit | None,
    first: date,
    last: date,
    *,
    as_of: date,
) -> HeatmapData:
    """The heatmap of one habit (categories) or of all habits (completion share)."""
    values: dict[date, str] | dict[date, float | None]
    counts: dict[str, int] = {}
    if habit is not None:
        values = day_categories(habit, dataset.entries_for(habit.slug), first, last, as_of=as_of)
        for category in values.values():
            counts[category] = counts.get(category, 0) + 1
    else:
        values = completion_share(
            active_habits(dataset), dataset.entries, first, last, as_of=as_of
        )
        for share in values.values():
            key = "none" if share is None else "all" if share >= 1 else "some" if share else "zero"
            counts[key] = counts.get(key, 0) + 1
    panels = []
    for begin, end in calendar_chunks(first, last):
        part = {day: value for day, value in values.items() if begin <= day <= end}
        label = str(begin.year) if begin.year == end.year else f"{begin.year}–{end.year}"
        grid = calendar_grid(part, begin, end, dataset.week_start)
        panels.append(HeatmapPanel(cast("CalendarGrid[str] | CalendarGrid[float | None]", grid), label))
    return HeatmapData(habit, first, last, as_of, panels, counts)


# ------------------------------------------------------------------ streaks


class StreakBar(NamedTuple):
    start: date
    end: date  # last day of the streak (included)
    length: int  # in days or weeks
    current: bool
    longest: bool
    ended_by: date | None = None  # abstain: the break that ended this run
    trigger: str | None = None  # abstain: what led to that break


class StreakData(NamedTuple):
    habit: Habit
    unit: str  # "days" or "weeks"
    first: date  # time axis
    last: date
    as_of: date
    bars: list[StreakBar]
    levels: list[int]  # milestone lines
    current: int
    longest: int
    next_milestone: int
    started: bool  # False: the habit has no days up to as_of


def milestone_levels(unit: str, top: int, *, max_lines: int = 7, spacing: float = 0.06) -> list[int]:
    """Milestones worth a reference line on an axis running from 0 to about ``top``.

    All milestones up to the first one above ``top``, thinned from the bottom so
    that neighbouring lines stay at least ``spacing`` of the axis apart, and no
    more than ``max_lines`` of them.
    """
    ceiling = engine.next_milestone(max(top, 0), unit)
    candidates = sorted(set(engine.milestones_between(unit, 0, ceiling)) | {ceiling})
    kept: list[int] = []
    for value in reversed(candidates):
        if value <= 0:
            continue
        if kept and kept[-1] - value < spacing * ceiling:
            continue
        kept.append(value)
        if len(kept) == max_lines:
            break
    return sorted(kept)


def streak_data(
    habit: Habit,
    entries: Sequence[Entry],
    *,
    as_of: date,
    week_start: int = MONDAY,
    first: date | None = None,
    last: date | None = None,
    triggers: dict[date, str] | None = None,
) -> StreakData:
    """Every streak of a habit, with its current and longest marked.

    The time axis runs from ``first`` (default: the habit's start) to ``last``
    (default: ``as_of``); streaks that end before it or begin after it are left out.
    For an abstain habit each bar is one of ``engine.attempts`` (the list that
    ``streaks --attempts`` and the report show), with the break that ended it and
    what led to it (``triggers``: break day -> text).
    """
    stats = engine.analyze(habit, entries, as_of, week_start=week_start)
    # engine.attempts from these streaks: walking the history once more gave the same
    runs = ({a.start: a for a in engine.runs_as_attempts(stats.streaks, as_of, triggers)}
            if habit.kind == ABSTAIN else {})
    start = stats.start
    axis_first = first or start or as_of
    axis_last = last or as_of
    bars = [
        StreakBar(
            start=streak.start,
            end=streak.end,
            length=streak.length,
            current=stats.current is not None and streak == stats.current,
            longest=stats.longest is not None and streak == stats.longest,
            ended_by=runs[streak.start].ended_by if streak.start in runs else None,
            trigger=runs[streak.start].trigger if streak.start in runs else None,
        )
        for streak in stats.streaks
        if streak.end >= axis_first and streak.start <= axis_last
    ]
    top = max((bar.length for bar in bars), default=0)
    return StreakData(
        habit=habit,
        unit=stats.unit,
        first=axis_first,
        last=axis_last,
        as_of=as_of,
        bars=bars,
        levels=milestone_levels(stats.unit, max(top, stats.current_length)),
        current=stats.current_length,
        longest=stats.longest_length,
        next_milestone=stats.next_milestone,
        started=start is not None,
    )


def ranked_streaks(bars: Sequence[StreakBar], most: int = 8) -> list[StreakBar]:
    """The ``most`` longest streaks, longest first (the more recent first among
    equals); the current streak is always among them, in the last row if it is
    not long enough to be there on its own."""
    ranked = sorted(bars, key=lambda bar: (-bar.length, -bar.end.toordinal()))
    shown = ranked[:most]
    current = next((bar for bar in ranked if bar.current), None)
    if current is not None and current not in shown and shown:
        shown[-1] = current
    return shown


# ------------------------------------------------------------------ goal


def cumulative(entries: Sequence[Entry], first: date, last: date) -> list[tuple[date, float]]:
    """Running total of the amounts logged, one point per day from first to last.

    Amounts logged before ``first`` count towards the first day's total.
    """
    per_day: dict[date, float] = {}
    carried = 0.0
    for entry in entries:
        if entry.amount is None or not math.isfinite(entry.amount):
            continue
        if entry.date < first:
            carried += entry.amount
        elif entry.date <= last:
            per_day[entry.date] = per_day.get(entry.date, 0.0) + entry.amount
    total = carried
    series = []
    for day in days_between(first, last):
        total += per_day.get(day, 0.0)
        series.append((day, total))
    return series


class GoalMark(NamedTuple):
    percent: int  # 25, 50, 75, 100
    amount: float
    reached: date | None


class GoalData(NamedTuple):
    habit: Habit
    as_of: date
    start: date | None
    series: list[tuple[date, float]]  # cumulative total per day, start..as_of
    target: float
    unit: str | None
    total: float
    percent: float
    deadline: date | None
    pace: float  # per day, recent
    projected_finish: date | None
    marks: list[GoalMark]
    first: date  # time axis
    last: date

    @property
    def plan(self) -> tuple[tuple[date, float], tuple[date, float]] | None:
        """The straight line from nothing at the start to the target at the deadline."""
        if self.start is None or self.deadline is None or self.deadline <= self.start:
            return None
        return (self.start, 0.0), (self.deadline, self.target)

    @property
    def projection(self) -> tuple[tuple[date, float], tuple[date, float]] | None:
        """From today's total to the target at the recent pace (None: done, or no pace)."""
        if self.projected_finish is None or self.total >= self.target or self.pace <= 0:
            return None
        return (self.as_of, self.total), (self.projected_finish, self.target)

    def plan_on(self, day: date) -> float | None:
        """Where the plan says the total should be at the end of ``day``."""
        plan = self.plan
        if plan is None:
            return None
        (begin, _), (end, target) = plan
        share = ((day - begin).days + 1) / ((end - begin).days + 1)
        return target * min(max(share, 0.0), 1.0)


GOAL_PERCENTS = (25, 50, 75, 100)


def goal_data(
    habit: Habit,
    entries: Sequence[Entry],
    *,
    as_of: date,
    week_start: int = MONDAY,
    first: date | None = None,
    last: date | None = None,
    series_from: date | None = None,
) -> GoalData:
    """Cumulative progress of a goal habit, its plan, its projection and its marks.

    ``series_from``: the running total only from that day on (default: the start),
    for a chart that shows a recent period of a long history."""
    if habit.kind != GOAL:
        raise UsageError(f"'{habit.slug}' is a {habit.kind} habit; the goal chart needs a goal habit")
    if not habit.target or habit.target <= 0:
        raise UsageError(
            f"goal '{habit.slug}' has no target; set one with "
            f"'habit-tracker habit edit {habit.slug} --target X'"
        )
    stats = engine.analyze(habit, entries, as_of, week_start=week_start)
    start = stats.start
    series = cumulative(entries, max(start, series_from or start), as_of) \
        if start is not None else []
    progress = stats.goal
    total = series[-1][1] if series else 0.0
    pace = progress.pace if progress else 0.0
    finish = progress.projected_finish if progress else None
    reached = {m.value: m.date for m in stats.goal_milestones}
    marks = [
        GoalMark(percent, habit.target * percent / 100, reached.get(percent))
        for percent in GOAL_PERCENTS
    ]
    axis_first = first or start or as_of
    # The whole plan: the axis reaches the deadline and the projected finish, even
    # when the history shown ends earlier (``last``).
    ends = [last or as_of]
    if habit.deadline is not None:
        ends.append(habit.deadline)
    if finish is not None and total < habit.target:
        # A projection years away would squash the history into a sliver.
        span = max((as_of - axis_first).days, 30)
        ends.append(min(finish, as_of + timedelta(days=2 * span)))
    axis_last = max(ends)
    return GoalData(
        habit=habit,
        as_of=as_of,
        start=start,
        series=series,
        target=float(habit.target),
        unit=habit.unit,
        total=total,
        percent=100.0 * total / habit.target,
        deadline=habit.deadline,
        pace=pace,
        projected_finish=finish,
        marks=marks,
        first=axis_first,
        last=axis_last,
    )


# ------------------------------------------------------------------ weekly rates


class WeekRate(NamedTuple):
    start: date
    end: date
    done: int
    target: int
    open: bool  # the week containing as_of
    days: int  # days of the week within the habit's life, up to as_of

    @property
    def rate(self) -> float | None:
        """done / target; ``None`` when nothing was due (or the habit did not exist yet)."""
        return self.done / self.target if self.target and self.days else None


class HabitWeeks(NamedTuple):
    habit: Habit
    weeks: list[WeekRate]

    @property
    def counts_sessions(self) -> bool:
        """Weekly habits are shown as sessions against their target, others as rates."""
        return self.habit.by_week


def week_rate(
    habit: Habit, categories: Mapping[date, str], week: date, *, as_of: date
) -> WeekRate:
    """One week's figures, as the weekly report counts them (SPEC, "The week's figures").

    ``categories`` must cover the week's days (``day_categories``).
    """
    end = week + timedelta(days=6)
    days = [day for day in days_between(week, min(end, as_of))]
    alive = [day for day in days if categories.get(day) not in (BEFORE, AFTER, None)]
    done = sum(1 for day in alive if categories[day] in SUCCESS)
    if habit.by_week:
        target = habit.per_week if habit.per_week is not None else 1
    elif habit.kind == ABSTAIN or habit.kind == GOAL:
        target = len(alive)
    else:
        target = sum(1 for day in alive if categories[day] != SKIP)
    return WeekRate(week, end, done, target, open=week <= as_of <= end, days=len(alive))


def weekly_data(
    dataset: Dataset,
    habits: Sequence[Habit],
    *,
    as_of: date,
    first: date | None = None,
    last: date | None = None,
    weeks: int = 12,
    min_weeks: int = 4,
) -> list[HabitWeeks]:
    """Per habit, the figures of each week from the week of ``first`` to that of ``last``.

    Defaults: the ``weeks`` weeks ending with the week containing ``last``
    (itself defaulting to ``as_of``), trimmed to the weeks since the first
    habit's start but no fewer than ``min_weeks``.
    """
    last_week = week_start_of(last or as_of, dataset.week_start)
    if first is not None:
        first_week = week_start_of(first, dataset.week_start)
    else:
        first_week = last_week - timedelta(weeks=weeks - 1)
        start = earliest_start(dataset, habits)
        if start is not None and start > first_week:
            first_week = min(
                week_start_of(start, dataset.week_start),
                last_week - timedelta(weeks=min_weeks - 1),
            )
    starts = [first_week + timedelta(weeks=n) for n in range((last_week - first_week).days // 7 + 1)]
    span_last = last_week + timedelta(days=6)
    result = []
    for habit in habits:
        categories = day_categories(
            habit, dataset.entries_for(habit.slug), first_week, span_last, as_of=as_of
        )
        result.append(
            HabitWeeks(habit, [week_rate(habit, categories, week, as_of=as_of) for week in starts])
        )
    return result


# ------------------------------------------------------------------ mood


def rolling_mean(
    points: Sequence[tuple[date, float]],
    first: date,
    last: date,
    *,
    window: int = 7,
    min_count: int = 3,
) -> list[tuple[date, float | None]]:
    """For each day in [first, last], the mean of the values in the ``window`` days
    ending that day; ``None`` where fewer than ``min_count`` values were logged.

    Values before ``first`` take part in the first days' windows.
    """
    values = dict(points)
    result: list[tuple[date, float | None]] = []
    for day in days_between(first, last):
        window_values = [
            values[d] for d in days_between(day - timedelta(days=window - 1), day) if d in values
        ]
        mean = sum(window_values) / len(window_values) if len(window_values) >= min_count else None
        result.append((day, mean))
    return result


class MoodData(NamedTuple):
    first: date
    last: date
    points: list[tuple[date, int]]
    mean: list[tuple[date, float | None]]
    breaks: list[date]  # days the watched abstain habit was broken
    reached_out: list[date]
    habit: Habit | None  # the abstain habit whose breaks are marked
    window: int = 7


def mood_data(
    dataset: Dataset,
    first: date,
    last: date,
    *,
    as_of: date,
    habit: Habit | None = None,
    window: int = 7,
) -> MoodData:
    """Daily mood, its rolling mean, and the days of a break or of their reaching out.

    ``habit``: the abstain habit whose breaks are marked (default: no-contact, or
    the first abstain habit).
    """
    if habit is not None and habit.kind != ABSTAIN:
        raise UsageError(
            f"'{habit.slug}' is a {habit.kind} habit; the mood chart marks the breaks "
            "of an abstain habit such as no-contact"
        )
    if habit is None:
        habit = default_abstain(dataset)
    last = min(last, as_of)
    moods = sorted(
        (day, info.mood)
        for day, info in dataset.days.items()
        if info.mood is not None and day <= last
    )
    in_range = [(day, mood) for day, mood in moods if day >= first]
    breaks = []
    if habit is not None:
        breaks = [
            entry.date
            for entry in dataset.entries_for(habit.slug)
            if entry.status == BROKEN and first <= entry.date <= last
        ]
    reached = sorted(
        day for day, info in dataset.days.items() if info.reached_out and first <= day <= last
    )
    mean = rolling_mean([(d, float(m)) for d, m in moods], first, last, window=window)
    return MoodData(first, last, in_range, mean, breaks, reached, habit, window)


# ------------------------------------------------------------------ weekly of habits, helpers


def active_habits(dataset: Dataset) -> list[Habit]:
    """The habits the views show: not archived, in their order."""
    return sorted((h for h in dataset.habits if not h.archived), key=lambda h: h.position)


def default_abstain(dataset: Dataset) -> Habit | None:
    return no_contact_habit(active_habits(dataset))


def habit_start(dataset: Dataset, habit: Habit) -> date | None:
    return engine.habit_start(habit, dataset.entries_for(habit.slug))


def earliest_start(dataset: Dataset, habits: Sequence[Habit]) -> date | None:
    starts = [s for s in (habit_start(dataset, h) for h in habits) if s is not None]
    return min(starts) if starts else None


# ------------------------------------------------------------------ date ticks


def date_ticks(first: date, last: date, most: int = 8) -> list[date]:
    """Whole days to mark on a time axis from ``first`` to ``last`` (both shown).

    The finest calendar step that gives at most ``most`` marks: every day, every
    2 or 3 days, the 1st/8th/15th/22nd, the 1st and 15th, the 1st of every 1, 2,
    3, 4 or 6 months, then 1 January every 1, 2, 5, 10... years.  Each day appears
    once, so two marks can never carry the same label.
    """
    days = days_between(first, last)
    steps: list[list[date]] = [
        [day for day in days if (day - first).days % k == 0] for k in (1, 2, 3)
    ]
    steps.append([day for day in days if day.day in (1, 8, 15, 22)])
    steps.append([day for day in days if day.day in (1, 15)])
    month_starts = [day for day in days if day.day == 1]
    for months in (1, 2, 3, 4, 6):
        steps.append([day for day in month_starts if (day.month - 1) % months == 0])
    year_starts = [day for day in month_starts if day.month == 1]
    years = 1
    while True:
        for k in (1, 2, 5):
            steps.append([day for day in year_starts if day.year % (years * k) == 0])
        if len(steps[-1]) <= most:
            break
        years *= 10
    for ticks in steps:
        if 0 < len(ticks) <= most:
            return ticks
    return [first]


def day_tick_labels(days: Sequence[date]) -> list[str]:
    """Short date labels that read like a calendar: ``2027`` on the 1st of
    January, ``Mar`` on the 1st of a month, the day's number otherwise; the
    first label carries the month and year so that the axis can be placed."""
    labels = []
    for day in days:
        if day.month == 1 and day.day == 1:
            labels.append(str(day.year))
        elif day.day == 1:
            labels.append(MONTH_NAMES[day.month - 1])
        else:
            labels.append(str(day.day))
    if days:
        first = days[0]
        month = MONTH_NAMES[first.month - 1]
        by_month = len(days) > 1 and all(day.day == 1 for day in days)
        if not by_month:
            labels[0] = f"{first.day} {month} {first.year}"
        elif first.month != 1:
            labels[0] = f"{month} {first.year}"
    return labels


def short_date(day: date) -> str:
    """``5 Jan 2027``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def span_text(first: date, last: date) -> str:
    """``3 – 9 Nov 2026``, ``28 Oct – 3 Nov 2026``, ``28 Dec 2025 – 3 Jan 2026``."""
    if first == last:
        return short_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {short_date(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} – {short_date(last)}"
    return f"{short_date(first)} – {short_date(last)}"


def week_ticks(weeks: Sequence[WeekRate], most: int) -> tuple[list[int], list[str]]:
    """Positions and labels of at most about ``most`` week ticks, the last week always
    among them; the first label and each one where the year changes name the year."""
    step = max(1, -(-len(weeks) // most))
    positions = list(range(len(weeks) - 1, -1, -step))[::-1]
    labels = []
    year = None
    for position in positions:
        start = weeks[position].start
        label = f"{start.day} {MONTH_NAMES[start.month - 1]}"
        if start.year != year:  # the first label too: the axis must say which year
            label += f"\n{start.year}"
        year = start.year
        labels.append(label)
    return positions, labels


# ------------------------------------------------------------------ ranges


def year_before(day: date) -> date:
    """The first day of the twelve months that end with ``day``."""
    return day - relativedelta(years=1) + timedelta(days=1)


def months_before(day: date, months: int) -> date:
    return day - relativedelta(months=months) + timedelta(days=1)


class Range(NamedTuple):
    first: date
    last: date


def check_range(first: date | None, last: date | None, as_of: date) -> None:
    if last is not None and last > as_of:
        raise UsageError(
            f"--to {last.isoformat()} is after --as-of {as_of.isoformat()}: "
            "a chart cannot show days after the day it is drawn for"
        )
    if first is not None and first > (last or as_of):
        raise UsageError(
            f"--from {first.isoformat()} is after --to {(last or as_of).isoformat()}"
        )


def heatmap_range(
    start: date | None, first: date | None, last: date | None, as_of: date, *, min_weeks: int = 4
) -> Range:
    """Default: the last twelve months, trimmed to the habit's life but never
    shorter than ``min_weeks`` weeks, so a new habit does not get a sliver."""
    end = last or as_of
    if first is not None:
        return Range(first, end)
    begin = year_before(end)
    if start is not None and start > begin:
        begin = max(start, begin)
    shortest = end - timedelta(weeks=min_weeks) + timedelta(days=1)
    return Range(min(begin, shortest), end)


def recent_range(
    start: date | None,
    first: date | None,
    last: date | None,
    as_of: date,
    *,
    months: int = 3,
    min_days: int = 14,
) -> Range:
    """Default: the last ``months`` months, trimmed to when the data begins
    (``start``) but never shorter than ``min_days`` days."""
    end = last or as_of
    if first is not None:
        return Range(first, end)
    begin = months_before(end, months)
    if start is not None and start > begin:
        begin = start
    return Range(min(begin, end - timedelta(days=min_days - 1)), end)


def dashboard_range(
    dataset: Dataset,
    first: date | None,
    last: date | None,
    as_of: date,
    *,
    weeks: int = 12,
    min_weeks: int = 2,
) -> Range:
    """The one period every panel of a dashboard shows.

    Default: the ``weeks`` weeks ending with the week of ``last`` (itself
    defaulting to ``as_of``), up to ``last``; trimmed to the week the data begins
    in, but never fewer than ``min_weeks`` weeks.  ``first``/``last`` given: as given.
    """
    end = last or as_of
    if first is not None:
        return Range(first, end)
    week = week_start_of(end, dataset.week_start)
    begin = week - timedelta(weeks=weeks - 1)
    start = data_start(dataset)
    if start is not None and start > begin:
        begin = min(week_start_of(start, dataset.week_start),
                    week - timedelta(weeks=min_weeks - 1))
    return Range(begin, end)


def range_text(first: date, last: date) -> str:
    """How long a period is and when: ``12 weeks to Wed 25 Nov 2026``."""
    days = (last - first).days + 1
    if days < 14:
        length = f"{days} day" + ("s" if days != 1 else "")
    elif days <= 2 * 365:
        length = f"{-(-days // 7)} weeks"
    else:
        length = f"{days / 365.25:.1f} years".replace(".0 ", " ")
    return f"{length} to {last:%a} {last.day} {MONTH_NAMES[last.month - 1]} {last.year}"


def data_start(dataset: Dataset) -> date | None:
    """The first day anything is known: a habit's start or a logged day."""
    starts = [earliest_start(dataset, active_habits(dataset)), *(min(dataset.days, default=None),)]
    known = [day for day in starts if day is not None]
    return min(known) if known else None


class Summary(NamedTuple):
    """The headline of the dashboard and, per habit, its name and its figures."""

    title: str
    lines: list[tuple[str, str]]


def _count(value: int, unit: str) -> str:
    return f"{value} {unit[:-1] if value == 1 else unit}"


def dashboard_summary(dataset: Dataset, as_of: date,
                      stats: Mapping[str, HabitStats] | None = None) -> Summary:
    """"Day N of no contact" and each habit's current streak and next milestone.

    ``stats``: each habit's stats at ``as_of`` when already known (a recent window
    holds too little history for the longest streak)."""
    lines = []
    title = f"Progress up to {as_of:%a %d %b %Y}".replace(" 0", " ")
    counted = default_abstain(dataset)
    for habit in active_habits(dataset):
        known = stats.get(habit.slug) if stats is not None else None
        found = known if known is not None else engine.analyze(
            habit, dataset.entries_for(habit.slug), as_of, week_start=dataset.week_start
        )
        if found.start is None:
            continue
        if habit is counted:
            title = f"Day {found.current_length} of no contact · {as_of:%a %d %b %Y}".replace(
                " 0", " "
            )
        if found.goal is not None:
            goal = found.goal
            unit = f" {goal.unit}" if goal.unit else ""
            text = (
                f"{format_amount(round(goal.total, 1))} of "
                f"{format_amount(goal.target)}{unit} ({percent_text(goal.percent)})"
            )
        else:
            text = (
                f"{_count(found.current_length, found.unit)}, next milestone "
                f"{_count(found.next_milestone, found.unit)}"
            )
            if found.longest_length > found.current_length:
                text += f" (best {_count(found.longest_length, found.unit)})"
        lines.append((habit.name, text))
    return Summary(title, lines)


# ------------------------------------------------------------------ urges


class UrgeWeek:
    """One week's urges.  (A plain class: a NamedTuple's ``count`` is tuple.count.)"""

    __slots__ = ("count", "mean_intensity", "start")

    def __init__(self, start: date, count: int, mean_intensity: float | None) -> None:
        self.start = start  # the week's first day
        self.count = count
        self.mean_intensity = mean_intensity  # None: no urge that week

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UrgeWeek) and (self.start, self.count, self.mean_intensity) == (
            other.start, other.count, other.mean_intensity)

    def __hash__(self) -> int:
        return hash((self.start, self.count, self.mean_intensity))

    def __repr__(self) -> str:
        return (f"UrgeWeek(start={self.start!r}, count={self.count!r}, "
                f"mean_intensity={self.mean_intensity!r})")


class UrgeData(NamedTuple):
    """When urges come (a weekday x hour grid of counts) and how they fade week by week."""

    first: date  # the first day of the first week shown
    last: date
    weekdays: tuple[int, ...]  # date.weekday() of each grid row, in week order
    grid: tuple[tuple[int, ...], ...]  # [row][hour] -> count
    weeks: tuple[UrgeWeek, ...]
    total: int


def urge_data(
    urges: Sequence[Urge], first: date, last: date, *, week_start: int = MONDAY
) -> UrgeData:
    """Urges of the days [first, last] (``first`` moved back to its week's start)."""
    begin = week_start_of(first, week_start)
    weekdays = tuple((week_start + i) % 7 for i in range(7))
    row_of = {weekday: row for row, weekday in enumerate(weekdays)}
    counts = [[0] * 24 for _ in range(7)]
    per_week: dict[date, list[int]] = {}
    shown = [u for u in urges if begin <= u.day <= last]
    for urge in shown:
        counts[row_of[urge.at.weekday()]][urge.at.hour] += 1
        per_week.setdefault(week_start_of(urge.day, week_start), []).append(urge.intensity)
    weeks = []
    start = begin
    while start <= last:
        levels = per_week.get(start, [])
        weeks.append(UrgeWeek(start, len(levels),
                              round(sum(levels) / len(levels), 2) if levels else None))
        start += timedelta(days=7)
    return UrgeData(begin, last, weekdays, tuple(tuple(r) for r in counts), tuple(weeks), len(shown))
