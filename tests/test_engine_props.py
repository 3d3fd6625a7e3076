"""Property tests: the engine against a deliberately plain model of SPEC.md.

The model below is written from the SPEC's words ("Streak semantics"), not from the
engine: it looks every day up by scanning the entry list, splits the history into
segments at breaks, finds weeks by walking back to the week's first weekday, counts
the strength window by brute force and does the goal arithmetic in exact fractions.
It is slow on purpose and shares no code with habit_tracker.engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habit_tracker import engine
from habit_tracker.models import Entry, Habit

BASE = date(2025, 12, 29)  # a Monday; offsets below are days from here

# ----------------------------------------------------------------------- the model


def model_milestones(unit: str, up_to: int) -> list[int]:
    """Every milestone value <= up_to, written out from the SPEC's list."""
    if unit == "days":
        values = [1, 3, 7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365]
        step = 365
    else:
        values = [1, 2, 4, 8, 12, 26, 52]
        step = 52
    extra = step * 2
    while extra <= up_to + step:
        values.append(extra)
        extra += step
    return [v for v in values if v <= up_to]


def model_next_milestone(unit: str, current: int) -> int:
    return min(v for v in model_milestones(unit, current + 400) if v > current)


def model_start(habit: Habit, entries: list[Entry], as_of: date) -> date | None:
    if habit.kind == "abstain":
        first: date | None = habit.since
    else:
        dates = [d for d in (habit.since, habit.created) if d is not None]
        dates += [e.date for e in entries]
        first = min(dates) if dates else None
    if first is None or first > as_of:
        return None
    return first


def day_label(habit: Habit, entry: Entry | None, is_t: bool) -> str:
    """'count', 'skip', 'break' or 'open' for one day, straight from the SPEC."""
    if habit.kind == "abstain":
        return "break" if entry is not None and entry.status == "broken" else "count"
    if entry is None:
        return "open" if is_t else "break"
    if entry.status == "skip":
        return "skip"
    if entry.status == "done":
        return "count"
    if entry.status == "missed":
        return "break"
    amount = entry.amount or 0.0
    if habit.kind == "daily" and habit.daily_max is not None:
        return "count" if amount <= habit.daily_max else "break"
    if habit.kind == "daily" and habit.daily_min is not None:
        return "count" if amount >= habit.daily_min else "break"
    return "count" if amount > 0 else "break"


def model_state(habit: Habit, entry: Entry | None, is_t: bool) -> str:
    if habit.kind == "abstain":
        return "broken" if entry is not None and entry.status == "broken" else "kept"
    if entry is None:
        return "open" if is_t else "missed"
    if entry.status is not None:
        return entry.status
    amount = entry.amount or 0.0
    if habit.kind == "daily" and habit.daily_max is not None:
        return "done" if amount <= habit.daily_max else "missed"
    if habit.kind == "daily" and habit.daily_min is not None:
        return "done" if amount >= habit.daily_min else "partial"
    return "done" if amount > 0 else "partial"


def is_rolling(habit: Habit) -> bool:
    """X times in Y days with Y other than 7, or a numeric daily limit over Y > 1 days."""
    if habit.kind == "weekly":
        return habit.per_days not in (None, 7)
    limit = habit.daily_min if habit.daily_min is not None else habit.daily_max
    return habit.kind == "daily" and limit is not None and (habit.per_days or 1) > 1


def rolling_value(habit: Habit, entry: Entry | None) -> float:
    """What a day adds to a rolling window: 1 per done day (yes/no), else the amount."""
    if entry is None or entry.status in ("skip", "missed"):
        return 0.0
    if habit.kind == "weekly":
        return 1.0 if entry.status == "done" else 0.0
    if entry.status == "done":
        return 0.0 if habit.daily_max is not None else (habit.daily_min or 0) / (habit.per_days or 1)
    return max(entry.amount or 0.0, 0.0)


def rolling_on_track(habit: Habit, on: dict[date, Entry | None], start: date, d: date) -> bool:
    span = habit.per_days or 1
    window = [d - timedelta(days=i) for i in range(span)]
    total = sum(rolling_value(habit, on[x]) for x in window if x >= start)
    if habit.kind == "weekly":
        return total >= (habit.per_week or 1) - 1e-9
    if habit.daily_max is not None:
        logged = on[d] is not None and on[d].status != "missed"  # type: ignore[union-attr]
        return logged and total <= habit.daily_max * (1 + 1e-9)
    return total >= (habit.daily_min or 0) * (1 - 1e-9)


def rolling_state(habit: Habit, on: dict[date, Entry | None], start: date, d: date, is_t: bool) -> str:
    entry = on[d]
    if entry is not None and entry.status == "skip":
        return "skip"
    if entry is not None and entry.status == "done" and habit.kind == "weekly":
        return "done"
    logged = entry is not None and entry.status != "missed"
    if rolling_on_track(habit, on, start, d):
        return "done" if logged else "kept"
    if entry is None:
        return "open" if is_t else "missed"
    if habit.kind == "daily" and logged and habit.daily_max is None:
        return "partial"
    return "missed"


@dataclass
class ModelResult:
    start: date | None
    streaks: list[tuple[date, date, int]]
    current: tuple[date, date, int] | None
    longest: tuple[date, date, int] | None
    milestones: list[tuple[int, date]]
    next_milestone: int
    strength: float
    open_today: bool
    weeks: list[tuple[date, int, bool, bool, date | None]]


def first_day_of_week(day: date, week_start: int) -> date:
    while day.weekday() != week_start:
        day -= timedelta(days=1)
    return day


def model(habit: Habit, entries: list[Entry], as_of: date, week_start: int) -> ModelResult:
    start = model_start(habit, entries, as_of)
    rolling = is_rolling(habit)
    unit = "weeks" if habit.kind == "weekly" and not rolling else "days"
    if start is None:
        return ModelResult(None, [], None, None, [], 1, 0.0, False, [])
    days = [start + timedelta(days=i) for i in range((as_of - start).days + 1)]
    on: dict[date, Entry | None] = {d: None for d in days}
    for entry in entries:  # a later entry for the same day wins
        if entry.date in on:
            on[entry.date] = entry

    # Segments: lists of (first day, last day, milestone day) units between breaks.
    segments: list[list[tuple[date, date, date]]] = [[]]
    weeks: list[tuple[date, int, bool, bool, date | None]] = []
    if rolling:
        for d in days:
            state = rolling_state(habit, on, start, d, d == as_of)
            if state in ("done", "kept") and rolling_on_track(habit, on, start, d):
                segments[-1].append((d, d, d))
            elif state not in ("skip", "open"):
                segments.append([])
    elif habit.kind == "weekly":
        n = habit.per_week or 1
        monday = first_day_of_week(start, week_start)
        while monday <= as_of:
            in_week = [monday + timedelta(days=i) for i in range(7)]
            done_days = [
                d for d in in_week if start <= d <= as_of and model_state(habit, on[d], False) == "done"
            ]
            success = len(done_days) >= n
            is_open = monday <= as_of <= in_week[-1] and not success
            reached = done_days[n - 1] if success else None
            weeks.append((monday, len(done_days), success, is_open, reached))
            if success:
                assert reached is not None
                segments[-1].append((monday, in_week[-1], reached))
            elif not is_open:
                segments.append([])
            monday += timedelta(days=7)
    else:
        for d in days:
            label = day_label(habit, on[d], d == as_of)
            if label == "count":
                segments[-1].append((d, d, d))
            elif label == "break":
                segments.append([])

    streaks = [(seg[0][0], seg[-1][1], len(seg)) for seg in segments if seg]
    current = streaks[-1] if segments[-1] else None
    longest = None
    for streak in streaks:
        if longest is None or streak[2] >= longest[2]:
            longest = streak
    milestones = []
    for seg in segments:
        for value in model_milestones(unit, len(seg)):
            milestones.append((value, seg[value - 1][2]))
    milestones.sort(key=lambda m: (m[1], m[0]))

    # Strength, per SPEC + reference/README.md.
    if habit.kind == "weekly":
        n, y = habit.per_week or 1, habit.per_days or 7
        freq = n / y
        times, window = (2 * n, 2 * y) if n < y else (n, y)
    elif rolling:
        freq, times, window = 1 / (habit.per_days or 1), 1, habit.per_days or 1
    else:
        freq, times, window = 1.0, 1, 1
    m = 0.5 ** (math.sqrt(freq) / 13)
    score = 1.0 if habit.kind == "daily" and habit.daily_max is not None else 0.0
    for d in days:
        state = model_state(habit, on[d], d == as_of)
        if state in ("skip", "open"):
            continue
        if rolling and habit.kind == "daily":
            total = sum(
                rolling_value(habit, on[x])
                for x in (d - timedelta(days=i) for i in range(window))
                if x >= start
            )
            if habit.daily_max is not None:
                if on[d] is not None and on[d].status == "missed":  # type: ignore[union-attr]
                    c = 0.0
                else:
                    c = max(0.0, min(1.0, 1 - (total - habit.daily_max) / habit.daily_max))
            else:
                c = min(1.0, total / (habit.daily_min or 1))
        elif habit.kind == "weekly":
            recent = [
                x
                for x in (d - timedelta(days=i) for i in range(window))
                if x >= start and model_state(habit, on[x], x == as_of) == "done"
            ]
            c = float(min(Fraction(1), Fraction(len(recent), times)))
        elif habit.kind == "daily" and habit.daily_max is not None:
            logged = on[d]
            if logged is None:
                c = 1.0  # Loop: no value is 0, within any maximum
            elif logged.status is None:
                c = max(0.0, min(1.0, 2 - (logged.amount or 0.0) / habit.daily_max))
            else:
                c = 1.0 if state == "done" else 0.0
        elif habit.kind == "daily" and habit.daily_min is not None:
            logged = on[d]
            if logged is not None and logged.status is None:
                c = min(1.0, (logged.amount or 0.0) / habit.daily_min)
            else:
                c = 1.0 if state == "done" else 0.0
        else:
            c = 1.0 if state in ("kept", "done") else 0.0
        score = score * m + c * (1 - m)

    return ModelResult(
        start=start,
        streaks=streaks,
        current=current,
        longest=longest,
        milestones=milestones,
        next_milestone=model_next_milestone(unit, current[2] if current else 0),
        strength=round(100 * score, 1),
        open_today=habit.kind != "abstain" and on[as_of] is None,
        weeks=weeks,
    )


def model_goal(habit: Habit, entries: list[Entry], as_of: date) -> dict[str, object]:
    start = model_start(habit, entries, as_of)
    target = Fraction(habit.target or 0)
    usable = sorted(
        (e for e in entries if start is not None and start <= e.date <= as_of), key=lambda e: e.date
    )
    total = Fraction(0)
    reached: list[tuple[int, date]] = []
    for entry in usable:
        total += Fraction(entry.amount or 0)
        for share in (25, 50, 75, 100):
            if total * 100 >= target * share and share not in [r[0] for r in reached]:
                reached.append((share, entry.date))
    if start is None:
        recent, span = Fraction(0), 0
    else:
        window = [as_of - timedelta(days=i) for i in range(28)]
        window = [d for d in window if d >= start]
        span = len(window)
        recent = sum((Fraction(e.amount or 0) for e in usable if e.date in window), Fraction(0))
    pace = recent / span if span else Fraction(0)
    logged = sum(1 for e in usable if e.date in window and (e.amount or 0) > 0) if span else 0
    too_early = start is None or (as_of - start).days + 1 < 7 or logged < 2
    if total >= target:
        projected = next(d for share, d in reached if share == 100)
    elif pace > 0 and not too_early:
        projected = as_of + timedelta(days=math.ceil((target - total) / pace))
    else:
        projected = None
    return {
        "total": total,
        "percent": 100 * total / target,
        "pace": pace,
        "projected": projected,
        "milestones": reached,
    }


# ----------------------------------------------------------------------- strategies


@st.composite
def histories(draw: st.DrawFn, kind: str) -> tuple[Habit, list[Entry], date, int]:
    """A habit of ``kind``, its entries (built from runs of equal values so that long
    histories stay cheap), an as-of date and a week start."""
    numeric_daily = kind == "daily" and draw(st.booleans())
    limit = float(draw(st.integers(1, 6))) if numeric_daily else None
    at_most = numeric_daily and draw(st.booleans())
    daily_min = None if at_most else limit
    daily_max = limit if at_most else None
    per_days: int | None = None
    per_week: int | None = None
    if kind == "weekly":
        per_days = draw(st.sampled_from([None, None, 7, 1, 2, 3, 30, 60]))
        per_week = draw(st.integers(1, min(7, per_days or 7)))
    elif numeric_daily:
        per_days = draw(st.sampled_from([None, 1, 3, 7]))
    if kind == "abstain":
        words: list[object] = ["kept", "broken", None]
    elif kind == "goal":
        words = [0.0, 0.5, 1.0, 2.5, 4.0, None]
    elif numeric_daily:
        words = [0.0, 1.0, 2.0, 3.5, 5.0, 7.0, "skip", "missed", None]
    else:
        words = ["done", "skip", "missed", None]
    runs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(words),
                # mostly short runs; now and then a long one, to pass 365 days / 52 weeks
                st.one_of(st.integers(1, 40), st.integers(1, 40), st.integers(360, 760)),
            ),
            min_size=0,
            max_size=14,
        )
    )
    first_offset = draw(st.integers(0, 20))
    entries: list[Entry] = []
    offset = first_offset
    for value, length in runs:
        for _ in range(length):
            day = BASE + timedelta(days=offset)
            if isinstance(value, str):
                entries.append(Entry(day, value))
            elif isinstance(value, float):
                entries.append(Entry(day, None, value))
            offset += 1
    span = offset + 10
    created = BASE + timedelta(days=draw(st.integers(0, span)))
    since: date | None
    if kind == "abstain":
        since = BASE + timedelta(days=draw(st.integers(0, span)))
    else:
        since = draw(st.one_of(st.none(), st.integers(0, span).map(lambda i: BASE + timedelta(i))))
    habit = Habit(
        slug="h",
        name="H",
        kind=kind,
        since=since,
        created=created,
        per_week=per_week,
        per_days=per_days,
        daily_min=daily_min,
        daily_max=daily_max,
        target=float(draw(st.integers(1, 80))) if kind == "goal" else None,
        unit="km" if kind == "goal" else None,
    )
    # As-of: anywhere, or exactly at the interesting edges of the history.
    edges = [BASE + timedelta(days=first_offset), BASE + timedelta(days=max(offset - 1, 0))]
    edges += [since] if since else []
    edges += [created, created - timedelta(days=1)]
    as_of = draw(
        st.one_of(
            st.sampled_from(edges),
            st.integers(-3, span + 3).map(lambda i: BASE + timedelta(days=i)),
        )
    )
    week_start = draw(st.sampled_from([0, 6]))
    return habit, entries, as_of, week_start


def as_tuple(streak: object) -> tuple[date, date, int] | None:
    if streak is None:
        return None
    return (streak.start, streak.end, streak.length)  # type: ignore[attr-defined]


def check_against_model(habit: Habit, entries: list[Entry], as_of: date, week_start: int) -> None:
    stats = engine.analyze(habit, entries, as_of, week_start=week_start)
    expected = model(habit, entries, as_of, week_start)
    assert stats.start == expected.start
    assert [as_tuple(s) for s in stats.streaks] == expected.streaks
    assert as_tuple(stats.current) == expected.current
    assert as_tuple(stats.longest) == expected.longest
    assert stats.current_length == (expected.current[2] if expected.current else 0)
    assert [(m.value, m.date) for m in stats.milestones] == expected.milestones
    assert all(m.kind == "streak" for m in stats.milestones)
    assert stats.next_milestone == expected.next_milestone
    assert stats.strength == expected.strength
    reached = stats.goal is not None and stats.goal.total >= stats.goal.target
    assert stats.open_today == (expected.open_today and not reached)
    assert stats.unit == ("weeks" if habit.kind == "weekly" and not is_rolling(habit) else "days")

    if expected.start is not None:
        lo, hi = expected.start - timedelta(days=2), as_of + timedelta(days=2)
        states = engine.day_states(habit, entries, lo, hi, as_of=as_of)
        assert len(states) == (hi - lo).days + 1
        latest = {e.date: e for e in entries}
        for day, state in states.items():
            if day < expected.start or day > as_of:
                assert state == engine.STATE_NONE
            elif is_rolling(habit):
                on = {d: latest.get(d) for d in states if d >= expected.start}
                assert state == rolling_state(habit, on, expected.start, day, day == as_of), day
            else:
                assert state == model_state(habit, latest.get(day), day == as_of), day

    if habit.kind == "weekly" and not is_rolling(habit):
        weeks = engine.week_results(habit, entries, as_of, week_start=week_start)
        assert [(w.start, w.done, w.success, w.open, w.reached_on) for w in weeks] == expected.weeks
        for week in weeks:
            assert week.end == week.start + timedelta(days=6)
            assert week.start.weekday() == week_start
            assert week.target == habit.per_week

    if habit.kind == "goal":
        goal = model_goal(habit, entries, as_of)
        assert stats.goal is not None
        assert stats.goal.target == habit.target
        assert stats.goal.total == float(goal["total"])  # type: ignore[arg-type]
        assert math.isclose(stats.goal.percent, float(goal["percent"]))  # type: ignore[arg-type]
        assert math.isclose(stats.goal.pace, float(goal["pace"]), abs_tol=1e-12)  # type: ignore[arg-type]
        assert stats.goal.projected_finish == goal["projected"]
        assert [(m.value, m.date) for m in stats.goal_milestones] == goal["milestones"]
        assert all(m.kind == "goal" for m in stats.goal_milestones)
    else:
        assert stats.goal is None and stats.goal_milestones == []


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(histories("abstain"))
def test_abstain_matches_model(case: tuple[Habit, list[Entry], date, int]) -> None:
    check_against_model(*case)


@SETTINGS
@given(histories("daily"))
def test_daily_matches_model(case: tuple[Habit, list[Entry], date, int]) -> None:
    check_against_model(*case)


@SETTINGS
@given(histories("weekly"))
def test_weekly_matches_model(case: tuple[Habit, list[Entry], date, int]) -> None:
    check_against_model(*case)


@SETTINGS
@given(histories("goal"))
def test_goal_matches_model(case: tuple[Habit, list[Entry], date, int]) -> None:
    check_against_model(*case)


@given(st.integers(0, 3000), st.sampled_from(["days", "weeks"]))
def test_next_milestone_matches_model(current: int, unit: str) -> None:
    assert engine.next_milestone(current, unit) == model_next_milestone(unit, current)


@given(st.integers(0, 2000), st.integers(0, 2000), st.sampled_from(["days", "weeks"]))
def test_milestones_between_matches_model(low: int, high: int, unit: str) -> None:
    expected = [v for v in model_milestones(unit, high) if v > low]
    assert engine.milestones_between(unit, low, high) == expected


@given(
    st.lists(st.sampled_from([1.0, 0.0, None]), max_size=80),
    st.integers(1, 7),
    st.sampled_from([1, 3, 7, 30]),
)
def test_loop_scores_matches_model(values: list[float | None], num: int, den: int) -> None:
    scores = engine.loop_scores(values, num, den)
    m = 0.5 ** (math.sqrt(num / den) / 13)
    times, days = (2 * num, 2 * den) if num < den else (num, den)
    score = 0.0
    expected = []
    for i, value in enumerate(values):
        if value is not None:
            done = sum(v or 0.0 for v in values[max(0, i - days + 1) : i + 1])
            score = score * m + min(1.0, done / times) * (1 - m)
        expected.append(score)
    assert len(scores) == len(values)
    for got, want in zip(scores, expected, strict=True):
        assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-15)


@given(st.dates(date(1990, 1, 1), date(2100, 1, 1)), st.sampled_from([0, 6]))
def test_week_start_of(day: date, week_start: int) -> None:
    first = engine.week_start_of(day, week_start)
    assert first == first_day_of_week(day, week_start)
