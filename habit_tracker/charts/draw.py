"""Drawing: each function takes an Axes and the shaped data, draws, returns the Axes.

No figure is created here and no global state is touched; ``charts.render``
builds the figures.  Colours and sizes come from ``charts.style``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import matplotlib.dates as mdates
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.offsetbox import TextArea
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.ticker import (
    FixedLocator,
    Formatter,
    FuncFormatter,
    MaxNLocator,
    NullLocator,
    PercentFormatter,
)
from matplotlib.transforms import blended_transform_factory, offset_copy

from ..models import format_amount
from ..units import percent as percent_text
from . import data as d
from . import style as s

# ------------------------------------------------------------------ helpers



def _margin_label(ax: Axes, text: str, y: float) -> None:
    """A small label just right of the plot at height ``y`` (a milestone or goal mark)."""
    ax.annotate(
        text,
        xy=(1.0, y),
        xycoords=("axes fraction", "data"),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=7.5,
        color=s.MUTED,
        annotation_clip=False,
    )


def _top_label(ax: Axes, text: str, x: float, side: str) -> None:
    """A small label at the top of the plot beside the vertical line at ``x``."""
    ax.annotate(text, xy=(x, 1.0), xycoords=("data", "axes fraction"),
                xytext=(-3 if side == "right" else 3, -3), textcoords="offset points",
                ha=side, va="top", fontsize=7.5, color=s.MUTED)


def message(ax: Axes, text: str) -> Axes:
    """A clear statement in place of a chart that has nothing to show."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=s.MUTED,
        fontsize=10,
        wrap=True,
        gid="empty-message",
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def _num(day: date) -> float:
    """matplotlib's number for the start of a day: days since its epoch, worked out
    once (``date2num`` on every day of a long series took a third of a second)."""
    return float(day.toordinal() - _epoch_ordinal())


@functools.cache
def _epoch_ordinal() -> float:
    origin = date(2000, 1, 1)
    return origin.toordinal() - float(mdates.date2num(origin))  # type: ignore[no-untyped-call]


class DayFormatter(Formatter):
    """Short date labels that read like a calendar (``data.day_tick_labels``)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        # The day each mark falls on, from the epoch's ordinal (num2date, through
        # numpy and time zones, took ten times as long).
        epoch = _epoch_ordinal()
        return d.day_tick_labels(
            [date.fromordinal(math.floor(value + epoch + 1e-9)) for value in values])


def _date_axis(ax: Axes, first: date, last: date, *, pad_days: float = 0.0) -> None:
    """A time axis from the start of ``first`` to the end of ``last``, marked on
    whole days (``data.date_ticks``): in the middle of each day when days are
    marked one by one, at the start of the day (a month's 1st) otherwise."""
    # About one mark per 0.65 inch of axis, so that narrow panels do not crowd.
    figure = ax.figure
    inches = ax.get_position().width * figure.bbox.width / figure.dpi
    ticks = d.date_ticks(first, last, most=max(2, min(8, int(inches / 0.65))))
    daily = (last - first).days < 31
    ax.xaxis.set_major_locator(FixedLocator([_num(day) + (0.5 if daily else 0.0) for day in ticks]))
    ax.xaxis.set_major_formatter(DayFormatter())
    ax.set_xlim(_num(first) - pad_days, _num(last) + 1 + pad_days)


_short_date = d.short_date
_span_text = d.span_text


def _square(row: int, column: int, size: float) -> list[tuple[float, float]]:
    inset = (1.0 - size) / 2
    x0, y0 = column + inset, row + inset
    return [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size)]


def steady(legend: Legend) -> Legend:
    """``legend``, its entries' texts measured once per drawing.

    matplotlib lays a legend out as nested boxes, and each level asks its
    children's size again: every entry's text was laid out six times per
    drawing (a fifth of a legend's cost).  A text's box does not change while
    the figure is drawn, so each is kept for the renderer that asked."""
    for area in legend.findobj(TextArea):
        measure = area.get_bbox

        def get_bbox(renderer: Any, measure: Any = measure, kept: list[Any] = []) -> Any:  # noqa: B006
            if not kept or kept[0] is not renderer:
                kept[:] = [renderer, measure(renderer)]
            return kept[1]

        area.get_bbox = get_bbox  # type: ignore[method-assign]
    return legend


def _legend_square(colour: str | None, edge: str | None = None) -> Patch:
    return Patch(
        facecolor=colour or "none",
        edgecolor=edge or colour or "none",
        linewidth=0.8,
    )


# ------------------------------------------------------------------ calendar heatmaps

CELL_SIZE = 0.84  # of a unit cell; the rest is the gap between days


def _calendar_frame(ax: Axes, grid: d.CalendarGrid[Any], label: str | None) -> None:
    rows, columns = grid.shape
    ax.set_xlim(-0.05, columns + 0.05)
    ax.set_ylim(rows + 0.05, -0.05)  # first weekday on top
    ax.set_aspect("equal")
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0, pad=2)
    # Long calendars in a small space: every third weekday and fewer months named.
    shown_rows = range(rows) if columns <= 60 else range(0, rows, 3)
    ax.yaxis.set_major_locator(FixedLocator([r + 0.5 for r in shown_rows]))
    ax.set_yticklabels([grid.row_labels[r] for r in shown_rows], fontsize=7.5)
    months = grid.month_labels()
    for every in (1, 3, 6, 12):
        kept = [(c, m) for c, m in months if (m.month - 1) % every == 0 and m.day == 1]
        if months and months[0] not in kept and (not kept or kept[0][0] >= 6):
            kept.insert(0, months[0])  # the month the calendar starts in
        if len(kept) <= max(columns // (4 if columns <= 60 else 8), 2):
            months = kept
            break
    ax.xaxis.tick_top()
    ax.xaxis.set_major_locator(FixedLocator([column for column, _ in months]))
    labels = []
    for index, (_, month) in enumerate(months):
        name = d.MONTH_NAMES[month.month - 1]
        labels.append(f"{name} {month.year}" if index == 0 or month.month == 1 else name)
    ax.set_xticklabels(labels, fontsize=8, ha="left")
    if label:
        ax.set_ylabel(label, fontsize=9, color=s.MUTED)


def draw_calendar(
    ax: Axes, grid: d.CalendarGrid[str], *, label: str | None = None
) -> Axes:
    """One habit's days as coloured squares; categories as in ``charts.data``."""
    _calendar_frame(ax, grid, label)
    by_category: dict[str, list[list[tuple[float, float]]]] = {}
    for row, column, day in grid.cells():
        category = grid.values.get(day, d.BEFORE)
        by_category.setdefault(category, []).append(_square(row, column, CELL_SIZE))
    for category in d.CATEGORIES:
        squares = by_category.get(category)
        if not squares:
            continue
        fill = s.CELL_COLOURS.get(category)
        edge = s.CELL_OUTLINES.get(category, "none")
        inset = squares
        if fill is None:  # outlined only: shrink so that the outline stays inside the cell
            inset = [_shrink(square, 0.08) for square in squares]
        ax.add_collection(
            PolyCollection(
                inset,
                facecolors=fill or "none",
                edgecolors=edge if fill is None else "none",
                linewidths=0.7 if fill is None else 0.0,
                gid=f"cells-{category}",
                antialiased=fill is None,
            ),
            autolim=False,
        )
    return ax


def _shrink(square: list[tuple[float, float]], by: float) -> list[tuple[float, float]]:
    (x0, y0), _, (x1, y1), _ = square
    return [(x0 + by, y0 + by), (x1 - by, y0 + by), (x1 - by, y1 - by), (x0 + by, y1 - by)]


def calendar_legend(categories: Sequence[str], habit: Any) -> tuple[list[Patch], list[str]]:
    handles = []
    labels = []
    for category in d.CATEGORIES:
        if category not in categories or category == d.AFTER:
            continue
        handles.append(
            _legend_square(s.CELL_COLOURS.get(category), s.CELL_OUTLINES.get(category))
        )
        labels.append(d.category_label(category, habit))
    return handles, labels


def share_colour(share: float) -> tuple[float, float, float, float]:
    """The fill of a day whose share of habits done is ``share``: one of the legend's steps."""
    red, green, blue, alpha = to_rgba(s.SHARE_STEPS[s.share_step(share)][1])
    return (float(red), float(green), float(blue), float(alpha))


def draw_share_calendar(
    ax: Axes, grid: d.CalendarGrid[float | None], *, label: str | None = None
) -> Axes:
    """All habits combined: each day shaded by the share of habits done."""
    _calendar_frame(ax, grid, label)
    shaded: list[list[tuple[float, float]]] = []
    shares: list[float] = []
    nothing_due = []
    before = []
    for row, column, day in grid.cells():
        if day not in grid.values:
            before.append(_shrink(_square(row, column, CELL_SIZE), 0.08))
            continue
        share = grid.values[day]
        if share is None:
            nothing_due.append(_square(row, column, CELL_SIZE))
        else:
            shaded.append(_square(row, column, CELL_SIZE))
            shares.append(share)
    if shaded:
        ax.add_collection(
            PolyCollection(shaded, facecolors=[share_colour(v) for v in shares], edgecolors="none",
                           gid="cells-share", antialiased=False),
            autolim=False,
        )
    if nothing_due:
        ax.add_collection(
            PolyCollection(nothing_due, facecolors=s.NOTHING_DUE, edgecolors="none",
                           gid="cells-nothing-due", antialiased=False),
            autolim=False,
        )
    if before:
        ax.add_collection(
            PolyCollection(before, facecolors="none", edgecolors=s.OUTLINE, linewidths=0.7,
                           gid="cells-before"),
            autolim=False,
        )
    return ax


def share_legend(has_nothing_due: bool, has_before: bool) -> tuple[list[Patch], list[str]]:
    handles = [_legend_square(colour) for _, colour in s.SHARE_STEPS]
    labels = [label for label, _ in s.SHARE_STEPS]
    if has_nothing_due:
        handles.append(_legend_square(s.NOTHING_DUE))
        labels.append("nothing due")
    if has_before:
        handles.append(_legend_square(None, s.OUTLINE))
        labels.append("before start")
    return handles, labels


# ------------------------------------------------------------------ streaks


def _unit(value: float, unit: str) -> str:
    text = format_amount(value)
    return f"{text} {unit[:-1] if text == '1' else unit}"


def _streak_colour(bar: d.StreakBar) -> str:
    return s.STREAK_CURRENT if bar.current else s.STREAK_LONGEST if bar.longest else s.STREAK_BAR


def draw_streaks(ax: Axes, data: d.StreakData, *, most: int = 8,
                 timeline: Axes | None = None, summary: bool = True,
                 narrow: bool = False) -> Axes:
    """The longest streaks as bars, longest on top, each named by its dates and
    labelled with its length; the current one always shown and in green.
    Milestones are vertical lines.  This reads the same for one day and for years:
    the number of rows, not the length of the history, sets the size of a bar.

    ``timeline``: an Axes (a thin strip) in which to draw every streak on the
    calendar, so that breaks show as gaps.
    """
    name = s.plain_text(data.habit.name)
    ax.set_title(f"{name}: streaks")
    if not data.bars:
        if timeline is not None:
            timeline.axis("off")
        if not data.started:
            text = f"No days yet: {name} starts after {_short_date(data.as_of)}."
        else:
            text = "No streaks yet in this period. The next success starts one."
        return message(ax, text)
    rows = d.ranked_streaks(data.bars, most)
    top = max([bar.length for bar in rows] + data.levels)
    ys = list(range(len(rows)))
    for y, bar in zip(ys, rows, strict=True):
        ax.barh(y, bar.length, height=0.4 if narrow else 0.62, color=_streak_colour(bar),
                linewidth=0, gid=f"streak-{y}", zorder=3)
        tag = f" · current (next: {format_amount(data.next_milestone)})" if bar.current else ""
        tag += " · longest" if bar.longest else ""
        text = f"{_unit(bar.length, data.unit)}{tag}"
        if narrow:  # the dates and the length on a line of their own above the bar
            ax.annotate(f"{_span_text(bar.start, bar.end)}: {text}", xy=(0, y - 0.22),
                        xytext=(0, 1), textcoords="offset points", va="bottom", ha="left",
                        fontsize=8, color=s.INK, fontweight="bold" if bar.current else "normal",
                        annotation_clip=False, zorder=4,
                        bbox={"facecolor": s.BACKGROUND, "edgecolor": "none", "pad": 0.6})
        else:
            ax.annotate(text, xy=(bar.length, y), xytext=(4, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=8.5, color=s.INK,
                        fontweight="bold" if bar.current else "normal", annotation_clip=False)
    ax.set_yticks(ys, [] if narrow else [_span_text(bar.start, bar.end) for bar in rows])
    ax.set_ylim(max(len(rows), 3) - 0.4, -0.6)  # longest on top; few rows stay slim
    ax.tick_params(axis="y", length=0)
    for level in data.levels:
        ax.axvline(level, color=s.MILESTONE_LINE, linewidth=0.7, linestyle=(0, (2, 3)), zorder=1)
    ax.set_xlim(0, top * 1.3)
    # Milestone marks, the largest first, kept apart by a tenth of the axis.
    levels: list[int] = []
    for level in sorted(data.levels, reverse=True):
        if not levels or levels[-1] - level >= top * 0.13:
            levels.append(level)
    ax.xaxis.set_major_locator(FixedLocator(sorted(levels)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_amount(value)))
    ax.set_xlabel(f"streak length in {data.unit}; dotted: milestones")
    ax.spines["left"].set_visible(False)
    total = len(data.bars)
    shown = f" · the {len(rows)} longest of {total}" if total > len(rows) else ""
    ax.set_title(f"{name}: streaks{shown}", pad=20)
    if summary:
        ax.annotate(_streak_summary(data), xy=(0.0, 1.0), xycoords="axes fraction",
                    xytext=(0, 5), textcoords="offset points", va="bottom", ha="left",
                    fontsize=8.5, color=s.MUTED)
    else:
        ax.set_title(f"{name}: streaks{shown}")
    if timeline is not None:
        _streak_timeline(timeline, data)
    return ax


def _streak_timeline(ax: Axes, data: d.StreakData) -> Axes:
    """Every streak on the calendar as one band: gaps are the breaks."""
    # add_artist, not add_patch: the limits are set below, and updating them for
    # each of hundreds of streaks took longer than drawing them.
    for index, bar in enumerate(data.bars):
        ax.add_artist(Rectangle((_num(bar.start), 0.0), (bar.end - bar.start).days + 1, 1.0,
                                facecolor=_streak_colour(bar), linewidth=0,
                                gid=f"streak-run-{index}"))
    _date_axis(ax, data.first, data.last)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    # Left of the strip, where the bars above have their dates: above it, the
    # marks of early breaks and their triggers would run into it.
    ax.text(-0.01, 0.5, STRIP_LABEL, transform=ax.transAxes, ha="right", va="center",
            fontsize=8.5, color=s.MUTED, linespacing=1.1)
    return ax


#: The streaks chart's calendar strip, named in the left margin.
STRIP_LABEL = "on the calendar\n(gaps: breaks)"


def _streak_summary(data: d.StreakData) -> str:
    """The current and the longest streak in words, for the line under the title."""
    parts = []
    current = next((bar for bar in data.bars if bar.current), None)
    longest = next((bar for bar in data.bars if bar.longest), None)
    if current is not None:
        since = _short_date(current.start)
        both = " (the longest)" if current.longest else ""
        parts.append(f"current: {_unit(current.length, data.unit)} since {since}{both}")
    else:
        parts.append("no current streak")
    if longest is not None and not longest.current:
        parts.append(f"longest: {_unit(longest.length, data.unit)}, "
                     f"{_span_text(longest.start, longest.end)}")
    parts.append(f"next milestone: {_unit(data.next_milestone, data.unit)}")
    return " · ".join(parts)


# ------------------------------------------------------------------ goal


def draw_goal(ax: Axes, data: d.GoalData, *, narrow: bool = False) -> Axes:
    """Cumulative progress against the plan, with the projection at the recent pace.

    ``narrow``: a figure a few inches wide (a phone): the title on two lines and
    the legend under the plot."""
    name = s.plain_text(data.habit.name)
    unit = s.plain_text(data.unit, 16) if data.unit else ""
    ax.set_title(f"{name}:{chr(10) if narrow else ' '}{format_amount(round(data.total, 2))} of "
                 f"{format_amount(data.target)} {unit} ({percent_text(data.percent)})".replace("  ", " "))
    if data.start is None:
        return message(ax, f"No progress logged yet towards {name}.")
    top = max(data.target, data.total) * 1.12
    for mark in data.marks:
        ax.axhline(mark.amount, color=s.GOAL_MARK, linewidth=0.8, zorder=1)
        _margin_label(ax, f"{mark.percent}%", mark.amount)
    handles: list[Any] = []
    labels: list[str] = []
    plan = data.plan
    if plan is not None:
        (x0, y0), (x1, y1) = plan
        (line,) = ax.plot([_num(x0), _num(x1) + 1], [y0, y1], color=s.GOAL_PLAN,
                          linestyle=(0, (5, 3)), linewidth=1.2, zorder=2)
        handles.append(line)
        labels.append(f"plan: target by {_short_date(x1)}")
    days = [_num(day) + 1 for day, _ in data.series]  # the total at the end of each day
    totals = [total for _, total in data.series]
    (actual,) = ax.plot([_num(data.series[0][0]), *days], [0.0, *totals], color=s.GOAL_ACTUAL,
                        linewidth=2.0, drawstyle="steps-pre", zorder=4)
    handles.append(actual)
    labels.append("done so far")
    projection = data.projection
    if projection is not None:
        (x0, y0), (x1, y1) = projection
        (line,) = ax.plot([_num(x0) + 1, _num(x1) + 1], [y0, y1], color=s.GOAL_PROJECTION,
                          linestyle=(0, (1.5, 2)), linewidth=2.0, zorder=3, gid="goal-projection")
        handles.append(line)
        per_day = format_amount(round(data.pace, 2)) + (f" {unit}" if unit else "")
        beyond = " (beyond the chart)" if x1 > data.last else ""
        labels.append(f"at the recent pace ({per_day}/day): {_short_date(x1)}{beyond}")
    elif data.total < data.target:
        # Say why there is no projection rather than leave the reader looking for it.
        handles.append(Line2D([], [], linestyle="none"))
        labels.append("no finish projected: too early to tell a pace" if data.pace > 0 else
                      "no finish projected: no recent progress")
    # Only those on the axis (one reached before a shorter period would be cut off).
    reached = [(mark.reached, mark.amount) for mark in data.marks
               if mark.reached and data.first <= mark.reached <= data.last]
    if reached:
        ax.scatter([_num(day) for day, _ in reached], [amount for _, amount in reached],
                   s=28, color=s.GOAL_ACTUAL, edgecolors="white", linewidths=1.0, zorder=5)
    if data.deadline is not None and data.first <= data.deadline <= data.last:
        ax.axvline(_num(data.deadline) + 1, color=s.MUTED, linewidth=0.8, zorder=1,
                   gid="goal-deadline")
        _top_label(ax, f"deadline {_short_date(data.deadline)}", _num(data.deadline) + 1,
                   "right")
    if data.as_of < data.last:
        ax.axvline(_num(data.as_of) + 1, color=s.GRID, linewidth=1.0, zorder=1, gid="goal-today")
        span = (data.last - data.first).days
        early = (data.as_of - data.first).days < 0.15 * span
        # At the top, unless the deadline's label is there already.
        low = data.deadline is not None and 0 <= (data.deadline - data.as_of).days < 0.22 * span
        ax.annotate("today", xy=(_num(data.as_of) + 1, 0.0 if low else 1.0),
                    xycoords=("data", "axes fraction"), xytext=(3 if early else -3, 3 if low else -3),
                    textcoords="offset points", ha="left" if early else "right",
                    va="bottom" if low else "top", fontsize=7.5, color=s.MUTED)
    _date_axis(ax, data.first, data.last)
    ax.set_ylim(0, top)
    ax.set_ylabel(f"total ({unit})" if unit else "total")
    if narrow:
        steady(ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.14),
                         fontsize=8))
    else:
        steady(ax.legend(handles, labels, loc=goal_legend_corner(data, top), fontsize=8))
    return ax


def goal_legend_corner(data: d.GoalData, top: float) -> Literal["upper left", "lower right"]:
    """Lower right stays free while the axis runs on past today (the plan ends top
    right, the history starts bottom left); when it ends today with the total low
    (no deadline, early days), the history runs along the bottom to the right
    edge, and upper left is the free corner."""
    return "upper left" if data.as_of >= data.last and data.total < 0.6 * top else "lower right"


# ------------------------------------------------------------------ weekly


_week_ticks = d.week_ticks
#: Measures texts in points (DejaVu Sans' own widths), without a renderer.
_TEXT_TO_PATH = TextToPath()


def draw_weekly_bands(ax: Axes, habit_weeks: Sequence[d.HabitWeeks], *, band: float,
                      gap: float) -> Axes:
    """Each habit's weeks in a band of its own, the first habit on top: sessions
    against the target (weekly habits) or the share done (others), each band with
    its title, its axis and its label.

    One Axes holds every band (its y axis counts inches from the bottom of the last
    band: ``band`` high, ``gap`` apart): an Axes per habit cost more to make and
    draw than its bars and labels did."""
    rows = len(habit_weeks)
    weeks = habit_weeks[0].weeks
    left, right = -0.6, len(weeks) - 0.4
    ax.set_xlim(left, right)
    ax.set_ylim(0, rows * band + (rows - 1) * gap)
    for spine in ax.spines.values():  # each band has its own edges (``frame``)
        spine.set_visible(False)
    figure = ax.figure
    above = offset_copy(ax.transData, fig=figure, y=2, units="points")  # type: ignore[arg-type]
    beside = blended_transform_factory(ax.transAxes, ax.transData)
    title = offset_copy(beside, fig=figure, y=float(rcParams["axes.titlepad"]),  # type: ignore[arg-type]
                        units="points")
    ticks: list[float] = []
    tick_labels: list[str] = []
    frame: list[list[tuple[float, float]]] = []
    names: list[tuple[float, str]] = []
    for index, hw in enumerate(habit_weeks):
        base = (rows - 1 - index) * (band + gap)
        colour = s.habit_colour(index)
        habit = hw.habit
        sessions = hw.counts_sessions
        values = [float(week.done) if sessions else
                  100.0 * week.rate if week.rate is not None else 0.0 for week in hw.weeks]
        if sessions:
            target = habit.per_week or 0
            top = max([target, *values]) * 1.3 + 0.5
            marks = [float(v) for v in MaxNLocator(integer=True, nbins=4).tick_values(0, top)
                     if 0 <= v <= top]
            tick_labels += [format_amount(v) for v in marks]
        else:
            top = 125.0
            marks = [0.0, 50.0, 100.0]
            tick_labels += [f"{v:.0f}%" for v in marks]
        scale = band / top
        ticks += [base + v * scale for v in marks]
        frame += [[(left, base), (right, base)], [(left, base), (left, base + band)]]
        bars: list[list[tuple[float, float]]] = []
        for x, week, value in zip(range(len(weeks)), hw.weeks, values, strict=True):
            if week.rate is None and not (sessions and week.days):
                continue
            height = value * scale
            if week.open:  # this week so far: hatched, paler
                ax.add_artist(Rectangle((x - 0.36, base), 0.72, height, facecolor=colour,
                                        alpha=0.45, hatch="///", edgecolor=colour, linewidth=0.0,
                                        gid=f"week-{habit.slug}-open"))
            else:
                bars.append([(x - 0.36, base), (x + 0.36, base), (x + 0.36, base + height),
                             (x - 0.36, base + height)])
            if len(weeks) <= 16:  # beyond that the figures would run into each other
                text = f"{week.done}" if sessions else f"{value:.0f}%"
                ax.text(x, base + height, text, transform=above, ha="center", va="bottom",
                        fontsize=7, color=s.INK)
        ax.add_collection(PolyCollection(bars, facecolors=colour, edgecolors="none",
                                         linewidths=0.0, gid=f"weeks-{habit.slug}"),
                          autolim=False)
        if sessions:
            level = base + target * scale
            ax.add_line(Line2D([left, right], [level, level], color=s.TARGET_LINE, linewidth=1.3,
                               linestyle=(0, (4, 2)), zorder=3))
            ax.annotate(f"target {target}/week", xy=(1.0, level),
                        xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=7.5,
                        color=s.TARGET_LINE, annotation_clip=False)
        ax.text(0.0, base + band, s.plain_text(habit.name), transform=title, fontsize=10,
                fontweight=rcParams["axes.titleweight"], ha="left", va="baseline",
                gid=f"title-{habit.slug}")
        names.append((base + band / 2, "sessions" if sessions else "done"))
    edges = LineCollection(frame, colors=rcParams["axes.edgecolor"],
                           linewidths=rcParams["axes.linewidth"], capstyle="projecting",
                           zorder=2.5, gid="band-edges")
    edges.set_clip_on(False)  # on the Axes' own edges, like spines: not cut in half
    ax.add_collection(edges, autolim=False)
    # The bands' marks drawn as matplotlib draws an axis' (a mark, its figure, a grid
    # line), but as three artists in all: Tick objects, five artists each, made up
    # half the cost of this chart.
    ax.yaxis.set_major_locator(NullLocator())
    ax.add_collection(LineCollection([[(left, y), (right, y)] for y in ticks],
                                     colors=rcParams["grid.color"],
                                     linewidths=rcParams["grid.linewidth"], zorder=0.5,
                                     gid="band-grid"), autolim=False)
    # marker 0 is TICKLEFT, the mark matplotlib draws for a y tick
    marks_line = Line2D([left] * len(ticks), ticks, marker=0, linestyle="none",
                        markersize=rcParams["ytick.major.size"], color=rcParams["ytick.color"],
                        markeredgewidth=rcParams["ytick.major.width"], zorder=2.5,
                        gid="band-ticks")
    marks_line.set_clip_on(False)
    ax.add_line(marks_line)
    size = float(rcParams["ytick.labelsize"])
    gap_points = rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]
    figures = offset_copy(beside, fig=figure, x=-gap_points, units="points")  # type: ignore[arg-type]
    ink = rcParams["ytick.labelcolor"]
    ink = rcParams["ytick.color"] if ink == "inherit" else ink
    for y, text in zip(ticks, tick_labels, strict=True):
        ax.text(0.0, y, text, transform=figures, ha="right", va="center_baseline", fontsize=size,
                color=ink, gid="band-tick-label")
    # Each band's label left of its figures, all at one distance: the widest figure's.
    widest = max(_TEXT_TO_PATH.get_text_width_height_descent(label, FontProperties(size=size),
                                                             ismath=False)[0]
                 for label in tick_labels)
    reach = gap_points + widest + rcParams["axes.labelpad"]
    label = offset_copy(beside, fig=figure, x=-reach, units="points")  # type: ignore[arg-type]
    for y, text in names:
        ax.text(0.0, y, text, transform=label, rotation=90, rotation_mode="anchor", ha="center",
                va="bottom", fontsize=rcParams["axes.labelsize"], color=rcParams["axes.labelcolor"])
    positions, labels = _week_ticks(weeks, 13)
    ax.xaxis.set_major_locator(FixedLocator(positions))
    ax.set_xticklabels(labels)
    ax.set_xlabel("week starting" + (" (hatched: this week so far)"
                                      if weeks and weeks[-1].open else ""))
    return ax


def draw_weekly_grouped(ax: Axes, habit_weeks: Sequence[d.HabitWeeks]) -> Axes:
    """Every habit's weekly rate side by side; for weekly habits, sessions / target."""
    ax.set_title("Week by week")
    if not habit_weeks or not habit_weeks[0].weeks:
        return message(ax, "No habits to show.")
    count = len(habit_weeks)
    width = 0.8 / count
    weeks = habit_weeks[0].weeks
    handles: list[Any] = []
    labels: list[str] = []
    top = 100.0
    # Side by side bars read well for a few months; over longer periods, lines.
    as_lines = len(weeks) > 26
    for index, hw in enumerate(habit_weeks):
        colour = s.habit_colour(index)
        xs: list[float] = []
        heights: list[float] = []
        for x, week in enumerate(hw.weeks):
            if week.rate is None:
                continue
            xs.append(x if as_lines else x - 0.4 + width * (index + 0.5))
            heights.append(100.0 * week.rate)
        top = max([top, *heights])
        if as_lines:
            (line,) = ax.plot(xs, heights, color=colour, linewidth=1.2,
                              gid=f"weekly-{hw.habit.slug}")
            handles.append(line)
        else:  # one collection of bars per habit: drawn at once, not bar by bar
            half = width * 0.92 / 2
            ax.add_collection(PolyCollection(
                [[(x - half, 0.0), (x + half, 0.0), (x + half, h), (x - half, h)]
                 for x, h in zip(xs, heights, strict=True)],
                facecolors=colour, edgecolors="none", linewidths=0.0,
                gid=f"weekly-{hw.habit.slug}"), autolim=False)
            handles.append(_legend_square(colour))
        label = s.plain_text(hw.habit.name, 24)
        if hw.counts_sessions:
            label += f" ({hw.habit.per_week or 0}/week = 100%)"
        labels.append(label)
    ax.axhline(100, color=s.TARGET_LINE, linewidth=1.2, linestyle=(0, (4, 2)), zorder=3)
    handles.append(Line2D([], [], color=s.TARGET_LINE, linewidth=1.2, linestyle=(0, (4, 2))))
    labels.append("target")
    if weeks[-1].open:
        ax.axvspan(len(weeks) - 1.5, len(weeks) - 0.5, color=s.GRID, alpha=0.5, linewidth=0,
                   zorder=0)
    ax.set_xlim(-0.6, len(weeks) - 0.4)
    ax.set_ylim(0, top * 1.5)
    ax.yaxis.set_major_locator(FixedLocator([0, 50, 100] if top <= 150 else [0, 100, 200]))
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_ylabel("done")
    positions, tick_labels = _week_ticks(weeks, 7)
    ax.xaxis.set_major_locator(FixedLocator(positions))
    ax.set_xticklabels(tick_labels)
    ax.set_xlabel("week starting (shaded: this week so far)" if weeks[-1].open else
                  "week starting")
    ax.grid(axis="y")
    steady(ax.legend(handles, labels, loc="upper left", ncols=2, fontsize=7.5))
    return ax


def draw_weekly_table(ax: Axes, habit_weeks: Sequence[d.HabitWeeks], *,
                      narrow: bool = False) -> Axes:
    """Every habit's weeks as one row of squares, shaded by the share of the week's
    target done (the heatmap's steps): reads for years of weeks, where bars or
    lines side by side would tangle."""
    ax.set_title("Week by week")
    if not habit_weeks or not habit_weeks[0].weeks:
        return message(ax, "No habits to show.")
    weeks = habit_weeks[0].weeks
    squares: list[list[tuple[float, float]]] = []
    fills: list[tuple[float, float, float, float]] = []
    for row, hw in enumerate(habit_weeks):
        for column, week in enumerate(hw.weeks):
            if week.rate is None:
                continue
            squares.append(_square(row, column, 0.9))
            fills.append(share_colour(min(week.rate, 1.0)))
    ax.add_collection(PolyCollection(squares, facecolors=fills, edgecolors="none",
                                     gid="weekly-cells", antialiased=False), autolim=False)
    running = weeks[-1].open
    if running:  # the week still running: its squares can still fill
        ax.add_artist(Rectangle((len(weeks) - 1, 0), 1.0, len(habit_weeks),
                                fill=False, edgecolor=s.INK, linewidth=1.0,
                                gid="weekly-running", clip_on=False))
    ax.set_xlim(0, len(weeks))
    ax.set_ylim(len(habit_weeks), 0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    names = []
    for hw in habit_weeks:
        name = s.plain_text(hw.habit.name, 18)
        names.append(f"{name} ({hw.habit.per_week or 0}/wk)" if hw.counts_sessions else name)
    # A name per row while rows are a line of text high; more rows than that, and
    # every second (third...) row is named, so that the names do not run together.
    row_points = ax.bbox.height * 72 / ax.figure.dpi / len(habit_weeks)
    step = max(1, math.ceil(10.0 / max(row_points, 0.1)))
    named = range(0, len(habit_weeks), step)
    ax.yaxis.set_major_locator(FixedLocator([row + 0.5 for row in named]))
    ax.set_yticklabels([names[row] for row in named])
    positions, tick_labels = _week_ticks(weeks, 4 if narrow else 7)
    ax.xaxis.set_major_locator(FixedLocator([p + 0.5 for p in positions]))
    ax.set_xticklabels(tick_labels)
    so_far = " (framed: this week so far)" if running else ""
    ax.set_xlabel(f"week starting{so_far}" if narrow else
                  f"week starting{so_far}; share of the week's target done:")
    handles, labels = share_legend(False, False)
    columns = 3 if narrow else len(labels)
    steady(ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.32),
                     ncols=columns, handlelength=1.0, handleheight=1.0, fontsize=7.5,
                     borderaxespad=0.0, columnspacing=0.8))
    return ax


def weekly_as_table(weeks: float, habits: int) -> bool:
    """Whether the weeks of ``habits`` habits read better as a table of squares (a
    row per habit, named) than as bars side by side: over half a year of weeks, or
    more habits than the palette has colours (two habits' bars would look alike)."""
    return weeks > 26 or habits > len(s.HABIT_COLOURS)


def draw_weekly(ax: Axes, habit_weeks: Sequence[d.HabitWeeks]) -> Axes:
    """Side by side bars for up to half a year of weeks and up to eight habits, a
    table of squares beyond (``weekly_as_table``)."""
    if habit_weeks and weekly_as_table(len(habit_weeks[0].weeks), len(habit_weeks)):
        return draw_weekly_table(ax, habit_weeks)
    return draw_weekly_grouped(ax, habit_weeks)


# ------------------------------------------------------------------ mood


def draw_mood(ax: Axes, data: d.MoodData, *, narrow: bool = False) -> Axes:
    """Daily mood with its rolling mean; breaks and their reaching out marked."""
    ax.set_title("Mood")
    if not data.points:
        return message(ax, "No mood logged in this period ('checkin --mood N' records one).")
    handles: list[Any] = []
    labels: list[str] = []
    for day in data.breaks:
        ax.axvspan(_num(day), _num(day) + 1, color=s.MOOD_BREAK, alpha=0.35, linewidth=0,
                   zorder=1)
    if data.breaks:
        handles.append(Patch(facecolor=s.MOOD_BREAK, alpha=0.35, linewidth=0))
        habit_name = s.plain_text(data.habit.name, 24) if data.habit else "no contact"
        labels.append(f"{habit_name}: broken")
    many = len(data.points) > 120
    points = ax.scatter([_num(day) + 0.5 for day, _ in data.points],
                        [mood for _, mood in data.points], s=5 if many else 14,
                        color=s.MOOD_POINT, alpha=0.5 if many else 1.0, edgecolors="none",
                        zorder=3)
    handles.append(points)
    labels.append("mood")
    xs = [_num(day) + 0.5 for day, _ in data.mean]
    ys = [float("nan") if mean is None else mean for _, mean in data.mean]
    if any(mean is not None for _, mean in data.mean):
        (line,) = ax.plot(xs, ys, color=s.MOOD_MEAN, linewidth=2.0, zorder=4)
        handles.append(line)
        labels.append(f"{data.window}-day mean")
    if data.reached_out:
        marks = ax.scatter([_num(day) + 0.5 for day in data.reached_out],
                           [10.6] * len(data.reached_out), marker="v", s=30,
                           color=s.MOOD_REACHED_OUT, zorder=5, clip_on=False)
        handles.append(marks)
        labels.append("they reached out")
    _date_axis(ax, data.first, data.last)
    ax.set_ylim(0.5, 11.2)
    ax.yaxis.set_major_locator(FixedLocator([1, 4, 7, 10]))
    ax.set_ylabel("mood (1–10)")
    ax.grid(axis="y")
    if narrow:
        steady(ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.12),
                         ncols=2, fontsize=7.5, handlelength=1.2, columnspacing=0.9,
                         handletextpad=0.4))
    else:
        steady(ax.legend(handles, labels, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                         ncols=len(handles), fontsize=7.5, borderaxespad=0.2,
                         handlelength=1.2, columnspacing=0.9, handletextpad=0.4))
    return ax


def days_label(first: date, last: date) -> str:
    return _span_text(first, last)


__all__ = [
    "calendar_legend",
    "draw_calendar",
    "draw_goal",
    "draw_mood",
    "draw_share_calendar",
    "draw_streaks",
    "draw_weekly_bands",
    "draw_weekly_grouped",
    "message",
    "share_legend",
]
