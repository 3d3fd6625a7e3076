"""What a newcomer runs first, checked as they would meet it: modes of what we
create, empty states that say something, messages that count right."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke

from habit_tracker.models import MONDAY, SUNDAY, Dataset, DayInfo, Habit


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_demo_folder_it_creates_is_private(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "tour" / "demo"
    run("demo", "--output", str(out))
    assert mode(out) == 0o700
    assert mode(out / "demo.db") == 0o600 and mode(out / "report.html") == 0o600


def test_habit_list_with_no_habits_says_so(run: Invoke) -> None:
    run("init", "--since", "2026-11-20")
    run("forget", "--everything", "--yes")
    assert run("habit", "list").output == "No habits yet. Start with: habit-tracker init\n"
    assert run("habit", "list", "--all").output.startswith("No habits yet.")


def test_habit_list_columns_stay_aligned_with_long_slugs(run: Invoke) -> None:
    run("init", "--since", "2026-11-20")
    run("habit", "add", "sprint-planning", "--kind", "weekly", "--times", "1", "--per", "14")
    run("habit", "add", "a-very-long-habit-slug", "--kind", "daily")
    lines = run("habit", "list").output.splitlines()
    assert len(lines) == 4
    kind_columns = {line.index(kind) for line, kind in
                    zip(lines, ("abstain", "weekly", "weekly", "daily"), strict=True)}
    assert len(kind_columns) == 1, lines
    assert lines[0].startswith("no-contact ")


def test_import_counts_one_urge_and_one_journal_entry_in_the_singular(
        run: Invoke, tmp_path: Path) -> None:
    run("init", "--since", "2026-11-01")
    run("urge", "--intensity", "6", "--at", "2026-11-21 22:40")
    run("write", "-", input="Not sent.\n")
    path = tmp_path / "backup.json"
    run("export", "--output", str(path))
    out = run("--db", str(tmp_path / "fresh.db"), "import", str(path)).stdout
    assert "1 urge and 1 journal entry from" in out
    run("urge", "--intensity", "4", "--at", "2026-11-22 08:00")
    run("export", "--output", str(path))
    out = run("--db", str(tmp_path / "other.db"), "import", str(path)).stdout
    assert "2 urges and 1 journal entry from" in out


@pytest.mark.parametrize(("week_start", "today", "labels"), [
    (MONDAY, date(2026, 11, 25), "Mo Tu We Th Fr Sa Su"),   # a Wednesday, this week so far
    (MONDAY, date(2026, 11, 30), "Mo Tu We Th Fr Sa Su"),   # the week before, seen on a Monday
    (SUNDAY, date(2026, 11, 29), "Su Mo Tu We Th Fr Sa"),   # a Sunday-first week, on its Sunday
    (SUNDAY, date(2026, 12, 5), "Su Mo Tu We Th Fr Sa"),    # the week before, seen on a Saturday
])
def test_html_mood_bars_keep_a_slot_for_every_day_of_the_week(
        week_start: int, today: date, labels: str) -> None:
    """Two moods in a week were two bars side by side filling the card, as if on
    consecutive days; one mood was one bar the card's whole width."""
    from habit_tracker import report as rp

    start = date(2026, 11, 1)
    habits = [Habit("no-contact", "No contact", "abstain", since=start, created=start)]
    moods = {date(2026, 11, d): DayInfo(date(2026, 11, d), mood=m)
             for d, m in ((17, 3), (20, 6), (24, 7), (27, 4))}
    data = Dataset(habits=habits, days=moods, week_start=week_start)
    week_day = date(2026, 11, 24) if today <= date(2026, 11, 29) else date(2026, 11, 20)
    report = rp.build_report(data, week_day, today)
    page = rp.render_html(report)
    bars = re.search(r'<ol class="moods">(.*?)</ol>', page, re.S)
    assert bars, "no mood bars"
    slots = re.findall(r"<li\b.*?</li>", bars.group(1), re.S)
    assert " ".join(re.findall(r'class="wd">(\w\w)<', bars.group(1))) == labels
    assert len(slots) == 7
    given = [d for d in report.mood.by_day]
    assert len(given) in (1, 2) and len(re.findall(r'class="m"', bars.group(1))) == len(given)
    for day, mood in given:
        position = (day.weekday() - week_start) % 7
        assert f">{mood}</span>" in slots[position]


def test_undo_right_after_a_forget_changes_nothing(run: Invoke) -> None:
    """'habit delete', then 'undo' (to get the habit back) reverted the change
    before it instead: here the letter just written, with no way to redo it."""
    run("init", "--since", "2026-11-01")
    run("habit", "add", "texting-log", "--kind", "daily")
    run("write", "-", input="A letter I will not send.\n")
    run("habit", "delete", "texting-log", "--yes")
    err = run("undo", code=1).stderr
    assert "cannot be undone" in err and "forget" in err
    assert len(run("write", "--list", "--json").stdout.split('"id"')) == 2  # the letter is there
    # A change made after the forget can be undone as usual; the forget stays a wall.
    run("checkin", "--mood", "6")
    assert run("undo").stdout.startswith("Undid: checkin 2026-11-22")
    run("undo", code=1)
    assert "A letter I will not send." in run("write", "--list").stdout
    assert "undo stops at them" in " ".join(run("undo", "--help").stdout.split())


@pytest.mark.parametrize(("now", "week_start", "current"), [
    ("2026-11-23T21:00:00", "monday", "2026-11-23 08:00"),   # Monday: the urge of Sat is last week
    ("2026-11-26T21:00:00", "monday", "2026-11-25 08:00"),   # Thursday
    ("2026-11-22T21:00:00", "sunday", "2026-11-22 08:00"),   # Sunday, Sunday-first weeks
])
def test_a_backdated_urge_counts_its_own_week_by_name(
        run: Invoke, now: str, week_start: str, current: str) -> None:
    """An urge logged for last week said '2 urges this week' about last week."""
    run("init", "--since", "2026-11-01", "--week-start", week_start, HABIT_TRACKER_NOW=now)
    for at in ("2026-11-19 21:00", "2026-11-20 21:00"):
        run("urge", "--intensity", "5", "--at", at, HABIT_TRACKER_NOW=now)
    first = "Sun 15 Nov" if week_start == "sunday" else "Mon 16 Nov"
    out = run("urge", "--intensity", "5", "--at", "2026-11-21 21:00", HABIT_TRACKER_NOW=now).stdout
    assert f"3 urges in the week of {first}, each one resisted." in out
    assert "this week" not in out
    run("urge", "--intensity", "5", "--at", current, HABIT_TRACKER_NOW=now)
    out = run("urge", "--intensity", "5", "--at", current, HABIT_TRACKER_NOW=now).stdout
    assert "2 urges this week, each one resisted." in out


@pytest.mark.parametrize("now", ["2026-11-22T21:00:00", "2026-11-25T21:00:00"])
def test_streak_dates_of_another_year_name_it_in_full(run: Invoke, now: str) -> None:
    """'21 Jan 15 – 23 Jan 15' read like a day and an hour; the year is 2015."""
    run("init", "--since", "2014-12-01", HABIT_TRACKER_NOW=now)
    run("habit", "add", "read", "--kind", "daily", HABIT_TRACKER_NOW=now)
    for day in ("2015-01-21", "2015-01-22", "2015-01-23"):
        run("checkin", "--date", day, "--set", "read=done", HABIT_TRACKER_NOW=now)
    out = run("streaks", "read", HABIT_TRACKER_NOW=now).stdout
    assert "21 Jan 2015 – 23 Jan 2015" in out, out
