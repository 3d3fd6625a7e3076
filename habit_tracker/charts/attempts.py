"""Marks on the streaks chart for the breaks that ended each attempt.

An addition drawn over ``draw.draw_streaks``: a small mark at each break, and what
led to it (the trigger the user gave) beside it when there is room.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import data as d
from . import draw
from . import style as s

#: Longest trigger text shown beside a break; more is cut with an ellipsis.
TRIGGER_CHARS = 22
#: More breaks than this and the texts would run into each other: marks only.
MAX_LABELS = 8


def mark_breaks(ax: Axes, data: d.StreakData, *, y: float | None = None) -> Axes:
    """``y``: the height of every mark (on the streaks chart's calendar strip);
    default: the ended streak's length."""
    ended = [(bar, bar.ended_by) for bar in data.bars
             if bar.ended_by is not None and bar.ended_by <= data.last]
    label = len(ended) <= MAX_LABELS
    for index, (bar, day) in enumerate(ended):
        x = draw._num(day) + 0.5
        height = bar.length if y is None else y
        # A Line2D added as it is: ax.plot's argument parsing and limit updates cost
        # more than the mark itself, with hundreds of breaks.
        mark = Line2D([x], [height], marker="v", markersize=5, color=s.VERMILLION, zorder=4,
                      gid=f"break-{index}", linestyle="none")
        mark.set_clip_on(y is None)
        ax.add_artist(mark)
        if label and bar.trigger:
            ax.annotate(s.plain_text(bar.trigger, TRIGGER_CHARS), xy=(x, height),
                        xytext=(2, 7), textcoords="offset points", fontsize=7.5,
                        color=s.VERMILLION, ha="left", va="bottom", zorder=5,
                        bbox={"boxstyle": "square,pad=0.15", "facecolor": s.BACKGROUND,
                              "edgecolor": "none", "alpha": 0.85})
    return ax
