"""Every sentence, date and figure the report renderers share: one voice, one place."""

from __future__ import annotations

from datetime import date

from .. import engine, units
from ..models import (
    ABSTAIN,
    BROKEN,
    DAILY,
    GOAL,
    WEEKLY,
    format_amount,
)
from .model import DayCell, GoalWeek, HabitWeek, MilestoneLine, MoodWeek, WeeklyReport

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(n: int | float, word: str, many: str | None = None) -> str:
    return units.plural(n, word, many)


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
    return units.amount(value, unit)


def streak_text(length: int, unit: str) -> str:
    return units.streak(length, unit)


def shown_milestones(report: WeeklyReport) -> list[tuple[MilestoneLine, tuple[date, ...]]]:
    """The week's milestones as listed: one line per habit and milestone, with every
    day it was reached (a daily habit that restarts twice in a week gets one
    "day one" line with both days, not two lines)."""
    groups: dict[tuple[str, int, str], list[MilestoneLine]] = {}
    for m in report.milestones:
        groups.setdefault((m.habit, m.milestone, m.unit), []).append(m)
    return [(found[0], tuple(m.date for m in found)) for found in groups.values()]


def low_mood_run(report: WeeklyReport) -> int:
    """Days running, up to the last mood logged this week, with a mood of LOW_MOOD
    or less (0 when the latest mood is not low)."""
    run = 0
    for _, mood in reversed(report.mood.by_day):
        if mood > LOW_MOOD:
            break
        run += 1
    return run


#: A mood at or below this, several days running, gets a gentle word.
LOW_MOOD = 3
LOW_MOOD_DAYS = 3


def with_observations(report: WeeklyReport) -> WeeklyReport:
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
            elif mood.previous_average - mood.average <= 0.5:
                line += f", a little lower than the {mood.previous_average:g} of the week before"
            elif mood.average < mood.previous_average:
                line += f", down from {mood.previous_average:g} the week before"
            else:
                line += ", the same as the week before"
        lines.append(line + ".")
        low = low_mood_run(report)
        if low >= LOW_MOOD_DAYS:
            lines.append(
                f"Your mood has been low for {plural(low, 'day')} running. That is a lot to carry: "
                "be gentle with yourself, and let someone you trust know how you are."
            )
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
    return report._replace(observations=tuple(lines))


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
    if h.kind == WEEKLY and h.unit == "weeks":
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
    if h.kind == WEEKLY:  # X times in Y days: counted in days on track
        text = f"{name}: on track {h.done} of {plural(h.target, 'day')}"
        if h.current_streak >= 2:
            text += f"; {plural(h.current_streak, 'day')} in a row"
        if h.previous_week_done is not None and h.done != h.previous_week_done:
            text += f" (last week {h.previous_week_done})"
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
    text += f", {units.percent(g.percent)} of the way to {amount_text(g.target, unit)}"
    lines = [text + "."]
    target = amount_text(g.target, unit)
    finish = g.projected_finish
    if g.total >= g.target:
        when = f" on {day_month(finish)}" if finish else ""
        lines.append(f"You reached {target}{when}. Well done.")
    elif g.too_early:
        lines.append(units.too_early_to_project(engine.PACE_MIN_DAYS, engine.PACE_MIN_LOGGED))
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

def figure(h: HabitWeek) -> str:
    return f"{h.done}/{h.target}"


def cell_text(c: DayCell, kind: str, room: int | None = None) -> str:
    """A day's mark; goal days show the amount (shortened to ``room`` characters)."""
    if kind == GOAL and c.state == engine.STATE_DONE and c.amount is not None:
        text = format_amount(round(c.amount, 1))
        if room is not None and len(text) > room:
            text = format_amount(round(c.amount))
            if len(text) > room:
                text = f"{c.amount / 1000:.0f}k"
        return text if room is None or len(text) <= room else "✓"
    return _SYMBOLS.get(c.state, "?")



def milestone_text(m: MilestoneLine) -> str:
    if m.unit == "percent":
        return "the goal is reached" if m.milestone == 100 else f"{m.milestone}% of the goal"
    if m.unit == "weeks":
        if m.milestone == 1:
            return "a first week on target"
        return f"{m.milestone} weeks in a row on target"
    return "day one" if m.milestone == 1 else f"{m.milestone} days in a row"


def goal_line(g: GoalWeek) -> str:
    return (
        f"{format_amount(round(g.total, 2))} of {amount_text(g.target, g.unit)} "
        f"({units.percent(g.percent)}) · {amount_text(g.week_progress, g.unit)} this week"
    )


def goal_plan(g: GoalWeek) -> str:
    parts = []
    if g.deadline:
        parts.append(f"Deadline {day_month(g.deadline, True)}")
    if g.total >= g.target:
        when = f" on {day_month(g.projected_finish, True)}" if g.projected_finish else ""
        parts.append(f"reached{when}")
    elif g.too_early:
        parts.append("too early to project a finish")
    elif g.projected_finish:
        parts.append(f"at your recent pace, done by {day_month(g.projected_finish, True)}")
    # Each part reads as a sentence of its own: capitalised.
    return " · ".join(part[0].upper() + part[1:] for part in parts)


def mood_line(mood: MoodWeek) -> str:
    if mood.average is None:
        return f"No mood logged this week (the week before: {mood.previous_average:g})."
    line = f"Average {mood.average:g} over {plural(mood.days, 'day')}"
    if mood.previous_average is not None:
        line += f" (the week before: {mood.previous_average:g})"
    return line


# ------------------------------------------------------------------ Markdown

