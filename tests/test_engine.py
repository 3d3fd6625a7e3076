"""Hand-written cases for each rule of SPEC.md "Streak semantics"."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from habit_tracker import engine
from habit_tracker.models import Dataset, Entry, Habit, Streak

REFERENCE = Path(__file__).parents[2] / "shared" / "reference"
D0 = date(2026, 11, 2)  # a Monday


def day(n: int) -> date:
    """Day n of the test calendar (0 = Monday 2 November 2026)."""
    return D0 + timedelta(days=n)


def entries(values: str, first: int = 0) -> list[Entry]:
    """Entries from a compact string, one character per day from day ``first``:
    d done, s skip, m missed, k kept, b broken, '.' no entry."""
    words = {"d": "done", "s": "skip", "m": "missed", "k": "kept", "b": "broken"}
    return [Entry(day(first + i), words[c]) for i, c in enumerate(values) if c != "."]


def amounts(values: list[float | None], first: int = 0) -> list[Entry]:
    return [Entry(day(first + i), None, v) for i, v in enumerate(values) if v is not None]


def daily(**kw: object) -> Habit:
    return Habit("walk", "Walk", "daily", created=kw.pop("created", D0), **kw)  # type: ignore[arg-type]


def weekly(n: int = 3, **kw: object) -> Habit:
    return Habit("workout", "Workout", "weekly", created=kw.pop("created", D0), per_week=n, **kw)  # type: ignore[arg-type]


def abstain(since: date = D0) -> Habit:
    return Habit("no-contact", "No contact", "abstain", since=since, created=since)


def goal(target: float = 100.0, **kw: object) -> Habit:
    return Habit("goal", "Half marathon", "goal", created=D0, target=target, unit="km", **kw)  # type: ignore[arg-type]


def span(streak: Streak | None) -> tuple[date, date, int] | None:
    return None if streak is None else (streak.start, streak.end, streak.length)


# ------------------------------------------------------------------ start


def test_start_of_abstain_is_since_and_earlier_entries_are_ignored() -> None:
    habit = abstain(since=day(5))
    logged = [*entries("b", first=2), *entries("k", first=6)]
    assert engine.habit_start(habit, logged) == day(5)
    stats = engine.analyze(habit, logged, day(9))
    assert span(stats.current) == (day(5), day(9), 5)  # the break on day 2 does not exist
    assert stats.streaks == [stats.current]


def test_start_of_other_kinds_is_the_earliest_of_since_created_first_entry() -> None:
    habit = daily(created=day(10))
    assert engine.habit_start(habit, []) == day(10)
    assert engine.habit_start(habit, entries("d", first=3)) == day(3)  # backfilled
    with_since = daily(created=day(10), since=day(1))
    assert engine.habit_start(with_since, entries("d", first=3)) == day(1)
    assert engine.habit_start(Habit("x", "X", "daily"), []) is None


def test_as_of_before_the_first_day_has_no_days() -> None:
    habit = daily(created=day(5))
    stats = engine.analyze(habit, entries("ddd", first=5), day(4))
    assert stats.start is None
    assert stats.streaks == [] and stats.current is None and stats.longest is None
    assert stats.milestones == []
    assert stats.strength == 0.0
    assert stats.next_milestone == 1 and stats.to_next_milestone == 1
    assert stats.open_today is False
    assert engine.analyze(abstain(since=day(3)), [], day(2)).start is None


def test_entries_after_as_of_are_ignored() -> None:
    logged = entries("dddmddd")
    stats = engine.analyze(daily(), logged, day(2))
    assert span(stats.current) == (day(0), day(2), 3)
    assert len(stats.streaks) == 1


# ------------------------------------------------------------------ abstain


def test_abstain_counter_runs_by_itself_counting_today() -> None:
    stats = engine.analyze(abstain(), [], day(20))
    assert span(stats.current) == (day(0), day(20), 21)
    assert stats.next_milestone == 30 and stats.to_next_milestone == 9
    assert stats.open_today is False  # abstain T is never open
    assert stats.unit == "days"


def test_abstain_break_resets_and_break_on_today_makes_zero() -> None:
    logged = entries("kkkb", first=0)
    stats = engine.analyze(abstain(), logged, day(9))
    assert span(stats.current) == (day(4), day(9), 6)
    assert span(stats.longest) == (day(4), day(9), 6)
    assert [span(s) for s in stats.streaks] == [(day(0), day(2), 3), (day(4), day(9), 6)]

    on_today = engine.analyze(abstain(), entries("b", first=9), day(9))
    assert on_today.current is None and on_today.current_length == 0
    assert span(on_today.longest) == (day(0), day(8), 9)
    assert on_today.next_milestone == 1


# ------------------------------------------------------------------ daily and goal


def test_daily_today_without_entry_is_open_not_broken() -> None:
    stats = engine.analyze(daily(), entries("ddd"), day(3))
    assert span(stats.current) == (day(0), day(2), 3)
    assert stats.open_today is True
    done_today = engine.analyze(daily(), entries("dddd"), day(3))
    assert span(done_today.current) == (day(0), day(3), 4)
    assert done_today.open_today is False


def test_daily_unlogged_past_day_and_missed_break() -> None:
    stats = engine.analyze(daily(), entries("dd.dm"), day(5))
    assert [span(s) for s in stats.streaks] == [(day(0), day(1), 2), (day(3), day(3), 1)]
    assert stats.current is None  # missed on day 4, day 5 still open
    assert stats.open_today is True


def test_skip_is_transparent_for_daily_streaks() -> None:
    stats = engine.analyze(daily(), entries("dssdsd"), day(5))
    assert span(stats.current) == (day(0), day(5), 3)  # first and last counted days
    ends_in_skip = engine.analyze(daily(), entries("ddss"), day(4))
    assert span(ends_in_skip.current) == (day(0), day(1), 2)


def test_numeric_daily_needs_the_minimum() -> None:
    habit = daily(daily_min=20.0, unit="pages")
    stats = engine.analyze(habit, amounts([25, 20, 19.5, 30]), day(3))
    assert [span(s) for s in stats.streaks] == [(day(0), day(1), 2), (day(3), day(3), 1)]
    states = engine.day_states(habit, amounts([25, 20, 19.5, 30]), day(0), day(4), as_of=day(4))
    assert list(states.values()) == ["done", "done", "partial", "done", "open"]


def test_goal_day_counts_when_progress_is_positive() -> None:
    stats = engine.analyze(goal(), amounts([5, 0.5, 0, 3, None, 2]), day(6))
    assert [span(s) for s in stats.streaks] == [(day(0), day(1), 2), (day(3), day(3), 1), (day(5), day(5), 1)]
    assert span(stats.current) == (day(5), day(5), 1)  # day 6 is open


def test_longest_tie_goes_to_the_most_recent() -> None:
    stats = engine.analyze(daily(), entries("ddmddmd"), day(6))
    assert span(stats.longest) == (day(3), day(4), 2)


# ------------------------------------------------------------------ weekly


def test_weekly_open_current_week_neither_counts_nor_breaks() -> None:
    # Weeks from Monday: week 0 has 3 done, week 1 has 3 done, week 2 (holds T) has 1.
    logged = entries("d.d.d..dd.d...d")
    stats = engine.analyze(weekly(3), logged, day(16))
    assert stats.unit == "weeks"
    assert span(stats.current) == (day(0), day(13), 2)
    weeks = engine.week_results(weekly(3), logged, day(16))
    assert [(w.done, w.success, w.open) for w in weeks] == [
        (3, True, False),
        (3, True, False),
        (1, False, True),
    ]
    assert weeks[0].reached_on == day(4) and weeks[1].reached_on == day(10)
    assert weeks[2].reached_on is None


def test_weekly_successful_current_week_counts_and_spans_whole_weeks() -> None:
    logged = entries("ddd....ddd")
    stats = engine.analyze(weekly(3), logged, day(9))
    assert span(stats.current) == (day(0), day(13), 2)  # last day of the last week is after T


def test_weekly_failed_week_breaks() -> None:
    logged = entries("ddd....dd.....ddd")
    stats = engine.analyze(weekly(3), logged, day(16))
    assert [span(s) for s in stats.streaks] == [(day(0), day(6), 1), (day(14), day(20), 1)]
    assert span(stats.longest) == (day(14), day(20), 1)  # tie: the most recent


def test_weekly_week_start_sunday() -> None:
    # D0 is a Monday: with Sunday weeks, day 6 starts a new week.
    logged = entries("dddddd")  # Mon..Sat: 6 done in one Sunday-week
    monday_weeks = engine.week_results(weekly(3), logged, day(7), week_start=0)
    sunday_weeks = engine.week_results(weekly(3), logged, day(7), week_start=6)
    assert [w.start for w in monday_weeks] == [day(0), day(7)]
    assert [w.start for w in sunday_weeks] == [day(-1), day(6)]
    assert sunday_weeks[0].done == 6 and sunday_weeks[0].reached_on == day(2)
    assert sunday_weeks[1].open
    stats = engine.analyze(weekly(3), logged, day(7), week_start=6)
    assert span(stats.current) == (day(-1), day(5), 1)


def test_weekly_first_week_counts_only_days_from_the_start() -> None:
    habit = weekly(3, created=day(3))  # starts on Thursday
    logged = entries("dd", first=3)
    weeks = engine.week_results(habit, logged, day(7))
    assert weeks[0].start == day(0) and weeks[0].done == 2 and not weeks[0].success
    assert not weeks[0].open
    with pytest.raises(ValueError):
        engine.week_results(daily(), [], day(3))


def test_week_milestone_date_is_the_day_the_week_reached_its_target() -> None:
    logged = entries("..d.d.d" + "dd.d...")
    stats = engine.analyze(weekly(3), logged, day(13))
    assert [(m.value, m.date) for m in stats.milestones] == [(1, day(6)), (2, day(10))]


# ------------------------------------------------------------------ milestones


def test_milestone_tables() -> None:
    assert [engine.next_milestone(n, "days") for n in (0, 1, 2, 7, 364, 365, 729, 730)] == [
        1, 3, 3, 14, 365, 730, 730, 1095,
    ]  # fmt: skip
    assert [engine.next_milestone(n, "weeks") for n in (0, 1, 3, 51, 52, 103, 104)] == [
        1, 2, 4, 52, 104, 104, 156,
    ]  # fmt: skip
    assert engine.milestones_between("days", 0, 7) == [1, 3, 7]
    assert engine.milestones_between("days", 7, 7) == []
    assert engine.milestones_between("days", 360, 1100) == [365, 730, 1095]
    assert engine.milestones_between("weeks", 50, 160) == [52, 104, 156]
    with pytest.raises(ValueError):
        engine.next_milestone(3, "months")


def test_day_milestones_past_a_year() -> None:
    stats = engine.analyze(abstain(), [], day(1200))
    values = [m.value for m in stats.milestones]
    assert values[-4:] == [270, 365, 730, 1095]
    assert stats.milestones[-1].date == day(1094)
    assert stats.next_milestone == 1460 and stats.to_next_milestone == 1460 - 1201


def test_week_milestones_past_a_year() -> None:
    logged = [Entry(day(7 * w + k), "done") for w in range(110) for k in (0, 2)]
    stats = engine.analyze(weekly(2), logged, day(7 * 110 - 1))
    assert [m.value for m in stats.milestones][-3:] == [26, 52, 104]
    assert stats.milestones[-1].date == day(7 * 103 + 2)  # the 104th week's 2nd done day
    assert stats.current_length == 110 and stats.next_milestone == 156


def test_milestone_reached_again_after_a_break_is_listed_again() -> None:
    stats = engine.analyze(daily(), entries("dddmddd"), day(6))
    assert [(m.value, m.date) for m in stats.milestones] == [
        (1, day(0)), (3, day(2)), (1, day(4)), (3, day(6)),
    ]  # fmt: skip


def test_day_milestone_falls_on_the_counted_day_across_skips() -> None:
    stats = engine.analyze(daily(), entries("dsdsd"), day(4))
    assert [(m.value, m.date) for m in stats.milestones] == [(1, day(0)), (3, day(4))]


# ------------------------------------------------------------------ strength


@pytest.mark.parametrize(("done", "expected"), [(20, 65.6), (2, 10.1), (1, 5.2)])
def test_strength_matches_loop_for_a_daily_habit(done: int, expected: float) -> None:
    stats = engine.analyze(daily(), entries("d" * done), day(done - 1))
    assert stats.strength == expected


def test_loop_scores_exact_reference_values() -> None:
    assert round(engine.loop_scores([1.0] * 20, 1, 1)[-1], 6) == 0.655748
    assert round(engine.loop_scores([1.0] * 2, 1, 1)[-1], 6) == 0.101149
    assert round(engine.loop_scores([1.0], 1, 1)[-1], 6) == 0.051922


def test_strength_leaves_open_today_out_and_skips_unchanged() -> None:
    done3 = engine.analyze(daily(), entries("ddd"), day(2)).strength
    assert engine.analyze(daily(), entries("ddd"), day(3)).strength == done3  # T open
    assert engine.analyze(daily(), entries("ddds"), day(3)).strength == done3  # skip
    assert engine.analyze(daily(), entries("dddm"), day(3)).strength < done3
    # abstain: T without an entry is kept, so it counts.
    assert engine.analyze(abstain(), [], day(19)).strength == 65.6


def test_numeric_daily_strength_uses_the_share_of_the_minimum() -> None:
    habit = daily(daily_min=20.0)
    stats = engine.analyze(habit, amounts([10.0]), day(0))
    assert stats.strength == round(100 * engine.loop_scores([0.5], 1, 1)[-1], 1)


def test_weekly_strength_is_loops_n_per_7_days() -> None:
    logged = entries("d.d.d..dd.d..d.d")
    values: list[float | None] = [1.0 if c == "d" else 0.0 for c in "d.d.d..dd.d..d.d"]
    stats = engine.analyze(weekly(3), logged, day(15))
    assert stats.strength == round(100 * engine.loop_scores(values, 3, 7)[-1], 1)
    # The window is 14 days long and 6 sessions are due in it.
    assert engine.loop_scores([1.0] * 3, 3, 7)[-1] == pytest.approx(
        (1 - (m := 0.5 ** ((3 / 7) ** 0.5 / 13))) * (m * m / 6 + m * 2 / 6 + 3 / 6)
    )


def _loop_habit(folder: str) -> tuple[list[str], list[str], list[str]]:
    base = REFERENCE / "loop" / "csv_export" / folder
    with (base / "Checkmarks.csv").open(newline="") as f:
        checks = list(csv.DictReader(f))
    with (base / "Scores.csv").open(newline="") as f:
        scores = {row["Date"]: row["Score"] for row in csv.DictReader(f)}
    checks.sort(key=lambda row: row["Date"])  # the file is newest first
    dates = [row["Date"] for row in checks]
    return dates, [row["Value"] for row in checks], [scores[d] for d in dates]


@pytest.mark.skipif(
    not (REFERENCE / "loop" / "csv_export").is_dir(),
    reason="reference data ../shared/reference/loop/csv_export is not present",
)
def test_loop_scores_reproduce_loops_own_export() -> None:
    dates, values, scores = _loop_habit("002 Wake up early")
    assert len(dates) == 10 and "YES_AUTO" in values
    as_values: list[float | None] = [
        1.0 if v == "YES_MANUAL" else None if v == "SKIP" else 0.0 for v in values
    ]
    ours = [f"{s:.4f}" for s in engine.loop_scores(as_values, 2, 3)]
    assert ours == scores
    # Counting YES_AUTO as done would not reproduce Loop's figures.
    auto_done = [1.0 if v.startswith("YES") else 0.0 for v in values]
    assert [f"{s:.4f}" for s in engine.loop_scores(auto_done, 2, 3)] != scores


# ------------------------------------------------------------------ goal


def test_goal_progress_pace_and_projection() -> None:
    habit = goal(target=100.0, deadline=day(60))
    # days 0-9: 5 a day; 10-19: nothing; 20-23: 10 a day; 24: 5 -> 95 in all
    logged = amounts([5.0] * 10 + [None] * 10 + [10.0] * 4 + [5.0])
    stats = engine.analyze(habit, logged, day(29))
    progress = stats.goal
    assert progress is not None
    assert progress.total == 95.0 and progress.percent == 95.0
    # the last 28 days (2..29) hold 8 * 5 + 4 * 10 + 5 = 85
    assert progress.pace == pytest.approx(85 / 28)
    assert progress.projected_finish == day(29 + 2)  # 5 left at 3.04 a day: 2 days
    assert progress.deadline == day(60) and progress.unit == "km"
    assert [(m.value, m.date) for m in stats.goal_milestones] == [
        (25, day(4)), (50, day(9)), (75, day(22)),
    ]  # fmt: skip


def test_goal_pace_of_a_young_goal_divides_by_its_days() -> None:
    history = amounts([10.0, 0.0, 5.0, 0.0, 5.0, 0.0, 8.0])
    stats = engine.analyze(goal(target=100.0), history, day(6))
    assert stats.goal is not None
    assert stats.goal.pace == pytest.approx(4.0)  # 28 over 7 days, not over 28
    assert stats.goal.pace_days == 7 and not stats.goal.too_early
    assert stats.goal.projected_finish == day(6 + 18)  # 72 left at 4 a day


@pytest.mark.parametrize(
    ("values", "as_of"),
    [([8.5], 0), ([8.5], 6), ([8.5, 1.0], 5), ([None, None, None, None, None, None, 3.0], 6)],
)
def test_goal_pace_is_too_early_with_little_history(values: list[float | None], as_of: int) -> None:
    stats = engine.analyze(goal(target=100.0, deadline=day(30)), amounts(values), day(as_of))
    assert stats.goal is not None
    assert stats.goal.too_early and stats.goal.projected_finish is None


def test_a_goal_on_its_first_day_is_not_behind() -> None:
    from habit_tracker import views

    dataset = Dataset(habits=[goal(target=100.0, deadline=day(30))], entries={})
    data = views.status_view(dataset, day(0))
    row = data["habits"][0]["goal"]
    assert row["on_track"] is None and row["too_early"] is True
    text = views.render_status(data)
    assert "behind" not in text and "Too early to project" in text
    assert "last 28 days" not in text


def test_goal_already_reached_projects_the_day_it_was_reached() -> None:
    stats = engine.analyze(goal(target=10.0), amounts([4.0, 4.0, 4.0, 4.0]), day(8))
    assert stats.goal is not None
    assert stats.goal.percent == 160.0
    assert stats.goal.projected_finish == day(2)
    assert [(m.value, m.date) for m in stats.goal_milestones] == [
        (25, day(0)), (50, day(1)), (75, day(1)), (100, day(2)),
    ]  # fmt: skip


def test_goal_without_recent_progress_has_no_projection() -> None:
    stats = engine.analyze(goal(target=10.0), amounts([4.0]), day(40))
    assert stats.goal is not None
    assert stats.goal.pace == 0.0 and stats.goal.projected_finish is None


# ------------------------------------------------------------------ day states, all


def test_day_states_cover_the_range() -> None:
    habit = daily(created=day(1))
    states = engine.day_states(habit, entries("dsm", first=1), day(0), day(6), as_of=day(5))
    assert [states[day(i)] for i in range(7)] == [
        "none", "done", "skip", "missed", "missed", "open", "none",
    ]  # fmt: skip
    kept = engine.day_states(abstain(), entries("..b"), day(0), day(3), as_of=day(3))
    assert list(kept.values()) == ["kept", "kept", "broken", "kept"]


def test_analyze_all_skips_archived_and_uses_the_week_start() -> None:
    archived = Habit("old", "Old", "daily", created=D0, archived=True)
    dataset = Dataset(
        habits=[abstain(), weekly(3), archived],
        entries={"workout": entries("dddddd"), "old": entries("ddd")},
        week_start=6,
    )
    stats = engine.analyze_all(dataset, day(7))
    assert [s.habit.slug for s in stats] == ["no-contact", "workout"]
    assert span(stats[1].current) == (day(-1), day(5), 1)  # Sunday weeks
