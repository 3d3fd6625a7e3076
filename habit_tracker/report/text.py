"""The report for a terminal: fixed-width tables and wrapped text."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from .. import engine
from ..models import (
    GOAL,
)
from ..text import safe_text
from .companion import companion_sections
from .model import WeeklyReport
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
    streak_text,
    week_title,
)

_COLOURS = {
    engine.STATE_KEPT: "32",
    engine.STATE_DONE: "32",
    engine.STATE_BROKEN: "31",
    engine.STATE_SKIP: "2",
    engine.STATE_MISSED: "2",
}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufe0e", "\ufe0f"}
WIDTH = 80


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide East Asian characters and most
    emoji take two, combining marks none."""
    width = 0
    for ch in text:
        if ch in _ZERO_WIDTH or unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by display width; words longer than a line are cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            while display_width(word) > width:
                room = width - display_width(line) - (1 if line else 0)
                if room < 1:
                    lines.append(line)
                    line, room = "", width
                piece = ""
                for ch in word:
                    if display_width(piece + ch) > room:
                        break
                    piece += ch
                line = f"{line} {piece}" if line else piece
                lines.append(line)
                line, word = "", word[len(piece) :]
            if not word:
                continue
            if line and display_width(line) + 1 + display_width(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines



def render_text(report: WeeklyReport, *, color: bool = False) -> str:
    """The report for a terminal, at most 80 columns wide.  ``color`` adds ANSI
    colours (the caller decides: a terminal, and NO_COLOR unset)."""

    def paint(text: str, code: str | None) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and code else text

    out: list[str] = []
    title = f"Weekly summary · {week_title(report)}"
    out.append(paint(title, "1"))
    out.append("═" * display_width(title))
    if not report.complete:
        out.append(f"So far: up to {WEEKDAY_LONG[report.as_of.weekday()]}, {day_month(report.as_of)}.")
    out.append("")

    if report.habits:
        days = [report.week_start + timedelta(days=i) for i in range(7)]
        # 22 + 7 * 4 + 8 + 8 + 14 = 80 columns
        head = pad("", 22) + "".join(pad(WEEKDAY_NAMES[d.weekday()], 4, True) for d in days)
        head += pad("Week", 8, True) + pad("Before", 8, True) + pad("Streak", 14, True)
        out.append(paint(head, "1"))
        for h in report.habits:
            row = pad(truncate(safe_text(h.name), 21), 22)
            for c in h.days:
                cell = pad(cell_text(c, h.kind, 3), 4, True)
                row += paint(cell, _COLOURS.get(c.state))
            week = pad(figure(h), 8, True)
            met = h.target > 0 and h.done >= h.target
            row += paint(week, "32" if met and h.kind != GOAL else None)
            before = (
                f"{h.previous_week_done}/{h.previous_week_target}"
                if h.previous_week_done is not None
                else "–"
            )
            row += pad(before, 8, True)
            row += pad(streak_text(h.current_streak, h.unit), 14, True)
            out.append(row)
        out.append(
            paint(
                "  ✓ done/kept  ✗ broken  · missed  ~ rest/skip  ? not logged yet  goal: amount",
                "2",
            )
        )
        out.append("")

    if report.observations:
        out.append(paint("How the week went", "1"))
        for line in report.observations:
            wrapped = wrap(safe_text(line), WIDTH - 4)
            out.append("  • " + wrapped[0])
            out.extend("    " + rest for rest in wrapped[1:])
        out.append("")

    if report.milestones:
        out.append(paint("Milestones", "1"))
        for m in report.milestones:
            line = f"{safe_text(m.name)}: {milestone_text(m)} ({short_day(m.date)})"
            for i, piece in enumerate(wrap(line, WIDTH - 4)):
                out.append(("  " + paint("★", "33") + " " if i == 0 else "    ") + piece)
        out.append("")

    for g in report.goals:
        out.append(paint(truncate(f"Goal: {safe_text(g.name)}", WIDTH), "1"))
        out.extend("  " + piece for piece in wrap(goal_line(g), WIDTH - 2))
        plan = goal_plan(g)
        if plan:
            out.extend("  " + piece for piece in wrap(plan, WIDTH - 2))
        out.append("")

    mood = report.mood
    if mood.average is not None or mood.previous_average is not None:
        out.append(paint("Mood", "1"))
        out.append("  " + mood_line(mood))
        if mood.by_day:
            out.append("  " + "  ".join(f"{WEEKDAY_NAMES[d.weekday()]} {m}" for d, m in mood.by_day))
        out.append("")

    if report.reached_out:
        dates = ", ".join(short_day(d) for d in report.reached_out_dates)
        out.extend(wrap(f"They reached out: {plural(report.reached_out, 'day')} ({dates})", WIDTH))
        out.append("")

    for heading, lines in companion_sections(report.companion) if report.companion else ():
        out.append(paint(heading, "1"))
        for line in lines:
            wrapped = wrap(safe_text(line), WIDTH - 2)
            out.extend("  " + piece for piece in wrapped)
        out.append("")

    if report.notes:
        out.append(paint("Notes", "1"))
        for n in report.notes:
            label = short_day(n.date)
            text = safe_text(n.text)
            if n.habit_name:
                text = f"[{safe_text(n.habit_name)}] {text}"
            pieces = wrap(text, WIDTH - 14)
            out.append("  " + paint(pad(label, 11), "2") + " " + pieces[0])
            out.extend(" " * 14 + piece for piece in pieces[1:])
        out.append("")

    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


