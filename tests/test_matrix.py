"""Every read command on every day of the week, for every kind of history.

The class of defect behind issue 8 (a view right on the one pinned Sunday and
wrong on a Tuesday, or for a week two years ago) is covered here by running the
read commands through the CLI with the clock pinned to each of the seven days of
one week, for weeks starting on Monday and on Sunday, for the current week and a
past one, on three histories:

- ``fresh``: set up yesterday, one check-in;
- ``sample``: the bundled sample, moved to end on the pinned day (what the demo does);
- ``years``: three years generated with breaks, skips, gaps, an archived habit,
  a numeric daily habit and a goal.

Each (history, weekday, week start) database is built once per module and shared
by the tests that read it.  The assertions are about content: the week's range,
no open day but today, streaks that agree with `streaks --json`, units.
Charts: every kind to PNG on every weekday, for one history and week start per
weekday (rotating), plus one smoke test per command under the real clock.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from habit_tracker.cli import cli
from habit_tracker.demo import sample_data, shifted
from habit_tracker.report.wording import MONTH_NAMES

MONDAY = date(2026, 11, 23)
WEEKDAYS = [MONDAY + timedelta(days=i) for i in range(7)]  # Mon 23 .. Sun 29 Nov 2026
HISTORIES = ("fresh", "sample", "years")
WEEK_STARTS = ("monday", "sunday")
FORMATS = ("text", "markdown", "html", "json")
CHART_KINDS = ("heatmap", "streaks", "goal", "weekly", "mood", "dashboard")


# ------------------------------------------------------------------ histories


def years_history(today: date, week_start: str) -> dict[str, Any]:
    """Three years up to ``today`` (deterministic): breaks, skips, gaps, a pause."""
    rng = random.Random(8)
    first = today - timedelta(days=3 * 365)
    habits = [
        {"slug": "no-contact", "name": "No contact", "kind": "abstain", "since": first.isoformat(),
         "created": first.isoformat()},
        {"slug": "workout", "name": "Workout", "kind": "weekly", "per_week": 3,
         "created": first.isoformat()},
        {"slug": "goal", "name": "Run 3000 km", "kind": "goal", "target": 3000, "unit": "km",
         "deadline": (today + timedelta(days=200)).isoformat(), "created": first.isoformat()},
        {"slug": "journal", "name": "Journal", "kind": "daily",
         "created": (first + timedelta(days=400)).isoformat()},
        {"slug": "reading", "name": "Reading", "kind": "daily", "daily_min": 20, "unit": "pages",
         "created": (first + timedelta(days=30)).isoformat()},
        {"slug": "old", "name": "Old habit", "kind": "daily", "created": first.isoformat(),
         "archived": True},
    ]  # fmt: skip
    for position, habit in enumerate(habits):
        habit["position"] = position
    entries: list[dict[str, Any]] = []
    days: list[dict[str, Any]] = []
    breaks = {first + timedelta(days=n) for n in (40, 41, 300, 700, 1000)}
    pause = {first + timedelta(days=n) for n in range(500, 530)}  # a month of nothing
    day = first
    while day <= today:
        iso = day.isoformat()
        if day in breaks:
            entries.append({"date": iso, "habit": "no-contact", "value": "broken", "note": None})
        if day not in pause:
            roll = rng.random()
            if roll < 0.4:
                entries.append({"date": iso, "habit": "workout", "value": "done", "note": None})
            elif roll < 0.55:
                entries.append({"date": iso, "habit": "workout", "value": "skip", "note": None})
            elif roll < 0.62:
                entries.append({"date": iso, "habit": "workout", "value": "missed", "note": None})
            if rng.random() < 0.35:
                entries.append({"date": iso, "habit": "goal", "value": round(rng.uniform(2, 15), 1),
                                "note": None})
            if day >= first + timedelta(days=400):
                roll = rng.random()
                value = "done" if roll < 0.75 else "skip" if roll < 0.8 else "missed" if roll < 0.85 else None
                if value:
                    entries.append({"date": iso, "habit": "journal", "value": value, "note": None})
            if day >= first + timedelta(days=30) and rng.random() < 0.7:
                entries.append({"date": iso, "habit": "reading", "value": rng.randint(0, 40),
                                "note": None})
            if rng.random() < 0.8:
                days.append({"date": iso, "mood": rng.randint(1, 10),
                             "note": "a day" if rng.random() < 0.05 else None,
                             "reached_out": day not in breaks and rng.random() < 0.01})
        day += timedelta(days=1)
    return {"format": "habit-tracker", "version": 1,
            "settings": {"day_start": 0, "week_start": week_start},
            "habits": habits, "entries": entries, "days": days}


def _env(db: Path, today: date) -> dict[str, str]:
    return {"HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": f"{today.isoformat()}T21:00:00"}


def _invoke(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, f"{args}: {result.stderr or result.stdout}"
    return result.stdout


def _build(root: Path, history: str, today: date, week_start: str) -> Path:
    db = root / f"{history}-{today.isoformat()}-{week_start}.db"
    env = _env(db, today)
    if history == "fresh":
        yesterday = today - timedelta(days=1)
        _invoke({**env, "HABIT_TRACKER_NOW": f"{yesterday.isoformat()}T20:00:00"},
                "init", "--since", "yesterday", "--goal", "Half marathon", "--target", "300",
                "--unit", "km", "--week-start", week_start)
        _invoke(env, "checkin", "--date", "yesterday", "--no-contact", "--workout",
                "--progress", "5", "--mood", "6")
        return db
    data = shifted(sample_data(), today) if history == "sample" else years_history(today, week_start)
    data["settings"] = {**data.get("settings", {}), "week_start": week_start}
    source = root / f"{db.stem}.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    _invoke(env, "import", str(source))
    return db


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, date, str], Path]:
    """The database of (history, pinned day, week start), built on first use."""
    root = tmp_path_factory.mktemp("matrix")
    built: dict[tuple[str, date, str], Path] = {}

    def get(history: str, today: date, week_start: str) -> Path:
        key = (history, today, week_start)
        if key not in built:
            built[key] = _build(root, *key)
        return built[key]

    return get


# ------------------------------------------------------------------ expectations


def week_of(day: date, week_start: str) -> tuple[date, date]:
    first_weekday = 0 if week_start == "monday" else 6
    start = day - timedelta(days=(day.weekday() - first_weekday) % 7)
    return start, start + timedelta(days=6)


def title_of(start: date, end: date) -> str:
    if start.month == end.month:
        return f"{start.day}–{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    if start.year == end.year:
        return (f"{start.day} {MONTH_NAMES[start.month - 1]} – "
                f"{end.day} {MONTH_NAMES[end.month - 1]} {end.year}")
    return (f"{start.day} {MONTH_NAMES[start.month - 1]} {start.year} – "
            f"{end.day} {MONTH_NAMES[end.month - 1]} {end.year}")


COMBOS = [
    (history, today, week_start, which)
    for history in HISTORIES
    for today in WEEKDAYS
    for week_start in WEEK_STARTS
    for which in ("current", "past")
]


def _with_html(combo: tuple[str, date, str, str]) -> bool:
    """HTML (which draws a chart: ~1.5 s on three years) on a third of the combinations,
    chosen so that every history, weekday, week start and week still has some."""
    history, today, week_start, which = combo
    turn = today.weekday() + WEEK_STARTS.index(week_start) + (which == "past")
    return turn % 3 == HISTORIES.index(history)


HTML_RUNS = sum(1 for combo in COMBOS if _with_html(combo))


def _id(combo: tuple[str, date, str, str]) -> str:
    history, today, week_start, which = combo
    return f"{history}-{today:%a}-{week_start}-{which}"


# ------------------------------------------------------------------ the reports


@pytest.mark.parametrize("combo", COMBOS, ids=[_id(c) for c in COMBOS])
def test_report_every_format(databases: Any, combo: tuple[str, date, str, str]) -> None:
    history, today, week_start, which = combo
    env = _env(databases(history, today, week_start), today)
    asked = today if which == "current" else today - timedelta(days=15)
    start, end = week_of(asked, week_start)
    as_of = min(end, today)
    week = ["--week", asked.isoformat()] if which == "past" else []

    data = json.loads(_invoke(env, "report", *week, "--format", "json"))
    assert (data["week_start"], data["week_end"], data["as_of"]) == (
        start.isoformat(), end.isoformat(), as_of.isoformat())
    streaks = {h["habit"]: h for h in json.loads(
        _invoke(env, "streaks", "--as-of", as_of.isoformat(), "--json"))["habits"]}
    for habit in data["habits"]:
        days = {d["date"]: d["state"] for d in habit["days"]}
        assert sorted(days) == [(start + timedelta(days=i)).isoformat() for i in range(7)]
        for day, state in days.items():
            if day > as_of.isoformat():
                assert state == "none", (habit["habit"], day)
            elif state == "open":
                assert day == today.isoformat(), (habit["habit"], day, "only today can be open")
        assert habit["current_streak"] == streaks[habit["habit"]]["current"], habit["habit"]
        assert habit["longest_streak"] == streaks[habit["habit"]]["longest"], habit["habit"]
    assert "old" not in {h["habit"] for h in data["habits"]}  # archived
    for milestone in data["milestones"]:
        assert start.isoformat() <= milestone["date"] <= as_of.isoformat()

    title = title_of(start, end)
    text = _invoke(env, "report", *week)
    assert title in text.splitlines()[0]
    table = [line for line in text.splitlines() if "not logged yet" not in line]
    if which == "past":
        assert not any("?" in line for line in table[:12]), text
        assert "So far" not in text
    else:
        assert ("So far" in text) == (today != end)
    markdown = _invoke(env, "report", *week, "--format", "markdown")
    assert title in markdown
    if _with_html(combo):
        page = _invoke(env, "report", *week, "--format", "html")
        assert page.startswith("<!DOCTYPE html>") and title in page


# ------------------------------------------------------------------ the other views


VIEW_COMBOS = [(h, t, w) for h in HISTORIES for t in WEEKDAYS for w in WEEK_STARTS]


@pytest.mark.parametrize("combo", VIEW_COMBOS, ids=[f"{h}-{t:%a}-{w}" for h, t, w in VIEW_COMBOS])
def test_status_streaks_history(databases: Any, combo: tuple[str, date, str]) -> None:
    history, today, week_start = combo
    env = _env(databases(history, today, week_start), today)
    status = json.loads(_invoke(env, "status", "--json"))
    streaks = {h["habit"]: h for h in json.loads(_invoke(env, "streaks", "--json"))["habits"]}
    assert status["as_of"] == today.isoformat()
    for row in status["habits"]:
        assert row["current"] == streaks[row["habit"]]["current"]
        assert row["strength"] == streaks[row["habit"]]["strength"]
        if row["week"] is not None:
            start, _ = week_of(today, week_start)
            assert row["week"]["target"] >= 1
            assert row["week"]["done"] <= (today - start).days + 1
    if status["no_contact"] is not None:
        nc = status["no_contact"]
        assert nc["day"] == streaks[nc["habit"]]["current"]
    text = _invoke(env, "status")
    assert f"Check-in for {today:%a} {today.day} {today:%b %Y}" in text

    # A past day: nothing can be open, and streaks agree with the view of that day.
    past = today - timedelta(days=10)
    old = json.loads(_invoke(env, "status", "--as-of", past.isoformat(), "--json"))
    assert old["checkin"]["open"] == [] and not any(h["open_today"] for h in old["habits"])
    old_streaks = {h["habit"]: h for h in json.loads(
        _invoke(env, "streaks", "--as-of", past.isoformat(), "--json"))["habits"]}
    for row in old["habits"]:
        assert row["current"] == old_streaks[row["habit"]]["current"]

    days = json.loads(_invoke(env, "history", "--json"))["days"]
    assert days and days[-1]["date"] <= today.isoformat()
    week = json.loads(_invoke(env, "history", "--as-of", past.isoformat(), "--json"))["days"]
    assert all(d["date"] <= past.isoformat() for d in week)
    shown = _invoke(env, "history", "--from", "a week ago")
    if "goal" in shown:
        assert " km" in shown  # amounts with their unit
    assert " skip" not in shown.replace("reading skip", "").replace("journal skip", "")


# ------------------------------------------------------------------ charts


CHART_COMBOS = [(HISTORIES[i % 3], today, WEEK_STARTS[i % 2]) for i, today in enumerate(WEEKDAYS)]


@pytest.mark.parametrize("combo", CHART_COMBOS, ids=[f"{h}-{t:%a}-{w}" for h, t, w in CHART_COMBOS])
def test_every_chart_kind(databases: Any, combo: tuple[str, date, str], tmp_path: Path) -> None:
    history, today, week_start = combo
    env = _env(databases(history, today, week_start), today)
    for kind in CHART_KINDS:
        target = tmp_path / f"{kind}.png"
        _invoke(env, "chart", kind, "--output", str(target))
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", kind


# ------------------------------------------------------------------ the real clock


def test_smoke_every_command_under_the_real_clock(tmp_path: Path) -> None:
    """No HABIT_TRACKER_NOW: today is whatever day the suite runs on."""
    db = tmp_path / "real.db"
    env = {"HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": ""}
    today = datetime.now().date()

    def run(*args: str) -> str:
        return _invoke(env, *args)

    assert "today is day 4" in run("init", "--since", "3 days ago", "--goal", "Run", "--target",
                                   "100", "--unit", "km")
    run("checkin", "--no-contact", "--workout", "--progress", "3", "--mood", "7", "--note", "ok")
    run("checkin", "--date", "yesterday", "--rest")
    assert f"{today.day} {today:%b %Y}" in run("status")
    assert json.loads(run("streaks", "--json"))["as_of"] == today.isoformat()
    assert today.isoformat() in run("history")
    for fmt in FORMATS:
        assert run("report", "--format", fmt)
    assert json.loads(run("report", "--format", "json"))["as_of"] == today.isoformat()
    run("report", "--week", "last week")
    run("habit", "add", "reading", "--kind", "daily")
    run("habit", "edit", "reading", "--name", "Reading")
    run("habit", "list")
    run("habit", "archive", "reading")
    run("config")
    run("export", "--output", str(tmp_path / "all.json"))
    run("import", str(tmp_path / "all.json"))
    run("chart", "streaks", "--output", str(tmp_path / "s.png"))
    run("undo")
    demo = tmp_path / "tour"
    run("demo", "--output", str(demo))
    status = json.loads(_invoke({**env, "HABIT_TRACKER_DB": str(demo / "demo.db")}, "status", "--json"))
    assert status["as_of"] == today.isoformat() and status["no_contact"]["day"] == 60
    shutil.rmtree(demo)


def test_the_matrix_size() -> None:
    """What the matrix runs (quoted in the closing note of issue 8)."""
    assert len(COMBOS) == 3 * 7 * 2 * 2  # 84: text, Markdown and JSON on each
    assert HTML_RUNS == 28  # HTML on these
    for history in HISTORIES:
        for today in WEEKDAYS:
            assert any(_with_html((history, today, w, x)) for w in WEEK_STARTS
                       for x in ("current", "past"))
    assert len(VIEW_COMBOS) == 42 and len(CHART_COMBOS) * len(CHART_KINDS) == 42
