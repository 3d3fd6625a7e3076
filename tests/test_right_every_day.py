"""Issue 8: results that were wrong away from the one pinned Sunday.

Each test here failed before its fix: past weeks with an open last day, goal pace
from one day, goal day milestones, core habits found by role, contradictory flags,
reached goals still "open", help-example dates, and the rest of the list.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from habit_tracker import engine
from habit_tracker import models as m

D = date.fromisoformat


# ------------------------------------------------------------------ past weeks


def _daily(created: str = "2026-11-02") -> m.Habit:
    return m.Habit("journal", "Journal", m.DAILY, created=D(created))


@pytest.mark.parametrize("today", ["2026-11-16", "2026-11-18", "2026-11-22", "2028-11-22"])
def test_a_past_day_without_an_entry_is_missed_not_open(today: str) -> None:
    habit = _daily()
    entries = [m.Entry(D(f"2026-11-0{d}"), m.DONE) for d in range(2, 8)]  # Mon-Sat done
    as_of = D("2026-11-08")  # the Sunday, never logged
    states = engine.day_states(habit, entries, D("2026-11-02"), as_of, as_of=as_of, today=D(today))
    assert states[as_of] == engine.STATE_MISSED
    stats = engine.analyze(habit, entries, as_of, today=D(today))
    assert not stats.open_today
    assert stats.current is None and stats.longest_length == 6
    # On the day itself it is still open and the streak stands.
    live = engine.analyze(habit, entries, as_of, today=as_of)
    assert live.open_today and live.current_length == 6


@pytest.mark.parametrize("weekday", range(7))
def test_report_of_a_past_week_has_no_open_day(initialised: Any, weekday: int) -> None:
    run = initialised
    run("habit", "add", "journal", "--kind", "daily", "--since", "2026-11-02")
    for day in range(2, 8):
        run("checkin", "--date", f"2026-11-0{day}", "--set", "journal=done")
    now = (D("2026-11-23") + timedelta(days=weekday)).isoformat() + "T12:00:00"
    data = json.loads(run("report", "--week", "2026-11-04", "--format", "json",
                          HABIT_TRACKER_NOW=now).stdout)
    journal = next(h for h in data["habits"] if h["habit"] == "journal")
    assert [d["state"] for d in journal["days"]][-1] == "missed"
    assert all(d["state"] != "open" for h in data["habits"] for d in h["days"])
    assert journal["current_streak"] == 0 and journal["longest_streak"] == 6
    text = run("report", "--week", "2026-11-04", HABIT_TRACKER_NOW=now).stdout
    assert "?" not in text.split("How the week went")[0].replace("? not logged yet", "")


def test_status_as_of_a_past_day_is_not_open(initialised: Any) -> None:
    run = initialised
    data = json.loads(run("status", "--as-of", "2026-11-20", "--json").stdout)
    assert data["checkin"]["open"] == []
    assert all(not h["open_today"] for h in data["habits"])
    today = json.loads(run("status", "--json").stdout)
    assert "workout" in today["checkin"]["open"]


# ------------------------------------------------------------ goal milestones


def test_goal_day_milestones_are_announced_and_listed(initialised: Any) -> None:
    run = initialised
    out = json.loads(run("checkin", "--date", "2026-11-20", "--progress", "5", "--json").stdout)
    assert ("goal", 1, "streak") in {(x["habit"], x["milestone"], x["kind"]) for x in out["milestones"]}
    run("checkin", "--date", "2026-11-21", "--progress", "5")
    text = run("checkin", "--progress", "5").stdout
    assert "Half marathon: 3 days in a row" in text
    report = json.loads(run("report", "--format", "json").stdout)
    goal_days = [(x["milestone"], x["unit"]) for x in report["milestones"] if x["habit"] == "goal"]
    assert goal_days == [(1, "days"), (3, "days")]
    run("checkin", "--progress", "80")  # 80 of 300 km: 25 %
    shown = run("report").stdout
    assert "Half marathon: 25% of the goal" in shown and "3 days in a row" in shown


def test_milestones_only_for_what_this_checkin_reached(run: Any) -> None:
    run("init", "--since", "2026-11-16")
    run("habit", "add", "journal", "--kind", "daily")
    first = run("checkin", "--no-contact").stdout
    assert "7 days of no contact" in first
    again = run("checkin", "--no-contact", "--mood", "6").stdout
    assert "7 days of no contact" not in again  # the same day, announced already
    other = run("checkin", "--set", "journal=done").stdout
    assert "journal: day 1" in other.lower() and "no contact" not in other.split("\n", 1)[1].lower().replace(
        "day 7 of no contact", "")
