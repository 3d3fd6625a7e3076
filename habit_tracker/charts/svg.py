"""The HTML report's chart panels, written as SVG directly: no matplotlib.

The report shows five small panels (the share of habits done each day, each
habit week by week, the goal, mood, the longest streaks) over one period, each
its own image in a grid the page lays out.  They are simple marks: squares,
lines, dots and text.  Writing them here costs a few milliseconds, where loading
matplotlib and laying out five figures took over a second, and the text stays
text: the browser draws it with its own fonts, so names in any script (emoji,
Chinese) show wherever the reader's system can show them, and stay sharp at any
zoom.

Sizes are CSS pixels at the image's natural size (``WIDTH`` wide): the smallest
text is ``SMALL`` (10 px, 7.5 pt), which the browser test keeps at 8.5 px or more
on screen.  Text widths are estimated (``text_width``) generously, and user
text is shortened to fit; every piece of text is escaped.

The data comes from ``charts.data``, the same shaping the matplotlib charts use;
colours from ``charts.style`` (Okabe-Ito, safe for colour blindness).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from typing import cast

from ..models import Dataset, Habit, format_amount
from ..units import percent as percent_text
from . import data as d
from . import style as s

WIDTH = 384  # 4 inches at 96 px per inch
SMALL = 10.0  # 7.5 pt: legends, marks, row labels
TICK = 11.0  # tick labels
LABEL = 12.0  # axis labels
TITLE = 15.0  # panel titles, bold
#: Fonts the browser tries in order; it falls back per character to whatever
#: system font has the glyph (emoji, CJK).
FONTS = ("DejaVu Sans, Verdana, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
         "'Noto Sans', 'Noto Sans CJK JP', 'Noto Color Emoji', sans-serif")
#: Average advance of a character, in ems, a little wide for DejaVu Sans (the
#: widest of the usual fonts), so that estimated text never runs over.
EM = 0.62


def text_width(text: str, size: float) -> float:
    """An upper estimate of the width of ``text`` at ``size`` px; wide characters
    (CJK, emoji) count double."""
    wide = sum(1 for c in text if ord(c) >= 0x1100)
    return (len(text) + wide) * size * EM


def fit(text: str, size: float, room: float) -> str:
    """``text`` (one line, spaces collapsed) shortened with an ellipsis to fit ``room`` px."""
    text = " ".join(text.split())
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class Canvas:
    """The SVG markup of one panel, built top to bottom."""

    def __init__(self, width: float = WIDTH) -> None:
        self.width = width
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str | None, *,
             stroke: str | None = None, stroke_width: float = 1.0,
             opacity: float | None = None) -> None:
        attrs = f'x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill or "none"}"'
        if stroke:
            attrs += f' stroke="{stroke}" stroke-width="{_n(stroke_width)}"'
        if opacity is not None:
            attrs += f' fill-opacity="{_n(opacity)}"'
        self.parts.append(f"<rect {attrs}/>")

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str, *,
             width: float = 1.0, dash: str | None = None) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                          f'stroke="{colour}" stroke-width="{_n(width)}"{extra}/>')

    def polyline(self, points: Sequence[tuple[float, float]], colour: str, *,
                 width: float = 1.0, dash: str | None = None) -> None:
        if len(points) < 2:
            return
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                          f'stroke-width="{_n(width)}" stroke-linejoin="round"{extra}/>')

    def circle(self, x: float, y: float, r: float, fill: str, *, stroke: str | None = None,
               opacity: float | None = None) -> None:
        extra = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
        if opacity is not None:
            extra += f' fill-opacity="{_n(opacity)}"'
        self.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}"{extra}/>')

    def triangle_down(self, x: float, y: float, size: float, fill: str) -> None:
        """A small triangle pointing down whose tip is at (x, y)."""
        half = size / 2
        self.parts.append(f'<polygon points="{_n(x - half)},{_n(y - size)} {_n(x + half)},'
                          f'{_n(y - size)} {_n(x)},{_n(y)}" fill="{fill}"/>')

    def text(self, x: float, y: float, text: str, *, size: float = SMALL,
             anchor: str = "start", bold: bool = False, colour: str = s.INK,
             rotate: bool = False) -> None:
        """``y`` is the text's baseline."""
        attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if bold:
            attrs += ' font-weight="bold"'
        if colour != s.INK:
            attrs += f' fill="{colour}"'
        if rotate:
            attrs += f' transform="rotate(-90 {_n(x)} {_n(y)})"'
        self.parts.append(f"<text {attrs}>{escape(text, quote=False)}</text>")

    def svg(self, height: float, title: str) -> bytes:
        h = _n(math.ceil(height))
        head = (f'<?xml version="1.0" encoding="utf-8"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}" height="{h}" '
                f'viewBox="0 0 {_n(self.width)} {h}" font-family="{FONTS}" fill="{s.INK}">'
                f"<title>{escape(title, quote=False)}</title>"
                f'<rect width="100%" height="100%" fill="{s.BACKGROUND}"/>')
        return (head + "".join(self.parts) + "</svg>\n").encode("utf-8")


# ------------------------------------------------------------------ shared pieces

MARGIN = 10.0


def _title(canvas: Canvas, lines: Sequence[str], y: float = 22.0) -> float:
    """Bold title lines at the top left; the y below them."""
    for line in lines:
        canvas.text(MARGIN, y, fit(line, TITLE, canvas.width - 2 * MARGIN), size=TITLE,
                    bold=True)
        y += TITLE * 1.25
    return y - TITLE * 1.25 + 10


def _legend(canvas: Canvas, items: Sequence[tuple[str, str]], y: float, *,
            x0: float = MARGIN, columns: int | None = None) -> float:
    """Legend entries ``(kind, label)`` laid out in rows; ``kind`` is a colour
    (a square), ``outline:COLOUR``, ``line:COLOUR:DASH``, ``dot:COLOUR``,
    ``band:COLOUR`` or ``tri:COLOUR``.  Returns the y below the legend."""
    room = canvas.width - x0 - MARGIN
    widths = [24 + text_width(label, SMALL) for _, label in items]
    if columns is None:
        column_width = max(widths, default=0.0)
        columns = max(1, min(len(items), int(room // max(column_width, 1.0))))
    column_width = room / columns
    row_height = SMALL * 1.6
    for index, (kind, label) in enumerate(items):
        x = x0 + (index % columns) * column_width
        top = y + (index // columns) * row_height
        middle = top + row_height / 2
        _legend_key(canvas, kind, x, middle)
        canvas.text(x + 20, middle + SMALL * 0.35, fit(label, SMALL, column_width - 24))
    rows = -(-len(items) // columns)
    return y + rows * row_height


def _legend_key(canvas: Canvas, kind: str, x: float, middle: float) -> None:
    what, _, rest = kind.partition(":")
    if what == "outline":
        canvas.rect(x + 1.5, middle - 5, 9, 9, None, stroke=rest, stroke_width=1)
    elif what == "line":
        colour, _, dash = rest.partition(":")
        canvas.line(x, middle, x + 15, middle, colour, width=2, dash=dash or None)
    elif what == "dot":
        canvas.circle(x + 6, middle, 3, rest)
    elif what == "band":
        canvas.rect(x + 1, middle - 5.5, 11, 11, rest, opacity=0.35)
    elif what == "tri":
        canvas.triangle_down(x + 6, middle + 4, 8, rest)
    else:
        canvas.rect(x + 1, middle - 5.5, 11, 11, kind)


def _message(canvas: Canvas, text: str, y: float) -> float:
    """A plain statement in place of a chart that has nothing to show."""
    words = text.split()
    line = ""
    for word in words:
        trial = f"{line} {word}".strip()
        if text_width(trial, LABEL) > canvas.width - 2 * MARGIN and line:
            canvas.text(MARGIN, y, line, size=LABEL, colour=s.MUTED)
            y += LABEL * 1.4
            line = word
        else:
            line = trial
    canvas.text(MARGIN, y, line, size=LABEL, colour=s.MUTED)
    return y + 20


def _share_fill(share: float) -> str:
    return s.SHARE_STEPS[s.share_step(share)][1]


def _unit(value: float, unit: str) -> str:
    text = format_amount(value)
    return f"{text} {unit[:-1] if text == '1' else unit}"


class DateAxis:
    """x positions of days on a plot from the start of ``first`` to the end of ``last``."""

    def __init__(self, first: date, last: date, left: float, right: float) -> None:
        self.origin = first.toordinal()
        self.days = max(1, last.toordinal() + 1 - self.origin)
        self.left, self.right = left, right
        self.first, self.last = first, last

    def x(self, day: date, offset: float = 0.0) -> float:
        """Where ``day`` starts (``offset`` 1: where it ends)."""
        share = (day.toordinal() + offset - self.origin) / self.days
        return self.left + share * (self.right - self.left)

    def ticks(self, canvas: Canvas, y: float) -> None:
        """Date marks and labels under the plot (whose bottom is ``y``)."""
        inches = (self.right - self.left) / 96
        days = d.date_ticks(self.first, self.last, most=max(2, min(6, int(inches / 0.65))))
        daily = (self.last - self.first).days < 31
        placed_right = -1e9
        for day, label in zip(days, d.day_tick_labels(days), strict=True):
            x = self.x(day, 0.5 if daily else 0.0)
            half = text_width(label, TICK) / 2 * 0.85
            x_text = min(max(x, self.left + half), canvas.width - MARGIN - half)
            if x_text - half < placed_right + 4:
                continue
            canvas.line(x, y, x, y + 4, s.MUTED, width=0.8)
            canvas.text(x_text, y + 4 + TICK, label, size=TICK, anchor="middle")
            placed_right = x_text + half


def _nice_step(top: float, most: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving at most ``most`` ticks
    from 0 to ``top``."""
    if top <= 0 or not math.isfinite(top):
        return 1.0
    raw = top / most
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


# ------------------------------------------------------------------ the calendar


def heatmap_panel(dataset: Dataset, first: date, last: date, as_of: date) -> bytes:
    """All habits: each day of [first, last] shaded by the share of habits done."""
    heat = d.heatmap_data(dataset, None, first, last, as_of=as_of)
    values = {day: value for panel in heat.panels for day, value in panel.grid.values.items()}
    grid = d.calendar_grid(values, first, last, dataset.week_start)
    canvas = Canvas()
    title = "All habits: share done each day"
    y = _title(canvas, [title])
    rows, columns = grid.shape
    left = 36.0
    cell = min(24.0, (canvas.width - left - MARGIN) / max(columns, 1))
    top = y + TICK + 6
    # Months over the columns, thinned so that no two labels touch.
    placed_right = -1e9
    for index, (column, month) in enumerate(grid.month_labels()):
        name = d.MONTH_NAMES[month.month - 1]
        label = f"{name} {month.year}" if index == 0 or month.month == 1 else name
        x = left + column * cell
        if x < placed_right + 6:
            continue
        canvas.text(x, top - 5, label, size=TICK)
        placed_right = x + text_width(label, TICK)
    shown_rows = range(rows) if cell >= 11 else range(0, rows, 3)
    for row in shown_rows:
        canvas.text(left - 5, top + (row + 0.5) * cell + SMALL * 0.35, grid.row_labels[row],
                    size=SMALL, anchor="end", colour=s.INK)
    size = cell * 0.86
    inset = (cell - size) / 2
    has_none = has_before = False
    for row, column, day in grid.cells():
        x, y0 = left + column * cell + inset, top + row * cell + inset
        if day not in grid.values:
            has_before = True
            canvas.rect(x + 1, y0 + 1, size - 2, size - 2, None, stroke=s.OUTLINE,
                        stroke_width=0.8)
            continue
        share = cast("float | None", grid.values[day])
        if share is None:
            has_none = True
            canvas.rect(x, y0, size, size, s.NOTHING_DUE)
        else:
            canvas.rect(x, y0, size, size, _share_fill(share))
    items = [(colour, label) for label, colour in s.SHARE_STEPS]
    if has_none:
        items.append((s.NOTHING_DUE, "nothing due"))
    if has_before:
        items.append((f"outline:{s.OUTLINE}", "before start"))
    bottom = _legend(canvas, items, top + rows * cell + 10, columns=3)
    return canvas.svg(bottom + 6, title)


# ------------------------------------------------------------------ week by week


def weekly_panel(dataset: Dataset, first: date, last: date, as_of: date) -> bytes:
    """Each habit a row of weeks, shaded by the share of the week's target done."""
    canvas = Canvas()
    title = "Week by week"
    y = _title(canvas, [title])
    habit_weeks = d.weekly_data(dataset, d.active_habits(dataset), as_of=as_of, first=first,
                                last=last)
    if not habit_weeks or not habit_weeks[0].weeks:
        return canvas.svg(_message(canvas, "No habits to show.", y + 14), title)
    names = []
    for hw in habit_weeks:
        suffix = f" ({hw.habit.per_week or 0}/wk)" if hw.counts_sessions else ""
        names.append(fit(hw.habit.name, TICK, 150 - text_width(suffix, TICK)) + suffix)
    left = min(160.0, max(text_width(name, TICK) for name in names) + MARGIN + 6)
    weeks = habit_weeks[0].weeks
    cell = min(24.0, (canvas.width - left - MARGIN) / len(weeks))
    top = y + 4
    for row, (hw, name) in enumerate(zip(habit_weeks, names, strict=True)):
        canvas.text(left - 6, top + (row + 0.5) * cell + TICK * 0.35, name, size=TICK,
                    anchor="end")
        for column, week in enumerate(hw.weeks):
            if week.rate is None:
                continue
            size = cell * 0.9
            canvas.rect(left + column * cell + (cell - size) / 2,
                        top + row * cell + (cell - size) / 2, size, size,
                        _share_fill(min(week.rate, 1.0)))
    bottom = top + len(habit_weeks) * cell
    positions, labels = d.week_ticks(weeks, 4)
    lines = 1
    placed_left = canvas.width  # the last week's label first: it is always shown
    for position, label in reversed(list(zip(positions, labels, strict=True))):
        x = left + (position + 0.5) * cell
        parts = label.split("\n")
        half = max(text_width(p, TICK) for p in parts) / 2
        x_text = min(x, canvas.width - MARGIN - half)
        if x_text + half > placed_left - 4:
            continue
        placed_left = x_text - half
        lines = max(lines, len(parts))
        canvas.line(x, bottom, x, bottom + 3, s.MUTED, width=0.8)
        for index, part in enumerate(parts):
            canvas.text(x_text, bottom + 4 + TICK * (1 + 1.15 * index), part, size=TICK,
                        anchor="middle")
    y = bottom + 4 + TICK * (1 + 1.15 * (lines - 1)) + 10
    canvas.text(MARGIN, y + SMALL, "Week starting; shade: share of the week's target done",
                size=SMALL, colour=s.MUTED)
    items = [(colour, label) for label, colour in s.SHARE_STEPS]
    bottom = _legend(canvas, items, y + SMALL + 6, columns=3)
    return canvas.svg(bottom + 6, title)


# ------------------------------------------------------------------ the goal


def goal_panel(dataset: Dataset, first: date, last: date, as_of: date) -> bytes:
    """The goal's total against its plan, with the finish at the recent pace."""
    canvas = Canvas()
    goal = next((h for h in d.active_habits(dataset) if h.kind == "goal" and h.target), None)
    if goal is None:
        y = _title(canvas, ["Goal"])
        text = "No goal habit yet: 'habit add SLUG --kind goal' sets one."
        return canvas.svg(_message(canvas, text, y + 14), "Goal")
    start = d.habit_start(dataset, goal)
    data = d.goal_data(goal, dataset.entries_for(goal.slug), as_of=as_of,
                       week_start=dataset.week_start,
                       first=max(first, start) if start is not None else first, last=last,
                       series_from=first - timedelta(days=1))
    unit = " ".join(data.unit.split()) if data.unit else ""
    figures = (f"{format_amount(round(data.total, 2))} of {format_amount(data.target)}"
               f"{' ' + unit if unit else ''} ({percent_text(data.percent)})")
    name = " ".join(goal.name.split())
    title = f"{name}: {figures}"
    y = _title(canvas, [f"{name}:", figures])
    if data.start is None or not data.series:
        return canvas.svg(_message(canvas, f"No progress logged yet towards {name}.", y + 14),
                          title)
    left, right = 52.0, canvas.width - 38.0
    top, height = y + 8, 150.0
    bottom = top + height
    axis = DateAxis(data.first, data.last, left, right)
    peak = max(data.target, data.total) * 1.12

    def yv(value: float) -> float:
        return bottom - min(max(value / peak, 0.0), 1.0) * height

    step = _nice_step(peak)
    tick = 0.0
    while tick <= peak + 1e-9:
        canvas.line(left - 4, yv(tick), left, yv(tick), s.MUTED, width=0.8)
        canvas.text(left - 6, yv(tick) + TICK * 0.35, format_amount(round(tick, 2)), size=TICK,
                    anchor="end")
        tick += step
    for mark in data.marks:
        canvas.line(left, yv(mark.amount), right, yv(mark.amount), s.GOAL_MARK, width=0.8)
        canvas.text(right + 4, yv(mark.amount) + SMALL * 0.35, f"{mark.percent}%",
                    colour=s.MUTED)
    canvas.text(14, top + height / 2, fit(f"total ({unit})" if unit else "total", LABEL,
                                          height), size=LABEL, anchor="middle", rotate=True)
    items: list[tuple[str, str]] = []
    if data.deadline is not None and data.first <= data.deadline <= data.last:
        x = axis.x(data.deadline, 1)
        canvas.line(x, top, x, bottom, s.MUTED, width=0.8)
        canvas.text(x - 3, top + SMALL, f"deadline {d.short_date(data.deadline)}",
                    anchor="end", colour=s.MUTED)
    if data.as_of < data.last:
        x = axis.x(data.as_of, 1)
        canvas.line(x, top, x, bottom, s.GRID, width=1.0)
        early = (data.as_of - data.first).days < 0.3 * (data.last - data.first).days
        canvas.text(x + 3 if early else x - 3, bottom - 4, "today",
                    anchor="start" if early else "end", colour=s.MUTED)
    plan = data.plan
    if plan is not None:
        (x0, y0), (x1, y1) = plan
        canvas.polyline(_clipped(axis, [(x0, 0.0, y0), (x1, 1.0, y1)], yv), s.GOAL_PLAN,
                        width=1.4, dash="6 4")
        items.append((f"line:{s.GOAL_PLAN}:6 4", f"plan: target by {d.short_date(x1)}"))
    # The total at the end of each day, as steps; days before the axis are left out.
    points: list[tuple[float, float]] = []
    before = 0.0
    for day, total in data.series:
        if day < data.first:
            before = total
            continue
        if day > data.last:
            break
        if not points:
            points.append((axis.x(day), yv(before if day > data.start else 0.0)))
        points.append((axis.x(day, 1), points[-1][1]))
        points.append((axis.x(day, 1), yv(total)))
    canvas.polyline(points, s.GOAL_ACTUAL, width=2.2)
    items.append((f"line:{s.GOAL_ACTUAL}", "done so far"))
    projection = data.projection
    if projection is not None:
        (x0, y0), (x1, y1) = projection
        canvas.polyline(_clipped(axis, [(x0, 1.0, y0), (x1, 1.0, y1)], yv), s.GOAL_PROJECTION,
                        width=2.2, dash="2 3")
        per_day = format_amount(round(data.pace, 2)) + (f" {unit}" if unit else "")
        beyond = " (beyond the chart)" if x1 > data.last else ""
        items.append((f"line:{s.GOAL_PROJECTION}:2 3",
                      f"at the recent pace ({per_day}/day): {d.short_date(x1)}{beyond}"))
    elif data.total < data.target:
        items.append(("none", "no finish projected: too early to tell a pace" if data.pace > 0
                      else "no finish projected: no recent progress"))
    for mark in data.marks:
        if mark.reached is not None and data.first <= mark.reached <= data.last:
            canvas.circle(axis.x(mark.reached), yv(mark.amount), 3.5, s.GOAL_ACTUAL,
                          stroke=s.BACKGROUND)
    canvas.line(left, bottom, right, bottom, "#AAAAAA", width=0.8)
    canvas.line(left, top, left, bottom, "#AAAAAA", width=0.8)
    axis.ticks(canvas, bottom)
    end = _legend(canvas, items, bottom + TICK + 14, columns=1)
    return canvas.svg(end + 6, title)


def _clipped(axis: DateAxis, ends: Sequence[tuple[date, float, float]],
             to_y: Callable[[float], float]) -> list[tuple[float, float]]:
    """A straight segment between two (day, offset, value) ends, cut to the plot's
    days (the plan starts before a shorter period; a projection ends after it)."""
    (d0, o0, v0), (d1, o1, v1) = ends
    t0, t1 = d0.toordinal() + o0, d1.toordinal() + o1
    lo, hi = axis.origin, axis.origin + axis.days
    if t1 <= t0 or t1 <= lo or t0 >= hi:
        return []

    def at(t: float) -> tuple[float, float]:
        value = v0 + (v1 - v0) * (t - t0) / (t1 - t0)
        x = axis.left + (t - axis.origin) / axis.days * (axis.right - axis.left)
        return x, to_y(value)

    return [at(max(t0, lo)), at(min(t1, hi))]


# ------------------------------------------------------------------ mood


def mood_panel(dataset: Dataset, first: date, last: date, as_of: date) -> bytes:
    """Mood each day, its rolling mean, the days of a break or of their reaching out."""
    canvas = Canvas()
    title = "Mood"
    y = _title(canvas, [title])
    window = 28 if (last - first).days > 183 else 7
    data = d.mood_data(dataset, first, last, as_of=as_of, window=window)
    if not data.points:
        text = "No mood logged in this period ('checkin --mood N' records one)."
        return canvas.svg(_message(canvas, text, y + 14), title)
    left, right = 40.0, canvas.width - MARGIN
    top, height = y + 14, 140.0
    bottom = top + height
    axis = DateAxis(data.first, data.last, left, right)

    def yv(value: float) -> float:
        return bottom - (value - 0.5) / (11.2 - 0.5) * height

    items: list[tuple[str, str]] = []
    for level in (1, 4, 7, 10):
        canvas.line(left, yv(level), right, yv(level), s.GRID, width=0.7)
        canvas.text(left - 6, yv(level) + TICK * 0.35, str(level), size=TICK, anchor="end")
    canvas.text(14, top + height / 2, "mood (1–10)", size=LABEL, anchor="middle", rotate=True)
    for day in data.breaks:
        canvas.rect(axis.x(day), top, max(axis.x(day, 1) - axis.x(day), 1.5), height,
                    s.MOOD_BREAK, opacity=0.35)
    if data.breaks:
        name = " ".join(data.habit.name.split()) if data.habit else "no contact"
        items.append((f"band:{s.MOOD_BREAK}", f"{name}: broken"))
    many = len(data.points) > 120
    for day, mood in data.points:
        canvas.circle(axis.x(day, 0.5), yv(mood), 1.6 if many else 2.6, s.MOOD_POINT,
                      opacity=0.5 if many else None)
    items.append((f"dot:{s.MOOD_POINT}", "mood"))
    run: list[tuple[float, float]] = []
    drawn = False
    for day, mean in [*data.mean, (data.last, None)]:
        if mean is None:
            canvas.polyline(run, s.MOOD_MEAN, width=2.2)
            drawn = drawn or len(run) > 1
            run = []
        else:
            run.append((axis.x(day, 0.5), yv(mean)))
    if drawn:
        items.append((f"line:{s.MOOD_MEAN}", f"{data.window}-day mean"))
    for day in data.reached_out:
        canvas.triangle_down(axis.x(day, 0.5), top - 1, 8, s.MOOD_REACHED_OUT)
    if data.reached_out:
        items.append((f"tri:{s.MOOD_REACHED_OUT}", "they reached out"))
    canvas.line(left, bottom, right, bottom, "#AAAAAA", width=0.8)
    canvas.line(left, top, left, bottom, "#AAAAAA", width=0.8)
    axis.ticks(canvas, bottom)
    end = _legend(canvas, items, bottom + TICK + 14, columns=2)
    return canvas.svg(end + 6, title)


# ------------------------------------------------------------------ streaks


def streak_panel(dataset: Dataset, first: date, last: date, as_of: date, *,
                 most: int = 5) -> bytes:
    """The longest streaks of no contact (or the first habit) that touch the period,
    each a bar under its dates and length; milestones as dotted lines."""
    canvas = Canvas()
    habits = d.active_habits(dataset)
    habit: Habit | None = d.default_abstain(dataset) or (habits[0] if habits else None)
    if habit is None:
        y = _title(canvas, ["Streaks"])
        return canvas.svg(_message(canvas, "No habits to show.", y + 14), "Streaks")
    data = d.streak_data(habit, dataset.entries_for(habit.slug), as_of=as_of,
                         week_start=dataset.week_start, first=first, last=last)
    name = " ".join(habit.name.split())
    rows = d.ranked_streaks(data.bars, most)
    shown = f" · the {len(rows)} longest of {len(data.bars)}" if len(data.bars) > len(rows) \
        else ""
    title = f"{name}: streaks{shown}"
    y = _title(canvas, [title])
    if not data.bars:
        text = (f"No days yet: {name} starts after {d.short_date(data.as_of)}."
                if not data.started else
                "No streaks yet in this period. The next success starts one.")
        return canvas.svg(_message(canvas, text, y + 14), title)
    left, right = MARGIN, canvas.width - MARGIN
    top_value = max([bar.length for bar in rows] + data.levels)
    scale = (right - left) / (top_value * 1.3)
    # Each bar under its dates and length, on one line when they fit, else two.
    labels = []
    for bar in rows:
        tag = f"current (next: {format_amount(data.next_milestone)})" if bar.current else ""
        tag += (" · " if tag else "") + "longest" if bar.longest else ""
        label = f"{d.span_text(bar.start, bar.end)}: {_unit(bar.length, data.unit)}"
        whole = f"{label} · {tag}" if tag else label
        labels.append([whole] if text_width(whole, TICK) <= right - left else [label, tag])
    heights = [len(lines) * (TICK + 3) + 20 for lines in labels]
    top = y + 4
    bottom = top + max(sum(heights), 2 * 34.0)
    for level in data.levels:
        x = left + level * scale
        canvas.line(x, top, x, bottom, s.MILESTONE_LINE, width=0.8, dash="2 3")
    row_top = top
    for bar, lines, height in zip(rows, labels, heights, strict=True):
        colour = (s.STREAK_CURRENT if bar.current else s.STREAK_LONGEST if bar.longest
                  else s.STREAK_BAR)
        for index, line in enumerate(lines):
            line = fit(line, TICK, right - left)
            baseline = row_top + TICK + 2 + index * (TICK + 3)
            # On white, so that the milestone lines do not cross the words.
            canvas.rect(left, baseline - TICK, text_width(line, TICK) * 0.92, TICK + 3,
                        s.BACKGROUND)
            canvas.text(left, baseline, line, size=TICK, bold=bar.current)
        canvas.rect(left, row_top + height - 16, max(bar.length * scale, 2.0), 12, colour)
        row_top += height
    # Milestone marks, the largest first, kept apart by an eighth of the axis.
    marks: list[int] = []
    for level in sorted(data.levels, reverse=True):
        if not marks or marks[-1] - level >= top_value * 0.13:
            marks.append(level)
    canvas.line(left, bottom, right, bottom, "#AAAAAA", width=0.8)
    for level in marks:
        x = left + level * scale
        canvas.line(x, bottom, x, bottom + 4, s.MUTED, width=0.8)
        canvas.text(x, bottom + 4 + TICK, format_amount(level), size=TICK, anchor="middle")
    canvas.text((left + right) / 2, bottom + 4 + TICK + 6 + LABEL,
                f"streak length in {data.unit}; dotted: milestones", size=LABEL,
                anchor="middle")
    return canvas.svg(bottom + 4 + TICK + 6 + LABEL + 10, title)


# ------------------------------------------------------------------ all five


def panels(dataset: Dataset, first: date, last: date, as_of: date) -> list[tuple[str, bytes]]:
    """The five panels over [first, last]: (a description for ``alt``, SVG bytes) each."""
    period = d.range_text(first, last)
    return [
        (f"Calendar of the share of habits done each day, {period}",
         heatmap_panel(dataset, first, last, as_of)),
        (f"Each habit week by week, {period}", weekly_panel(dataset, first, last, as_of)),
        (f"Progress towards the goal against its plan, {period}",
         goal_panel(dataset, first, last, as_of)),
        (f"Mood each day, {period}", mood_panel(dataset, first, last, as_of)),
        (f"The longest no-contact streaks, {period}", streak_panel(dataset, first, last, as_of)),
    ]
