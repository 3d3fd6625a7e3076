"""Progress charts: heatmap, streaks, goal, weekly, mood and a dashboard.

Importing this package is cheap: matplotlib is loaded by ``render_chart`` only
when a chart is drawn.  The data shaping lives in ``charts.data`` (no matplotlib),
the drawing in ``charts.draw``, figures and files in ``charts.render``, colours
and sizes in ``charts.style``.

    from habit_tracker.charts import render_chart
    render_chart("heatmap", dataset, habit="no-contact", as_of=today,
                 output_path=Path("nc.svg"))
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import Dataset

if TYPE_CHECKING:
    from ..store import Store

CHART_KINDS: tuple[str, ...] = (
    "heatmap", "streaks", "goal", "weekly", "mood", "dashboard", "urges",
)
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")


def chart_format(path: Path | str) -> str:
    """The file format named by a path's extension: png, svg or pdf."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = f"'.{suffix}'" if suffix else "no extension"
        raise UsageError(
            f"cannot tell the chart format from {str(path)!r} ({shown}): "
            "end the file name with .png, .svg or .pdf"
        )
    return suffix


def default_chart_name(kind: str, habit: str | None, as_of: date, fmt: str = "png") -> str:
    """``habit-tracker-heatmap-no-contact-2026-11-22.png``: kind, habit, day."""
    parts = ["habit-tracker", kind]
    if habit:
        parts.append(re.sub(r"[^A-Za-z0-9_-]+", "-", habit).strip("-") or "habit")
    parts.append(as_of.isoformat())
    return "-".join(parts) + f".{fmt}"


def render_chart(
    kind: str,
    dataset: Dataset,
    *,
    habit: str | None = None,
    first: date | None = None,
    last: date | None = None,
    as_of: date,
    output_path: Path | str | None = None,
) -> Path:
    """Draw a chart of ``dataset`` as it was at the end of ``as_of`` and save it.

    ``kind``: one of CHART_KINDS.  ``habit``: a habit slug (default: all habits,
    or the kind's natural habit: no-contact for streaks, the goal for goal).
    ``first``/``last``: the period shown (each kind has its own default).
    ``output_path``: where to write; the format comes from its extension.  By
    default a PNG named after the chart in the current folder.  Returns the path.
    """
    if kind not in CHART_KINDS:
        raise UsageError(f"unknown chart kind '{kind}': choose one of {', '.join(CHART_KINDS)}")
    path = Path(output_path) if output_path is not None else None
    if path is not None:
        chart_format(path)  # a wrong extension fails before matplotlib is loaded
    from . import render  # matplotlib is imported here, not before

    if path is None:
        chosen = render.resolve_habit(kind, dataset, habit)
        name = habit if habit else (chosen.slug if chosen is not None else None)
        path = Path(default_chart_name(kind, name, as_of))
    fmt = chart_format(path)
    return render.render(
        kind, dataset, habit=habit, first=first, last=last, as_of=as_of, path=path, fmt=fmt
    )


def window_start(kind: str, first: date | None, last: date | None, as_of: date,
                 week_start: int = 0) -> date:
    """The first day whose entries a chart of ``kind`` reads (``charts.window`` adds
    its margin and what the figures need from before): the earliest its period can
    begin.  Streaks and goal charts read their habit whole."""
    from datetime import timedelta

    from . import data as d

    end = last or as_of
    if first is not None:
        return min(first, end)
    if kind == "heatmap":
        return d.year_before(end)
    if kind in ("mood", "urges"):
        return d.months_before(end, 3)
    if kind in ("weekly", "dashboard"):
        return d.week_start_of(end, week_start) - timedelta(weeks=11)
    return end


def render_chart_from_store(
    kind: str,
    store: Store,
    *,
    habit: str | None = None,
    first: date | None = None,
    last: date | None = None,
    as_of: date,
    output_path: Path | str | None = None,
) -> Path:
    """``render_chart`` reading only what the chart shows (``charts.window``), not
    all of history; the dashboard's figures (streaks, best, goal total) come from
    ``recent.analyze_habits``, exactly the engine's."""
    if kind not in CHART_KINDS:
        raise UsageError(f"unknown chart kind '{kind}': choose one of {', '.join(CHART_KINDS)}")
    if output_path is not None:
        chart_format(output_path)  # a wrong extension fails before anything is read
    from ..models import ABSTAIN, GOAL, no_contact_habit
    from .window import streak_habit_whole, window_dataset

    habits = store.habits(include_archived=True)
    active = [h for h in habits if not h.archived]
    whole: list[str] = []
    breaks: list[str] = []  # abstain habits whose streaks are shown: their old breaks too
    if kind in ("streaks", "goal"):
        chosen = next((h for h in habits if h.slug == habit), None) if habit else (
            (no_contact_habit(active) or (active[0] if active else None)) if kind == "streaks"
            else next((h for h in active if h.kind == GOAL), None))
        # An abstain habit's streaks need only its breaks, which the window keeps.
        if chosen is not None:
            (breaks if chosen.kind == ABSTAIN else whole).append(chosen.slug)
    if kind == "dashboard":
        whole += streak_habit_whole(habits)
        streaky = sorted(active, key=lambda h: h.position)
        shown = no_contact_habit(streaky) or (streaky[0] if streaky else None)
        if shown is not None:
            breaks.append(shown.slug)
    begin = window_start(kind, first, last, as_of, store.settings().week_start)
    dataset = window_dataset(store, begin, max(as_of, last or as_of), include_archived=True,
                             whole=whole, triggers=kind == "streaks",
                             breaks=breaks)
    stats = None
    if kind == "dashboard":
        from ..recent import analyze_habits

        found = analyze_habits(store.conn, active, as_of,
                               week_start=store.settings().week_start)
        stats = {slug: recent.stats for slug, recent in found.items()}
    from . import render

    if output_path is None:
        chosen_habit = render.resolve_habit(kind, dataset, habit)
        name = habit if habit else (chosen_habit.slug if chosen_habit is not None else None)
        path = Path(default_chart_name(kind, name, as_of))
    else:
        path = Path(output_path)
    return render.render(kind, dataset, habit=habit, first=first, last=last, as_of=as_of,
                         path=path, fmt=chart_format(path), stats=stats)


def render_panels(
    dataset: Dataset, *, first: date | None = None, last: date | None = None, as_of: date
) -> list[tuple[str, bytes]]:
    """The dashboard's panels as separate SVG images, for a page that lays them out
    itself (the HTML report): (a description for ``alt``, the SVG bytes) each, all
    over the same period (default: the 12 weeks up to ``as_of``).

    Written directly as SVG (``charts.svg``): matplotlib is not loaded."""
    from . import data as d
    from . import svg

    d.check_range(first, last, as_of)
    span = d.dashboard_range(dataset, first, last, as_of)
    return svg.panels(dataset, span.first, span.last, as_of)


__all__ = [
    "CHART_KINDS", "FORMATS", "KINDS", "chart_format", "default_chart_name", "render_chart",
    "render_chart_from_store", "render_panels", "window_start",
]

#: The name the demo looks for.
KINDS = CHART_KINDS
