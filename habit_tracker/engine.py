"""The streak engine: pure functions over a habit, its entries and a date T.

No database, no clock, no globals.  The contract is SPEC.md, "Streak semantics".

INTERFACE (fixed; other modules call these):

    habit_start(habit, entries) -> date | None
    analyze(habit, entries, as_of, *, week_start=MONDAY, today=None) -> HabitStats
    analyze_all(dataset, as_of, *, today=None) -> list[HabitStats]  # non-archived, in order
    day_states(habit, entries, first, last, *, as_of, today=None) -> dict[date, str]
    week_results(habit, entries, as_of, *, week_start=MONDAY, today=None)  # by_week habits
        -> list[WeekResult]

``today``: the real calendar day.  Only that day can still be open: when
``as_of`` is earlier (a past week's report, ``--as-of``), day T without an entry
is a missed day like any other past day, and its week is over.  ``None`` means
"as_of is today" (the check-in's own view).
    next_milestone(current, unit) -> int
    milestones_between(unit, low, high) -> list[int]
    week_start_of(day, week_start) -> date
    loop_scores(values, numerator, denominator) -> list[float]
    attempts(habit, entries, as_of, triggers) -> list[Attempt]  # abstain habits
    runs_as_attempts(streaks, as_of, triggers, first=1) -> list[Attempt]

How it works: ``analyze`` walks the days of [start, T] once, oldest first.  Each day
is classified (``_classify``) into a state and a Loop "completion" value; the same
walk extends or closes the running streak, records the milestones the running
streak passes, updates the habit-strength score and, for goals, the running total.
Weekly habits (N per week) group the walk into calendar weeks and run the streak
over weeks.  Habits counted over a rolling window (X times in Y days with Y other
than 7, numeric limits over Y days) run a day streak over their on-track days
(``_walk_rolling``).
Entries dated after T, and for ``abstain`` habits before the start, are ignored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .models import (
    ABSTAIN,
    BROKEN,
    DAILY,
    DONE,
    GOAL,
    MISSED,
    MONDAY,
    SKIP,
    WEEKLY,
    Attempt,
    Dataset,
    Entry,
    GoalProgress,
    Habit,
    HabitStats,
    Milestone,
    Streak,
)

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from .records import NamedTuple

# Day states returned by day_states()
STATE_NONE = "none"  # before the habit's start, or after as_of: does not exist
STATE_KEPT = "kept"
STATE_BROKEN = "broken"
STATE_DONE = "done"
STATE_SKIP = "skip"
STATE_MISSED = "missed"  # logged missed, or no entry on a past day
STATE_PARTIAL = "partial"  # numeric below the daily minimum / goal progress 0
STATE_OPEN = "open"  # day as_of with no entry yet (not abstain)

DAYS = "days"
WEEKS = "weeks"

#: Streak milestones; after the last one they repeat every last-one further.
DAY_MILESTONES: tuple[int, ...] = (1, 3, 7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365)
WEEK_MILESTONES: tuple[int, ...] = (1, 2, 4, 8, 12, 26, 52)
#: Goal milestones, in percent of the target.
GOAL_MILESTONES: tuple[int, ...] = (25, 50, 75, 100)

#: Days of progress that make the goal's pace (SPEC: "the last 28 days").
PACE_DAYS = 28
#: A pace from one or two days is not a pace.  The finish is projected only when
#: the goal has existed for at least PACE_MIN_DAYS days up to T and progress was
#: logged on at least PACE_MIN_LOGGED days of the pace window; before that the
#: goal is "too early to project" (no projected finish, neither on track nor behind).
PACE_MIN_DAYS = 7
PACE_MIN_LOGGED = 2

# Relative slack when comparing float sums with a share of a target, so that
# 0.1 + 0.2 counts as having reached 0.3.
_EPSILON = 1e-9


class WeekResult(NamedTuple):
    """One week of a weekly habit."""

    start: date  # first day of the week (per week_start)
    end: date  # last day of the week
    done: int  # done days within [habit start, as_of]
    target: int  # N
    success: bool  # done >= target
    open: bool  # the week containing as_of, not yet successful
    reached_on: date | None  # the day the week reached its target


# ------------------------------------------------------------------ small helpers


def week_start_of(day: date, week_start: int) -> date:
    """The first day of the calendar week holding ``day``; ``week_start`` is a
    ``date.weekday()`` number (0 Monday, 6 Sunday)."""
    if not 0 <= week_start <= 6:
        raise ValueError(f"week_start must be a weekday number 0-6, not {week_start!r}")
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def _milestone_table(unit: str) -> tuple[int, ...]:
    if unit == DAYS:
        return DAY_MILESTONES
    if unit == WEEKS:
        return WEEK_MILESTONES
    raise ValueError(f"unit must be 'days' or 'weeks', not {unit!r}")


def _milestone(index: int, table: tuple[int, ...]) -> int:
    """The ``index``-th milestone (0-based) of a table, continuing past its end."""
    if index < len(table):
        return table[index]
    return table[-1] * (index - len(table) + 2)


def next_milestone(current: int, unit: str) -> int:
    """The smallest milestone strictly above a streak of ``current`` days/weeks."""
    table = _milestone_table(unit)
    if current < table[-1]:
        for value in table:
            if value > current:
                return value
    step = table[-1]
    return step * (max(current, 0) // step + 1)


def milestones_between(unit: str, low: int, high: int) -> list[int]:
    """The milestones m with ``low < m <= high``: those a streak passes when it grows
    from ``low`` to ``high`` (what a check-in announces)."""
    found: list[int] = []
    value = next_milestone(low, unit)
    while value <= high:
        found.append(value)
        value = next_milestone(value, unit)
    return found


def _decay(frequency: float) -> float:
    """Loop's multiplier: the weight the previous score keeps each day."""
    return float(0.5 ** (math.sqrt(frequency) / 13.0))


def loop_scores(values: Sequence[float | None], numerator: int, denominator: int) -> list[float]:
    """Loop Habit Tracker's habit score for each day of ``values`` (oldest first).

    ``values``: 1.0 done, 0.0 not done, a fraction for a numeric day (amount / target),
    ``None`` for a skipped day (the score stays as it was).  The habit is due
    ``numerator`` times per ``denominator`` days; when that is less than once a day
    both are doubled, and a day's completion is the sum over the trailing window of
    ``denominator`` days (the day included) divided by ``numerator``, capped at 1.
    """
    if numerator <= 0 or denominator <= 0:
        raise ValueError("numerator and denominator must be positive")
    decay = _decay(numerator / denominator)
    if numerator < denominator:
        numerator *= 2
        denominator *= 2
    scores: list[float] = []
    score = 0.0
    window = 0.0
    for index, value in enumerate(values):
        window += value or 0.0
        if index >= denominator:
            window -= values[index - denominator] or 0.0
        if value is not None:
            completion = min(1.0, window / numerator)
            score = score * decay + completion * (1.0 - decay)
        scores.append(score)
    return scores


# ------------------------------------------------------------------ start and days


def habit_start(habit: Habit, entries: Sequence[Entry]) -> date | None:
    """The first day the habit exists.

    ``abstain``: its ``since`` date.  Other kinds: the earliest of ``since`` (if set),
    the creation date and the first entry, so backfilled check-ins extend the habit.
    ``None`` when nothing dates the habit at all.
    """
    if habit.kind == ABSTAIN and habit.since is not None:
        return habit.since
    candidates = [day for day in (habit.since, habit.created) if day is not None]
    if entries:
        candidates.append(min(entry.date for entry in entries))
    return min(candidates) if candidates else None


def _entry_map(entries: Iterable[Entry], first: int, last: int) -> dict[int, Entry]:
    """Entries keyed by date ordinal, keeping only those within [first, last]."""
    found: dict[int, Entry] = {}
    for entry in entries:
        ordinal = entry.date.toordinal()
        if first <= ordinal <= last:
            found[ordinal] = entry
    return found


def _classify(habit: Habit, entry: Entry | None, is_last: bool) -> tuple[str, float | None]:
    """A day's state and its Loop completion value (``None``: left out of the score).

    ``is_last``: the day is T, which stays open while it has no entry (not abstain).
    """
    kind = habit.kind
    if kind == ABSTAIN:
        if entry is not None and entry.status == BROKEN:
            return STATE_BROKEN, 0.0
        return STATE_KEPT, 1.0
    if entry is None:
        # Loop reads a day without a value as 0: nothing done, and for an "at most"
        # habit nothing over the limit (full marks for the strength).
        return (STATE_OPEN, None) if is_last else (STATE_MISSED, 1.0 if habit.at_most else 0.0)
    status = entry.status
    if status == SKIP:
        return STATE_SKIP, None
    if status == MISSED:
        return STATE_MISSED, 0.0
    if status == DONE:
        return STATE_DONE, 1.0
    if status is not None:  # a word that does not belong to the kind: not a success
        return STATE_MISSED, 0.0
    amount = entry.amount if entry.amount is not None else 0.0
    if kind == DAILY and habit.daily_max is not None:
        return _classify_at_most(habit.daily_max, amount)
    if kind == DAILY and habit.daily_min is not None:
        minimum = habit.daily_min
        if amount >= minimum:
            return STATE_DONE, 1.0
        return STATE_PARTIAL, (min(1.0, amount / minimum) if minimum > 0 else 1.0)
    if amount > 0:
        return STATE_DONE, 1.0
    return STATE_PARTIAL, 0.0


def _classify_at_most(limit: float, amount: float) -> tuple[str, float]:
    """An "at most" day: done within the limit; over it, a miss whose completion
    falls as Loop's does, to 0 at twice the limit."""
    if amount <= limit:
        return STATE_DONE, 1.0
    return STATE_MISSED, _at_most_completion(amount, limit)


def _at_most_completion(total: float, limit: float) -> float:
    return max(0.0, min(1.0, 1.0 - (total - limit) / limit))


def _classify_all(
    habit: Habit, by_day: dict[int, Entry], t: int, t_open: bool = True
) -> dict[int, tuple[str, float | None]]:
    """``_classify`` for the logged days and for day T; other days are all alike.

    A day's class depends only on its value, so each distinct value is worked out
    once (a long history holds thousands of "done" and a handful of amounts).
    """
    known: dict[tuple[str | None, float | None], tuple[str, float | None]] = {}
    classified: dict[int, tuple[str, float | None]] = {}
    for ordinal, entry in by_day.items():
        value = (entry.status, entry.amount)
        found = known.get(value)
        if found is None:
            found = known[value] = _classify(habit, entry, False)
        classified[ordinal] = found
    classified[t] = _classify(habit, by_day.get(t), t_open)
    return classified


def _t_is_open(as_of: date, today: date | None) -> bool:
    """Day T can still be open only when it is today (see the module docstring)."""
    return today is None or as_of >= today


def day_states(
    habit: Habit,
    entries: Sequence[Entry],
    first: date,
    last: date,
    *,
    as_of: date,
    today: date | None = None,
) -> dict[date, str]:
    """The state of every day in [first, last] (both included), as of ``as_of``.

    Days before the habit's start or after ``as_of`` are ``STATE_NONE``; day
    ``as_of`` without an entry is ``STATE_OPEN`` (abstain: ``STATE_KEPT``) when it
    is ``today``, else ``STATE_MISSED``.  For weekly habits a past day without an
    entry is ``STATE_MISSED``.
    """
    t_open = _t_is_open(as_of, today)
    start = habit_start(habit, [e for e in entries if e.date <= as_of])
    lo = start.toordinal() if start is not None else as_of.toordinal() + 1
    t = as_of.toordinal()
    by_day = _entry_map(entries, lo, t)
    on_track: set[int] = set()
    if habit.rolling and lo <= t:
        _walk_rolling(habit, by_day, lo, t, on_track, t_open=t_open)
    states: dict[date, str] = {}
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        day = date.fromordinal(ordinal)
        if ordinal < lo or ordinal > t:
            states[day] = STATE_NONE
        elif habit.rolling:
            states[day] = _rolling_state(
                habit, by_day.get(ordinal), ordinal in on_track, t_open and ordinal == t
            )
        else:
            states[day] = _classify(habit, by_day.get(ordinal), t_open and ordinal == t)[0]
    return states


def _rolling_state(habit: Habit, entry: Entry | None, on_track: bool, is_last: bool) -> str:
    """A day of a rolling-window habit: its own value, or ``kept`` when it was not
    done itself but the window around it kept the habit on track."""
    if entry is not None and entry.status == SKIP:
        return STATE_SKIP
    if entry is not None and entry.status == DONE and not habit.numeric:
        return STATE_DONE
    logged = entry is not None and entry.status != MISSED
    if on_track:
        return STATE_DONE if logged else STATE_KEPT
    if entry is None:
        return STATE_OPEN if is_last else STATE_MISSED
    if habit.numeric and logged and not habit.at_most:
        return STATE_PARTIAL
    return STATE_MISSED


# ------------------------------------------------------------------ analysis


class _Runs:
    """Streak bookkeeping shared by day and week streaks.

    ``add(first, last, on)`` extends the running streak by one day/week spanning
    [first, last] and reached on ``on`` (the milestone date); ``close()`` ends it.
    """

    def __init__(self, unit: str) -> None:
        self.table = _milestone_table(unit)
        self.streaks: list[Streak] = []
        self.milestones: list[Milestone] = []
        self.length = 0
        self.first = 0
        self.last = 0
        self.next_index = 0
        self.next_value = self.table[0]

    def add(self, first: int, last: int, on: int) -> None:
        if self.length == 0:
            self.first = first
        self.length += 1
        self.last = last
        if self.length == self.next_value:
            self.milestones.append(Milestone(self.length, date.fromordinal(on)))
            self.next_index += 1
            self.next_value = _milestone(self.next_index, self.table)

    def close(self) -> None:
        if self.length:
            self.streaks.append(
                Streak(date.fromordinal(self.first), date.fromordinal(self.last), self.length)
            )
        self.length = 0
        self.next_index = 0
        self.next_value = self.table[0]

    def finish(self) -> Streak | None:
        """Close the run still going at T and return it: the current streak."""
        alive = self.length > 0
        self.close()
        return self.streaks[-1] if alive else None

    def longest(self) -> Streak | None:
        best: Streak | None = None
        for streak in self.streaks:  # oldest first: ">=" keeps the most recent tie
            if best is None or streak.length >= best.length:
                best = streak
        return best


def _walk_days(
    habit: Habit, by_day: dict[int, Entry], s0: int, t: int, t_open: bool = True
) -> tuple[_Runs, Streak | None, float]:
    """Day streaks and strength for abstain, daily and goal habits."""
    runs = _Runs(DAYS)
    decay = _decay(1.0)
    gain = 1.0 - decay
    score = 1.0 if habit.at_most else 0.0  # Loop starts an "at most" habit at full strength
    counted = (STATE_KEPT, STATE_DONE)
    transparent = (STATE_SKIP, STATE_OPEN)
    classified = _classify_all(habit, by_day, t, t_open)
    blank = _classify(habit, None, False)
    for ordinal in range(s0, t + 1):
        state, completion = classified.get(ordinal, blank)
        if state in counted:
            runs.add(ordinal, ordinal, ordinal)
        elif state not in transparent:
            runs.close()
        if completion is not None:
            score = score * decay + completion * gain
    current = runs.finish()
    return runs, current, score


def _walk_rolling(
    habit: Habit,
    by_day: dict[int, Entry],
    s0: int,
    t: int,
    on_track_days: set[int] | None = None,
    *,
    t_open: bool = True,
) -> tuple[_Runs, Streak | None, float]:
    """Day streaks and strength for habits counted over a rolling window of Y days:
    X times in Y days (Y other than 7), or a numeric limit summed over Y days.

    A day is *on track* when the Y days ending on it (days before the start do not
    exist) hold at least X done days; for a numeric habit, when their amounts add
    up to at least the minimum, or, for a maximum, to no more than it on a logged
    day.  On-track days count for the streak; a skipped day, and day T while it
    is not yet on track and has no entry, neither count nor break it; any other
    day breaks it.  The strength is Loop's: the completion over the same window
    (for a yes/no habit due less than daily, twice X in twice Y days), a skipped
    or open day leaving it as it was.
    """
    times, days = habit.frequency
    numeric = habit.numeric
    at_most = habit.at_most
    limit = (habit.daily_max if at_most else habit.daily_min) or 1.0
    decay = _decay(times / days)
    gain = 1.0 - decay
    score_times, score_days = times, days
    if not numeric and times < days:
        score_times, score_days = 2 * times, 2 * days
    score = 1.0 if at_most else 0.0
    runs = _Runs(DAYS)
    values: list[float] = []
    streak_sum = 0.0
    score_sum = 0.0
    for index, ordinal in enumerate(range(s0, t + 1)):
        entry = by_day.get(ordinal)
        status = entry.status if entry is not None else None
        if entry is None or status in (SKIP, MISSED):
            value = 0.0
        elif numeric:
            if status == DONE:  # a plain "done" on a numeric habit: the day's share
                value = 0.0 if at_most else limit / days
            else:
                value = entry.amount if entry.amount is not None and entry.amount > 0 else 0.0
        else:
            value = 1.0 if status == DONE else 0.0
        values.append(value)
        streak_sum += value
        score_sum += value
        if index >= days:
            streak_sum -= values[index - days]
        if index >= score_days:
            score_sum -= values[index - score_days]
        skipped = status == SKIP
        is_open = t_open and entry is None and ordinal == t
        if numeric:
            logged = entry is not None and status != MISSED
            if at_most:
                on_track = logged and streak_sum <= limit * (1 + _EPSILON)
            else:
                on_track = streak_sum >= limit * (1 - _EPSILON)
        else:
            on_track = streak_sum >= times - _EPSILON
        if on_track and on_track_days is not None:
            on_track_days.add(ordinal)
        if on_track and not skipped:
            runs.add(ordinal, ordinal, ordinal)
        elif not (skipped or is_open):
            runs.close()
        if skipped or is_open:
            continue
        if not numeric:
            completion = min(1.0, score_sum / score_times)
        elif at_most:
            completion = 0.0 if status == MISSED else _at_most_completion(score_sum, limit)
        else:
            completion = min(1.0, score_sum / limit)
        score = score * decay + completion * gain
    current = runs.finish()
    return runs, current, score


def _walk_weeks(
    habit: Habit, by_day: dict[int, Entry], s0: int, t: int, week_start: int, t_open: bool = True
) -> tuple[list[WeekResult], float]:
    """The weeks of a weekly habit and its strength (14-day window, 2N times)."""
    target = habit.per_week if habit.per_week is not None else 1
    if target < 1:
        raise ValueError(f"a weekly habit needs a target of at least 1, not {target}")
    numerator, denominator = target, 7
    decay = _decay(numerator / denominator)
    gain = 1.0 - decay
    if numerator < denominator:
        numerator *= 2
        denominator *= 2
    score = 0.0
    window = 0
    done_flags: list[int] = []
    weeks: list[WeekResult] = []
    week_first = week_start_of(date.fromordinal(s0), week_start).toordinal()
    done = 0
    reached: int | None = None
    classified = _classify_all(habit, by_day, t, t_open)
    blank = _classify(habit, None, False)
    for ordinal in range(s0, t + 1):
        state = classified.get(ordinal, blank)[0]
        flag = 1 if state == STATE_DONE else 0
        done_flags.append(flag)
        window += flag
        if len(done_flags) > denominator:
            window -= done_flags[-1 - denominator]
        if state not in (STATE_SKIP, STATE_OPEN):
            score = score * decay + min(1.0, window / numerator) * gain
        if flag:
            done += 1
            if done == target:
                reached = ordinal
        if ordinal == week_first + 6 or ordinal == t:
            success = done >= target
            weeks.append(
                WeekResult(
                    start=date.fromordinal(week_first),
                    end=date.fromordinal(week_first + 6),
                    done=done,
                    target=target,
                    success=success,
                    open=t_open and ordinal == t and not success,
                    reached_on=date.fromordinal(reached) if reached is not None else None,
                )
            )
            week_first += 7
            done = 0
            reached = None
    return weeks, score


def _week_runs(weeks: list[WeekResult]) -> tuple[_Runs, Streak | None]:
    runs = _Runs(WEEKS)
    for week in weeks:
        if week.success and week.reached_on is not None:
            runs.add(week.start.toordinal(), week.end.toordinal(), week.reached_on.toordinal())
        elif not week.open:
            runs.close()
    current = runs.finish()
    return runs, current


def _goal(
    habit: Habit, by_day: dict[int, Entry], s0: int | None, t: int
) -> tuple[GoalProgress | None, list[Milestone]]:
    """Goal progress and the goal's percentage milestones, as of T."""
    target = habit.target
    if target is None or not math.isfinite(target) or target <= 0:
        return None, []
    slack = _EPSILON * target
    total = 0.0
    reached: list[Milestone] = []
    pending = list(GOAL_MILESTONES)
    for ordinal in sorted(by_day):
        amount = by_day[ordinal].amount
        if not amount or amount <= 0:
            continue
        total += amount
        while pending and total + slack >= target * pending[0] / 100:
            reached.append(Milestone(pending.pop(0), date.fromordinal(ordinal), kind="goal"))
    pace = 0.0
    pace_days = 0
    logged = 0
    if s0 is not None:
        low = max(s0, t - PACE_DAYS + 1)
        recent = [
            entry.amount
            for ordinal, entry in by_day.items()
            if ordinal >= low and entry.amount is not None and entry.amount > 0
        ]
        logged = len(recent)
        pace_days = t - low + 1
        pace = sum(recent) / pace_days
    done = bool(reached) and reached[-1].value == 100
    too_early = not done and (
        s0 is None or t - s0 + 1 < PACE_MIN_DAYS or logged < PACE_MIN_LOGGED
    )
    projected: date | None = None
    if done:
        projected = reached[-1].date
    elif pace > 0 and not too_early:
        days = math.ceil((target - total) / pace - _EPSILON)
        if t + days <= date.max.toordinal():
            projected = date.fromordinal(t + days)
    progress = GoalProgress(
        target=target,
        unit=habit.unit,
        total=total,
        percent=100.0 * total / target,
        deadline=habit.deadline,
        pace=pace,
        projected_finish=projected,
        pace_days=pace_days,
        too_early=too_early,
    )
    return progress, reached


def analyze(
    habit: Habit,
    entries: Sequence[Entry],
    as_of: date,
    *,
    week_start: int = MONDAY,
    today: date | None = None,
) -> HabitStats:
    """Everything known about ``habit`` at the end of day ``as_of`` (T); ``today``
    (default: T) decides whether T can still be open."""
    t_open = _t_is_open(as_of, today)
    unit = WEEKS if habit.by_week else DAYS
    t = as_of.toordinal()
    start = habit_start(habit, entries)
    if start is not None and start > as_of:
        start = None
    s0 = start.toordinal() if start is not None else None
    by_day = _entry_map(entries, s0, t) if s0 is not None else {}

    runs: _Runs
    current: Streak | None
    score = 0.0
    if s0 is None:
        runs, current = _Runs(unit), None
    elif habit.rolling:
        runs, current, score = _walk_rolling(habit, by_day, s0, t, t_open=t_open)
    elif habit.kind == WEEKLY:
        weeks, score = _walk_weeks(habit, by_day, s0, t, week_start, t_open)
        runs, current = _week_runs(weeks)
    else:
        runs, current, score = _walk_days(habit, by_day, s0, t, t_open)

    goal: GoalProgress | None = None
    goal_milestones: list[Milestone] = []
    if habit.kind == GOAL:
        goal, goal_milestones = _goal(habit, by_day, s0, t)

    return HabitStats(
        habit=habit,
        as_of=as_of,
        start=start,
        unit=unit,
        streaks=runs.streaks,
        current=current,
        longest=runs.longest(),
        next_milestone=next_milestone(current.length if current else 0, unit),
        milestones=runs.milestones,
        strength=round(100.0 * score, 1),
        # A goal reached by T asks for nothing more: it is not "open today".
        open_today=(t_open and s0 is not None and habit.kind != ABSTAIN and t not in by_day
                    and not (goal is not None and goal.total >= goal.target)),
        goal=goal,
        goal_milestones=goal_milestones,
    )


def analyze_all(dataset: Dataset, as_of: date, *, today: date | None = None) -> list[HabitStats]:
    """``analyze`` for each non-archived habit, in the dataset's order."""
    return [
        analyze(habit, dataset.entries_for(habit.slug), as_of, week_start=dataset.week_start,
                today=today)
        for habit in dataset.habits
        if not habit.archived
    ]


def week_results(
    habit: Habit,
    entries: Sequence[Entry],
    as_of: date,
    *,
    week_start: int = MONDAY,
    today: date | None = None,
) -> list[WeekResult]:
    """The calendar weeks of a weekly habit from the one holding its start to the one
    holding ``as_of``, oldest first (empty when the habit has no days yet)."""
    if not habit.by_week:
        raise ValueError(f"week_results needs a habit counted per week; {habit.slug!r} is not")
    start = habit_start(habit, entries)
    if start is None or start > as_of:
        return []
    s0, t = start.toordinal(), as_of.toordinal()
    weeks, _ = _walk_weeks(habit, _entry_map(entries, s0, t), s0, t, week_start,
                           _t_is_open(as_of, today))
    return weeks


def attempts(
    habit: Habit,
    entries: Sequence[Entry],
    as_of: date,
    triggers: dict[date, str] | None = None,
) -> list[Attempt]:
    """Every run of an ``abstain`` habit within [start, as_of], oldest first, each
    with the break that ended it and that break's trigger (from ``triggers``).

    A run is a streak of kept days; the last one is still running when it
    reaches ``as_of``.  Breaks on consecutive days end one run only: the days
    between them form no run.
    """
    if habit.kind != ABSTAIN:
        raise ValueError("attempts are counted for abstain habits only")
    return runs_as_attempts(analyze(habit, entries, as_of).streaks, as_of, triggers)


def runs_as_attempts(streaks: Sequence[Streak], as_of: date,
                     triggers: dict[date, str] | None = None, first: int = 1) -> list[Attempt]:
    """``attempts`` from an abstain habit's streaks at ``as_of``, numbered from
    ``first`` (the number of runs before them, plus one)."""
    found = triggers or {}
    out: list[Attempt] = []
    for number, streak in enumerate(streaks, first):
        ended = streak.end + timedelta(days=1) if streak.end < as_of else None
        out.append(Attempt(number, streak.start, streak.end, streak.length, ended,
                           found.get(ended) if ended else None))
    return out
