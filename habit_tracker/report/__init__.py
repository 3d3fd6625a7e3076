"""The weekly summary: figures first, then text, Markdown, JSON and HTML from them.

``build_report(dataset, week_day, today)`` works out one ``WeeklyReport`` for the
week holding ``week_day`` (weeks begin on ``dataset.week_start``).  The week's
figures are those of SPEC.md, "The week's figures": they are taken as of
T = the earlier of the week's last day and ``today``.  Streaks, milestones and
the goal's projection come from the engine; the renderers only format.

No click, no clock, no terminal: colour in the text rendering is a flag, and the
HTML chart is rendered by ``habit_tracker.charts`` only when that is available.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import Dataset
from ..text import display_width, pad, truncate, wrap
from .build import build_report, report_as_of, week_figures
from .json import render_json
from .markdown import md_escape, render_markdown
from .model import DayCell, GoalWeek, HabitWeek, MilestoneLine, MoodWeek, NoteLine, WeeklyReport
from .text import WIDTH, render_text
from .wording import ordinal, plural

if TYPE_CHECKING:
    from ..store import Store
    from .html import (
        CHART_WEEKS,
        ChartPanels,
        chart_data_uri,
        render_html,
        week_chart_panels,
        week_chart_panels_from_store,
        week_chart_svg,
    )

#: Names of the HTML page's module, imported when first asked for: the text, Markdown
#: and JSON reports never load it (nor what it loads: templates, base64, tempfile).
_HTML_NAMES = frozenset({"CHART_WEEKS", "ChartPanels", "chart_data_uri", "render_html",
                         "week_chart_panels", "week_chart_panels_from_store", "week_chart_svg"})


def __getattr__(name: str) -> object:
    if name in _HTML_NAMES:
        from . import html

        return getattr(html, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json")

__all__ = [
    "CHART_WEEKS", "FORMATS", "WIDTH", "ChartPanels", "DayCell", "GoalWeek", "HabitWeek",
    "MilestoneLine", "MoodWeek", "NoteLine", "UsageError", "WeeklyReport", "build_report",
    "chart_data_uri", "display_width", "md_escape", "ordinal", "pad", "plural", "render",
    "render_html", "render_json", "render_markdown", "render_text", "report_as_of", "truncate",
    "week_chart_panels", "week_chart_panels_from_store", "week_chart_svg", "week_figures",
    "weekly_report",
    "weekly_report_from_store", "wrap",
]  # fmt: skip


# ------------------------------------------------------------- one entry point


def render(
    report: WeeklyReport,
    fmt: str,
    *,
    color: bool = False,
    chart: Callable[[], ChartPanels | None] | None = None,
    width: int = WIDTH,
) -> str:
    """The report in one of FORMATS.  ``chart`` supplies the HTML chart panels,
    asked for only when the format shows them; ``width`` is the text format's
    line width (a terminal's columns)."""
    if fmt == "text":
        return render_text(report, color=color, width=width)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report, chart_panels=chart() if chart else None)
    raise UsageError(f"unknown report format '{fmt}'; choose one of {', '.join(FORMATS)}")


def weekly_report(
    dataset: Dataset, week_day: date, today: date, fmt: str = "text", *, color: bool = False,
    include_writing: bool = False,
    notes: bool = True,
    width: int = WIDTH,
) -> str:
    """What `habit-tracker report` prints: build, then render (HTML with the charts).
    Writing is counted; its words are included only with ``include_writing``.
    ``notes=False`` leaves the notes out of every format (a report to show someone).
    """
    from .html import week_chart_panels

    report = build_report(dataset, week_day, today, include_writing=include_writing)
    if not notes:
        report = without_notes(report)
    return render(report, fmt, color=color, chart=lambda: week_chart_panels(dataset, report),
                  width=width)


LEFT_OUT = "(left out)"


def without_notes(report: WeeklyReport) -> WeeklyReport:
    """The report with every piece of free text taken out: the notes, what was
    written, what a necessary contact was about, what led to a break.  Counts,
    dates and urge triggers (chosen labels) stay."""
    companion = report.companion
    if companion is not None:
        companion = companion._replace(
            writing_texts=(),
            necessary_contact=tuple((d, LEFT_OUT) for d, _ in companion.necessary_contact),
            attempts_ended=tuple(a._replace(trigger=None) for a in companion.attempts_ended),
        )
    return report._replace(notes=(), companion=companion)


def weekly_report_from_store(
    store: Store, week_day: date, today: date, fmt: str = "text", *, color: bool = False,
    include_writing: bool = False, notes: bool = True, width: int = WIDTH,
) -> str:
    """``weekly_report`` reading only the two weeks it sums up and each habit's recent
    window (``recent.dataset_at``), not all of history; the HTML charts read the weeks they
    draw (``week_chart_panels_from_store``)."""
    from ..engine import week_start_of
    from ..recent import views_data

    week_start = store.settings().week_start
    t = report_as_of(week_day, today, week_start)
    # two weeks of entries, and the milestones and runs that ended in the week
    found = views_data(store, t, today, first=t - timedelta(days=13),
                       found_from=week_start_of(week_day, week_start))
    report = build_report(found.dataset, week_day, today, include_writing=include_writing,
                          analysed=found.stats, runs_before=found.runs_before)
    if not notes:
        report = without_notes(report)

    def chart() -> ChartPanels | None:  # the charts read the weeks they draw
        from .html import week_chart_panels_from_store

        return week_chart_panels_from_store(store, report)

    return render(report, fmt, color=color, chart=chart, width=width)
