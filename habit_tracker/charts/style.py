"""The one place that holds the charts' colours, sizes and matplotlib settings.

Plain values only: this module does not import matplotlib, so tests and the data
layer can read the palette without paying for it.  The drawing code applies
``RC`` through ``matplotlib.rc_context`` around each figure, never by changing
the global ``rcParams``.

Colours come from the Okabe-Ito palette (safe for the common kinds of colour
blindness) plus three neutral greys; each state keeps the same colour in every
chart.
"""

from __future__ import annotations

from typing import Any

# Okabe & Ito, "Color Universal Design" (2008).
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"  # "bluish green"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"  # "reddish purple"

# Neutrals
INK = "#222222"  # text
MUTED = "#666666"  # secondary text, reference lines
GRID = "#DDDDDD"
MISSED_GREY = "#A8A8A8"  # a day that counted against the habit
REST_GREY = "#E2E2E2"  # a weekly habit's day without a session (not a failure)
BACKGROUND = "#FFFFFF"
OUTLINE = "#BDBDBD"  # the outline of days that do not exist (before the start)
LIGHT_GREEN = "#9AD9C2"  # some progress, below the daily minimum

#: Heatmap cell fill for each day category (see ``charts.data``).  ``None``: not
#: filled, only outlined.
CELL_COLOURS: dict[str, str | None] = {
    "kept": GREEN,
    "done": GREEN,
    "partial": LIGHT_GREEN,
    "skip": SKY_BLUE,
    "rest": REST_GREY,
    "missed": MISSED_GREY,
    "broken": VERMILLION,
    "open": None,
    "before": None,
    "after": None,
}

#: Cell outline for categories drawn without a fill.
CELL_OUTLINES: dict[str, str] = {
    "open": INK,
    "before": OUTLINE,
    "after": OUTLINE,
}

#: The colour ramp for "share of habits done that day" (0 -> 1), light to dark.
SHARE_RAMP: tuple[str, ...] = ("#EDF4F9", "#A9CFE6", "#56B4E9", "#0072B2", "#003E66")
#: The steps a day's share is shown in, each one colour of the ramp and one legend
#: entry: the cells and the legend both come from here, so every colour a cell can
#: take has its entry.  A share is rounded to a whole percent before it is placed.
SHARE_STEPS: tuple[tuple[str, str], ...] = (
    ("none done", SHARE_RAMP[0]),
    ("1–33%", SHARE_RAMP[1]),
    ("34–66%", SHARE_RAMP[2]),
    ("67–99%", SHARE_RAMP[3]),
    ("all done", SHARE_RAMP[4]),
)


def share_step(share: float) -> int:
    """The index in ``SHARE_STEPS`` of a day's share of habits done (0 to 1)."""
    if share <= 0:
        return 0
    if share >= 1:
        return len(SHARE_STEPS) - 1
    percent = min(99, max(1, round(100 * share)))
    return 1 if percent <= 33 else 2 if percent <= 66 else 3

#: A day on which habits existed but none was due (only rest days of weekly habits).
NOTHING_DUE = REST_GREY

# Streak chart
STREAK_BAR = SKY_BLUE
STREAK_LONGEST = BLUE
STREAK_CURRENT = GREEN
MILESTONE_LINE = MUTED

# Goal chart
GOAL_ACTUAL = BLUE
GOAL_PLAN = MUTED
GOAL_PROJECTION = ORANGE
GOAL_MARK = GRID

# Weekly chart
TARGET_LINE = VERMILLION

# Mood chart
MOOD_POINT = SKY_BLUE
MOOD_MEAN = BLUE
MOOD_BREAK = VERMILLION
MOOD_REACHED_OUT = PURPLE

#: One colour per habit, in habit order, wherever habits sit side by side.
HABIT_COLOURS: tuple[str, ...] = (BLUE, ORANGE, GREEN, PURPLE, SKY_BLUE, VERMILLION, YELLOW, INK)


def habit_colour(index: int) -> str:
    return HABIT_COLOURS[index % len(HABIT_COLOURS)]


# Sizes, in inches; DPI applies to PNG output.
DPI = 120
HEATMAP_CELL = 0.19  # one day
HEATMAP_MIN_WIDTH = 4.0
WIDE = (11.0, 4.4)
DASHBOARD = (13.0, 10.5)
URGES = (11.0, 6.6)
#: Longest text shown for a user-given name before it is shortened with an ellipsis.
NAME_MAX = 40

#: Fonts tried, in order, for characters the main font (DejaVu Sans: Latin, Greek,
#: Cyrillic) lacks: Chinese, Japanese, Korean and emoji in habit names and notes.
#: (family, files where systems install it); a family matplotlib already knows is
#: used by name, otherwise the first file that exists is loaded.  None present:
#: such characters show as boxes, as before.  On Debian/Ubuntu,
#: ``apt install fonts-droid-fallback fonts-symbola`` (or fonts-noto-cjk) adds them.
#: Colour emoji fonts (Noto Color Emoji, Apple Color Emoji) are bitmaps that
#: matplotlib cannot draw, so only outline fonts are listed.
FONT_FALLBACKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Noto Sans CJK JP", ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",)),
    ("Droid Sans Fallback", ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",)),
    ("WenQuanYi Micro Hei", ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)),
    ("Microsoft YaHei", ("C:/Windows/Fonts/msyh.ttc",)),
    ("Arial Unicode MS", ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
                          "/Library/Fonts/Arial Unicode.ttf")),
    ("Noto Emoji", ("/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf",)),
    ("Symbola", ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
                 "/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf")),
    ("Segoe UI Symbol", ("C:/Windows/Fonts/seguisym.ttf",)),
    ("Noto Sans Symbols2", ("/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",)),
)

#: matplotlib settings for our figures, applied with ``matplotlib.rc_context``.
RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.5,
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 8.0,
    # Titles sit at the top of their axes plus their pad.  matplotlib's default
    # (None) moves each title above the axis' tick labels, measuring every tick
    # label of the axes at each draw: a fifth of a dashboard's drawing.  Only the
    # calendar has labels on top, and its title's pad clears them.
    "axes.titley": 1.0,
    # Glyphs drawn from their outlines, without running DejaVu's hinting program
    # for each one (matplotlib renders every glyph of every text afresh): a third
    # less time per text, and at 120 dpi the letters read the same.
    "text.hinting": "no_hinting",
    "axes.labelsize": 9.5,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#AAAAAA",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.7,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.facecolor": BACKGROUND,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "text.color": INK,
    "savefig.facecolor": BACKGROUND,
    # Reproducible SVG: fixed ids instead of random ones.
    "svg.hashsalt": "habit-tracker",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


def plain_text(text: str, limit: int = NAME_MAX) -> str:
    """User text made safe for a matplotlib label.

    matplotlib reads ``$...$`` as mathematics and hides labels that begin with an
    underscore from legends; a name like ``Save $5 by $10`` must show as typed.
    Long names are shortened so that they cannot run over the next label.
    """
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("$", r"\$")
