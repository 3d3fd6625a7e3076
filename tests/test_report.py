"""The weekly report: the week's figures against a history worked out by hand,
then the renderers (text, Markdown, JSON, HTML) and the `report` / `demo` commands.

The designed history (weeks start on Monday unless a test says otherwise):

no-contact  abstain, since Wed 4 Nov; one break on Wed 11 Nov.
workout     weekly, 2 a week, created Mon 19 Oct; every week on target, and the
            week of 9 Nov is the 4th in a row (reached on Fri 13 Nov).
goal        100 km by 31 Dec, created Sun 1 Nov: 10, 15, 0, 20, 5.5, 4.5 km.
journal     daily, created Thu 5 Nov: done, skip, missed and one unlogged day.
reading     daily numeric, at least 20 pages, created Mon 9 Nov.
old         archived: never in a report.
later       created Fri 20 Nov: does not exist in the week of 9 Nov.
"""

from __future__ import annotations

import json
import re
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from habit_tracker import report as rp
from habit_tracker.models import SUNDAY, Dataset, DayInfo, Entry, Habit

D = date.fromisoformat
TODAY = D("2026-11-22")
HOSTILE = '<script>window.__pwned = 1</script> & "quotes"'


def history() -> dict[str, Any]:
    """The designed history in the JSON interchange format."""
    habits = [
        {"slug": "no-contact", "name": "No contact", "kind": "abstain", "since": "2026-11-04",
         "created": "2026-11-04"},
        {"slug": "workout", "name": "Workout", "kind": "weekly", "per_week": 2,
         "created": "2026-10-19"},
        {"slug": "goal", "name": "Run 100 km", "kind": "goal", "target": 100, "unit": "km",
         "deadline": "2026-12-31", "created": "2026-11-01"},
        {"slug": "journal", "name": "Journal", "kind": "daily", "created": "2026-11-05"},
        {"slug": "reading", "name": "Reading", "kind": "daily", "daily_min": 20,
         "unit": "pages", "created": "2026-11-09"},
        {"slug": "old", "name": "Old habit", "kind": "daily", "created": "2026-10-01",
         "archived": True},
        {"slug": "later", "name": "Later", "kind": "daily", "created": "2026-11-20"},
    ]  # fmt: skip
    for position, habit in enumerate(habits):
        habit["position"] = position
    entries = [
        ("2026-11-11", "no-contact", "broken", "texted back"),
        ("2026-11-14", "no-contact", "kept", None),
        # workout: 2 a week; weeks of 19 Oct, 26 Oct, 2 Nov, 9 Nov all on target
        ("2026-10-20", "workout", "done", None),
        ("2026-10-22", "workout", "done", None),
        ("2026-10-27", "workout", "done", None),
        ("2026-10-29", "workout", "done", None),
        ("2026-11-03", "workout", "done", None),
        ("2026-11-04", "workout", "skip", None),
        ("2026-11-07", "workout", "done", None),
        ("2026-11-10", "workout", "done", "legs"),
        ("2026-11-11", "workout", "missed", None),
        ("2026-11-13", "workout", "done", None),
        ("2026-11-14", "workout", "done", None),
        ("2026-11-16", "workout", "done", None),
        # goal: 100 km
        ("2026-11-01", "goal", 10, None),
        ("2026-11-03", "goal", 15, None),  # 25 km: 25 %
        ("2026-11-07", "goal", 0, None),
        ("2026-11-10", "goal", 20, None),
        ("2026-11-12", "goal", 5.5, None),  # 50.5 km: 50 %
        ("2026-11-15", "goal", 4.5, None),
        ("2026-11-17", "goal", 2, None),
        # journal, from Thu 5 Nov; Sat 14 Nov not logged
        ("2026-11-05", "journal", "done", None),
        ("2026-11-06", "journal", "done", None),
        ("2026-11-07", "journal", "skip", None),
        ("2026-11-08", "journal", "done", None),
        ("2026-11-09", "journal", "done", None),
        ("2026-11-10", "journal", "skip", None),
        ("2026-11-11", "journal", "missed", None),
        ("2026-11-12", "journal", "done", None),
        ("2026-11-13", "journal", "done", None),
        ("2026-11-15", "journal", "done", None),
        # reading: at least 20 pages
        ("2026-11-09", "reading", 25, None),
        ("2026-11-10", "reading", 10, None),
        ("2026-11-11", "reading", 20, None),
        ("2026-11-12", "reading", "skip", None),
        ("2026-11-13", "reading", 30, None),
        ("2026-11-14", "reading", 20, None),
        ("2026-11-15", "reading", 0, None),
        # archived and not-yet-started habits
        ("2026-11-10", "old", "done", "archived note"),
        ("2026-11-20", "later", "done", None),
    ]
    days = [
        ("2026-11-02", 4, None, False),
        ("2026-11-08", 5, None, True),
        ("2026-11-09", 5, "Fresh week", False),
        ("2026-11-10", 6, None, False),
        ("2026-11-12", 7, HOSTILE, False),
        ("2026-11-13", None, None, True),
        ("2026-11-14", None, None, True),
        ("2026-11-15", 8, None, False),
        ("2026-11-16", 2, "next week", False),
    ]
    return {
        "format": "habit-tracker",
        "version": 1,
        "settings": {"day_start": 0, "week_start": "monday"},
        "habits": habits,
        "entries": [{"date": d, "habit": h, "value": v, "note": n} for d, h, v, n in entries],
        "days": [{"date": d, "mood": m, "note": n, "reached_out": r} for d, m, n, r in days],
    }


def to_dataset(data: dict[str, Any], week_start: int = 0) -> Dataset:
    """The interchange dict as plain values, without the store."""

    def day(text: str | None) -> date | None:
        return D(text) if text else None

    habits = [
        Habit(
            slug=h["slug"], name=h["name"], kind=h["kind"], since=day(h.get("since")),
            created=day(h.get("created")), per_week=h.get("per_week"),
            daily_min=h.get("daily_min"), target=h.get("target"), unit=h.get("unit"),
            deadline=day(h.get("deadline")), archived=h.get("archived", False),
            position=h["position"],
        )
        for h in data["habits"]
    ]  # fmt: skip
    entries: dict[str, list[Entry]] = {h.slug: [] for h in habits}
    for e in sorted(data["entries"], key=lambda e: e["date"]):
        value = e["value"]
        entry = (
            Entry(D(e["date"]), status=value, note=e["note"])
            if isinstance(value, str)
            else Entry(D(e["date"]), amount=float(value), note=e["note"])
        )
        entries[e["habit"]].append(entry)
    days = {D(d["date"]): DayInfo(D(d["date"]), d["mood"], d["note"], d["reached_out"]) for d in data["days"]}
    return Dataset(habits=habits, entries=entries, days=days, week_start=week_start)


@pytest.fixture
def dataset() -> Dataset:
    return to_dataset(history())


def figures(report: rp.WeeklyReport) -> dict[str, dict[str, Any]]:
    return {h["habit"]: h for h in report.to_dict()["habits"]}


def milestones(report: rp.WeeklyReport) -> list[tuple[str, int, str]]:
    return [(m["habit"], m["milestone"], m["date"]) for m in report.to_dict()["milestones"]]


# ------------------------------------------------------------ the week's figures


def test_week_with_a_break_every_kind(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-12"), TODAY)
    data = report.to_dict()
    assert (data["week_start"], data["week_end"], data["as_of"]) == (
        "2026-11-09", "2026-11-15", "2026-11-15",
    )  # fmt: skip
    got = figures(report)
    assert list(got) == ["no-contact", "workout", "goal", "journal", "reading"]

    def pick(slug: str) -> tuple[Any, ...]:
        h = got[slug]
        return (h["kind"], h["done"], h["target"], h["current_streak"], h["longest_streak"],
                h["previous_week_done"])  # fmt: skip

    # abstain: 7 days, one broken; streak Thu-Sun = 4, longest 4-10 Nov = 7;
    # the week before holds 5 days of the habit (from Wed 4 Nov), all kept.
    assert pick("no-contact") == ("abstain", 6, 7, 4, 7, 5)
    assert got["no-contact"]["rate"] == pytest.approx(6 / 7)
    # weekly: 3 done of 2 needed, 4th week in a row; the week before had 2.
    assert pick("workout") == ("weekly", 3, 2, 4, 4, 2)
    assert got["workout"]["rate"] == pytest.approx(1.5)
    # goal: progress on Tue, Thu, Sun; the week before only Tue (Sat was 0 km).
    assert pick("goal") == ("goal", 3, 7, 1, 1, 1)
    # daily: done Mon, Thu, Fri, Sun; Tue skipped -> target 6; Sat unlogged = missed.
    # The week before: Thu-Sun, one skip -> 3 of 3.  Longest: 5, 6, (skip) 8, 9 Nov.
    assert pick("journal") == ("daily", 4, 6, 1, 4, 3)
    assert got["journal"]["rate"] == pytest.approx(4 / 6)
    # numeric daily: 25, 10 (short), 20, skip, 30, 20, 0 -> 4 of 6; streak broken by
    # Sunday's 0; longest 11, (skip), 13, 14 Nov = 3; no week before.
    assert pick("reading") == ("daily", 4, 6, 0, 3, None)
    assert got["reading"]["rate"] == pytest.approx(4 / 6)

    assert [c["state"] for c in got["no-contact"]["days"]] == (
        ["kept", "kept", "broken", "kept", "kept", "kept", "kept"]
    )
    assert [c.get("amount") for c in got["goal"]["days"]] == [None, 20, None, 5.5, None, None, 4.5]


def test_milestones_inside_the_week(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-09"), TODAY)
    # no-contact: 7 days on Tue 10 Nov; after the break 1 and 3 again (first reached
    # on 4 and 6 Nov, the week before).  workout: the 4th week reached its target on
    # Fri 13 Nov.  goal: 50 % on Thu 12 Nov (25 % fell the week before), and its
    # day streaks (SPEC: as daily) restart on Tue 10, Thu 12 and Sun 15 Nov.
    # journal: new runs of 1 on Thu 12 and Sun 15 Nov.
    # reading: 1 on Mon 9, 1 again on Wed 11, 3 on Sat 14 Nov.
    assert milestones(report) == [
        ("reading", 1, "2026-11-09"),
        ("no-contact", 7, "2026-11-10"),
        ("goal", 1, "2026-11-10"),
        ("reading", 1, "2026-11-11"),
        ("no-contact", 1, "2026-11-12"),
        ("goal", 1, "2026-11-12"),
        ("goal", 50, "2026-11-12"),
        ("journal", 1, "2026-11-12"),
        ("workout", 4, "2026-11-13"),
        ("no-contact", 3, "2026-11-14"),
        ("reading", 3, "2026-11-14"),
        ("goal", 1, "2026-11-15"),
        ("journal", 1, "2026-11-15"),
    ]
    units = {(m["habit"], m["milestone"]): m["unit"] for m in report.to_dict()["milestones"]}
    assert units[("goal", 50)] == "percent"
    assert units[("workout", 4)] == "weeks"
    assert units[("no-contact", 7)] == "days"


def test_goal_mood_reached_out_and_notes(dataset: Dataset) -> None:
    data = rp.build_report(dataset, D("2026-11-15"), TODAY).to_dict()
    # 55 km of 100 by Sun 15 Nov; 30 km within the week.  The pace counts the 15 days
    # since the goal began (fewer than 28): 55 / 15 km a day, 45 km to go ->
    # ceil(12.27) = 13 days -> Sat 28 Nov.
    assert data["goal"] == {
        "habit": "goal", "name": "Run 100 km", "unit": "km", "target": 100.0,
        "total": 55.0, "week_progress": 30.0, "percent": 55.0,
        "deadline": "2026-12-31", "projected_finish": "2026-11-28", "too_early": False,
    }  # fmt: skip
    assert data["mood"]["average"] == 6.5  # 5, 6, 7, 8
    assert data["mood"]["previous_average"] == 4.5  # 4, 5
    assert data["mood"]["days"] == 4
    assert data["reached_out"] == 2  # Fri 13 and Sat 14; Sun 8 Nov is the week before
    assert data["reached_out_dates"] == ["2026-11-13", "2026-11-14"]
    # day notes, then habit notes, by date; the archived habit's note is left out
    assert data["notes"] == [
        {"date": "2026-11-09", "text": "Fresh week"},
        {"date": "2026-11-10", "text": "legs", "habit": "workout"},
        {"date": "2026-11-11", "text": "texted back", "habit": "no-contact"},
        {"date": "2026-11-12", "text": HOSTILE},
    ]


def test_week_spanning_the_start_date(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-05"), TODAY)
    got = figures(report)
    # no-contact exists from Wed 4 Nov: 5 days of the week; journal from Thu 5 Nov:
    # done Thu, Fri, Sun; Sat skipped -> 3 of 3; reading has not started yet.
    assert (got["no-contact"]["done"], got["no-contact"]["target"]) == (5, 5)
    assert got["no-contact"]["previous_week_done"] is None
    assert got["no-contact"]["current_streak"] == 5
    states = [c["state"] for c in got["no-contact"]["days"]]
    assert states == ["none", "none", "kept", "kept", "kept", "kept", "kept"]
    assert (got["journal"]["done"], got["journal"]["target"]) == (3, 3)
    assert (got["goal"]["done"], got["goal"]["target"], got["goal"]["previous_week_done"]) == (
        1, 7, 1,  # the week before holds Sun 1 Nov, 10 km
    )  # fmt: skip
    assert "reading" not in got
    assert milestones(report)[:3] == [
        ("goal", 1, "2026-11-03"), ("goal", 25, "2026-11-03"), ("no-contact", 1, "2026-11-04"),
    ]  # fmt: skip


def test_sunday_week_start(dataset: Dataset) -> None:
    dataset.week_start = SUNDAY
    report = rp.build_report(dataset, D("2026-11-12"), TODAY)
    data = report.to_dict()
    assert (data["week_start"], data["week_end"]) == ("2026-11-08", "2026-11-14")
    got = figures(report)
    assert (got["no-contact"]["done"], got["no-contact"]["target"]) == (6, 7)
    # Sunday weeks: 18-24 Oct, 25-31 Oct, 1-7 Nov, 8-14 Nov all reach 2 sessions
    assert (got["workout"]["done"], got["workout"]["previous_week_done"]) == (3, 2)
    assert got["workout"]["current_streak"] == 4
    assert ("workout", 4, "2026-11-13") in milestones(report)
    # journal 8-14 Nov: done 8, 9, 12, 13; skip 10; missed 11; 14 open as of T
    assert (got["journal"]["done"], got["journal"]["target"]) == (4, 6)
    assert data["mood"]["average"] == 5.8  # 5, 5, 6, 7
    assert data["mood"]["previous_average"] == 4.0
    assert data["reached_out"] == 3


def test_week_in_progress(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-18"), D("2026-11-18"))
    got = figures(report)
    assert report.to_dict()["as_of"] == "2026-11-18"
    assert not report.complete
    assert (got["no-contact"]["done"], got["no-contact"]["target"]) == (3, 3)
    assert (got["workout"]["done"], got["workout"]["target"]) == (1, 2)
    assert got["workout"]["current_streak"] == 4  # the open week does not break it
    assert (got["goal"]["done"], got["goal"]["target"]) == (1, 3)
    assert [c["state"] for c in got["no-contact"]["days"]][3:] == ["none"] * 4
    assert "Workout: 1 of 2 so far, 1 to go with 4 days left." in report.observations
    assert "later" not in got


def test_nothing_yet_and_future_weeks(dataset: Dataset) -> None:
    empty = rp.build_report(dataset, D("2026-10-05"), TODAY)
    assert empty.habits == ()
    assert empty.observations == ("Nothing was logged this week.",)
    assert "Nothing was logged" in rp.render_text(empty)
    with pytest.raises(rp.UsageError, match="has not started yet"):
        rp.build_report(dataset, D("2026-11-23"), TODAY)


def test_observations_are_derived_from_the_figures(dataset: Dataset) -> None:
    lines = rp.build_report(dataset, D("2026-11-12"), TODAY).observations
    assert "Workout: 3 of 2, target met for the 4th week in a row (up from 2 last week)." in lines
    assert "No contact: 1 slip this week, and you started again: 4 days since." in lines
    assert (
        "At your recent pace you are on track to reach 100 km by 28 November, "
        "ahead of your 31 December deadline." in lines
    )
    assert "Your mood averaged 6.5 over 4 days, up from 4.5 the week before." in lines
    assert "They reached out twice and you held your ground. That takes strength." in lines


def test_goal_behind_its_deadline() -> None:
    data = history()
    data["habits"][2]["deadline"] = "2026-11-20"
    lines = rp.build_report(to_dataset(data), D("2026-11-12"), TODAY).observations
    # 45 km in the 5 days left before Fri 20 Nov: 63 km a week
    assert (
        "At your recent pace 100 km comes on 28 November, after your 20 November deadline; "
        "about 63 km a week would make it." in lines
    )


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"),
                                         (11, "11th"), (12, "12th"), (13, "13th"),
                                         (21, "21st"), (22, "22nd"), (101, "101st")])  # fmt: skip
def test_ordinal(n: int, text: str) -> None:
    assert rp.ordinal(n) == text


# ------------------------------------------------------------------- renderers

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_json_matches_the_spec_fields(dataset: Dataset) -> None:
    text = rp.render(rp.build_report(dataset, D("2026-11-12"), TODAY), "json")
    data = json.loads(text)
    for key in ("week_start", "week_end", "habits", "milestones", "goal", "mood",
                "reached_out", "notes"):  # fmt: skip
        assert key in data
    for habit in data["habits"]:
        assert {"habit", "kind", "done", "target", "rate", "current_streak",
                "longest_streak", "previous_week_done"} <= set(habit)  # fmt: skip
    assert set(data["milestones"][0]) >= {"habit", "milestone", "date"}
    assert set(data["mood"]) >= {"average", "previous_average", "days"}
    assert HOSTILE in text.replace('\\"', '"')  # JSON keeps the text exactly


def test_rate_is_null_when_the_target_is_zero() -> None:
    data = history()
    data["entries"] += [{"date": d, "habit": "journal", "value": "skip", "note": None}
                        for d in ("2026-11-16", "2026-11-17")]  # fmt: skip
    report = rp.build_report(to_dataset(data), D("2026-11-17"), D("2026-11-17"))
    journal = figures(report)["journal"]
    assert (journal["done"], journal["target"], journal["rate"]) == (0, 0, None)


def test_text_fits_80_columns_and_colour_is_a_flag(dataset: Dataset) -> None:
    data = history()
    data["habits"][3]["name"] = "A habit with a very long name that goes on and on"
    data["days"].append({"date": "2026-11-11", "mood": 3, "reached_out": False,
                         "note": "心が軽い" * 30 + " " + "x" * 200 + "\ttab\x1b[31m"})  # fmt: skip
    report = rp.build_report(to_dataset(data), D("2026-11-12"), TODAY)
    plain = rp.render_text(report)
    assert "\x1b" not in plain
    for line in plain.splitlines():
        assert rp.display_width(line) <= 80, line
    assert "Weekly summary · 9–15 November 2026" in plain
    assert "A habit with a very …" in plain
    assert "4 weeks" in plain and "No contact" in plain
    assert "\ufffd[31m" in plain  # a terminal escape in a note is shown, not obeyed
    coloured = rp.render_text(report, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_display_width() -> None:
    assert rp.display_width("abc") == 3
    assert rp.display_width("心が") == 4
    assert rp.display_width("é") == 1
    assert rp.display_width("e\u0301") == 1
    assert rp.wrap("心が軽い" * 3, 6) == ["心が軽", "い心が", "軽い心", "が軽い"]
    assert rp.wrap("one two three", 7) == ["one two", "three"]


def test_markdown(dataset: Dataset) -> None:
    data = history()
    data["habits"][0]["name"] = "No | contact *ever*"
    md = rp.render_markdown(rp.build_report(to_dataset(data), D("2026-11-12"), TODAY))
    assert md.startswith("# Weekly summary: 9–15 November 2026\n")
    assert "## Habits" in md and "## Milestones" in md and "## Notes" in md
    table = [line for line in md.splitlines() if line.startswith("| ")]
    header_cells = table[0].count(" | ")
    assert all(row.count(" | ") == header_cells for row in table[:6])  # the | is escaped
    assert "No \\| contact \\*ever\\*" in md
    assert '\\<script\\>window.\\_\\_pwned = 1\\</script\\> \\& "quotes"' in md
    assert "<script>" not in md
    assert "- **Fri 13 Nov**" not in md  # no note that day
    assert "**Workout**: 4 weeks in a row on target, Friday 13 November" in md
    assert "| Journal | ✓ | \\~ | · | ✓ | ✓ | · | ✓ | 4/6 | 3/3 | 1 day | 4 days |" in md


def test_html_escapes_user_text_and_is_self_contained(dataset: Dataset) -> None:
    data = history()
    data["habits"][1]["name"] = 'Gym "<b>&</b>"'
    report = rp.build_report(to_dataset(data), D("2026-11-12"), TODAY)
    page = rp.render_html(report)
    assert "<script" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp; &quot;quotes&quot;" in page
    assert "Gym &quot;&lt;b&gt;&amp;&lt;/b&gt;&quot;" in page
    assert "<b>" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page
    assert '<meta name="viewport"' in page
    assert "$" not in page.replace("$$", "")  # every template field filled


def test_html_embeds_the_chart_as_a_data_uri(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-12"), TODAY)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    page = rp.render_html(report, chart_svg=svg)
    assert '<img src="data:image/svg+xml;base64,' in page
    assert "<figure" not in rp.render_html(report)


def test_week_chart(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-12"), TODAY)
    try:
        from habit_tracker.charts import render_chart  # noqa: F401
    except ImportError:
        assert rp.week_chart_svg(dataset, report) is None
    else:
        svg = rp.week_chart_svg(dataset, report)
        assert svg is not None and b"<svg" in svg
        assert b"<script" not in svg


def test_unknown_format(dataset: Dataset) -> None:
    with pytest.raises(rp.UsageError, match="unknown report format"):
        rp.render(rp.build_report(dataset, TODAY, TODAY), "pdf")


# --------------------------------------------------------------------- the CLI


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        "HABIT_TRACKER_DB": str(tmp_path / "habits.db"),
        "HABIT_TRACKER_NOW": "2026-11-22T20:00:00",
        "NO_COLOR": "1",
    }


@pytest.fixture
def loaded(tmp_path: Path, cli_env: dict[str, str]) -> dict[str, str]:
    from habit_tracker.cli import cli

    source = tmp_path / "history.json"
    source.write_text(json.dumps(history()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source)], env=cli_env)
    assert result.exit_code == 0, result.output
    return cli_env


def run(env: dict[str, str], *args: str) -> Any:
    from habit_tracker.cli import cli

    return CliRunner().invoke(cli, list(args), env=env)


def test_cli_report_formats(loaded: dict[str, str]) -> None:
    text = run(loaded, "report")
    assert text.exit_code == 0, text.output
    assert "Weekly summary · 16–22 November 2026" in text.output
    assert "\x1b" not in text.output

    js = run(loaded, "report", "--week", "2026-11-12", "--format", "json")
    assert js.exit_code == 0, js.output
    data = json.loads(js.output)
    assert data["week_start"] == "2026-11-09"
    assert figures_from(data)["workout"]["current_streak"] == 4

    md = run(loaded, "report", "--week", "thursday", "--format", "markdown")
    assert md.exit_code == 0 and md.output.startswith("# Weekly summary: 16–22 November 2026")

    page = run(loaded, "report", "--week", "nov 12", "--format", "html")
    assert page.exit_code == 0 and page.output.startswith("<!DOCTYPE html>")
    assert "9–15 November 2026" in page.output


def figures_from(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {h["habit"]: h for h in data["habits"]}


def test_cli_report_output_file(loaded: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "week.html"
    result = run(loaded, "report", "--week", "2026-11-12", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")  # format from the extension
    assert "&lt;script&gt;" in page

    forced = tmp_path / "week.txt"
    result = run(loaded, "report", "--format", "json", "-o", str(forced))
    assert result.exit_code == 0
    assert json.loads(forced.read_text(encoding="utf-8"))["week_end"] == "2026-11-22"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "/nonexistent-dir/x/report.txt"], "cannot write /nonexistent-dir/x/report.txt"),
        (["--week", "2026-12-01"], "in the future"),
        (["--week", "someday"], "someday"),
        (["--format", "pdf"], "pdf"),
    ],
)
def test_cli_report_errors(loaded: dict[str, str], args: list[str], message: str) -> None:
    result = run(loaded, "report", *args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and message in lines[0]


def test_cli_report_unwritable_file(loaded: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x")
    result = run(loaded, "report", "--output", str(tmp_path / "plain-file" / "r.md"))
    assert result.exit_code != 0
    assert result.output.startswith("Error: cannot write") and result.output.count("\n") == 1
    assert not (tmp_path / "r.md").exists()


def test_cli_report_without_a_database(cli_env: dict[str, str]) -> None:
    result = run(cli_env, "report")
    assert result.exit_code != 0
    assert result.output.startswith("Error: no habit-tracker database")


def test_cli_help_has_examples() -> None:
    for command in ("report", "demo"):
        result = run({}, command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.output


# -------------------------------------------------------------------- the demo


def test_demo_library(tmp_path: Path) -> None:
    from habit_tracker.demo import run_demo

    out = tmp_path / "tour"
    paths = run_demo(out)
    names = [p.name for p in paths]
    assert names[:3] == ["demo.db", "report.html", "report.md"]
    for path in paths:
        assert path.parent == out and path.stat().st_size > 0
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Weekly summary: 16–22 November 2026")
    assert "**No contact**: 60 days in a row, Sunday 22 November" in md
    charts = [p for p in paths if p.name.startswith("chart-")]
    try:
        from habit_tracker.charts import render_chart  # noqa: F401
    except ImportError:
        assert charts == []
    else:
        assert {p.stem for p in charts} == {f"chart-{k}" for k in
                                            ("heatmap", "streaks", "goal", "weekly", "mood",
                                             "dashboard", "urges")}  # fmt: skip
        for path in charts:
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "data:image/svg+xml;base64," in (out / "report.html").read_text(encoding="utf-8")

    # A second run replaces the demo database rather than adding to it.
    run_demo(out)
    from habit_tracker.store import open_store

    with open_store(out / "demo.db") as store:
        assert len(store.load_dataset().entries["no-contact"]) == len(
            [e for e in json.loads(sample_text())["entries"] if e["habit"] == "no-contact"]
        )


def sample_text() -> str:
    return (Path(__file__).parent.parent / "data" / "sample.json").read_text(encoding="utf-8")


def test_demo_sample_story() -> None:
    """The figures the demo shows (and the README may quote)."""
    from habit_tracker.demo import last_day, sample_data

    data = sample_data()
    assert data == json.loads(sample_text())  # the bundled copy is the repository's
    today = last_day(data)
    assert today == D("2026-11-22") and today.weekday() == 6
    report = rp.build_report(to_dataset(data), today, today).to_dict()
    got = figures_from(report)
    assert got["no-contact"]["current_streak"] == 60
    assert got["no-contact"]["longest_streak"] == 60
    assert got["workout"]["current_streak"] == 5
    assert ("no-contact", 60, "2026-11-22") in [
        (m["habit"], m["milestone"], m["date"]) for m in report["milestones"]
    ]
    assert report["goal"]["unit"] == "km" and report["goal"]["projected_finish"] < "2027-03-14"
    assert report["reached_out"] == 1
    moods = [d["mood"] for d in data["days"]]
    assert all(1 <= m <= 10 for m in moods)
    first = [m for d, m in zip(data["days"], moods, strict=True) if d["date"] < "2026-09-14"]
    last = [m for d, m in zip(data["days"], moods, strict=True) if d["date"] > "2026-11-01"]
    assert sum(first) / len(first) < sum(last) / len(last)  # the arc rises
    assert any(ord(ch) > 0x3000 for d in data["days"] for ch in (d["note"] or ""))


def test_demo_generator_is_deterministic(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = Path(__file__).parent.parent / "scripts" / "make_sample_data.py"
    target = tmp_path / "sample.json"
    subprocess.run([sys.executable, str(script), str(target)], check=True, capture_output=True)
    assert target.read_text(encoding="utf-8") == sample_text()


def test_demo_refuses_foreign_files(tmp_path: Path) -> None:
    from habit_tracker.demo import run_demo
    from habit_tracker.errors import DatabaseError, UsageError

    (tmp_path / "demo.db").write_text("my notes, not a database")
    with pytest.raises(DatabaseError):
        run_demo(tmp_path)
    assert (tmp_path / "demo.db").read_text() == "my notes, not a database"
    with pytest.raises(UsageError, match="your own habit database"):
        run_demo(tmp_path, protect=tmp_path / "demo.db")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="is a file"):
        run_demo(tmp_path / "file")


def test_cli_demo(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "x"
    result = run(cli_env, "demo", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert f"Demo written to {out}" in result.output
    for name in ("demo.db", "report.html", "report.md"):
        assert str(out / name) in result.output
    assert not Path(cli_env["HABIT_TRACKER_DB"]).exists()  # the user's database untouched


def test_cli_demo_default_folder(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from habit_tracker.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "habit-tracker-demo" / "report.html").is_file()


def test_cli_demo_errors(cli_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    result = run(cli_env, "demo", "--output", str(tmp_path / "taken"))
    assert result.exit_code != 0
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_weeks_are_seven_days(dataset: Dataset) -> None:
    for offset in range(0, 21):
        day = D("2026-11-01") + timedelta(days=offset)
        report = rp.build_report(dataset, day, TODAY)
        assert report.week_start <= day <= report.week_end
        assert (report.week_end - report.week_start).days == 6
        assert report.week_start.weekday() == 0


@pytest.mark.parametrize("weekday", range(7))
def test_cli_report_html_on_every_weekday(loaded: dict[str, str], weekday: int) -> None:
    """The HTML report (with its chart) works mid-week, not only on the week's last day."""
    day = date(2026, 11, 16) + timedelta(days=weekday)  # Monday 16 .. Sunday 22 November
    env = {**loaded, "HABIT_TRACKER_NOW": f"{day.isoformat()}T21:00:00"}
    page = run(env, "report", "--format", "html")
    assert page.exit_code == 0, page.output
    assert page.output.startswith("<!DOCTYPE html>")
    assert "16–22 November 2026" in page.output


def test_html_embeds_each_chart_panel_as_its_own_image(dataset: Dataset) -> None:
    report = rp.build_report(dataset, D("2026-11-12"), TODAY)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    panels = rp.ChartPanels("Charts: 12 weeks <to> Sun", [("Mood <b>&</b>", svg), ("Goal", svg)])
    page = rp.render_html(report, chart_panels=panels)
    assert page.count('<img src="data:image/svg+xml;base64,') == 2
    assert 'alt="Mood &lt;b&gt;&amp;&lt;/b&gt;"' in page and "<b>" not in page
    assert "<h2>Charts: 12 weeks &lt;to&gt; Sun</h2>" in page
    assert 'class="chart-grid"' in page
    assert 'class="chart-grid"' not in rp.render_html(report)


@pytest.mark.parametrize("as_of", ["2026-11-09", "2026-11-11", "2026-11-12"])
def test_week_chart_panels_cover_the_weeks_up_to_the_report_day(dataset: Dataset,
                                                                as_of: str) -> None:
    report = rp.build_report(dataset, D(as_of), D(as_of))
    panels = rp.week_chart_panels(dataset, report)
    assert panels is not None
    day = D(as_of)
    assert panels.heading.endswith(f"to {day:%a} {day.day} Nov 2026")
    assert len(panels.images) == 5
    for text, svg in panels.images:
        assert text.endswith(panels.heading.removeprefix("Charts: "))
        assert svg.startswith(b"<?xml") and b"<script" not in svg


def test_text_markdown_and_json_reports_do_not_load_the_html_page(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from habit_tracker import report\n"
        "from habit_tracker.store import open_store\n"
        f"with open_store(Path({str(tmp_path / 'h.db')!r}), create=True) as store:\n"
        "    for fmt in ('text', 'markdown', 'json'):\n"
        "        report.weekly_report_from_store(store, date(2026, 11, 18), date(2026, 11, 20), fmt)\n"
        "print('habit_tracker.report.html' in sys.modules)\n"
        "print(report.render_html.__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "habit_tracker.report.html"]


def _full_md_escape(value: str) -> str:
    """md_escape without its shortcut for plain lines (the rule it must agree with)."""
    import re as regex

    from habit_tracker.text import safe_text

    escaped = regex.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", safe_text(value))
    return "\\\n".join(regex.sub(r"^(\s*\d+)([.)])", r"\1\\\2",
                                 regex.sub(r"^(\s*)([-=+#])", r"\1\\\2", line))
                       for line in escaped.split("\n"))


@pytest.mark.parametrize("text", ["Read 20 pages", "  - list", "1. first", "12) x", "# head", "a_b",
                                  "", " ", "3 times", "Walk · 5 km", "x\ny", "tab\there", "ok"])
def test_md_escape_shortcut_is_the_full_escape(text: str) -> None:
    assert rp.md_escape(text) == _full_md_escape(text)


def test_md_escape_shortcut_on_random_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list(" -=+#0123456789.)aZ_*`[]<>|~&\\\n\t·é")),
                   max_size=12) | st.text(max_size=12))
    def same(text: str) -> None:
        assert rp.md_escape(text) == _full_md_escape(text)

    same()
