"""The `urges` chart: when urges come (hour x weekday) and how they fade week by week.

Kept apart from ``draw.py`` so that it adds a kind without touching the others;
it uses the same palette (``style``) and message helper.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta

from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import data as d
from . import draw
from . import style as s

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def draw_urge_grid(ax: Axes, data: d.UrgeData) -> Axes:
    """Counts per weekday (rows, in week order) and hour (columns)."""
    ramp = LinearSegmentedColormap.from_list("urges", ("#FFFFFF", *s.SHARE_RAMP[1:]))
    top = max((max(row) for row in data.grid), default=0)
    ax.imshow(data.grid, aspect="auto", cmap=ramp, vmin=0, vmax=max(top, 1),
              interpolation="nearest")
    ax.set_yticks(range(7), [_WEEKDAYS[w] for w in data.weekdays])
    ax.set_xticks(range(0, 24, 3), [f"{h:02d}:00" for h in range(0, 24, 3)])
    ax.set_xticks([x - 0.5 for x in range(25)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(8)], minor=True)
    ax.grid(which="minor", color=s.GRID, linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # Write the count in cells when there is room for it to be read.
    if 0 < top < 100:
        for row, counts in enumerate(data.grid):
            for hour, count in enumerate(counts):
                if count:
                    dark = count / top > 0.55
                    ax.text(hour, row, str(count), ha="center", va="center", fontsize=7,
                            color=s.BACKGROUND if dark else s.INK)
    ax.set_title("When they come", loc="left")
    return ax


def draw_urge_weeks(ax: Axes, data: d.UrgeData) -> Axes:
    """Urges per week as bars; their mean intensity as a line on a 1-10 scale."""
    xs = list(range(len(data.weeks)))
    ax.bar(xs, [w.count for w in data.weeks], color=s.SKY_BLUE, width=0.7, label="urges")
    ax.set_ylabel("urges")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(max((w.count for w in data.weeks), default=0) * 1.2, 4))
    step = max(1, -(-len(xs) // 12))
    ax.set_xticks(xs[::step], [f"{w.start.day} {w.start:%b}" for w in data.weeks][::step])
    ax.grid(axis="y")
    twin = ax.twinx()
    twin.spines["right"].set_visible(True)
    # A week without urges has no strength: the line breaks there (NaN).
    means = [w.mean_intensity if w.mean_intensity is not None else math.nan for w in data.weeks]
    if any(w.mean_intensity is not None for w in data.weeks):
        twin.plot(xs, means, color=s.VERMILLION, marker="o", markersize=3.5, linewidth=1.4,
                  label="mean strength")
    twin.set_ylim(0, 10.5)
    twin.set_ylabel("mean strength (1-10)", color=s.VERMILLION)
    ax.set_title("Week by week", loc="left")
    handles = [*ax.get_legend_handles_labels()[0], *twin.get_legend_handles_labels()[0]]
    if handles:
        ax.legend(handles, [str(h.get_label()) for h in handles], loc="upper right")
    return ax


def urges_figure(data: d.UrgeData, make_figure: Callable[[float, float], Figure]) -> Figure:
    """The chart; ``make_figure(width, height)`` gives an empty figure (inches)."""
    last_week = data.weeks[-1].start + timedelta(days=6) if data.weeks else data.last
    span = draw.days_label(data.first, min(last_week, data.last))
    if data.total == 0:
        figure = make_figure(s.URGES[0], 2.2)
        figure.suptitle(f"Urges resisted · {span}", x=0.01, ha="left")
        draw.message(figure.add_subplot(), "No urges recorded in this period. When one comes "
                                           "and passes: habit-tracker urge --intensity N")
        return figure
    figure = make_figure(*s.URGES)
    figure.suptitle(f"Urges resisted · {data.total} · {span}", x=0.01, ha="left")
    grid_ax, weeks_ax = figure.subplots(2, 1, height_ratios=(1.1, 1.0))
    draw_urge_grid(grid_ax, data)
    draw_urge_weeks(weeks_ax, data)
    return figure
