"""Chart data shaping: plain functions, checked against a hand-worked history.

Nothing here draws; charts.data must not need matplotlib at all.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date, timedelta

import pytest
from chart_history import AS_OF, dataset, nov

from habit_tracker.charts import chart_format, default_chart_name
from habit_tracker.charts import data as d
from habit_tracker.errors import UnknownHabitError, UsageError
from habit_tracker.models import SUNDAY, Entry, Habit

# ------------------------------------------------------------------ calendar grid


def test_grid_places_each_day_by_week_column_and_weekday_row() -> None:
    # Thu 1 Jan 2026 .. Sun 18 Jan 2026, weeks from Monday.
    values = {day: day.day for day in d.days_between(date(2026, 1, 1), date(2026, 1, 18))}
    grid = d.calendar_grid(values, date(2026, 1, 1), date(2026, 1, 18))
    assert grid.shape == (7, 3)
    assert grid.columns == (date(2025, 12, 29), date(2026, 1, 5), date(2026, 1, 12))
    assert grid.row_labels == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    # Mon 29 Dec .. Wed 31 Dec are outside the range: empty cells.
    assert [grid.day_at(row, 0) for row in range(3)] == [None, None, None]
    assert grid.value_at(3, 0) == 1  # Thu 1 Jan
    assert grid.position(date(2026, 1, 5)) == (0, 1)  # Monday of the second week
    assert grid.value_at(6, 2) == 18  # Sun 18 Jan, last column, bottom row
    assert len(list(grid.cells())) == 18


def test_grid_rows_follow_a_sunday_week_start() -> None:
    grid: d.CalendarGrid[str] = d.calendar_grid({}, date(2026, 11, 1), date(2026, 11, 14), week_start=SUNDAY)
    assert grid.row_labels[0] == "Sun" and grid.row_labels[-1] == "Sat"
    assert grid.columns[0] == date(2026, 11, 1)  # a Sunday
    assert grid.position(date(2026, 11, 7)) == (6, 0)  # Saturday closes the first week
    assert grid.position(date(2026, 11, 8)) == (0, 1)


def test_month_labels_sit_on_the_column_of_each_first_day() -> None:
    grid: d.CalendarGrid[str] = d.calendar_grid({}, date(2026, 1, 1), date(2026, 4, 30))
    labels = grid.month_labels()
    assert [(column, month.month) for column, month in labels] == [
        (0, 1),  # Thu 1 Jan: week of Mon 29 Dec
        (grid.position(date(2026, 2, 1))[1], 2),
        (grid.position(date(2026, 3, 1))[1], 3),
        (grid.position(date(2026, 4, 1))[1], 4),
    ]
    # A range starting late in a month: that month's label would collide with the next.
    late = d.calendar_grid({}, date(2026, 1, 27), date(2026, 3, 31)).month_labels()
    assert late[0][1] == date(2026, 2, 1)
    # Early enough in the month: it keeps its label at column 0.
    early = d.calendar_grid({}, date(2026, 1, 6), date(2026, 3, 31)).month_labels()
    assert early[0] == (0, date(2026, 1, 1))


def test_long_ranges_split_into_calendar_years() -> None:
    assert d.calendar_chunks(date(2025, 11, 23), date(2026, 11, 22)) == [
        (date(2025, 11, 23), date(2026, 11, 22))
    ]
    chunks = d.calendar_chunks(date(2023, 11, 23), date(2026, 11, 22))
    assert chunks == [
        (date(2023, 11, 23), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 11, 22)),
    ]


# ------------------------------------------------------------------ heatmap cells


def test_no_contact_heatmap_cells() -> None:
    ds = dataset()
    heat = d.heatmap_data(ds, ds.habit("no-contact"), nov(1), AS_OF, as_of=AS_OF)
    (panel,) = heat.panels
    grid = panel.grid
    assert grid.shape == (7, 4)  # weeks of 26 Oct, 2, 9 and 16 Nov
    assert grid.value_at(6, 0) == d.BEFORE  # Sun 1 Nov, before the start
    assert grid.value_at(0, 1) == d.KEPT  # Mon 2 Nov, unlogged: kept by itself
    assert grid.value_at(1, 2) == d.BROKEN  # Tue 10 Nov
    assert grid.value_at(6, 3) == d.KEPT  # today counts as kept for abstain
    assert grid.day_at(0, 0) is None  # Mon 26 Oct is not in the range
    assert heat.counts == {d.BEFORE: 1, d.KEPT: 20, d.BROKEN: 1}


def test_workout_heatmap_tells_rest_from_missed() -> None:
    ds = dataset()
    cats = d.day_categories(ds.habit("workout"), ds.entries_for("workout"), nov(2), nov(8),
                            as_of=AS_OF)
    assert [cats[day] for day in sorted(cats)] == [
        d.DONE, d.SKIP, d.DONE, d.MISSED, d.DONE, d.REST, d.REST,
    ]  # fmt: skip


def test_daily_heatmap_misses_skip_open_and_before() -> None:
    ds = dataset()
    cats = d.day_categories(ds.habit("journal"), ds.entries_for("journal"), nov(8), AS_OF,
                            as_of=AS_OF)
    assert cats[nov(8)] == d.BEFORE  # created 9 Nov
    assert [cats[nov(n)] for n in range(9, 16)] == [
        d.DONE, d.DONE, d.MISSED, d.DONE, d.SKIP, d.DONE, d.MISSED,
    ]  # fmt: skip
    assert cats[AS_OF] == d.OPEN
    goal = d.day_categories(ds.habit("goal"), ds.entries_for("goal"), nov(20), nov(20),
                            as_of=AS_OF)
    assert goal[nov(20)] == d.PARTIAL  # logged 0 km


def test_days_after_as_of_are_not_drawn_as_misses() -> None:
    ds = dataset()
    cats = d.day_categories(ds.habit("journal"), ds.entries_for("journal"), nov(14), nov(16),
                            as_of=nov(14))
    assert cats == {nov(14): d.DONE, nov(15): d.AFTER, nov(16): d.AFTER}


def test_completion_share_of_all_habits() -> None:
    ds = dataset()
    share = d.completion_share(ds.habits, ds.entries, nov(1), AS_OF, as_of=AS_OF)
    assert nov(1) not in share  # no habit existed yet
    # 2 Nov: no-contact kept, workout done, goal missed (no entry); journal not started.
    assert share[nov(2)] == pytest.approx(2 / 3)
    # 3 Nov: kept, workout skip (does not count), goal 10 km.
    assert share[nov(3)] == 1.0
    # 7 Nov: kept, workout rest (does not count), goal missed.
    assert share[nov(7)] == pytest.approx(1 / 2)
    # 10 Nov: broken, workout done, goal missed, journal done.
    assert share[nov(10)] == pytest.approx(2 / 4)
    # 22 Nov: kept, workout rest, goal open, journal open.
    assert share[AS_OF] == 1.0


def test_completion_share_is_none_when_nothing_counted() -> None:
    weekly = Habit("gym", "Gym", "weekly", created=nov(2), per_week=2)
    share = d.completion_share([weekly], {"gym": []}, nov(2), nov(4), as_of=nov(4))
    assert share == {nov(2): None, nov(3): None, nov(4): None}


def test_heatmap_default_range() -> None:
    # A year back, trimmed to the start, but at least four weeks.
    assert d.heatmap_range(None, None, None, AS_OF) == d.Range(date(2025, 11, 23), AS_OF)
    assert d.heatmap_range(date(2026, 3, 1), None, None, AS_OF).first == date(2026, 3, 1)
    assert d.heatmap_range(nov(20), None, None, AS_OF).first == AS_OF - timedelta(weeks=4, days=-1)
    assert d.heatmap_range(nov(20), nov(1), None, AS_OF) == d.Range(nov(1), AS_OF)
    assert d.year_before(date(2028, 2, 29)) == date(2027, 3, 1)


def test_ranges_are_checked() -> None:
    with pytest.raises(UsageError, match="after --as-of"):
        d.check_range(None, nov(23), AS_OF)
    with pytest.raises(UsageError, match="--from 2026-11-20 is after --to 2026-11-10"):
        d.check_range(nov(20), nov(10), AS_OF)
    d.check_range(nov(1), AS_OF, AS_OF)


# ------------------------------------------------------------------ streaks


def test_streak_bars_mark_current_and_longest() -> None:
    ds = dataset()
    data = d.streak_data(ds.habit("no-contact"), ds.entries_for("no-contact"), as_of=AS_OF)
    assert [(b.start, b.end, b.length, b.current, b.longest) for b in data.bars] == [
        (nov(2), nov(9), 8, False, False),
        (nov(11), AS_OF, 12, True, True),
    ]
    assert (data.first, data.last, data.unit) == (nov(2), AS_OF, "days")
    assert data.levels == [1, 3, 7, 14]  # milestones up to the next one above 12
    journal = d.streak_data(ds.habit("journal"), ds.entries_for("journal"), as_of=AS_OF)
    # Two streaks of 2: the longest is the most recent; there is no current streak.
    assert [(b.length, b.current, b.longest) for b in journal.bars] == [
        (2, False, False),
        (2, False, True),
    ]
    assert journal.current == 0


@pytest.mark.parametrize("as_of", [date(2026, 11, 16), date(2026, 11, 19), date(2026, 11, 22),
                                   date(2026, 3, 1)])  # Mon, Thu, Sun, a past day
def test_streak_bars_carry_the_attempts_breaks_and_triggers(as_of: date) -> None:
    """Each abstain bar names the break that ended it and what led to it, exactly
    as engine.attempts (the list ``streaks --attempts`` shows) has them."""
    import random

    from habit_tracker import engine

    rng = random.Random(as_of.toordinal())
    start = date(2024, 1, 1)
    habit = Habit("nc", "No contact", "abstain", since=start, created=start)
    days = [start + timedelta(days=n) for n in range(1100)]
    broken = sorted(rng.sample(days, 40))
    entries = [Entry(day, status="broken") for day in broken]
    triggers = {day: f"trigger {n}" for n, day in enumerate(broken) if n % 3}
    data = d.streak_data(habit, entries, as_of=as_of, triggers=triggers)
    runs = engine.attempts(habit, entries, as_of, triggers)
    assert [(b.start, b.end, b.ended_by, b.trigger) for b in data.bars] == [
        (a.start, a.end, a.ended_by, a.trigger) for a in runs]
    assert any(b.trigger for b in data.bars) and any(b.ended_by for b in data.bars)


def test_streak_bars_in_weeks_and_clipped_to_the_period() -> None:
    ds = dataset()
    data = d.streak_data(ds.habit("workout"), ds.entries_for("workout"), as_of=AS_OF,
                         first=nov(9))
    assert data.unit == "weeks"
    assert [(b.start, b.end) for b in data.bars] == [(nov(16), AS_OF)]


def test_streaks_of_a_habit_not_started() -> None:
    later = Habit("run", "Run", "daily", created=nov(25))
    data = d.streak_data(later, [], as_of=AS_OF)
    assert data.bars == [] and not data.started


def test_milestone_lines_thin_out_on_long_axes() -> None:
    assert d.milestone_levels("days", 300) == [30, 60, 90, 120, 180, 270, 365]
    assert d.milestone_levels("weeks", 0) == [1]
    levels = d.milestone_levels("days", 1000)
    assert levels[-1] == 1095 and len(levels) <= 7
    assert all(b - a >= 0.06 * 1095 for a, b in itertools.pairwise(levels))


# ------------------------------------------------------------------ goal


def test_cumulative_series_one_point_per_day() -> None:
    entries = [Entry(nov(3), amount=10.0), Entry(nov(5), amount=2.5), Entry(nov(5), amount=1.0)]
    assert d.cumulative(entries, nov(2), nov(6)) == [
        (nov(2), 0.0), (nov(3), 10.0), (nov(4), 10.0), (nov(5), 13.5), (nov(6), 13.5),
    ]  # fmt: skip
    # Amounts before the first day are carried into it.
    assert d.cumulative(entries, nov(4), nov(5)) == [(nov(4), 10.0), (nov(5), 13.5)]


def test_goal_data_plan_projection_and_marks() -> None:
    ds = dataset()
    goal = d.goal_data(ds.habit("goal"), ds.entries_for("goal"), as_of=AS_OF)
    assert goal.series[0] == (nov(2), 0.0) and goal.series[-1] == (AS_OF, 35.0)
    assert len(goal.series) == 21
    assert goal.total == 35.0 and goal.percent == 35.0
    assert goal.plan == ((nov(2), 0.0), (date(2026, 12, 31), 100.0))
    assert goal.plan_on(date(2026, 12, 31)) == 100.0
    # Pace: 35 km over the 21 days since the start -> 65 km left, 39 days.
    assert goal.projection == ((AS_OF, 35.0), (date(2026, 12, 31), 100.0))
    assert [(m.percent, m.amount, m.reached) for m in goal.marks] == [
        (25, 25.0, nov(8)), (50, 50.0, None), (75, 75.0, None), (100, 100.0, None),
    ]  # fmt: skip
    assert (goal.first, goal.last) == (nov(2), date(2026, 12, 31))


def test_goal_data_refuses_other_kinds_and_missing_targets() -> None:
    ds = dataset()
    with pytest.raises(UsageError, match="goal chart needs a goal habit"):
        d.goal_data(ds.habit("workout"), [], as_of=AS_OF)
    no_target = Habit("g", "G", "goal", created=nov(1))
    with pytest.raises(UsageError, match="no target"):
        d.goal_data(no_target, [], as_of=AS_OF)


def test_goal_projection_far_away_does_not_stretch_the_axis() -> None:
    slow = Habit("g", "G", "goal", created=nov(1), target=1000.0)
    goal = d.goal_data(slow, [Entry(nov(2), amount=1.0), Entry(nov(3), amount=1.0)], as_of=AS_OF)
    assert goal.projected_finish is not None and goal.projected_finish > date(2030, 1, 1)
    assert goal.last <= AS_OF + timedelta(days=2 * 30)


# ------------------------------------------------------------------ weekly


def test_weekly_rates_follow_the_report_rules() -> None:
    ds = dataset()
    weeks = d.weekly_data(ds, ds.habits, as_of=AS_OF, first=nov(2))
    by_slug = {hw.habit.slug: hw for hw in weeks}
    starts = [w.start for w in by_slug["workout"].weeks]
    assert starts == [nov(2), nov(9), nov(16)]
    assert [(w.done, w.target) for w in by_slug["workout"].weeks] == [(3, 3), (2, 3), (4, 3)]
    assert [(w.done, w.target) for w in by_slug["no-contact"].weeks] == [(7, 7), (6, 7), (7, 7)]
    # goal: days with progress > 0 over the days of the week
    assert [(w.done, w.target) for w in by_slug["goal"].weeks] == [(2, 7), (1, 7), (0, 7)]
    # journal: done over the days less skips; it starts on 9 Nov; today is open but counts
    journal = by_slug["journal"].weeks
    assert (journal[0].done, journal[0].target, journal[0].rate) == (0, 0, None)
    assert [(w.done, w.target) for w in journal[1:]] == [(4, 6), (0, 7)]
    assert [w.open for w in journal] == [False, False, True]


def test_weekly_default_is_twelve_weeks_trimmed_to_the_start() -> None:
    ds = dataset()
    weeks = d.weekly_data(ds, ds.habits, as_of=AS_OF)
    # The history begins on 2 Nov: at least four weeks are shown, ending this week.
    assert [w.start for w in weeks[0].weeks] == [date(2026, 10, 26), nov(2), nov(9), nov(16)]
    # Weeks before a habit's start have no rate, even for weekly habits.
    workout = next(hw for hw in weeks if hw.habit.slug == "workout")
    assert workout.weeks[0].rate is None and workout.weeks[0].days == 0
    long_ago = d.weekly_data(ds, ds.habits, as_of=date(2027, 6, 6))
    assert len(long_ago[0].weeks) == 12


# ------------------------------------------------------------------ mood


def test_rolling_mean_needs_three_values_in_the_window() -> None:
    points = [(nov(1), 2.0), (nov(2), 4.0), (nov(4), 6.0), (nov(12), 9.0)]
    mean = dict(d.rolling_mean(points, nov(1), nov(12)))
    assert mean[nov(1)] is None and mean[nov(2)] is None
    assert mean[nov(4)] == pytest.approx(4.0)
    assert mean[nov(7)] == pytest.approx(4.0)  # window 1..7 Nov
    assert mean[nov(8)] is None  # window 2..8 Nov: 2 values
    assert mean[nov(12)] is None
    # Values before the first day count in its window.
    assert dict(d.rolling_mean(points, nov(4), nov(4)))[nov(4)] == pytest.approx(4.0)


def test_mood_data_marks_breaks_and_reaching_out() -> None:
    ds = dataset()
    mood = d.mood_data(ds, nov(1), AS_OF, as_of=AS_OF)
    assert mood.habit is not None and mood.habit.slug == "no-contact"
    assert mood.breaks == [nov(10)]
    assert mood.reached_out == [nov(12)]
    assert mood.points[0] == (nov(2), 3) and len(mood.points) == 16
    means = dict(mood.mean)
    assert means[nov(4)] == pytest.approx((3 + 4 + 4) / 3)
    assert means[nov(12)] == pytest.approx((5 + 6 + 6) / 3)  # 6..12 Nov: moods on 6, 7, 8
    assert means[nov(13)] is None and means[nov(14)] is None  # two moods in the window
    assert means[nov(16)] == pytest.approx((5 + 6 + 6) / 3)  # 14, 15, 16 Nov
    with pytest.raises(UsageError, match="abstain"):
        d.mood_data(ds, nov(1), AS_OF, as_of=AS_OF, habit=ds.habit("workout"))


# ------------------------------------------------------------------ helpers


def test_chart_format_from_extension() -> None:
    assert chart_format("a/b.PNG") == "png"
    assert chart_format("x.svg") == "svg" and chart_format("x.pdf") == "pdf"
    with pytest.raises(UsageError, match=r"'\.jpg'.*\.png, \.svg or \.pdf"):
        chart_format("chart.jpg")
    with pytest.raises(UsageError, match="no extension"):
        chart_format("chart")


def test_default_chart_name() -> None:
    assert default_chart_name("heatmap", "no-contact", AS_OF) == (
        "habit-tracker-heatmap-no-contact-2026-11-22.png"
    )
    assert default_chart_name("dashboard", None, AS_OF) == "habit-tracker-dashboard-2026-11-22.png"
    assert default_chart_name("streaks", "../x y", AS_OF) == "habit-tracker-streaks-x-y-2026-11-22.png"


def test_unknown_habit_suggests_the_closest() -> None:
    with pytest.raises(UnknownHabitError, match="did you mean 'no-contact'"):
        dataset().habit("no-contcat")


def test_dashboard_summary() -> None:
    summary = d.dashboard_summary(dataset(), AS_OF)
    assert summary.title == "Day 12 of no contact · Sun 22 Nov 2026"
    assert dict(summary.lines) == {
        "No contact": "12 days, next milestone 14 days",
        "Workout": "1 week, next milestone 2 weeks",
        "Half <marathon> & co": "35 of 100 km (35%)",
        "Journal": "0 days, next milestone 1 day (best 2 days)",
    }


def test_data_layer_does_not_import_matplotlib() -> None:
    code = (
        "import sys, habit_tracker.charts, habit_tracker.charts.data, habit_tracker.charts.style\n"
        "import habit_tracker.cli\n"
        "assert 'matplotlib' not in sys.modules, sorted(m for m in sys.modules if 'matplotlib' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_weekly_rates_agree_with_the_weekly_report() -> None:
    from habit_tracker import engine, report

    ds = dataset()
    for as_of in (nov(5), nov(12), AS_OF):
        for hw in d.weekly_data(ds, ds.habits, as_of=as_of, first=date(2026, 10, 26)):
            entries = ds.entries_for(hw.habit.slug)
            start = engine.habit_start(hw.habit, [e for e in entries if e.date <= as_of])
            for week in hw.weeks:
                if week.start > as_of:
                    continue
                expected = report.week_figures(
                    hw.habit, entries, start, week.start, min(week.end, as_of)
                )
                if expected is None:
                    assert week.days == 0 and week.rate is None
                else:
                    assert (week.done, week.target) == expected, (hw.habit.slug, week)


def _bar(start: int, length: int, *, current: bool = False, longest: bool = False) -> d.StreakBar:
    first = date(2026, 1, 1) + timedelta(days=start)
    return d.StreakBar(first, first + timedelta(days=length - 1), length, current, longest)


def test_ranked_streaks_longest_first_and_the_current_always_shown() -> None:
    bars = [_bar(0, 5), _bar(10, 40, longest=True), _bar(60, 5), _bar(70, 9), _bar(90, 2, current=True)]
    assert [b.length for b in d.ranked_streaks(bars, 3)] == [40, 9, 2]  # current replaces 5
    assert [b.start.day for b in d.ranked_streaks(bars, 10) if b.length == 5] == [2, 1]  # recent first
    assert [b.length for b in d.ranked_streaks(bars[:1], 8)] == [5]
    assert d.ranked_streaks([], 8) == []


def test_goal_axis_reaches_deadline_and_finish_when_the_period_ends_today() -> None:
    ds = dataset()
    for as_of in (nov(16), nov(18), AS_OF):
        goal = d.goal_data(ds.habit("goal"), ds.entries_for("goal"), as_of=as_of, last=as_of)
        assert goal.projected_finish is not None
        assert goal.last == max(date(2026, 12, 31), goal.projected_finish)


# ------------------------------------------------------------------ dashboard range


@pytest.mark.parametrize("as_of", [nov(16), nov(18), nov(21), AS_OF, date(2027, 2, 3)])
@pytest.mark.parametrize("week_start", [0, 6])
def test_dashboard_range_is_twelve_weeks_to_the_day(as_of: date, week_start: int) -> None:
    ds = dataset(week_start=week_start)
    span = d.dashboard_range(ds, None, None, as_of)
    assert span.last == as_of
    assert span.first.weekday() == week_start
    weeks = -(-((as_of - span.first).days + 1) // 7)
    start = d.data_start(ds)
    assert start is not None
    if as_of - timedelta(weeks=12) > start:
        assert weeks == 12
    else:  # trimmed to the data's first week, but at least two weeks
        assert span.first <= start and weeks >= 2
        assert span.first == min(d.week_start_of(start, week_start),
                                 d.week_start_of(as_of, week_start) - timedelta(weeks=1))
    given = d.dashboard_range(ds, nov(3), nov(20), AS_OF)
    assert (given.first, given.last) == (nov(3), nov(20))


def test_range_text_says_how_long_and_to_when() -> None:
    assert d.range_text(date(2026, 8, 31), AS_OF) == "12 weeks to Sun 22 Nov 2026"
    assert d.range_text(date(2026, 9, 7), date(2026, 11, 25)) == "12 weeks to Wed 25 Nov 2026"
    assert d.range_text(AS_OF, AS_OF) == "1 day to Sun 22 Nov 2026"
    assert d.range_text(nov(16), AS_OF) == "7 days to Sun 22 Nov 2026"
    assert d.range_text(date(2023, 11, 23), AS_OF) == "3 years to Sun 22 Nov 2026"
