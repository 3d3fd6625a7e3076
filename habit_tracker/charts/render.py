"""Figures: choose the data for a chart kind, lay out the axes, draw, save.

Figures are built explicitly (``matplotlib.figure.Figure`` on an Agg canvas),
never through pyplot, and the style is applied with a local ``rc_context``.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, cast

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox, BboxTransformTo

from ..errors import HabitTrackerError, UsageError
from ..models import Dataset, Habit, HabitStats
from . import data as d
from . import draw
from . import style as s

_METADATA: dict[str, dict[str, str | None]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}


@functools.cache
def fallback_fonts() -> tuple[str, ...]:
    """The families of ``style.FONT_FALLBACKS`` present on this machine, in order.

    matplotlib's font list is cached across runs and does not see fonts installed
    later, so a known file is registered directly when its family is unknown.
    """
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    found = []
    for family, paths in s.FONT_FALLBACKS:
        if family not in known:
            path = next((p for p in paths if Path(p).is_file()), None)
            if path is None:
                continue
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable: do without it
                continue
            known = {font.name for font in font_manager.fontManager.ttflist}
            if family not in known:
                continue
        found.append(family)
    return tuple(found)


def needs_fallbacks(dataset: Dataset) -> bool:
    """Whether any text a chart of ``dataset`` can show (names, units, what led to a
    break, urge triggers) has a character outside what DejaVu Sans surely covers
    (Latin, Greek, Cyrillic, punctuation, arrows and mathematical signs).  Without
    one, the fallback fonts are left out: matplotlib looks each text's font up in
    every family listed, a tenth of a dashboard's drawing."""
    texts = [text for h in dataset.habits for text in (h.name, h.unit or "")]
    texts += [day.break_trigger for day in dataset.days.values() if day.break_trigger]
    texts += [t for urge in dataset.urges for t in urge.triggers]
    return any(ord(c) >= 0x0530 and not 0x2000 <= ord(c) < 0x2300
               for text in texts for c in text)


@contextmanager
def chart_context(*, fallbacks: bool = True) -> Iterator[None]:
    """Our style for the duration of a figure's life, and no console noise.

    Characters the main font lacks (emoji, Chinese) are drawn from the fallback
    fonts found on this machine (``fallback_fonts``; ``fallbacks=False`` when no
    text needs them, see ``needs_fallbacks``).  Where none has them, matplotlib
    draws a box and warns, which the user cannot act on: silenced.
    """
    rc = dict(s.RC)
    rc["font.family"] = [*s.RC["font.sans-serif"], *(fallback_fonts() if fallbacks else ())]
    # A fallback font without a bold face is used in its regular weight: matplotlib
    # logs that for every title, and the user can do nothing about it.
    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    font_log.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(cast(Any, rc)), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
            yield
    finally:
        font_log.setLevel(level)


def _figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    figure = Figure(figsize=(width, height), dpi=s.DPI, layout="constrained" if constrained else None)
    FigureCanvasAgg(figure)
    return figure


# ------------------------------------------------------------------ heatmap


def _legend_width(label: str) -> float:
    """Rough width in inches of a legend entry (square, gap, text at 8.5 pt)."""
    return 0.45 + 0.068 * len(label)


def heatmap_figure(data: d.HeatmapData) -> Figure:
    columns = max(panel.grid.shape[1] for panel in data.panels)
    # Larger squares for short periods, so that a new habit does not look lost.
    cell = s.HEATMAP_CELL if columns >= 40 else min(0.3, s.HEATMAP_CELL * 40 / max(columns, 1))
    if data.habit is None:
        title = "All habits: share done each day"
        handles, labels = draw.share_legend("none" in data.counts, _has_before(data))
    else:
        title = s.plain_text(data.habit.name)
        present = [c for c in d.CATEGORIES if data.counts.get(c)]
        handles, labels = draw.calendar_legend(present, data.habit)
    left, right, top, gap = 0.75, 0.35, 1.05, 0.45
    panel_height = 7 * cell
    # As wide as the calendar, the title or the legend in one row needs (up to a limit).
    legend_row = sum(_legend_width(text) for text in labels)
    width = max(s.HEATMAP_MIN_WIDTH, left + columns * cell + right, left + 0.11 * len(title),
                left + min(legend_row, 8.0) + 0.3)
    per_row = len(labels)
    while per_row > 1 and sum(_legend_width(t) for t in labels[:per_row]) > width - left - 0.2:
        per_row -= 1
    legend_rows = -(-len(labels) // per_row)
    bottom = 0.3 + 0.24 * legend_rows
    count = len(data.panels)
    height = top + count * panel_height + (count - 1) * gap + bottom
    figure = _figure(width, height, constrained=False)
    for index, panel in enumerate(data.panels):
        y = height - top - index * (panel_height + gap) - panel_height
        panel_columns = panel.grid.shape[1]
        ax = figure.add_axes(
            (left / width, y / height, panel_columns * cell / width, panel_height / height)
        )
        label = panel.label if count > 1 else None
        if data.combined:
            draw.draw_share_calendar(ax, panel.grid, label=label)  # type: ignore[arg-type]
        else:
            draw.draw_calendar(ax, panel.grid, label=label)  # type: ignore[arg-type]
    figure.text(left / width, 1 - 0.3 / height, title, fontsize=12.5, fontweight="bold",
                va="center", ha="left")
    figure.text(left / width, 1 - 0.56 / height, draw.days_label(data.first, data.last),
                fontsize=9, color=s.MUTED, va="center", ha="left")
    # Row-major order: matplotlib fills legend columns first.
    order = [i for c in range(per_row) for i in range(c, len(labels), per_row)]
    draw.steady(figure.legend(
        [handles[i] for i in order], [labels[i] for i in order], loc="lower left",
        bbox_to_anchor=(left / width, 0.12 / height), ncols=per_row, handlelength=1.0,
        handleheight=1.0, columnspacing=1.2, borderaxespad=0.0))
    return figure


def _has_before(data: d.HeatmapData) -> bool:
    return any(
        day not in panel.grid.values for panel in data.panels for _, _, day in panel.grid.cells()
    )


def heatmap_for(
    dataset: Dataset, habit: Habit | None, first: date | None, last: date | None, as_of: date
) -> d.HeatmapData:
    habits = [habit] if habit is not None else d.active_habits(dataset)
    span = d.heatmap_range(d.earliest_start(dataset, habits), first, last, as_of)
    if span.last < span.first:
        raise HabitTrackerError("--from is after --to")
    return d.heatmap_data(dataset, habit, span.first, span.last, as_of=as_of)


# ------------------------------------------------------------------ the other kinds


def _margins(figure: Figure, *, left: float, right: float, top: float, bottom: float,
             hspace: float = 0.0, wspace: float = 0.0) -> dict[str, float]:
    """Subplot parameters from margins in inches: a fixed layout, where matplotlib's
    constrained layout would draw every text one extra time to measure it."""
    width, height = figure.get_size_inches()
    return {"left": left / width, "right": 1 - right / width, "top": 1 - top / height,
            "bottom": bottom / height, "hspace": hspace, "wspace": wspace}


def _text_inches(texts: list[str], points: float) -> float:
    """A generous width of the longest of ``texts`` at ``points`` (DejaVu Sans)."""
    return max((len(t) for t in texts), default=0) * 0.58 * points / 72


def streaks_figure(data: d.StreakData) -> Figure:
    from .attempts import mark_breaks

    ranked = d.ranked_streaks(data.bars)
    rows = len(ranked)
    figure = _figure(s.WIDE[0], 2.1 + 0.34 * max(rows, 3), constrained=False)
    left = 0.15 + _text_inches([draw.days_label(b.start, b.end) for b in ranked]
                               + draw.STRIP_LABEL.splitlines(), 8.5)
    plots = figure.get_figheight() - 0.62 - 0.72 - 0.4
    layout = _margins(figure, left=max(left, 0.4), right=0.3, top=0.62, bottom=0.4,
                      hspace=0.72 / (plots / 2))
    bars, timeline = figure.subplots(2, 1, height_ratios=(max(rows, 3) * 1.3, 1),
                                     gridspec_kw=layout)
    draw.draw_streaks(bars, data, timeline=timeline)
    if data.bars:  # the breaks on the calendar strip, where the gaps are
        mark_breaks(timeline, data, y=1.0)
    return figure


def _urges_figure(width: float, height: float) -> Figure:
    """The urges chart's figure: the title, the hour grid under its own title, the
    weeks under theirs; the urges' axis label left, the strength's right."""
    figure = _figure(width, height, constrained=False)
    gap = 0.7
    plots = max(height - 0.75 - 0.45 - gap, 0.5)
    figure.subplots_adjust(**_margins(figure, left=0.75, right=0.8, top=0.75, bottom=0.45,
                                      hspace=gap / (plots / 2)))
    return figure


def goal_figure(data: d.GoalData) -> Figure:
    figure = _figure(s.WIDE[0], s.WIDE[1] + 0.4, constrained=False)
    # The total's label and figures on the left, the goal's percentages on the right.
    layout = _margins(figure, left=0.85, right=0.6, top=0.4, bottom=0.4)
    draw.draw_goal(figure.add_subplot(figure.add_gridspec(1, 1, **layout)[0, 0]), data)
    return figure


def weekly_figure(habit_weeks: list[d.HabitWeeks]) -> Figure:
    rows = len(habit_weeks)
    width, height = s.WIDE[0], 0.9 + 1.55 * rows
    figure = _figure(width, height, constrained=False)
    # A title over each band, the target's label right of the plot, two lines of
    # week labels and the axis label under the last band.
    left, right, top, bottom, gap = 0.75, 1.05, 0.8, 0.7, 0.32
    band = (height - top - bottom - gap * (rows - 1)) / rows
    ax = figure.add_axes((left / width, bottom / height, 1 - (left + right) / width,
                          1 - (top + bottom) / height))
    draw.draw_weekly_bands(ax, habit_weeks, band=band, gap=gap)
    weeks = habit_weeks[0].weeks
    # At a fixed height from the top: the default (2% of the figure down) lands in
    # the first band of a figure fifty habits tall.
    figure.suptitle(f"Week by week · {draw.days_label(weeks[0].start, weeks[-1].end)}",
                    x=0.01, y=1 - 0.3 / height, ha="left")
    return figure


def mood_figure(data: d.MoodData) -> Figure:
    figure = _figure(s.WIDE[0], s.WIDE[1] - 0.2, constrained=False)
    # The title, and the legend beside it, above the plot.
    layout = _margins(figure, left=0.75, right=0.25, top=0.45, bottom=0.4)
    ax = draw.draw_mood(figure.add_subplot(figure.add_gridspec(1, 1, **layout)[0, 0]), data)
    ax.set_title(f"Mood · {draw.days_label(data.first, data.last)}")
    return figure


# ------------------------------------------------------------------ dashboard panels
#
# Each panel draws one view of the same period [first, last] into an Axes; the
# dashboard lays them out on one page.  (The HTML report's panels are charts.svg.)


def heatmap_panel(ax: Axes, dataset: Dataset, focus: Habit | None, first: date, last: date,
                  as_of: date, *, legend_below: bool = False) -> Axes:
    heat = d.heatmap_data(dataset, focus, first, last, as_of=as_of)
    grid = heat.panels[0].grid if len(heat.panels) == 1 else d.calendar_grid(
        {day: value for panel in heat.panels for day, value in panel.grid.values.items()},
        first, last, dataset.week_start)
    if focus is None:
        draw.draw_share_calendar(ax, grid)  # type: ignore[arg-type]
        handles, labels = draw.share_legend("none" in heat.counts, _has_before(heat))
        ax.set_title("All habits: share done each day", pad=18)
    else:
        draw.draw_calendar(ax, grid)  # type: ignore[arg-type]
        present = [c for c in d.CATEGORIES if heat.counts.get(c)]
        handles, labels = draw.calendar_legend(present, focus)
        ax.set_title(s.plain_text(focus.name), pad=18)
    ax.set_anchor("W")
    if legend_below:
        draw.steady(ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.02),
                              ncols=min(4, len(labels)), handlelength=1.0, handleheight=1.0,
                              columnspacing=1.0))
    else:
        draw.steady(ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                              handlelength=1.0, handleheight=1.0, fontsize=7.5))
    return ax


def weekly_panel(ax: Axes, dataset: Dataset, first: date, last: date, as_of: date, *,
                 narrow: bool = False) -> Axes:
    weekly = d.weekly_data(dataset, d.active_habits(dataset), as_of=as_of, first=first, last=last)
    if narrow:  # bars side by side need width; a row of squares per habit does not
        return draw.draw_weekly_table(ax, weekly, narrow=True)
    return draw.draw_weekly(ax, weekly)


def goal_panel(ax: Axes, dataset: Dataset, first: date, last: date, as_of: date, *,
               narrow: bool = False) -> Axes:
    goal = next((h for h in d.active_habits(dataset) if h.kind == "goal" and h.target), None)
    if goal is None:
        return draw.message(ax, "No goal habit yet: 'habit add SLUG --kind goal' sets one.")
    start = d.habit_start(dataset, goal)
    return draw.draw_goal(ax, d.goal_data(
        goal, dataset.entries_for(goal.slug), as_of=as_of, week_start=dataset.week_start,
        first=max(first, start) if start is not None else first, last=last,
        series_from=first - timedelta(days=1)), narrow=narrow)


def mood_panel(ax: Axes, dataset: Dataset, first: date, last: date, as_of: date, *,
               narrow: bool = False) -> Axes:
    # Over half a year, a four-week mean shows the trend a weekly one hides in noise.
    window = 28 if (last - first).days > 183 else 7
    return draw.draw_mood(ax, d.mood_data(dataset, first, last, as_of=as_of, window=window),
                          narrow=narrow)


def streak_panel(ax: Axes, dataset: Dataset, first: date, last: date, as_of: date,
                 *, most: int = 5, narrow: bool = False) -> Axes:
    habits = d.active_habits(dataset)
    habit = d.default_abstain(dataset) or (habits[0] if habits else None)
    if habit is None:
        return draw.message(ax, "No habits to show.")
    return draw.draw_streaks(ax, d.streak_data(
        habit, dataset.entries_for(habit.slug), as_of=as_of, week_start=dataset.week_start,
        first=first, last=last), most=most, summary=False, narrow=narrow)


def summary_panel(figure: Figure, box: tuple[float, float, float, float], summary: d.Summary,
                  first: date, last: date, *, columns: int = 1) -> None:
    """The period every panel shows, then each habit's name and figures, as texts
    of the figure in ``box`` (left, bottom, width, height as fractions of the
    figure): an Axes for texts alone cost more to make and draw than they do."""
    place = BboxTransformTo(Bbox.from_bounds(*box)) + figure.transFigure
    figure.text(0.0, 1.0, f"Every panel: {d.range_text(first, last)}\n"
                f"({draw.days_label(first, last)})", va="top", ha="left", fontsize=10,
                color=s.MUTED, transform=place, gid="dashboard-range")
    lines = summary.lines[: 5 * columns]
    rows = max(1, -(-len(lines) // columns))
    step = 0.8 / max(rows, 4)
    for index, (name, figures) in enumerate(lines):
        x = (index % columns) / columns
        y = 0.78 - (index // columns) * step
        figure.text(x, y, s.plain_text(name, 30), va="top", ha="left", fontsize=9.5,
                    fontweight="bold", transform=place)
        figure.text(x, y - step * 0.42, figures, va="top", ha="left", fontsize=9, color=s.INK,
                    transform=place)


def dashboard_figure(
    dataset: Dataset, focus: Habit | None, first: date, last: date, as_of: date, *,
    stats: Mapping[str, HabitStats] | None = None,
) -> Figure:
    """Every panel over the same period, which the page states at its top.

    Laid out in inches (no constrained layout, which draws everything once more to
    measure it): the calendar and the summary on top, then two rows of two panels,
    each with room for its title above and its labels below."""
    weeks = (last - first).days / 7 + 1
    long = weeks > 40
    width, height = s.DASHBOARD
    height += 0.6 if long else 0.0
    figure = _figure(width, height, constrained=False)
    summary = d.dashboard_summary(dataset, as_of, stats)
    figure.suptitle(summary.title, x=0.01, ha="left")

    def box(left: float, top: float, w: float, h: float) -> tuple[float, float, float, float]:
        """A box at ``left`` inches from the left and ``top`` from the top."""
        return (left / width, 1 - (top + h) / height, w / width, h / height)

    def axes(left: float, top: float, w: float, h: float) -> Axes:
        """An Axes at ``left`` inches from the left and ``top`` from the top."""
        return figure.add_axes(box(left, top, w, h))

    left, right = 0.75, 0.55
    if long:  # the summary in a row of its own, then the calendar across the page
        summary_panel(figure, box(left, 0.6, width - left - right, 1.3), summary, first, last,
                      columns=3)
        heat = heatmap_panel(axes(left, 2.35, width - left - right, 1.1), dataset, focus,
                             first, last, as_of, legend_below=True)
        heat.set_anchor("NW")  # squares as wide as the page allows, under their title
        y = 4.2
    else:
        # Calendar squares of at most 0.29 in, the legend right of them, the summary after.
        cell = min(2.0 / 7, (width - left - 1.5 - 4.3) / max(weeks, 1.0))
        heat_width = max(weeks, 2.0) * cell + 0.05
        heat = heatmap_panel(axes(left, 0.95, heat_width, 2.0), dataset, focus, first, last,
                             as_of)
        # The summary starts after the legend, and after the calendar's title, which
        # is wider than a few weeks of squares.
        title = heat.get_title() or heat.get_title(loc="left")
        text_left = left + max(heat_width + 1.5, 0.11 * len(title) + 0.3)
        summary_panel(figure, box(text_left, 0.6, width - text_left - 0.3, 2.4), summary,
                      first, last)
        y = 3.35
    # Over half a year of weeks, or more habits than colours, the weekly panel is a
    # table: the habits' names on its left, its legend under it.
    table = draw.weekly_as_table(weeks, len(d.active_habits(dataset)))
    below = 1.35 if table else 0.8
    plot = (height - y - 0.35 - below - 0.4 - 0.55) / 2
    middle = width / 2 - 0.5
    y += 0.35  # the titles
    weekly_left = 1.5 if table else left
    weekly_panel(axes(weekly_left, y, middle - weekly_left, plot), dataset, first, last, as_of)
    goal_panel(axes(middle + 1.0, y, width - middle - 1.0 - right, plot), dataset, first,
               last, as_of)
    y += plot + below + 0.4  # tick labels and axis label, then the next titles
    mood_panel(axes(left, y, middle - left, plot), dataset, first, last, as_of)
    streak_panel(axes(middle + 1.85, y, width - middle - 1.85 - 1.1, plot), dataset, first,
                 last, as_of)
    return figure


# ------------------------------------------------------------------ entry points


def resolve_habit(kind: str, dataset: Dataset, slug: str | None) -> Habit | None:
    """The habit a chart is about: the one asked for, or the kind's default."""
    habits = d.active_habits(dataset)
    if not habits and not dataset.habits:
        raise HabitTrackerError("no habits yet: run 'habit-tracker init' first")
    if slug is not None:
        habit = dataset.habit(slug)
        if kind == "goal" and habit.kind != "goal":
            raise UsageError(
                f"'{slug}' is a {habit.kind} habit; the goal chart needs a goal habit"
            )
        if kind == "mood" and habit.kind != "abstain":
            raise UsageError(
                f"'{slug}' is a {habit.kind} habit; the mood chart marks the breaks of an "
                "abstain habit such as no-contact"
            )
        return habit
    if kind == "streaks":
        natural = d.default_abstain(dataset) or (habits[0] if habits else None)
        if natural is None:
            raise HabitTrackerError("every habit is archived: name one with --habit SLUG")
        return natural
    if kind == "goal":
        goal = next((h for h in habits if h.kind == "goal"), None)
        if goal is None:
            raise HabitTrackerError(
                "no goal habit: add one with 'habit-tracker habit add SLUG --kind goal "
                "--target X --unit U'"
            )
        return goal
    return None


def build_figure(
    kind: str,
    dataset: Dataset,
    *,
    habit: str | None = None,
    first: date | None = None,
    last: date | None = None,
    as_of: date,
    stats: Mapping[str, HabitStats] | None = None,
) -> Figure:
    """The figure of a chart kind.  Call inside ``chart_context()``.

    ``habit``: a slug, or ``None`` for the kind's default (see ``resolve_habit``).
    ``stats``: each habit's stats at ``as_of`` when known (the dashboard's figures),
    else the engine works them out from the dataset.
    """
    d.check_range(first, last, as_of)
    chosen = resolve_habit(kind, dataset, habit)
    if kind == "heatmap":
        return heatmap_figure(heatmap_for(dataset, chosen, first, last, as_of))
    if kind in ("streaks", "goal"):
        if chosen is None:  # resolve_habit always finds one for these kinds
            raise HabitTrackerError(f"the {kind} chart needs a habit: --habit SLUG")
        entries = dataset.entries_for(chosen.slug)
        week_start = dataset.week_start
        if kind == "streaks":
            triggers = {day.date: day.break_trigger for day in dataset.days.values()
                        if day.break_trigger}
            return streaks_figure(d.streak_data(
                chosen, entries, as_of=as_of, week_start=week_start, first=first, last=last,
                triggers=triggers))
        return goal_figure(d.goal_data(
            chosen, entries, as_of=as_of, week_start=week_start, first=first, last=last))
    if kind == "weekly":
        habits = [chosen] if chosen is not None else d.active_habits(dataset)
        if not habits:
            raise HabitTrackerError("every habit is archived: name one with --habit SLUG")
        return weekly_figure(d.weekly_data(dataset, habits, as_of=as_of, first=first, last=last))
    if kind == "mood":
        span = d.recent_range(d.data_start(dataset), first, last, as_of)
        begin, end = span.first, span.last
        mood = d.mood_data(dataset, begin, end, as_of=as_of, habit=chosen)
        if not mood.points:
            raise HabitTrackerError(
                f"no mood logged from {begin.isoformat()} to {end.isoformat()}; "
                "'habit-tracker checkin --mood N' records one"
            )
        return mood_figure(mood)
    if kind == "urges":
        from .urges import urges_figure

        span = d.recent_range(None, first, last, as_of, months=3)
        urges = [u for u in dataset.urges if u.day <= as_of]
        return urges_figure(d.urge_data(urges, span.first, span.last,
                                        week_start=dataset.week_start), _urges_figure)
    if kind == "dashboard":
        span = d.dashboard_range(dataset, first, last, as_of)
        return dashboard_figure(dataset, chosen, span.first, span.last, as_of, stats=stats)
    raise HabitTrackerError(f"unknown chart kind '{kind}'")


def save_figure(figure: Figure, path: Path, fmt: str) -> Path:
    """Write the figure to ``path`` in one step: a failed write leaves nothing behind.

    The file is private (mode 0600), like the database it is drawn from.
    """
    from ..files import private_output

    with private_output(path, binary=True) as stream:
        if fmt == "png":
            write_png(figure, stream)
        else:
            figure.savefig(stream, format=fmt, dpi=s.DPI, metadata=_METADATA[fmt])
    return path


def write_png(figure: Figure, stream: IO[bytes]) -> None:
    """The figure as an RGB PNG (its background is opaque white, so the alpha
    channel matplotlib writes holds nothing), its rows unfiltered and deflated at
    level 3: the same pixels as matplotlib's PNG in a third of the time of PIL's
    encoder (which tries every row filter), and a smaller file."""
    import struct
    import zlib

    import numpy as np
    from PIL import Image

    figure.set_dpi(s.DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height(physical=True)
    # PIL drops the alpha channel faster than a strided numpy copy does.
    rgb = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(),  # type: ignore[no-untyped-call]
                           "raw", "RGBA", 0, 1).convert("RGB").tobytes()
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # each row: its filter (none), then its pixels
    rows[:, 1:] = np.frombuffer(rgb, dtype=np.uint8).reshape(height, 3 * width)
    per_metre = round(s.DPI / 0.0254)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    stream.write(b"\x89PNG\r\n\x1a\n"
                 + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                 + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
                 + chunk(b"IDAT", _deflate_in_halves(rows.data, (height // 2) * rows.shape[1]))
                 + chunk(b"IEND", b""))


def _deflate_in_halves(data: memoryview, split: int) -> bytes:
    """``zlib.compress(data, 3)``'s format, the two halves deflated at once (zlib
    lets other threads run): the first half's blocks end on a byte boundary
    (a full flush), the second's after them, one Adler-32 over all of it.  On
    two free cores, 9 ms instead of 15 for a dashboard."""
    import threading
    import zlib

    flat = data.cast("B")
    first: list[bytes] = []

    def deflate_first() -> None:
        packer = zlib.compressobj(3, zlib.DEFLATED, -15)
        first.append(packer.compress(flat[:split]) + packer.flush(zlib.Z_FULL_FLUSH))

    helper = threading.Thread(target=deflate_first)
    helper.start()
    packer = zlib.compressobj(3, zlib.DEFLATED, -15)
    second = packer.compress(flat[split:]) + packer.flush()
    helper.join()
    # 0x78 0x5E: deflate, 32 kB window, "fast" level, header checksum right
    return b"\x78\x5e" + first[0] + second + zlib.adler32(flat).to_bytes(4, "big")


def render(
    kind: str,
    dataset: Dataset,
    *,
    habit: str | None,
    first: date | None,
    last: date | None,
    as_of: date,
    path: Path,
    fmt: str,
    stats: Mapping[str, HabitStats] | None = None,
) -> Path:
    with chart_context(fallbacks=needs_fallbacks(dataset)):
        figure = build_figure(kind, dataset, habit=habit, first=first, last=last, as_of=as_of,
                              stats=stats)
        return save_figure(figure, path, fmt)
