"""The report as Markdown, with user text made literal."""

from __future__ import annotations

import re
from datetime import timedelta

from ..text import safe_text
from .companion import companion_sections
from .model import DayCell, WeeklyReport
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

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_CHARS = frozenset("\\`*_[]<>|~&")
_MD_LINE_STARTS = ("-", "=", "+", "#")


def md_escape(text: str) -> str:
    """User text made literal in Markdown: punctuation that could start markup or
    raw HTML is backslash-escaped (CommonMark), and line starts that would make a
    list or a heading are escaped too."""
    if text.isascii() and text.isprintable() and _MD_CHARS.isdisjoint(text):
        start = text.lstrip(" ")[:1]
        if start not in _MD_LINE_STARTS and not start.isdigit():
            return text  # one plain line: nothing below would change it
    escaped = _MD_SPECIAL.sub(r"\\\1", safe_text(text))
    lines = []
    for line in escaped.split("\n"):
        line = re.sub(r"^(\s*)([-=+#])", r"\1\\\2", line)
        line = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", line)
        lines.append(line)
    return "\\\n".join(lines)  # a backslash at the end of a line is a hard line break


def _md_cell(c: DayCell, kind: str) -> str:
    text = cell_text(c, kind)
    return {"~": "\\~", "·": "·", " ": ""}.get(text, text)


def render_markdown(report: WeeklyReport) -> str:
    out: list[str] = [f"# Weekly summary: {week_title(report)}", ""]
    if not report.complete:
        out += [
            f"*So far: up to {WEEKDAY_LONG[report.as_of.weekday()]}, {day_month(report.as_of)}.*",
            "",
        ]

    if report.observations:
        out += ["## How the week went", ""]
        out += [f"- {md_escape(line)}" for line in report.observations]
        out.append("")

    if report.habits:
        days = [report.week_start + timedelta(days=i) for i in range(7)]
        out += ["## Habits", ""]
        out.append(
            "| Habit | "
            + " | ".join(WEEKDAY_NAMES[d.weekday()] for d in days)
            + " | This week | Week before | Streak | Longest |"
        )
        out.append("|---|" + ":-:|" * 7 + "--:|--:|--:|--:|")
        for h in report.habits:
            before = (
                f"{h.previous_week_done}/{h.previous_week_target}"
                if h.previous_week_done is not None
                else "–"
            )
            cells = " | ".join(_md_cell(c, h.kind) for c in h.days)
            out.append(
                f"| {md_escape(h.name)} | {cells} | {figure(h)} | {before} | "
                f"{streak_text(h.current_streak, h.unit)} | "
                f"{streak_text(h.longest_streak, h.unit)} |"
            )
        out += [
            "",
            "✓ done or kept · ✗ broken · · missed · \\~ rest or skipped · "
            "? not logged yet; goal days show the amount.",
            "",
        ]

    if report.milestones:
        out += ["## Milestones", ""]
        for m, reached_on in shown_milestones(report):
            when = " and ".join(f"{WEEKDAY_LONG[d.weekday()]} {day_month(d)}" for d in reached_on)
            out.append(f"- **{md_escape(m.name)}**: {milestone_text(m)}, {when}")
        out.append("")

    for g in report.goals:
        out += [f"## Goal: {md_escape(g.name)}", "", f"- {md_escape(goal_line(g))}"]
        plan = goal_plan(g)
        if plan:
            out.append(f"- {md_escape(plan)}")
        out.append("")

    mood = report.mood
    if mood.average is not None or mood.previous_average is not None:
        out += ["## Mood", "", mood_line(mood) + ("" if mood.average is None else "."), ""]
        if mood.by_day:
            out.append("| " + " | ".join(WEEKDAY_NAMES[d.weekday()] for d, _ in mood.by_day) + " |")
            out.append("|" + ":-:|" * len(mood.by_day))
            out.append("| " + " | ".join(str(m) for _, m in mood.by_day) + " |")
            out.append("")

    if report.reached_out:
        dates = ", ".join(short_day(d) for d in report.reached_out_dates)
        out += [f"They reached out on {plural(report.reached_out, 'day')}: {dates}.", ""]

    for heading, lines in companion_sections(report.companion) if report.companion else ():
        out += [f"## {heading}", ""]
        out += ["- " + md_escape(line).replace("\\\n", "\\\n  ") for line in lines]
        out.append("")

    if report.notes:
        out += ["## Notes", ""]
        for n in report.notes:
            label = f"**{short_day(n.date)}**"
            if n.habit_name:
                label += f" ({md_escape(n.habit_name)})"
            body = md_escape(n.text).replace("\\\n", "\\\n  ")
            out.append(f"- {label}: {body}")
        out.append("")

    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------- JSON


