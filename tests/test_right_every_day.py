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


# ------------------------------------------------------------------ roles


def test_flags_follow_the_habits_whatever_they_are_called(initialised: Any) -> None:
    run = initialised
    run("habit", "edit", "no-contact", "--slug", "nc")
    run("habit", "edit", "workout", "--slug", "gym")
    run("habit", "edit", "goal", "--slug", "marathon")
    run("habit", "add", "workout", "--kind", "weekly", "--per-week", "2")
    out = json.loads(run("checkin", "--no-contact", "--workout", "--progress", "4",
                         "--they-reached-out", "--json").stdout)
    assert out["saved"] == {"nc": "kept", "gym": "done", "marathon": "4"}
    assert out["no_contact_day"] == 22 and out["reached_out"] is True
    text = run("checkin", "--date", "yesterday", "--no-contact").stdout
    assert "Day 21 of no contact" in text
    assert json.loads(run("history", "workout", "--json").stdout)["days"] == []
    status = json.loads(run("status", "--json").stdout)
    assert status["no_contact"]["habit"] == "nc"
    # "They reached out" checks the renamed no-contact habit for a break that day.
    run("checkin", "--contact", "--they-reached-out", code=2)


def test_old_databases_get_their_roles_from_the_slugs(tmp_path: Any) -> None:
    import sqlite3

    from habit_tracker.store import open_store

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT,
            PRIMARY KEY (migration_set, name));
        INSERT INTO _sqlite_migrations VALUES ('habit-tracker', 'm001_initial', 'x'),
            ('habit-tracker', 'm002_entries_by_date', 'x');
        CREATE TABLE habits (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL,
            kind TEXT NOT NULL, since TEXT, created TEXT NOT NULL, per_week INTEGER,
            daily_min FLOAT, target FLOAT, unit TEXT, deadline TEXT,
            archived INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX idx_habits_slug ON habits (slug);
        CREATE TABLE entries (habit_id INTEGER NOT NULL, date TEXT NOT NULL, status TEXT,
            amount FLOAT, note TEXT, PRIMARY KEY (habit_id, date));
        CREATE TABLE days (date TEXT PRIMARY KEY, mood INTEGER, note TEXT,
            reached_out INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE changes (id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,
            undoes INTEGER, undone_by INTEGER);
        CREATE TABLE change_rows (id INTEGER PRIMARY KEY, change_id INTEGER NOT NULL,
            tbl TEXT NOT NULL, key TEXT, before TEXT, after TEXT);
        INSERT INTO habits (slug, name, kind, since, created, per_week, target) VALUES
            ('no-contact', 'No contact', 'abstain', '2026-11-01', '2026-11-01', NULL, NULL),
            ('workout', 'Workout', 'weekly', NULL, '2026-11-01', 3, NULL),
            ('goal', 'Goal', 'goal', NULL, '2026-11-01', NULL, 100),
            ('reading', 'Reading', 'daily', NULL, '2026-11-01', NULL, NULL);
    """)
    conn.close()
    with open_store(path) as store:
        roles = {h.slug: h.role for h in store.habits()}
    assert roles == {"no-contact": "no-contact", "workout": "workout", "goal": "goal",
                     "reading": None}


@pytest.mark.parametrize(
    "flags",
    [("--contact", "--no-contact"), ("--no-contact", "--contact"), ("--workout", "--rest"),
     ("--rest", "--no-workout"), ("--workout", "--no-workout"),
     ("--they-reached-out", "--no-they-reached-out"),
     ("--no-contact", "--set", "no-contact=broken")],
)
def test_contradictory_flags_are_refused(initialised: Any, flags: tuple[str, ...]) -> None:
    result = initialised("checkin", *flags, code=2)
    assert "contradict" in result.stderr or "given twice" in result.stderr
    assert json.loads(initialised("history", "--json").stdout)["days"] == []


def test_progress_with_two_goals_and_an_archived_goal(run: Any) -> None:
    run("init", "--since", "2026-11-01")
    run("habit", "add", "marathon", "--kind", "goal", "--target", "300", "--unit", "km")
    run("habit", "add", "course", "--kind", "goal", "--target", "20", "--unit", "lessons")
    # The first goal added is the one --progress follows, and the output names it.
    out = run("checkin", "--progress", "5").stdout
    assert "Marathon" in out or "marathon" in out
    run("habit", "archive", "marathon")
    err = run("checkin", "--progress", "5", code=2).stderr
    assert "habit archive marathon --restore" in err and "--set" in err
    run("habit", "archive", "marathon", "--restore")
    run("checkin", "--progress", "5")


def test_progress_without_a_role_and_several_goals_is_ambiguous(run: Any, db_path: Any) -> None:
    import sqlite3

    run("init", "--since", "2026-11-01")
    run("habit", "add", "marathon", "--kind", "goal", "--target", "300")
    run("habit", "add", "course", "--kind", "goal", "--target", "20")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE habits SET role = NULL WHERE slug = 'marathon'")
    err = run("checkin", "--progress", "5", code=2).stderr
    assert "marathon, course" in err and "--set marathon=" in err


def test_no_goal_advice_works(run: Any) -> None:
    run("init", "--since", "2026-11-01")
    err = run("checkin", "--progress", "5", code=2).stderr
    advice = err.split("'")[1].split()
    assert advice[:3] == ["habit-tracker", "habit", "add"]
    run(*[a for a in advice[1:] if a not in ("'Half", "marathon'")][:5], "--target", "300")
    run("checkin", "--progress", "5")


def test_a_reached_goal_is_not_open(run: Any) -> None:
    run("init", "--since", "2026-11-01", "--goal", "Applications", "--target", "30",
        "--unit", "applications")
    run("checkin", "--date", "yesterday", "--progress", "35")
    run("checkin", "--no-contact", "--workout")
    data = json.loads(run("status", "--json").stdout)
    assert "goal" not in data["checkin"]["open"]
    text = run("status").stdout
    assert "Applications" not in text.split("HABIT")[0]  # not in "Still open"
    assert "open today" not in text
    assert "Reached on Sat 21 Nov 2026" in text


# ------------------------------------------------------- files, values, validation


@pytest.mark.parametrize("name", ["week.pdf", "week.png", "week.docx"])
def test_report_refuses_a_file_it_cannot_write(initialised: Any, tmp_path: Any, name: str) -> None:
    target = tmp_path / name
    err = initialised("report", "-o", str(target), code=2).stderr
    assert ".txt, .md, .html or .json" in err
    assert not target.exists()
    initialised("report", "--format", "markdown", "-o", str(target), code=2)
    assert not target.exists()


@pytest.mark.parametrize(("fmt", "name", "start"),
                         [("text", "r.text", "Weekly summary"), ("markdown", "week.log", "# Weekly"),
                          ("json", "week", "{")])
def test_report_takes_any_text_name_when_the_format_is_given(
    initialised: Any, tmp_path: Any, fmt: str, name: str, start: str
) -> None:
    target = tmp_path / name
    initialised("report", "--format", fmt, "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize("weekday", range(7))
def test_history_as_of(initialised: Any, weekday: int) -> None:
    run = initialised
    for day in range(15, 22):
        run("checkin", "--date", f"2026-11-{day}", "--workout", "--progress", "1")
    as_of = D("2026-11-15") + timedelta(days=weekday)
    data = json.loads(run("history", "--as-of", as_of.isoformat(), "--json").stdout)
    assert data["days"][-1]["date"] == as_of.isoformat()
    assert len(data["days"]) == weekday + 1
    text = run("history", "--as-of", as_of.isoformat()).stdout
    assert "goal 1 km" in text and "workout done" in text
    run("history", "--as-of", as_of.isoformat(), "--to", "2026-11-22", code=2 if weekday < 7 else 0)


def test_history_shows_rest_and_units(initialised: Any) -> None:
    run = initialised
    run("checkin", "--rest", "--progress", "8.5")
    text = run("history").stdout
    assert "workout rest" in text and "goal 8.5 km" in text
    saved = run("checkin", "--rest").stdout.splitlines()[0]
    assert "Workout rest" in saved and "skip" not in saved


def test_mood_and_deadline_can_be_removed(initialised: Any) -> None:
    run = initialised
    run("checkin", "--mood", "4")
    out = run("checkin", "--mood", "clear").stdout
    assert "mood cleared" in out
    assert json.loads(run("history", "--json").stdout)["days"][0]["mood"] is None
    run("habit", "edit", "goal", "--by", "none")
    goal = next(h for h in json.loads(run("habit", "list", "--json").stdout)["habits"]
                if h["slug"] == "goal")
    assert goal["deadline"] is None
    run("checkin", "--mood", "soon", code=2)


def test_abstain_without_since_starts_today_as_help_says(run: Any) -> None:
    run("init")
    help_text = run("habit", "add", "--help").stdout
    since = help_text[help_text.index("--since DATE"):help_text.index("--per-week INTEGER")]
    assert "required" not in since and "default today" in since
    run("habit", "add", "z", "--kind", "abstain")
    habit = next(h for h in json.loads(run("habit", "list", "--json").stdout)["habits"]
                 if h["slug"] == "z")
    assert habit["since"] == "2026-11-22"


def test_a_past_deadline_at_init_is_refused(run: Any, db_path: Any) -> None:
    err = run("init", "--goal", "Run", "--target", "100", "--by", "2026-11-01", code=2).stderr
    assert "has passed" in err
    assert not db_path.exists()  # nothing was set up
    run("init", "--goal", "Run", "--target", "100", "--by", "today")


@pytest.mark.parametrize("amount", ["1e9", "3001"])
def test_implausible_progress_is_refused(initialised: Any, amount: str) -> None:
    err = initialised("checkin", "--progress", amount, code=2).stderr
    assert "more than 10 times the whole goal (300 km)" in err and "--target" in err
    initialised("checkin", "--progress", "42.2")


def test_a_replaced_note_is_said_and_notes_can_be_added_to(initialised: Any) -> None:
    run = initialised
    run("checkin", "--note", "morning: tired")
    out = run("checkin", "--add-note", "evening: better").stdout
    assert "added to the note" in out
    days = json.loads(run("history", "--json").stdout)["days"]
    assert days[0]["note"] == "morning: tired\nevening: better"
    out = run("checkin", "--note", "only this").stdout
    assert "note replaced (undo brings it back)" in out
    run("undo")
    assert json.loads(run("history", "--json").stdout)["days"][0]["note"].startswith("morning")
    run("checkin", "--note", "a", "--add-note", "b", code=2)


# ------------------------------------------------------------------- wording


def test_units_and_plurals_helper() -> None:
    from habit_tracker import units

    assert units.amount(1, "applications") == "1 application"
    assert units.amount(2, "applications") == "2 applications"
    assert units.amount(1, "km") == "1 km" and units.amount(8.5, "km") == "8.5 km"
    assert units.per_day(1, "applications") == "1 application a day"
    assert units.count(1, "weeks") == "1 week" and units.count(0, "weeks") == "0 weeks"
    assert units.percent(2.75) == "2.8%" and units.percent(30.0) == "30%"
    assert units.plural(1, "time") == "1 time" and units.singular("stories") == "story"


def test_goal_wording_in_status_checkin_and_report(run: Any) -> None:
    run("init", "--since", "2026-11-01", "--goal", "Jobs", "--target", "36", "--unit",
        "applications")
    out = run("checkin", "--progress", "1").stdout
    assert "Jobs: 1 of 36 applications (2.8%)." in out
    assert "Sun 22 Nov 2026" in out
    status = run("status").stdout
    assert "1 of 36 applications (2.8%)" in status
    report = run("report").stdout
    assert "1 of 36 applications (2.8%)" in report and "1 applications" not in report
    assert "0 weeks" in status and "0 weeks" in report  # the workout streak, alike


def test_no_zero_padded_days(run: Any) -> None:
    out = run("init", "--since", "2026-11-01").stdout
    assert "Sunday 1 November 2026" in out and " 01 " not in out
    saved = run("checkin", "--date", "2026-11-02", "--workout").stdout
    assert saved.startswith("Saved Mon 2 Nov 2026")


def test_errors_name_the_habit_as_prompts_do(initialised: Any) -> None:
    initialised("habit", "add", "read", "--kind", "daily", "--name", "Reading")
    err = initialised("checkin", "--set", "read=lots", code=2).stderr
    assert "Reading (read): 'lots'" in err


def test_a_day_one_restarted_twice_is_one_line(initialised: Any) -> None:
    run = initialised
    run("habit", "add", "journal", "--kind", "daily", "--since", "2026-11-16")
    for day in ("16", "18", "20"):
        run("checkin", "--date", f"2026-11-{day}", "--set", "journal=done")
    text = run("report").stdout
    assert text.count("Journal: day one") == 1
    assert "Journal: day one (Mon 16 Nov, Wed 18 Nov, Fri 20 Nov)" in text
    markdown = run("report", "--format", "markdown").stdout
    assert markdown.count("**Journal**: day one") == 1


def _report_with_moods(moods: list[int], previous: list[int]) -> Any:
    from habit_tracker import report as rp

    days = {}
    for offset, mood in enumerate(previous + moods):
        when = D("2026-11-09") + timedelta(days=offset)
        days[when] = m.DayInfo(when, mood=mood)
    data = m.Dataset(habits=[], days=days)
    return rp.build_report(data, D("2026-11-16"), D("2026-11-22"))


def test_a_big_drop_in_mood_is_not_a_little_lower() -> None:
    report = _report_with_moods([4, 4, 4, 4, 4, 3, 4], [5, 5, 5, 5, 5, 4, 4])
    line = next(x for x in report.observations if x.startswith("Your mood"))
    assert "a little lower" not in line and "down from 4.7" in line
    small = _report_with_moods([5, 5, 5, 5, 5, 4, 4], [5, 5, 5, 5, 5, 5, 5])
    assert "a little lower" in " ".join(small.observations)


def test_low_moods_get_a_gentle_line(initialised: Any) -> None:
    report = _report_with_moods([6, 5, 4, 3, 2, 3, 2], [6] * 7)
    assert any("low for 4 days running" in x for x in report.observations)
    assert not any("low for" in x for x in _report_with_moods([2, 6, 3, 7, 2, 6, 5], [6] * 7).observations)
    run = initialised
    run("checkin", "--date", "2026-11-20", "--mood", "3")
    run("checkin", "--date", "2026-11-21", "--mood", "2")
    out = run("checkin", "--mood", "3").stdout
    assert "low for 3 days running" in out and "gentle" in out
    assert "low for" not in run("checkin", "--mood", "6").stdout


def test_import_names_only_what_it_brought(initialised: Any, tmp_path: Any) -> None:
    run = initialised
    run("checkin", "--workout")
    backup = tmp_path / "backup.json"
    run("export", "--output", str(backup))
    assert run("import", str(backup)).stdout.startswith("Nothing new in")
    out = run("import", str(backup), HABIT_TRACKER_DB=str(tmp_path / "other.db")).stdout
    assert out.startswith("Imported 3 new habits and 1 entry from") and " 0 " not in out


def test_interactive_checkin_for_a_past_day(initialised: Any) -> None:
    run = initialised
    run("checkin", "--date", "yesterday", "--rest", "--mood", "5", "--note", "first words")
    out = run("checkin", "--date", "yesterday", "--interactive", input="y\nn\n\n\n\n+more\n").stdout
    assert "Saturday 21 November 2026" in out
    assert "today" not in out.lower().replace("today is", "")
    assert "(Enter keeps rest)" in out and "(Enter keeps 5)" in out
    assert "first words" in out  # the note so far is shown
    note = json.loads(run("history", "--json").stdout)["days"][-1]["note"]
    assert note == "first words\nmore"


def test_interactive_init_asks_for_the_start_and_the_goal(run: Any) -> None:
    answers = "10 days ago\nHalf marathon\n300\nkm\n2027-03-01\n"
    out = run("init", "--interactive", input=answers).stdout
    assert "today is day 11" in out
    goal = json.loads(run("habit", "list", "--json").stdout)["habits"][-1]
    assert (goal["slug"], goal["target"], goal["unit"], goal["deadline"]) == (
        "goal", 300, "km", "2027-03-01")


# --------------------------------------------------------------- newcomer path


@pytest.mark.parametrize(
    "now", ["2026-12-01T09:00:00", "2027-01-14T23:30:00", "2028-02-29T18:00:00"],
)
def test_the_demo_ends_on_the_day_it_is_run(run: Any, tmp_path: Any, now: str) -> None:
    out_dir = tmp_path / "tour"
    run("demo", "--output", str(out_dir), HABIT_TRACKER_NOW=now)
    today = now[:10]
    db = str(out_dir / "demo.db")
    status = json.loads(run("--db", db, "status", "--json", HABIT_TRACKER_NOW=now).stdout)
    assert status["as_of"] == today
    assert status["no_contact"]["day"] == 60
    assert status["checkin"]["mood_logged"]
    goal = next(h["goal"] for h in status["habits"] if h["goal"])
    assert goal["days_left"] > 0  # the deadline has not passed
    report = json.loads(run("--db", db, "report", "--format", "json", HABIT_TRACKER_NOW=now).stdout)
    assert report["week_start"] <= today <= report["week_end"]
    assert any(m["milestone"] == 60 and m["date"] == today for m in report["milestones"])
    history = json.loads(run("--db", db, "history", "--json", HABIT_TRACKER_NOW=now).stdout)
    assert history["days"][-1]["date"] == today


def test_shifted_sample_keeps_its_shape() -> None:
    from habit_tracker.demo import last_day, sample_data, shifted

    data = sample_data()
    moved = shifted(data, D("2027-05-04"))
    assert last_day(moved) == D("2027-05-04")
    assert len(moved["entries"]) == len(data["entries"]) and moved["habits"][0]["since"] == "2027-02-10"
    assert last_day(sample_data()) == D("2026-11-22")  # the bundled file is untouched


def test_readme_quick_start_leaves_the_command_on_the_path() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    # A way that puts the bare command on the PATH (a tool install, or an activated venv).
    assert "pipx install ." in quick or "source .venv/bin/activate" in quick
    # Every command the quick start's block runs after activating is a bare habit-tracker.
    block = quick.split("```sh", 1)[1].split("```", 1)[0]
    assert "habit-tracker demo" in block


def test_chart_summary_rounds_percent_like_status() -> None:
    from habit_tracker.charts import data as chart_data

    goal = m.Habit("goal", "Jobs", m.GOAL, created=D("2026-11-20"), target=36.0,
                   unit="applications")
    dataset = m.Dataset(habits=[goal], entries={"goal": [m.Entry(D("2026-11-22"), None, 1.0)]})
    summary = chart_data.dashboard_summary(dataset, D("2026-11-22"))
    assert dict(summary.lines)["Jobs"].endswith("(2.8%)")
