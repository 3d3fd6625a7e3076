"""The report for a terminal: fixed-width tables and wrapped text."""

from __future__ import annotations

from datetime import timedelta

from .. import engine
from ..models import (
    GOAL,
)
from ..text import display_width, pad, safe_text, truncate, wrap
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
    shown_milestones,
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
WIDTH = 80  # when the caller does not say (a file, a pipe)
MIN_WIDTH = 40


def render_text(report: WeeklyReport, *, color: bool = False, width: int = WIDTH) -> str:
    """The report for a terminal, no line wider than ``width`` columns (the
    terminal's; at least 40).  ``color`` adds ANSI colours (the caller decides: a
    terminal, and NO_COLOR unset)."""
    page = max(MIN_WIDTH, width)

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
        # name | 7 days x 4 | Week 8 | Before 8 | Streak 14; the name takes what is
        # left (up to the longest name); narrow terminals drop Before, then Streak.
        show_before, show_streak = True, True
        streaks = [streak_text(h.current_streak, h.unit) for h in report.habits]
        # below 80 columns the streak column is only as wide as its longest text
        streak_width = 14 if page >= 80 else min(14, max(display_width(t) for t in streaks) + 2)
        fixed = 7 * 4 + 8 + 8 + streak_width
        longest = max(display_width(safe_text(h.name)) for h in report.habits) + 1
        if page - fixed < 10:
            show_before, fixed = False, fixed - 8
        if page - fixed < 10:
            show_streak, fixed = False, fixed - streak_width
        name_width = max(6, min(page - fixed, max(22, longest)))
        head = pad("", name_width) + "".join(pad(WEEKDAY_NAMES[d.weekday()], 4, True) for d in days)
        head += pad("Week", 8, True)
        if show_before:
            head += pad("Before", 8, True)
        if show_streak:
            head += pad("Streak", streak_width, True)
        out.append(paint(head, "1"))
        for h, streak in zip(report.habits, streaks, strict=True):
            row = pad(truncate(safe_text(h.name), name_width - 1), name_width)
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
            if show_before:
                row += pad(before, 8, True)
            if show_streak:
                row += pad(truncate(streak, streak_width - 1), streak_width, True)
            out.append(row)
        legend = ["✓ done/kept", "✗ broken", "· missed", "~ rest/skip", "? not logged yet",
                  "goal: amount"]
        line = ""
        for item in legend:
            if line and display_width(line) + 2 + display_width(item) > page - 2:
                out.append(paint("  " + line, "2"))
                line = ""
            line = f"{line}  {item}" if line else item
        out.append(paint("  " + line, "2"))
        out.append("")

    if report.observations:
        out.append(paint("How the week went", "1"))
        for line in report.observations:
            wrapped = wrap(safe_text(line), page - 4)
            out.append("  • " + wrapped[0])
            out.extend("    " + rest for rest in wrapped[1:])
        out.append("")

    if report.milestones:
        out.append(paint("Milestones", "1"))
        for m, reached_on in shown_milestones(report):
            when = ", ".join(short_day(d) for d in reached_on)
            line = f"{safe_text(m.name)}: {milestone_text(m)} ({when})"
            for i, piece in enumerate(wrap(line, page - 4)):
                out.append(("  " + paint("★", "33") + " " if i == 0 else "    ") + piece)
        out.append("")

    for g in report.goals:
        out.append(paint(truncate(f"Goal: {safe_text(g.name)}", page), "1"))
        out.extend("  " + piece for piece in wrap(goal_line(g), page - 2))
        plan = goal_plan(g)
        if plan:
            out.extend("  " + piece for piece in wrap(plan, page - 2))
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
        out.extend(wrap(f"They reached out: {plural(report.reached_out, 'day')} ({dates})", page))
        out.append("")

    for heading, lines in companion_sections(report.companion) if report.companion else ():
        out.append(paint(heading, "1"))
        for line in lines:
            wrapped = wrap(safe_text(line), page - 2)
            out.extend("  " + piece for piece in wrapped)
        out.append("")

    if report.notes:
        out.append(paint("Notes", "1"))
        for n in report.notes:
            label = short_day(n.date)
            text = safe_text(n.text)
            if n.habit_name:
                text = f"[{safe_text(n.habit_name)}] {text}"
            pieces = wrap(text, page - 14)
            out.append("  " + paint(pad(label, 11), "2") + " " + pieces[0])
            out.extend(" " * 14 + piece for piece in pieces[1:])
        out.append("")

    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


