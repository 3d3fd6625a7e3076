"""The report as one self-contained HTML page, with the dashboard chart embedded."""

from __future__ import annotations

import base64
import html
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from .. import engine
from ..models import (
    ABSTAIN,
    BROKEN,
    GOAL,
    Dataset,
    format_amount,
)
from .companion import companion_sections
from .model import MoodWeek, WeeklyReport
from .wording import (
    WEEKDAY_LONG,
    WEEKDAY_NAMES,
    cell_text,
    day_month,
    figure,
    goal_line,
    goal_plan,
    milestone_text,
    mood_line,
    plural,
    short_day,
    shown_milestones,
    streak_text,
    week_title,
)

if TYPE_CHECKING:
    from ..store import Store

_HTML_STATE_LABELS = {
    engine.STATE_KEPT: "kept",
    engine.STATE_DONE: "done",
    engine.STATE_BROKEN: "broken",
    engine.STATE_MISSED: "missed",
    engine.STATE_SKIP: "rest / skipped",
    engine.STATE_PARTIAL: "partly",
    engine.STATE_OPEN: "not logged yet",
    engine.STATE_NONE: "not started",
}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _template() -> Template:
    source = resources.files("habit_tracker").joinpath("templates/report.html")
    return Template(source.read_text(encoding="utf-8"))


def _html_habits(report: WeeklyReport) -> str:
    if not report.habits:
        return ""
    parts: list[str] = []
    for h in report.habits:
        met = h.target > 0 and h.done >= h.target
        badge_class = "badge met" if met and h.kind != GOAL else "badge"
        cells = []
        for c in h.days:
            label = f"{WEEKDAY_LONG[c.date.weekday()]} {day_month(c.date)}: "
            label += _HTML_STATE_LABELS.get(c.state, c.state)
            if c.amount is not None and h.kind == GOAL:
                label += f" ({format_amount(round(c.amount, 2))})"
            cells.append(
                f'<li class="day s-{esc(c.state)}" title="{esc(label)}">'
                f'<span class="wd">{WEEKDAY_NAMES[c.date.weekday()][:2]}</span>'
                f'<span class="mk" aria-label="{esc(label)}">{esc(cell_text(c, h.kind))}</span>'
                "</li>"
            )
        before = (
            f"week before {h.previous_week_done}/{h.previous_week_target}"
            if h.previous_week_done is not None
            else "first week"
        )
        meta = (
            f"streak {streak_text(h.current_streak, h.unit)} · longest "
            f"{streak_text(h.longest_streak, h.unit)} · {before}"
        )
        parts.append(
            '<article class="habit">'
            f'<div class="habit-head"><h3>{esc(h.name)}</h3>'
            f'<span class="{badge_class}">{figure(h)}</span></div>'
            f'<ol class="days">{"".join(cells)}</ol>'
            f'<p class="meta">{esc(meta)}</p>'
            "</article>"
        )
    parts.append(
        '<p class="meta legend">✓ done or kept · ✗ broken · · missed · ~ rest or skipped · '
        "? not logged yet · goal days show the amount</p>"
    )
    return "\n".join(parts)


def _html_section(title: str, body: str, css: str = "") -> str:
    if not body:
        return ""
    cls = f' class="{css}"' if css else ""
    return f"<section{cls}><h2>{esc(title)}</h2>\n{body}\n</section>"


def _html_goals(report: WeeklyReport) -> str:
    parts = []
    for g in report.goals:
        width = max(0.0, min(100.0, g.percent))
        plan = goal_plan(g)
        parts.append(
            '<section class="goal">'
            f"<h2>Goal: {esc(g.name)}</h2>"
            f'<div class="bar" role="img" aria-label="{esc(format_amount(g.percent))}%">'
            f'<span style="width:{width:.1f}%"></span></div>'
            f"<p>{esc(goal_line(g))}</p>"
            + (f'<p class="meta">{esc(plan)}</p>' if plan else "")
            + "</section>"
        )
    return "\n".join(parts)


def _html_mood(mood: MoodWeek, week_start: date) -> str:
    if mood.average is None and mood.previous_average is None:
        return ""
    # Every day of the week keeps its slot, so two moods do not stand side by
    # side as if on consecutive days, nor one fill the whole card.
    given = dict(mood.by_day)
    bars = "".join(
        f'<li title="{esc(WEEKDAY_LONG[d.weekday()])}: {given[d]}">'
        f'<span class="m" style="height:{given[d] * 10}%">{given[d]}</span>'
        f'<span class="wd">{WEEKDAY_NAMES[d.weekday()][:2]}</span></li>'
        if d in given else
        f'<li title="{esc(WEEKDAY_LONG[d.weekday()])}: no mood logged">'
        f'<span class="wd">{WEEKDAY_NAMES[d.weekday()][:2]}</span></li>'
        for d in (week_start + timedelta(days=i) for i in range(7))
    )
    body = f"<p>{esc(mood_line(mood))}</p>"
    if given:
        body += f'<ol class="moods">{bars}</ol>'
    return _html_section("Mood", body)


def _html_notes(report: WeeklyReport) -> str:
    items = []
    for n in report.notes:
        tag = f' <span class="tag">{esc(n.habit_name)}</span>' if n.habit_name else ""
        items.append(
            f'<li><time datetime="{n.date.isoformat()}">{esc(short_day(n.date))}</time>{tag}'
            f'<p class="note">{esc(n.text)}</p></li>'
        )
    return _html_section("Notes", f'<ul class="notes">{"".join(items)}</ul>') if items else ""


def _html_companion(report: WeeklyReport) -> str:
    if report.companion is None:
        return ""
    return "\n".join(
        _html_section(heading, '<ul class="notes">'
                      + "".join(f'<li><p class="note">{esc(line)}</p></li>' for line in lines)
                      + "</ul>")
        for heading, lines in companion_sections(report.companion)
    )


def chart_data_uri(svg: bytes | None) -> str | None:
    if not svg:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@dataclass(frozen=True)
class ChartPanels:
    """The report's charts: the period they all show, and (description, SVG) each."""

    heading: str
    images: Sequence[tuple[str, bytes]]


def _html_charts(panels: Sequence[tuple[str, bytes]], period: str) -> str:
    """Each chart panel its own image (data URI), in a grid the page lays out:
    one column on a phone, two on a wider screen."""
    figures = []
    for text, svg in panels:
        uri = chart_data_uri(svg)
        if uri:
            figures.append(f'<figure><img src="{uri}" alt="{esc(text)}"></figure>')
    if not figures:
        return ""
    return (f'<section class="charts"><h2>{esc(period)}</h2>'
            f'<div class="chart-grid">{"".join(figures)}</div></section>')


def render_html(
    report: WeeklyReport,
    *,
    chart_svg: bytes | None = None,
    chart_panels: ChartPanels | None = None,
) -> str:
    """One self-contained page: inline CSS, the charts (if given) as data URIs, no
    script and a Content-Security-Policy that forbids fetching anything.

    ``chart_panels``: images laid out in a grid under their common heading
    (``week_chart_panels``); ``chart_svg``: one image as wide as the page."""
    observations = "".join(f"<li>{esc(line)}</li>" for line in report.observations)
    milestones = "".join(
        f"<li><strong>{esc(m.name)}</strong>: {esc(milestone_text(m))} "
        + ", ".join(f'<time datetime="{d.isoformat()}">{esc(short_day(d))}</time>' for d in dates)
        + "</li>"
        for m, dates in shown_milestones(report)
    )
    reached = ""
    if report.reached_out:
        dates = ", ".join(short_day(d) for d in report.reached_out_dates)
        reached = _html_section(
            "They reached out",
            f"<p>{esc(plural(report.reached_out, 'day'))}: {esc(dates)}. "
            "You did not have to answer, and you didn't.</p>"
            if all(
                c.state != BROKEN
                for h in report.habits
                if h.kind == ABSTAIN
                for c in h.days
                if c.date in report.reached_out_dates
            )
            else f"<p>{esc(plural(report.reached_out, 'day'))}: {esc(dates)}.</p>",
        )
    uri = chart_data_uri(chart_svg)
    chart = (
        f'<figure class="chart"><img src="{uri}" alt="Dashboard chart of the week"></figure>' if uri else ""
    )
    if chart_panels:
        chart += _html_charts(chart_panels.images, chart_panels.heading)
    subtitle = (
        f"So far: up to {WEEKDAY_LONG[report.as_of.weekday()]}, {day_month(report.as_of)}"
        if not report.complete
        else f"{WEEKDAY_LONG[report.week_start.weekday()]} to {WEEKDAY_LONG[report.week_end.weekday()]}"
    )
    return _template().substitute(
        title=esc(f"Weekly summary · {week_title(report)}"),
        heading=esc(week_title(report)),
        subtitle=esc(subtitle),
        observations=_html_section(
            "How the week went", f'<ul class="obs">{observations}</ul>' if observations else ""
        ),
        habits=_html_section("Habits", _html_habits(report)),
        chart=chart,
        milestones=_html_section(
            "Milestones", f'<ul class="stars">{milestones}</ul>' if milestones else "", "ms"
        ),
        goals=_html_goals(report),
        mood=_html_mood(report.mood, report.week_start),
        reached=reached + _html_companion(report),
        notes=_html_notes(report),
    )


# -------------------------------------------------------------- the chart


#: Weeks the report's dashboard chart looks back over, the report's week included:
#: one week alone makes a thin heatmap and a single bar.
CHART_WEEKS = 12


def week_chart_panels(dataset: Dataset, report: WeeklyReport) -> ChartPanels | None:
    """The dashboard's panels up to the end of the report's week (the twelve weeks
    before, or since the data begins), each a separate SVG; ``None`` when the
    chart library is not installed in this build."""
    try:
        from ..charts import render_panels
        from ..charts.data import dashboard_range, range_text
    except ImportError:
        return None
    last = min(report.week_end, report.as_of)
    span = dashboard_range(dataset, None, last, report.as_of, weeks=CHART_WEEKS)
    images = render_panels(dataset, first=span.first, last=span.last, as_of=report.as_of)
    return ChartPanels(f"Charts: {range_text(span.first, span.last)}", images)


def week_chart_panels_from_store(store: Store, report: WeeklyReport) -> ChartPanels | None:
    """``week_chart_panels`` reading only the weeks the charts show (and what their
    figures need from before: ``charts.window``), not all of history."""
    try:
        from ..charts.data import week_start_of
        from ..charts.window import streak_habit_whole, window_dataset
    except ImportError:
        return None
    last = min(report.week_end, report.as_of)
    first = week_start_of(last, store.settings().week_start) - timedelta(weeks=CHART_WEEKS - 1)
    whole = streak_habit_whole(store.habits())
    return week_chart_panels(window_dataset(store, first, report.as_of, whole=whole), report)


def week_chart_svg(dataset: Dataset, report: WeeklyReport) -> bytes | None:
    """The dashboard chart at the end of the report's week (its last twelve weeks) as
    SVG bytes, or ``None`` when the chart library is not installed in this build."""
    try:
        from ..charts import render_chart
    except ImportError:
        return None
    with tempfile.TemporaryDirectory(prefix="habit-tracker-report-") as folder:
        path = Path(folder) / "dashboard.svg"
        render_chart(
            "dashboard",
            dataset,
            first=report.week_start - timedelta(weeks=CHART_WEEKS - 1),
            last=min(report.week_end, report.as_of),
            as_of=report.as_of,
            output_path=path,
        )
        return path.read_bytes()


