"""Loop's frequencies (X times in Y days) and numeric "at most" habits.

The strength tests compare the engine with ``tests/loop_reference.py``, Loop's
published score algorithm written independently of the engine, on Loop's own value
codes.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from loop_reference import NO, SKIP_CODE, UNKNOWN, YES, loop_reference
from sqlite_utils import Database

from habit_tracker import engine, migrations
from habit_tracker import models as m
from habit_tracker.report import build_report
from habit_tracker.store import open_store


def test_reference_reproduces_the_published_check_figures() -> None:
    daily = loop_reference([YES] * 20, 1, 1)
    assert round(daily[-1], 6) == 0.655748
    assert round(daily[1], 6) == 0.101149
    assert round(daily[0], 6) == 0.051922


START = date(2024, 1, 1)  # a Monday


def yes_no_history(seed: int, days: int, done_share: float) -> list[str | None]:
    rng = random.Random(seed)
    words: list[str | None] = []
    for _ in range(days):
        r = rng.random()
        if r < done_share:
            words.append(m.DONE)
        elif r < done_share + 0.05:
            words.append(m.SKIP)
        elif r < done_share + 0.25:
            words.append(m.MISSED)
        else:
            words.append(None)
    words[0] = m.DONE  # the habit starts on the first day, as Loop's does
    return words


def habit_for(num: int, den: int) -> m.Habit:
    if num == 1 and den == 1:
        return m.Habit("h", "H", m.DAILY, created=START)
    return m.Habit("h", "H", m.WEEKLY, created=START, per_week=num,
                   per_days=None if den == 7 else den)


def check_every_day(habit: m.Habit, entries: list[m.Entry], expected: list[float]) -> int:
    """Engine strength on each day T against Loop's figure (T-1's when T is open)."""
    logged = {e.date for e in entries}
    checked = 0
    for offset in range(len(expected)):
        day = START + timedelta(days=offset)
        stats = engine.analyze(habit, entries, day)
        if day in logged:
            want = expected[offset]
        else:
            want = expected[offset - 1] if offset else (1.0 if habit.at_most else 0.0)
        assert abs(stats.strength - 100 * want) <= 0.1 + 1e-9, (day, stats.strength, 100 * want)
        checked += 1
    return checked


@pytest.mark.parametrize(("num", "den"), [(1, 1), (2, 3), (1, 2), (3, 7), (5, 7), (1, 30),
                                         (2, 30), (1, 60)])
@pytest.mark.parametrize("share", [0.2, 0.6])
def test_strength_equals_loop_for_every_frequency(num: int, den: int, share: float) -> None:
    words = yes_no_history(num * 100 + den + int(share * 10), 400, share)
    entries = [m.Entry(START + timedelta(days=i), w) for i, w in enumerate(words) if w]
    codes = [{m.DONE: YES, m.MISSED: NO, m.SKIP: SKIP_CODE, None: UNKNOWN}[w] for w in words]
    expected = loop_reference(codes, num, den)
    assert check_every_day(habit_for(num, den), entries, expected) == 400
    # a 1-in-1 weekly habit is a daily one
    if (num, den) == (1, 1):
        rolling = m.Habit("h", "H", m.WEEKLY, created=START, per_week=1, per_days=1)
        check_every_day(rolling, entries, expected)


def numeric_history(seed: int, days: int) -> list[float | None]:
    rng = random.Random(seed)
    amounts: list[float | None] = []
    for _ in range(days):
        r = rng.random()
        amounts.append(None if r < 0.25 else round(rng.uniform(0, 4), 1))
    amounts[0] = 1.0
    return amounts


@pytest.mark.parametrize("at_most", [False, True])
@pytest.mark.parametrize(("limit", "per_days"), [(2.0, None), (1.0, None), (8.0, 7), (20.0, 30)])
def test_strength_equals_loop_for_numeric_at_least_and_at_most(
    at_most: bool, limit: float, per_days: int | None
) -> None:
    amounts = numeric_history(int(limit * 10) + (per_days or 1) + at_most, 300)
    habit = m.Habit("h", "H", m.DAILY, created=START, per_days=per_days, unit="glasses",
                    daily_max=limit if at_most else None, daily_min=None if at_most else limit)
    entries = [m.Entry(START + timedelta(days=i), None, a) for i, a in enumerate(amounts)
               if a is not None]
    codes = [UNKNOWN if a is None else round(a * 1000) for a in amounts]
    expected = loop_reference(codes, 1, per_days or 1, numeric=True, at_most=at_most,
                              target=limit)
    assert check_every_day(habit, entries, expected) == 300


# ------------------------------------------------------------- streak rules


def days_from(first: date, words: str) -> list[m.Entry]:
    """``d`` done, ``m`` missed, ``s`` skip, ``.`` nothing."""
    codes = {"d": m.DONE, "m": m.MISSED, "s": m.SKIP}
    return [m.Entry(first + timedelta(days=i), codes[c]) for i, c in enumerate(words) if c in codes]


def test_x_in_y_streak_counts_days_on_track() -> None:
    habit = m.Habit("h", "H", m.WEEKLY, created=START, per_week=2, per_days=3)
    #                       day: 0123456789
    entries = days_from(START, "dd.d..dd.d")
    stats = engine.analyze(habit, entries, START + timedelta(days=9))
    # on track (2 done in the 3 days ending there): days 1, 2, 3, 7, 8, 9
    assert [(s.start, s.length) for s in stats.streaks] == [
        (START + timedelta(days=1), 3), (START + timedelta(days=7), 3)]
    assert stats.unit == "days"
    assert stats.current is not None and stats.current.length == 3
    states = engine.day_states(habit, entries, START, START + timedelta(days=9),
                               as_of=START + timedelta(days=9))
    assert states[START + timedelta(days=2)] == engine.STATE_KEPT  # carried by its window
    assert states[START + timedelta(days=4)] == engine.STATE_MISSED
    assert states[START] == engine.STATE_DONE


def test_monthly_habit_stays_on_track_for_thirty_days_then_breaks() -> None:
    habit = m.Habit("h", "H", m.WEEKLY, created=START, per_week=1, per_days=30)
    entries = [m.Entry(START, m.DONE)]
    assert engine.analyze(habit, entries, START + timedelta(days=29)).current_length == 30
    late = engine.analyze(habit, entries, START + timedelta(days=30))
    # day 30 has no entry and is open: not yet a break
    assert late.current_length == 30 and late.open_today
    later = engine.analyze(habit, entries, START + timedelta(days=31))
    assert later.current_length == 0
    assert [ms.value for ms in later.milestones] == [1, 3, 7, 14, 21, 30]


def test_at_most_streak_counts_logged_days_within_the_limit() -> None:
    habit = m.Habit("wine", "Wine", m.DAILY, created=START, daily_max=1.0, unit="glasses")
    entries = [m.Entry(START + timedelta(days=i), None, a)
               for i, a in enumerate([0, 1, 0.5, 3, 0, 1])]
    stats = engine.analyze(habit, entries, START + timedelta(days=5))
    assert [s.length for s in stats.streaks] == [3, 2]
    states = engine.day_states(habit, entries, START, START + timedelta(days=5),
                               as_of=START + timedelta(days=5))
    assert states[START + timedelta(days=3)] == engine.STATE_MISSED
    # nothing logged: Loop counts it as 0 (strength keeps rising), the streak breaks
    gap = engine.analyze(habit, entries, START + timedelta(days=7))
    assert gap.current_length == 0
    assert gap.strength > stats.strength


# ------------------------------------------------------------- CLI and store


def test_cli_adds_edits_and_lists_the_new_kinds(initialised: Any, run_json: Any) -> None:
    run = initialised
    out = run("habit", "add", "call-mum", "--kind", "weekly", "--times", "2", "--per", "30").stdout
    assert "2 times in 30 days" in out
    out = run("habit", "add", "wine", "--kind", "daily", "--max", "1", "--unit", "glasses").stdout
    assert "at most 1 glasses a day" in out
    out = run("habit", "add", "run", "--kind", "daily", "--min", "20", "--unit", "km",
              "--per", "7").stdout
    assert "at least 20 km in 7 days" in out
    run("habit", "add", "gym", "--kind", "weekly", "--times", "3", "--per", "7")
    habits = {h["slug"]: h for h in run_json("habit", "list", "--json")["habits"]}
    assert (habits["call-mum"]["per_week"], habits["call-mum"]["per_days"]) == (2, 30)
    assert habits["wine"]["daily_max"] == 1 and habits["wine"]["daily_min"] is None
    assert (habits["gym"]["per_week"], habits["gym"]["per_days"]) == (3, None)  # = --per-week 3
    assert habits["workout"]["per_days"] is None
    run("habit", "edit", "call-mum", "--per-week", "1")
    habits = {h["slug"]: h for h in run_json("habit", "list", "--json")["habits"]}
    assert (habits["call-mum"]["per_week"], habits["call-mum"]["per_days"]) == (1, None)
    run("habit", "edit", "call-mum", "--times", "1", "--per", "2")
    habits = {h["slug"]: h for h in run_json("habit", "list", "--json")["habits"]}
    assert (habits["call-mum"]["per_week"], habits["call-mum"]["per_days"]) == (1, 2)
    run("habit", "edit", "call-mum", "--per", "3")  # keeps the number of times
    habits = {h["slug"]: h for h in run_json("habit", "list", "--json")["habits"]}
    assert (habits["call-mum"]["per_week"], habits["call-mum"]["per_days"]) == (1, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "--kind", "weekly", "--times", "2"), "--times X needs --per Y"),
        (("x", "--kind", "weekly", "--per", "30"), "--per Y needs --times X"),
        (("x", "--kind", "weekly", "--times", "5", "--per", "3"), "--times must be from 1 to 3"),
        (("x", "--kind", "weekly", "--per-week", "2", "--times", "2", "--per", "3"), "not both"),
        (("x", "--kind", "daily", "--min", "1", "--max", "2"), "--min or --max, not both"),
        (("x", "--kind", "daily", "--max", "0"), "--max must be a number above 0"),
        (("x", "--kind", "goal", "--target", "9", "--max", "2"), "--max is only for daily"),
        (("x", "--kind", "daily", "--times", "1", "--per", "2"), "only for weekly"),
        (("x", "--kind", "daily", "--per", "2"), "--per is for weekly habits and numeric"),
        (("x", "--kind", "weekly", "--times", "1", "--per", "400"), "--per must be"),
    ],
)
def test_cli_refuses_frequencies_that_do_not_fit(initialised: Any, args: tuple[str, ...],
                                                 message: str) -> None:
    result = initialised("habit", "add", *args, code=2)
    assert message in result.stderr


def test_migration_keeps_existing_weekly_habits_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.migrations.apply(db, stop_before="m003_frequency_and_limits")
    db["habits"].insert({"slug": "workout", "name": "Workout", "kind": "weekly", "per_week": 3,
                         "created": "2026-11-01", "archived": 0, "position": 1})
    db["entries"].insert_all([{"habit_id": 1, "date": f"2026-11-0{d}", "status": "done"}
                              for d in (2, 4, 6)])
    db.close()
    with open_store(path) as s:
        habit = s.habit("workout")
        assert (habit.per_week, habit.per_days, habit.daily_max) == (3, None, None)
        assert habit.by_week and not habit.rolling
        stats = engine.analyze(habit, s.entries(habit), date(2026, 11, 8))
        assert (stats.unit, stats.current_length) == ("weeks", 1)
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(habits)")}
    assert {"per_days", "daily_max", "question", "description"} <= columns


# ------------------------------------------------------------- views, report, charts


@pytest.fixture
def mixed(initialised: Any) -> Any:
    run = initialised
    run("habit", "add", "call-mum", "--kind", "weekly", "--times", "1", "--per", "3")
    run("habit", "add", "wine", "--kind", "daily", "--max", "1", "--unit", "glasses")
    run("habit", "add", "run", "--kind", "daily", "--min", "10", "--unit", "km", "--per", "7")
    for day, mum, wine, km in [("2026-11-09", "done", "0", "6"), ("2026-11-12", "done", "2", "5"),
                               ("2026-11-16", "done", "1", "0"), ("2026-11-18", "skip", "0", "4"),
                               ("2026-11-19", "done", "0.5", "3"), ("2026-11-21", "missed", "0",
                                                                    "2")]:
        run("checkin", "--date", day, "--set", f"call-mum={mum}", "--set", f"wine={wine}",
            "--set", f"run={km}")
    return run


@pytest.mark.parametrize("as_of", ["2026-11-16", "2026-11-17", "2026-11-19", "2026-11-21",
                                   "2026-11-22"])
def test_streaks_status_and_report_handle_the_new_kinds_on_every_day(
    mixed: Any, run_json: Any, as_of: str
) -> None:
    streaks = {h["habit"]: h for h in run_json("streaks", "--as-of", as_of, "--json")["habits"]}
    assert streaks["call-mum"]["unit"] == "days" and streaks["wine"]["unit"] == "days"
    status = run_json("status", "--as-of", as_of, "--json")
    rows = {h["habit"]: h for h in status["habits"]}
    assert rows["call-mum"]["week"] is None  # no calendar week for 1 in 3 days
    report = run_json("report", "--week", as_of, "--format", "json")
    figures = {h["habit"]: h for h in report["habits"]}
    assert set(figures) >= {"call-mum", "wine", "run"}
    for fmt in ("text", "markdown", "html"):
        assert mixed("report", "--week", as_of, "--format", fmt).stdout


def test_report_counts_days_on_track_for_x_in_y_habits(mixed: Any, run_json: Any) -> None:
    # call-mum is 1 in 3 days; week of Mon 16 to Sun 22 November, as of Sunday:
    # done 16, skip 18, done 19, missed 21 -> on track 16, 17, 19, 20, 21(window 19-21)
    # 22 open and window 20-22 holds nothing -> not on track; skipped 18 left out.
    report = run_json("report", "--week", "2026-11-22", "--format", "json")
    mum = next(h for h in report["habits"] if h["habit"] == "call-mum")
    assert (mum["done"], mum["target"]) == (5, 6)
    wine = next(h for h in report["habits"] if h["habit"] == "wine")
    # wine at most 1: logged 16 (1), 18 (0), 19 (0.5), 21 (0): 4 done of 7 days
    assert (wine["done"], wine["target"]) == (4, 7)
    text = mixed("report", "--week", "2026-11-22").stdout
    assert "Call mum: on track 5 of 6 days; 5 days in a row (last week 6)." in text


def test_report_library_for_a_past_week(mixed: Any, db_path: Path) -> None:
    with open_store(db_path) as s:
        data = s.load_dataset()
    report = build_report(data, date(2026, 11, 12), date(2026, 11, 22))
    mum = next(h for h in report.habits if h.slug == "call-mum")
    # Mon 9 to Sun 15: done 9 -> on track 9, 10, 11; done 12 -> 12, 13, 14: 6 of 7
    assert (mum.done, mum.target, mum.unit) == (6, 7, "days")


@pytest.mark.parametrize("kind", ["heatmap", "streaks", "weekly", "dashboard"])
def test_charts_draw_the_new_kinds(mixed: Any, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.png"
    args = ["chart", kind, "--output", str(out)]
    if kind in ("heatmap", "streaks"):
        args += ["--habit", "call-mum"]
    mixed(*args)
    assert out.stat().st_size > 1000
    mixed("chart", "heatmap", "--habit", "wine", "--output", str(tmp_path / "wine.svg"))
