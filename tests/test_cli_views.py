"""`status` and `streaks` through the CLI, on a database imported from a known history.

The clock is pinned to Sunday 22 November 2026, 20:00 (conftest NOW).  The history:

- no-contact: abstain since Mon 2 Nov, never broken -> day 21 on the 22nd.
- workout (3 a week, weeks from Monday): week of 2 Nov 3 done, week of 9 Nov 2 done
  (failed), week of 16 Nov 3 done -> current 1 week; nothing logged on the 22nd.
- goal (100 km, created 20 Nov, deadline 1 Mar 2027): 10 km on each of 20-22 Nov.
- read (daily, at least 20 pages): 25 on the 19th, 10 on the 20th, 30 on the 21st.
- old (daily, archived): done 1-3 Nov.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from habit_tracker import views
from habit_tracker.models import Habit, Milestone

HABITS: list[dict[str, Any]] = [
    {"slug": "no-contact", "name": "No contact", "kind": "abstain", "since": "2026-11-02",
     "created": "2026-11-02"},
    {"slug": "workout", "name": "Workout", "kind": "weekly", "per_week": 3,
     "created": "2026-11-02"},
    {"slug": "goal", "name": "Half marathon", "kind": "goal", "target": 100, "unit": "km",
     "deadline": "2027-03-01", "created": "2026-11-20"},
    {"slug": "read", "name": "Read", "kind": "daily", "daily_min": 20, "unit": "pages",
     "created": "2026-11-19"},
    {"slug": "old", "name": "Old habit", "kind": "daily", "created": "2026-11-01",
     "archived": True},
]  # fmt: skip
ENTRIES = (
    [("workout", d, "done") for d in ("02", "04", "06", "10", "12", "16", "18", "20")]
    + [("goal", d, 10) for d in ("20", "21", "22")]
    + [("read", "19", 25), ("read", "20", 10), ("read", "21", 30)]
    + [("old", d, "done") for d in ("01", "02", "03")]
)

M = 0.5 ** (1 / 13)  # Loop's daily multiplier


@pytest.fixture
def history(run: Any, tmp_path: Path) -> Any:
    data = {
        "format": "habit-tracker",
        "version": 1,
        "settings": {"day_start": 0, "week_start": "monday"},
        "habits": [
            {
                "per_week": None,
                "daily_min": None,
                "target": None,
                "unit": None,
                "deadline": None,
                "archived": False,
                "since": None,
                "position": i,
                **h,
            }
            for i, h in enumerate(HABITS)
        ],
        "entries": [
            {"date": f"2026-11-{d}", "habit": slug, "value": value, "note": None}
            for slug, d, value in ENTRIES
        ],
        "days": [{"date": "2026-11-22", "mood": 7, "note": "calm day", "reached_out": False}],
    }
    path = tmp_path / "history.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run("import", str(path), "--format", "json")
    return run


def by_habit(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {h["habit"]: h for h in payload["habits"]}


STREAK_FIELDS = [
    "habit", "kind", "unit", "current", "current_start", "longest", "longest_start",
    "longest_end", "next_milestone", "to_next_milestone", "strength",
]  # fmt: skip


def test_streaks_json_field_by_field(history: Any) -> None:
    payload = json.loads(history("streaks", "--json").stdout)
    assert list(payload) == ["as_of", "habits"]
    assert payload["as_of"] == "2026-11-22"
    assert [h["habit"] for h in payload["habits"]] == ["no-contact", "workout", "goal", "read"]
    for habit in payload["habits"]:
        assert list(habit) == STREAK_FIELDS
    got = by_habit(payload)

    assert got["no-contact"] == {
        "habit": "no-contact", "kind": "abstain", "unit": "days",
        "current": 21, "current_start": "2026-11-02",
        "longest": 21, "longest_start": "2026-11-02", "longest_end": "2026-11-22",
        "next_milestone": 30, "to_next_milestone": 9,
        "strength": round(100 * (1 - M**21), 1),
    }  # fmt: skip
    assert got["no-contact"]["strength"] == 67.4

    workout = got["workout"]
    assert (workout["kind"], workout["unit"]) == ("weekly", "weeks")
    assert (workout["current"], workout["current_start"]) == (1, "2026-11-16")
    # Two one-week streaks: the most recent is the longest.
    assert (workout["longest"], workout["longest_start"], workout["longest_end"]) == (
        1, "2026-11-16", "2026-11-22",
    )  # fmt: skip
    assert (workout["next_milestone"], workout["to_next_milestone"]) == (2, 1)
    assert 0 < workout["strength"] < 100

    goal = got["goal"]
    assert (goal["current"], goal["current_start"]) == (3, "2026-11-20")
    assert (goal["longest_start"], goal["longest_end"]) == ("2026-11-20", "2026-11-22")
    assert (goal["next_milestone"], goal["to_next_milestone"]) == (7, 4)
    assert goal["strength"] == round(100 * (1 - M**3), 1)

    read = got["read"]  # 25, 10 (below 20), 30; the 22nd still open
    assert (read["current"], read["current_start"]) == (1, "2026-11-21")
    assert (read["longest_start"], read["longest_end"]) == ("2026-11-21", "2026-11-21")
    assert (read["next_milestone"], read["to_next_milestone"]) == (3, 2)
    # 25 -> 1, 10 -> 10/20, 30 -> 1 (Loop's numeric share); the open 22nd is left out
    score = 0.0
    for share in (1.0, 0.5, 1.0):
        score = score * M + share * (1 - M)
    assert read["strength"] == round(100 * score, 1)


def test_streaks_json_as_of_before_a_habit_starts_has_nulls(history: Any) -> None:
    got = by_habit(json.loads(history("streaks", "--as-of", "2026-11-08", "--json").stdout))
    assert got["no-contact"]["current"] == 7 and got["no-contact"]["next_milestone"] == 14
    assert got["workout"]["current_start"] == "2026-11-02"
    assert got["goal"] == {
        "habit": "goal", "kind": "goal", "unit": "days",
        "current": 0, "current_start": None,
        "longest": 0, "longest_start": None, "longest_end": None,
        "next_milestone": 1, "to_next_milestone": 1, "strength": 0.0,
    }  # fmt: skip


def test_streaks_of_one_habit_including_an_archived_one(history: Any) -> None:
    one = json.loads(history("streaks", "workout", "--json").stdout)
    assert [h["habit"] for h in one["habits"]] == ["workout"]
    old = by_habit(json.loads(history("streaks", "old", "--json").stdout))["old"]
    assert (old["current"], old["longest"], old["longest_end"]) == (0, 3, "2026-11-03")


def test_streaks_unknown_habit_is_one_line_with_a_suggestion(history: Any) -> None:
    result = history("streaks", "workot", code=2)
    assert "workout" in result.stderr


def test_streaks_table(history: Any) -> None:
    out = history("streaks").stdout
    lines = out.splitlines()
    assert lines[0] == "Streaks at the end of Sun 22 Nov 2026"
    assert "HABIT" in out and "STRENGTH" in out
    row = next(line for line in lines if line.startswith("no-contact"))
    assert "21 days" in row and "2 Nov" in row and "30 (+9)" in row and row.endswith("67.4")
    assert all(len(line) <= 80 for line in lines)
    assert "\x1b[" not in out  # not a terminal: no colour


def test_status_json(history: Any) -> None:
    payload = json.loads(history("status", "--json").stdout)
    assert payload["as_of"] == "2026-11-22"
    assert payload["no_contact"] == {
        "habit": "no-contact", "day": 21, "since": "2026-11-02", "starts": "2026-11-02",
        "broken_today": False, "longest": 21, "next_milestone": 30, "to_next_milestone": 9,
        "hours": None, "urges_this_week": 0,
    }  # fmt: skip
    assert payload["checkin"] == {
        "open": ["workout", "read"], "mood_logged": True, "mood": 7, "complete": False,
    }  # fmt: skip
    habits = by_habit(payload)
    assert list(habits) == ["no-contact", "workout", "goal", "read"]
    assert habits["workout"]["week"] == {"done": 3, "target": 3}
    assert habits["workout"]["open_today"] is True
    assert habits["no-contact"]["open_today"] is False
    streaks = by_habit(json.loads(history("streaks", "--json").stdout))
    for slug, row in habits.items():
        assert {k: row[k] for k in STREAK_FIELDS} == streaks[slug]
        assert row["goal"] is None or slug == "goal"
    goal = habits["goal"]["goal"]
    assert goal == {
        "name": "Half marathon", "unit": "km", "target": 100.0, "total": 30.0,
        "remaining": 70.0, "percent": 30.0,
        "pace": 10.0,  # three days old: 30 km over 3 days, not over 28
        "pace_days": 3, "too_early": True, "reached": False,
        "deadline": "2027-03-01", "days_left": 99,
        "needed_per_day": round(70 / 99, 3),
        "projected_finish": None, "on_track": None,
    }  # fmt: skip


def test_too_early_reads_the_same_in_status_and_report(history: Any) -> None:
    reason = ("Too early to project a finish date: a pace needs 7 days of history and "
              "progress on 2 of them.")
    flat = " ".join(history("status").stdout.split())
    assert reason in flat
    assert reason in " ".join(history("report").stdout.replace("•", " ").split())


def test_status_text_at_a_glance(history: Any) -> None:
    out = history("status").stdout
    lines = out.splitlines()
    assert lines[0].startswith("Day 21 of no contact")
    assert "since Mon 2 Nov 2026" in lines[0]
    assert "Next milestone: 30 days, 9 days to go." in out
    assert "Still open: Workout, Read." in out
    assert "week 3/3" in out
    assert "Half marathon: 30 of 100 km (30%)" in out
    # Three days of history: a pace from them would be a guess (README, "Goals").
    assert "Too early to project a finish date" in out
    assert "on track" not in out and "behind" not in out
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "\x1b[" not in out


def test_status_colour_only_when_allowed(history: Any) -> None:
    coloured = history("--color", "always", "status").stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in history("status", NO_COLOR="1").stdout


def test_status_as_of_and_a_break_today(history: Any) -> None:
    history("checkin", "--date", "2026-11-10", "--contact", "--no-interactive")
    payload = json.loads(history("status", "--as-of", "2026-11-10", "--json").stdout)
    assert payload["no_contact"]["day"] == 0
    assert payload["no_contact"]["broken_today"] is True
    assert payload["no_contact"]["longest"] == 8
    out = history("status", "--as-of", "2026-11-10").stdout
    assert out.startswith("No contact was broken today.")
    later = json.loads(history("status", "--json").stdout)["no_contact"]
    assert (later["day"], later["since"]) == (12, "2026-11-11")


def test_status_before_anything_started(history: Any) -> None:
    out = history("status", "--as-of", "2026-10-30").stdout
    assert out.startswith("No contact starts on Mon 2 Nov 2026.")
    assert "Nothing to check in yet." in out


def test_future_as_of_is_refused(history: Any) -> None:
    history("status", "--as-of", "2026-11-23", code=2)
    history("streaks", "--as-of", "2026-12-01", code=2)


def test_without_a_database_is_one_error_line(run: Any) -> None:
    result = run("status", code=3)
    assert "init" in result.stderr


# ------------------------------------------------------------------ views (library)


def test_milestone_messages_cover_kinds_and_units() -> None:
    day = date(2026, 11, 22)
    nc = Habit("no-contact", "No contact", "abstain", since=day)
    drinks = Habit("no-drinks", "No drinks", "abstain", since=day)
    walk = Habit("walk", "Walk", "daily")
    workout = Habit("workout", "Workout", "weekly", per_week=3)
    goal = Habit("goal", "Half marathon", "goal", target=300, unit="km")
    texts = {
        views.milestone_message(nc, Milestone(7, day)),
        views.milestone_message(nc, Milestone(1, day)),
        views.milestone_message(nc, Milestone(730, day)),
        views.milestone_message(drinks, Milestone(30, day)),
        views.milestone_message(walk, Milestone(14, day)),
        views.milestone_message(workout, Milestone(4, day)),
        views.milestone_message(workout, Milestone(104, day)),
        views.milestone_message(goal, Milestone(25, day, kind="goal")),
        views.milestone_message(goal, Milestone(100, day, kind="goal")),
    }
    assert len(texts) == 9  # all different
    assert views.milestone_message(nc, Milestone(7, day)).startswith("7 days of no contact")
    assert "a full week" in views.milestone_message(nc, Milestone(7, day))
    assert "2 years" in views.milestone_message(nc, Milestone(730, day))
    assert "4 weeks in a row" in views.milestone_message(workout, Milestone(4, day))
    assert "2 years" in views.milestone_message(workout, Milestone(104, day))
    assert "75 of 300 km" in views.milestone_message(goal, Milestone(25, day, kind="goal"))
    assert "reached" in views.milestone_message(goal, Milestone(100, day, kind="goal"))
    assert views.milestone_message(walk, Milestone(1, day)).startswith("Walk: day 1")
    for text in texts:
        assert len(text) <= 100 and "\n" not in text


def test_render_status_fits_80_columns_with_long_names() -> None:
    from habit_tracker.models import Dataset, Entry

    today = date(2026, 11, 22)
    long_goal = Habit(
        "goal", "Finish the long online course on machine learning and statistics", "goal",
        created=today - timedelta(days=40), target=1234.5, unit="lessons",
        deadline=today + timedelta(days=10),
    )  # fmt: skip
    dataset = Dataset(
        habits=[Habit("no-contact", "No contact", "abstain", since=today - timedelta(400)),
                long_goal],
        entries={"goal": [Entry(today - timedelta(days=3), None, 2.25),
                          Entry(today - timedelta(days=2), None, 2.25)]},
    )  # fmt: skip
    text = views.render_status(views.status_view(dataset, today))
    assert text.startswith("Day 401 of no contact")
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "behind" in text
    pace = 4.5 / 28
    finish = today + timedelta(days=math.ceil((1234.5 - 4.5) / pace))
    assert views.status_view(dataset, today)["habits"][1]["goal"]["projected_finish"] == (finish.isoformat())
