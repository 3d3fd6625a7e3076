"""The weekly summary: figures first, then text, Markdown, JSON and HTML from them.

``build_report(dataset, week_day, today)`` works out one ``WeeklyReport`` for the
week holding ``week_day`` (weeks begin on ``dataset.week_start``).  The week's
figures are those of SPEC.md, "The week's figures": they are taken as of
T = the earlier of the week's last day and ``today``.  Streaks, milestones and
the goal's projection come from the engine; the renderers only format.

No click, no clock, no terminal: colour in the text rendering is a flag, and the
HTML chart is rendered by ``habit_tracker.charts`` only when that is available.
"""

from __future__ import annotations

import base64
import html
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from . import engine
from .errors import UsageError
from .models import (
    ABSTAIN,
    BROKEN,
    DAILY,
    DONE,
    GOAL,
    SKIP,
    WEEKLY,
    Dataset,
    Entry,
    Habit,
    format_amount,
)
from .text import safe_text

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json")

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# --------------------------------------------------------------------- the data


@dataclass(frozen=True)
class DayCell:
    """One day of one habit within the week: the engine's state, and the amount
    logged that day for numeric habits."""

    date: date
    state: str
    amount: float | None = None


@dataclass(frozen=True)
class HabitWeek:
    slug: str
    name: str
    kind: str
    unit: str  # "days" or "weeks": the unit of the streaks
    done: int
    target: int
    rate: float | None  # done / target; None when target is 0
    current_streak: int
    longest_streak: int
    previous_week_done: int | None  # None: the habit did not exist the week before
    previous_week_target: int | None
    next_milestone: int
    days: tuple[DayCell, ...]  # the seven days of the week


@dataclass(frozen=True)
class MilestoneLine:
    habit: str
    name: str
    milestone: int
    unit: str  # "days", "weeks" or "percent"
    date: date


@dataclass(frozen=True)
class GoalWeek:
    habit: str
    name: str
    unit: str | None
    target: float
    total: float
    week_progress: float
    previous_week_progress: float | None
    percent: float
    deadline: date | None
    projected_finish: date | None
    pace: float  # per day, over the last 28 days


@dataclass(frozen=True)
class MoodWeek:
    average: float | None
    previous_average: float | None
    days: int  # days of the week with a mood
    by_day: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class NoteLine:
    date: date
    text: str
    habit: str | None = None  # set for a note attached to a habit's entry
    habit_name: str | None = None


@dataclass(frozen=True)
class WeeklyReport:
    week_start: date
    week_end: date
    as_of: date  # T: the earlier of week_end and today
    habits: tuple[HabitWeek, ...]
    milestones: tuple[MilestoneLine, ...]
    goal: GoalWeek | None  # the first goal habit (the one `init` creates)
    goals: tuple[GoalWeek, ...]  # every goal habit
    mood: MoodWeek
    reached_out: int
    reached_out_dates: tuple[date, ...]
    notes: tuple[NoteLine, ...]
    observations: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when the whole week lies before or on 'today'."""
        return self.as_of >= self.week_end

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of SPEC.md (`report --format json`), plus a few extras."""
        return {
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "habits": [_habit_dict(h) for h in self.habits],
            "milestones": [
                {
                    "habit": m.habit,
                    "milestone": m.milestone,
                    "unit": m.unit,
                    "date": m.date.isoformat(),
                }
                for m in self.milestones
            ],
            "goal": _goal_dict(self.goal) if self.goal else None,
            "goals": [_goal_dict(g) for g in self.goals],
            "mood": {
                "average": self.mood.average,
                "previous_average": self.mood.previous_average,
                "days": self.mood.days,
                "by_day": [{"date": d.isoformat(), "mood": m} for d, m in self.mood.by_day],
            },
            "reached_out": self.reached_out,
            "reached_out_dates": [d.isoformat() for d in self.reached_out_dates],
            "notes": [_note_dict(n) for n in self.notes],
            "observations": list(self.observations),
        }


def _habit_dict(h: HabitWeek) -> dict[str, Any]:
    return {
        "habit": h.slug,
        "name": h.name,
        "kind": h.kind,
        "unit": h.unit,
        "done": h.done,
        "target": h.target,
        "rate": h.rate,
        "current_streak": h.current_streak,
        "longest_streak": h.longest_streak,
        "previous_week_done": h.previous_week_done,
        "next_milestone": h.next_milestone,
        "days": [
            {"date": c.date.isoformat(), "state": c.state}
            | ({"amount": c.amount} if c.amount is not None else {})
            for c in h.days
        ],
    }


def _goal_dict(g: GoalWeek) -> dict[str, Any]:
    return {
        "habit": g.habit,
        "name": g.name,
        "unit": g.unit,
        "target": g.target,
        "total": g.total,
        "week_progress": g.week_progress,
        "percent": g.percent,
        "deadline": g.deadline.isoformat() if g.deadline else None,
        "projected_finish": g.projected_finish.isoformat() if g.projected_finish else None,
    }


def _note_dict(n: NoteLine) -> dict[str, Any]:
    found: dict[str, Any] = {"date": n.date.isoformat(), "text": n.text}
    if n.habit is not None:
        found["habit"] = n.habit
    return found


# ------------------------------------------------------------------ the figures


def _between(entries: Sequence[Entry], first: date, last: date) -> list[Entry]:
    return [e for e in entries if first <= e.date <= last]


def _is_done(habit: Habit, entry: Entry) -> bool:
    """A done day per SPEC: `done`, or for numeric habits an amount at or above the
    daily minimum (daily) or above zero (goal)."""
    if entry.status is not None:
        return entry.status == DONE
    amount = entry.amount if entry.amount is not None else 0.0
    if habit.kind == DAILY and habit.daily_min is not None:
        return amount >= habit.daily_min
    return amount > 0


def week_figures(
    habit: Habit, entries: Sequence[Entry], start: date | None, first: date, last: date
) -> tuple[int, int] | None:
    """``(done, target)`` of one week for one habit, for the days [first, last]
    (the week's first day and T).  ``None`` when the habit has no day in that span."""
    if start is None:
        return None
    low = max(first, start)
    if low > last:
        return None
    span = (last - low).days + 1
    inside = _between(entries, low, last)
    if habit.kind == ABSTAIN:
        broken = sum(1 for e in inside if e.status == BROKEN)
        return span - broken, span
    done = sum(1 for e in inside if _is_done(habit, e))
    if habit.kind == WEEKLY:
        return done, habit.per_week if habit.per_week is not None else 1
    if habit.kind == DAILY:
        skipped = sum(1 for e in inside if e.status == SKIP)
        return done, span - skipped
    return done, span  # goal: days with progress > 0 out of the days that exist


def _progress(entries: Sequence[Entry], first: date, last: date) -> float:
    return sum(e.amount for e in _between(entries, first, last) if e.amount is not None and e.amount > 0)


def _round(value: float, places: int = 2) -> float:
    rounded = round(value, places)
    return rounded + 0.0  # no "-0.0"


def _average(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_report(dataset: Dataset, week_day: date, today: date) -> WeeklyReport:
    """The weekly summary of the week holding ``week_day``, as known at the end of
    ``today``.  Archived habits and habits that had not started by T are left out."""
    first = engine.week_start_of(week_day, dataset.week_start)
    last = first + timedelta(days=6)
    if first > today:
        raise UsageError(
            f"the week of {week_day.isoformat()} has not started yet (today is {today.isoformat()})"
        )
    t = min(last, today)
    prev_first, prev_last = first - timedelta(days=7), first - timedelta(days=1)

    habits: list[HabitWeek] = []
    goals: list[GoalWeek] = []
    milestones: list[MilestoneLine] = []
    active = [h for h in dataset.habits if not h.archived]
    for habit in active:
        entries = [e for e in dataset.entries_for(habit.slug) if e.date <= t]
        start = engine.habit_start(habit, entries)
        figures = week_figures(habit, entries, start, first, t)
        if figures is None:
            continue
        done, target = figures
        previous = week_figures(habit, entries, start, prev_first, prev_last)
        stats = engine.analyze(habit, entries, t, week_start=dataset.week_start)
        states = engine.day_states(habit, entries, first, last, as_of=t)
        by_date = {e.date: e for e in entries}
        cells = tuple(
            DayCell(
                day,
                state,
                by_date[day].amount if habit.numeric and day in by_date else None,
            )
            for day, state in sorted(states.items())
        )
        habits.append(
            HabitWeek(
                slug=habit.slug,
                name=habit.name,
                kind=habit.kind,
                unit=stats.unit,
                done=done,
                target=target,
                rate=done / target if target else None,
                current_streak=stats.current_length,
                longest_streak=stats.longest_length,
                previous_week_done=previous[0] if previous else None,
                previous_week_target=previous[1] if previous else None,
                next_milestone=stats.next_milestone,
                days=cells,
            )
        )
        # Goals list their percentage milestones only: a run of days with some
        # progress is not what a goal is about (SPEC, "The week's figures").
        for m in stats.milestones if habit.kind != GOAL else ():
            if first <= m.date <= t:
                milestones.append(MilestoneLine(habit.slug, habit.name, m.value, stats.unit, m.date))
        for m in stats.goal_milestones:
            if first <= m.date <= t:
                milestones.append(MilestoneLine(habit.slug, habit.name, m.value, "percent", m.date))
        if habit.kind == GOAL and stats.goal is not None:
            g = stats.goal
            goals.append(
                GoalWeek(
                    habit=habit.slug,
                    name=habit.name,
                    unit=g.unit,
                    target=g.target,
                    total=_round(g.total),
                    week_progress=_round(_progress(entries, first, t)),
                    previous_week_progress=(
                        _round(_progress(entries, prev_first, prev_last)) if previous else None
                    ),
                    percent=_round(g.percent, 1),
                    deadline=g.deadline,
                    projected_finish=g.projected_finish,
                    pace=g.pace,
                )
            )
    order = {h.slug: i for i, h in enumerate(active)}
    milestones.sort(key=lambda m: (m.date, order[m.habit], m.milestone))

    week_days = [d for d in dataset.days.values() if first <= d.date <= t]
    week_days.sort(key=lambda d: d.date)
    moods = [(d.date, d.mood) for d in week_days if d.mood is not None]
    prev_moods = [
        d.mood for d in dataset.days.values() if prev_first <= d.date <= prev_last and d.mood is not None
    ]
    mood = MoodWeek(
        average=_average([m for _, m in moods]),
        previous_average=_average(prev_moods),
        days=len(moods),
        by_day=tuple(moods),
    )
    reached = tuple(d.date for d in week_days if d.reached_out)

    notes: list[NoteLine] = [
        NoteLine(d.date, d.note) for d in week_days if d.note is not None and d.note.strip()
    ]
    for habit in active:
        if habit.slug not in {h.slug for h in habits}:
            continue
        for e in _between(dataset.entries_for(habit.slug), first, t):
            if e.note is not None and e.note.strip():
                notes.append(NoteLine(e.date, e.note, habit.slug, habit.name))
    notes.sort(key=lambda n: (n.date, -1 if n.habit is None else order[n.habit]))

    goal = next((g for g in goals if g.habit == "goal"), goals[0] if goals else None)
    report = WeeklyReport(
        week_start=first,
        week_end=last,
        as_of=t,
        habits=tuple(habits),
        milestones=tuple(milestones),
        goal=goal,
        goals=tuple(goals),
        mood=mood,
        reached_out=len(reached),
        reached_out_dates=reached,
        notes=tuple(notes),
        observations=(),
    )
    return _with_observations(report)


# ------------------------------------------------------------- plain language


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(n: int | float, word: str, many: str | None = None) -> str:
    return f"{format_amount(n)} {word if n == 1 else (many or word + 's')}"


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def day_month(day: date, year: bool = False) -> str:
    text = f"{day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def short_day(day: date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"


def week_title(report: WeeklyReport) -> str:
    """'16–22 November 2026', '28 September – 4 October 2026', across years in full."""
    a, b = report.week_start, report.week_end
    if a.year != b.year:
        return f"{day_month(a, True)} – {day_month(b, True)}"
    if a.month != b.month:
        return f"{day_month(a)} – {day_month(b, True)}"
    return f"{a.day}–{b.day} {MONTH_NAMES[b.month - 1]} {b.year}"


def amount_text(value: float, unit: str | None) -> str:
    number = format_amount(round(value, 2))
    return f"{number} {unit}" if unit else number


def streak_text(length: int, unit: str) -> str:
    return plural(length, unit[:-1])


def _with_observations(report: WeeklyReport) -> WeeklyReport:
    lines: list[str] = []
    days_left = (report.week_end - report.as_of).days
    goals = {g.habit: g for g in report.goals}
    for h in report.habits:
        if h.slug in goals:
            lines.extend(_goal_observations(goals[h.slug], report.as_of))
        else:
            lines.extend(_habit_observations(h, days_left))
    mood = report.mood
    if mood.average is not None:
        line = f"Your mood averaged {mood.average:g} over {plural(mood.days, 'day')}"
        if mood.previous_average is not None:
            if mood.average > mood.previous_average:
                line += f", up from {mood.previous_average:g} the week before"
            elif mood.average < mood.previous_average:
                line += f", a little lower than the {mood.previous_average:g} of the week before"
            else:
                line += ", the same as the week before"
        lines.append(line + ".")
    if report.reached_out:
        kept = all(
            c.state != BROKEN
            for h in report.habits
            if h.kind == ABSTAIN
            for c in h.days
            if c.date in report.reached_out_dates
        )
        line = f"They reached out {times(report.reached_out)}"
        if kept:
            line += " and you held your ground. That takes strength"
        lines.append(line + ".")
    if not report.habits and mood.average is None:
        lines.append("Nothing was logged this week.")
    return replace(report, observations=tuple(lines))


def _habit_observations(h: HabitWeek, days_left: int) -> list[str]:
    name = h.name
    if h.kind == ABSTAIN:
        if h.target and h.done == h.target:
            text = f"{name}: every day this week"
            if h.current_streak > h.target:
                text += f", {plural(h.current_streak, 'day')} in a row now"
            return [text + "."]
        broken = h.target - h.done
        if h.current_streak:
            return [
                f"{name}: {plural(broken, 'slip')} this week, and you started again: "
                f"{plural(h.current_streak, 'day')} since."
            ]
        return [f"{name}: a hard day today. Tomorrow is day one again, and that counts."]
    if h.kind == WEEKLY:
        text = f"{name}: {h.done} of {h.target}"
        if h.previous_week_done is None:
            text += " in the first week"
        if h.done >= h.target:
            text += ", target met"
            if h.current_streak >= 2:
                text += f" for the {ordinal(h.current_streak)} week in a row"
        elif days_left:
            need = h.target - h.done
            text += f" so far, {need} to go with {plural(days_left, 'day')} left"
        elif h.previous_week_done is not None and h.previous_week_done >= h.target:
            text += ", a quieter week after last week's full one"
        if h.previous_week_done is not None and h.done > h.previous_week_done:
            text += f" (up from {h.previous_week_done} last week)"
        return [text + "."]
    if h.kind == DAILY:
        text = f"{name}: {h.done} of {plural(h.target, 'day')}"
        if h.target and h.done == h.target:
            text += ", not one missed"
        if h.current_streak >= 2:
            text += f"; {plural(h.current_streak, 'day')} in a row"
        if h.previous_week_done is not None and h.done != h.previous_week_done:
            text += f" (last week {h.previous_week_done})"
        return [text + "."]
    return []  # goal habits: see _goal_observations


def _friendly(value: float) -> float:
    """Round a suggested amount to something a person would say."""
    return round(value) if value >= 10 else round(value, 1)


def _goal_observations(g: GoalWeek, as_of: date) -> list[str]:
    unit = g.unit
    text = f"{g.name}: {amount_text(g.week_progress, unit)} this week"
    if g.previous_week_progress is not None and g.previous_week_progress != g.week_progress:
        text += f" (last week {amount_text(g.previous_week_progress, unit)})"
    text += f", {format_amount(g.percent)}% of the way to {amount_text(g.target, unit)}"
    lines = [text + "."]
    target = amount_text(g.target, unit)
    finish = g.projected_finish
    if g.total >= g.target:
        when = f" on {day_month(finish)}" if finish else ""
        lines.append(f"You reached {target}{when}. Well done.")
    elif finish is not None:
        year = finish.year != as_of.year
        if g.deadline is None or finish <= g.deadline:
            line = f"At your recent pace you are on track to reach {target} by "
            line += day_month(finish, year)
            if g.deadline is not None:
                line += f", ahead of your {day_month(g.deadline, g.deadline.year != as_of.year)}"
                line += " deadline"
            lines.append(line + ".")
        else:
            line = (
                f"At your recent pace {target} comes on {day_month(finish, year)}, "
                f"after your {day_month(g.deadline, g.deadline.year != as_of.year)} deadline"
            )
            days = (g.deadline - as_of).days
            if days > 0:
                weekly = (g.target - g.total) / days * 7
                line += f"; about {amount_text(_friendly(weekly), unit)} a week would make it"
            lines.append(line + ".")
    return lines


# ---------------------------------------------------------------- text output

_SYMBOLS = {
    engine.STATE_KEPT: "✓",
    engine.STATE_DONE: "✓",
    engine.STATE_BROKEN: "✗",
    engine.STATE_MISSED: "·",
    engine.STATE_SKIP: "~",
    engine.STATE_PARTIAL: "½",
    engine.STATE_OPEN: "?",
    engine.STATE_NONE: " ",
}
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


def _figure(h: HabitWeek) -> str:
    return f"{h.done}/{h.target}"


def _cell_text(c: DayCell, kind: str, room: int | None = None) -> str:
    """A day's mark; goal days show the amount (shortened to ``room`` characters)."""
    if kind == GOAL and c.state == engine.STATE_DONE and c.amount is not None:
        text = format_amount(round(c.amount, 1))
        if room is not None and len(text) > room:
            text = format_amount(round(c.amount))
            if len(text) > room:
                text = f"{c.amount / 1000:.0f}k"
        return text if room is None or len(text) <= room else "✓"
    return _SYMBOLS.get(c.state, "?")


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
                cell = pad(_cell_text(c, h.kind, 3), 4, True)
                row += paint(cell, _COLOURS.get(c.state))
            week = pad(_figure(h), 8, True)
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
            line = f"{safe_text(m.name)}: {_milestone_text(m)} ({short_day(m.date)})"
            for i, piece in enumerate(wrap(line, WIDTH - 4)):
                out.append(("  " + paint("★", "33") + " " if i == 0 else "    ") + piece)
        out.append("")

    for g in report.goals:
        out.append(paint(truncate(f"Goal: {safe_text(g.name)}", WIDTH), "1"))
        out.extend("  " + piece for piece in wrap(_goal_line(g), WIDTH - 2))
        plan = _goal_plan(g)
        if plan:
            out.extend("  " + piece for piece in wrap(plan, WIDTH - 2))
        out.append("")

    mood = report.mood
    if mood.average is not None or mood.previous_average is not None:
        out.append(paint("Mood", "1"))
        out.append("  " + _mood_line(mood))
        if mood.by_day:
            out.append("  " + "  ".join(f"{WEEKDAY_NAMES[d.weekday()]} {m}" for d, m in mood.by_day))
        out.append("")

    if report.reached_out:
        dates = ", ".join(short_day(d) for d in report.reached_out_dates)
        out.extend(wrap(f"They reached out: {plural(report.reached_out, 'day')} ({dates})", WIDTH))
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


def _milestone_text(m: MilestoneLine) -> str:
    if m.unit == "percent":
        return "the goal is reached" if m.milestone == 100 else f"{m.milestone}% of the goal"
    if m.unit == "weeks":
        if m.milestone == 1:
            return "a first week on target"
        return f"{m.milestone} weeks in a row on target"
    return "day one" if m.milestone == 1 else f"{m.milestone} days in a row"


def _goal_line(g: GoalWeek) -> str:
    return (
        f"{amount_text(g.total, g.unit)} of {amount_text(g.target, g.unit)} "
        f"({format_amount(g.percent)}%) · {amount_text(g.week_progress, g.unit)} this week"
    )


def _goal_plan(g: GoalWeek) -> str:
    parts = []
    if g.deadline:
        parts.append(f"Deadline {day_month(g.deadline, True)}")
    if g.total >= g.target:
        parts.append("reached" + (f" on {day_month(g.projected_finish, True)}" if g.projected_finish else ""))
    elif g.projected_finish:
        parts.append(f"at your recent pace, done by {day_month(g.projected_finish, True)}")
    return " · ".join(parts)


def _mood_line(mood: MoodWeek) -> str:
    if mood.average is None:
        return f"No mood logged this week (the week before: {mood.previous_average:g})."
    line = f"Average {mood.average:g} over {plural(mood.days, 'day')}"
    if mood.previous_average is not None:
        line += f" (the week before: {mood.previous_average:g})"
    return line


# ------------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_escape(text: str) -> str:
    """User text made literal in Markdown: punctuation that could start markup or
    raw HTML is backslash-escaped (CommonMark), and line starts that would make a
    list or a heading are escaped too."""
    escaped = _MD_SPECIAL.sub(r"\\\1", safe_text(text))
    lines = []
    for line in escaped.split("\n"):
        line = re.sub(r"^(\s*)([-=+#])", r"\1\\\2", line)
        line = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", line)
        lines.append(line)
    return "\\\n".join(lines)  # a backslash at the end of a line is a hard line break


def _md_cell(c: DayCell, kind: str) -> str:
    text = _cell_text(c, kind)
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
                f"| {md_escape(h.name)} | {cells} | {_figure(h)} | {before} | "
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
        for m in report.milestones:
            out.append(
                f"- **{md_escape(m.name)}**: {_milestone_text(m)}, "
                f"{WEEKDAY_LONG[m.date.weekday()]} {day_month(m.date)}"
            )
        out.append("")

    for g in report.goals:
        out += [f"## Goal: {md_escape(g.name)}", "", f"- {md_escape(_goal_line(g))}"]
        plan = _goal_plan(g)
        if plan:
            out.append(f"- {md_escape(plan)}")
        out.append("")

    mood = report.mood
    if mood.average is not None or mood.previous_average is not None:
        out += ["## Mood", "", _mood_line(mood) + ("" if mood.average is None else "."), ""]
        if mood.by_day:
            out.append("| " + " | ".join(WEEKDAY_NAMES[d.weekday()] for d, _ in mood.by_day) + " |")
            out.append("|" + ":-:|" * len(mood.by_day))
            out.append("| " + " | ".join(str(m) for _, m in mood.by_day) + " |")
            out.append("")

    if report.reached_out:
        dates = ", ".join(short_day(d) for d in report.reached_out_dates)
        out += [f"They reached out on {plural(report.reached_out, 'day')}: {dates}.", ""]

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


def render_json(report: WeeklyReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------- HTML

_HTML_STATE_LABELS = {
    engine.STATE_KEPT: "kept",
    engine.STATE_DONE: "done",
    engine.STATE_BROKEN: "broken",
    engine.STATE_MISSED: "missed",
    engine.STATE_SKIP: "rest / skipped",
    engine.STATE_PARTIAL: "partly",
    engine.STATE_OPEN: "not logged yet",
    engine.STATE_NONE: "not started",
}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _template() -> Template:
    source = resources.files("habit_tracker").joinpath("templates/report.html")
    return Template(source.read_text(encoding="utf-8"))


def _html_habits(report: WeeklyReport) -> str:
    if not report.habits:
        return ""
    parts: list[str] = []
    for h in report.habits:
        met = h.target > 0 and h.done >= h.target
        badge_class = "badge met" if met and h.kind != GOAL else "badge"
        cells = []
        for c in h.days:
            label = f"{WEEKDAY_LONG[c.date.weekday()]} {day_month(c.date)}: "
            label += _HTML_STATE_LABELS.get(c.state, c.state)
            if c.amount is not None and h.kind == GOAL:
                label += f" ({format_amount(round(c.amount, 2))})"
            cells.append(
                f'<li class="day s-{esc(c.state)}" title="{esc(label)}">'
                f'<span class="wd">{WEEKDAY_NAMES[c.date.weekday()][:2]}</span>'
                f'<span class="mk" aria-label="{esc(label)}">{esc(_cell_text(c, h.kind))}</span>'
                "</li>"
            )
        before = (
            f"week before {h.previous_week_done}/{h.previous_week_target}"
            if h.previous_week_done is not None
            else "first week"
        )
        meta = (
            f"streak {streak_text(h.current_streak, h.unit)} · longest "
            f"{streak_text(h.longest_streak, h.unit)} · {before}"
        )
        parts.append(
            '<article class="habit">'
            f'<div class="habit-head"><h3>{esc(h.name)}</h3>'
            f'<span class="{badge_class}">{_figure(h)}</span></div>'
            f'<ol class="days">{"".join(cells)}</ol>'
            f'<p class="meta">{esc(meta)}</p>'
            "</article>"
        )
    parts.append(
        '<p class="meta legend">✓ done or kept · ✗ broken · · missed · ~ rest or skipped · '
        "? not logged yet · goal days show the amount</p>"
    )
    return "\n".join(parts)


def _html_section(title: str, body: str, css: str = "") -> str:
    if not body:
        return ""
    cls = f' class="{css}"' if css else ""
    return f"<section{cls}><h2>{esc(title)}</h2>\n{body}\n</section>"


def _html_goals(report: WeeklyReport) -> str:
    parts = []
    for g in report.goals:
        width = max(0.0, min(100.0, g.percent))
        plan = _goal_plan(g)
        parts.append(
            '<section class="goal">'
            f"<h2>Goal: {esc(g.name)}</h2>"
            f'<div class="bar" role="img" aria-label="{esc(format_amount(g.percent))}%">'
            f'<span style="width:{width:.1f}%"></span></div>'
            f"<p>{esc(_goal_line(g))}</p>"
            + (f'<p class="meta">{esc(plan)}</p>' if plan else "")
            + "</section>"
        )
    return "\n".join(parts)


def _html_mood(mood: MoodWeek) -> str:
    if mood.average is None and mood.previous_average is None:
        return ""
    bars = "".join(
        f'<li title="{esc(WEEKDAY_LONG[d.weekday()])}: {m}">'
        f'<span class="m" style="height:{m * 10}%">{m}</span>'
        f'<span class="wd">{WEEKDAY_NAMES[d.weekday()][:2]}</span></li>'
        for d, m in mood.by_day
    )
    body = f"<p>{esc(_mood_line(mood))}</p>"
    if bars:
        body += f'<ol class="moods">{bars}</ol>'
    return _html_section("Mood", body)


def _html_notes(report: WeeklyReport) -> str:
    items = []
    for n in report.notes:
        tag = f' <span class="tag">{esc(n.habit_name)}</span>' if n.habit_name else ""
        items.append(
            f'<li><time datetime="{n.date.isoformat()}">{esc(short_day(n.date))}</time>{tag}'
            f'<p class="note">{esc(n.text)}</p></li>'
        )
    return _html_section("Notes", f'<ul class="notes">{"".join(items)}</ul>') if items else ""


def chart_data_uri(svg: bytes | None) -> str | None:
    if not svg:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_html(report: WeeklyReport, *, chart_svg: bytes | None = None) -> str:
    """One self-contained page: inline CSS, the chart (if given) as a data URI, no
    script and a Content-Security-Policy that forbids fetching anything."""
    observations = "".join(f"<li>{esc(line)}</li>" for line in report.observations)
    milestones = "".join(
        f"<li><strong>{esc(m.name)}</strong>: {esc(_milestone_text(m))} "
        f'<time datetime="{m.date.isoformat()}">{esc(short_day(m.date))}</time></li>'
        for m in report.milestones
    )
    reached = ""
    if report.reached_out:
        dates = ", ".join(short_day(d) for d in report.reached_out_dates)
        reached = _html_section(
            "They reached out",
            f"<p>{esc(plural(report.reached_out, 'day'))}: {esc(dates)}. "
            "You did not have to answer, and you didn't.</p>"
            if all(
                c.state != BROKEN
                for h in report.habits
                if h.kind == ABSTAIN
                for c in h.days
                if c.date in report.reached_out_dates
            )
            else f"<p>{esc(plural(report.reached_out, 'day'))}: {esc(dates)}.</p>",
        )
    uri = chart_data_uri(chart_svg)
    chart = (
        f'<figure class="chart"><img src="{uri}" alt="Dashboard chart of the week"></figure>' if uri else ""
    )
    subtitle = (
        f"So far: up to {WEEKDAY_LONG[report.as_of.weekday()]}, {day_month(report.as_of)}"
        if not report.complete
        else f"{WEEKDAY_LONG[report.week_start.weekday()]} to {WEEKDAY_LONG[report.week_end.weekday()]}"
    )
    return _template().substitute(
        title=esc(f"Weekly summary · {week_title(report)}"),
        heading=esc(week_title(report)),
        subtitle=esc(subtitle),
        observations=_html_section(
            "How the week went", f'<ul class="obs">{observations}</ul>' if observations else ""
        ),
        habits=_html_section("Habits", _html_habits(report)),
        chart=chart,
        milestones=_html_section(
            "Milestones", f'<ul class="stars">{milestones}</ul>' if milestones else "", "ms"
        ),
        goals=_html_goals(report),
        mood=_html_mood(report.mood),
        reached=reached,
        notes=_html_notes(report),
    )


# -------------------------------------------------------------- the chart


#: Weeks the report's dashboard chart looks back over, the report's week included:
#: one week alone makes a thin heatmap and a single bar.
CHART_WEEKS = 12


def week_chart_svg(dataset: Dataset, report: WeeklyReport) -> bytes | None:
    """The dashboard chart at the end of the report's week (its last twelve weeks) as
    SVG bytes, or ``None`` when the chart library is not installed in this build."""
    try:
        from .charts import render_chart
    except ImportError:
        return None
    with tempfile.TemporaryDirectory(prefix="habit-tracker-report-") as folder:
        path = Path(folder) / "dashboard.svg"
        render_chart(
            "dashboard",
            dataset,
            first=report.week_start - timedelta(weeks=CHART_WEEKS - 1),
            last=report.week_end,
            as_of=report.as_of,
            output_path=path,
        )
        return path.read_bytes()


# ------------------------------------------------------------- one entry point


def render(
    report: WeeklyReport,
    fmt: str,
    *,
    color: bool = False,
    chart: Callable[[], bytes | None] | None = None,
) -> str:
    """The report in one of FORMATS.  ``chart`` supplies the HTML chart's SVG."""
    if fmt == "text":
        return render_text(report, color=color)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report, chart_svg=chart() if chart else None)
    raise UsageError(f"unknown report format '{fmt}'; choose one of {', '.join(FORMATS)}")


def weekly_report(
    dataset: Dataset, week_day: date, today: date, fmt: str = "text", *, color: bool = False
) -> str:
    """What `habit-tracker report` prints: build, then render (HTML with the chart)."""
    report = build_report(dataset, week_day, today)
    return render(report, fmt, color=color, chart=lambda: week_chart_svg(dataset, report))
