"""The `status` dashboard and the `streaks` table: data first, text second.

``streaks_view`` and ``status_view`` turn a Dataset and a day into plain dicts (what
``--json`` prints); ``render_streaks`` and ``render_status`` turn those dicts into
text no wider than ``width`` columns (the terminal's; 80 by default), measured as
a terminal shows them (emoji and CJK two columns, combining marks none).  Colour
is the caller's business: the render functions take an optional
``style(text, **click_style_options)`` callable and never import click.
``milestone_message`` words a milestone for the check-in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from . import engine, units
from . import models as m
from .text import display_width, pad, safe_text, truncate, wrap

Styler = Callable[..., str]
WIDTH = 80


def _plain(text: str, **_: Any) -> str:
    return text


# ----------------------------------------------------------------- data


def streak_json(stats: m.HabitStats) -> dict[str, Any]:
    """One habit as ``streaks --json`` shows it (SPEC, "Machine-readable output")."""
    current, longest = stats.current, stats.longest
    return {
        "habit": stats.habit.slug,
        "kind": stats.habit.kind,
        "unit": stats.unit,
        "current": stats.current_length,
        "current_start": current.start.isoformat() if current else None,
        "longest": stats.longest_length,
        "longest_start": longest.start.isoformat() if longest else None,
        "longest_end": longest.end.isoformat() if longest else None,
        "next_milestone": stats.next_milestone,
        "to_next_milestone": stats.to_next_milestone,
        "strength": stats.strength,
    }


def _select(dataset: m.Dataset, slug: str | None) -> list[m.Habit]:
    """The habits a view shows: the named one (archived or not), else the active ones."""
    if slug is None:
        return [h for h in dataset.habits if not h.archived]
    return [dataset.habit(slug)]


def _analyze(dataset: m.Dataset, habit: m.Habit, as_of: date,
             analysed: Mapping[str, m.HabitStats] | None = None,
             today: date | None = None) -> m.HabitStats:
    if analysed is not None:
        return analysed[habit.slug]
    return engine.analyze(habit, dataset.entries_for(habit.slug), as_of, week_start=dataset.week_start,
                          today=today)


def streaks_view(dataset: m.Dataset, as_of: date, slug: str | None = None, *,
                 analysed: Mapping[str, m.HabitStats] | None = None,
                 today: date | None = None) -> dict[str, Any]:
    """``{"as_of", "habits": [streak_json...]}`` for one habit or every active one.
    ``today`` (default ``as_of``): only that day can still be open.

    ``analysed``: each habit's stats worked out already (see ``recent.dataset_at``).
    Raises UnknownHabitError (with the closest slug) for a slug not in the dataset.
    """
    habits = _select(dataset, slug)
    return {
        "as_of": as_of.isoformat(),
        "habits": [streak_json(_analyze(dataset, h, as_of, analysed, today)) for h in habits],
    }


def _no_contact(stats: Sequence[m.HabitStats]) -> m.HabitStats | None:
    """The no-contact habit's stats (see ``models.no_contact_habit``)."""
    habit = m.no_contact_habit(s.habit for s in stats)
    return next((s for s in stats if s.habit is habit), None)


def _goal_json(habit: m.Habit, progress: m.GoalProgress, as_of: date) -> dict[str, Any]:
    remaining = max(0.0, progress.target - progress.total)
    days_left = (progress.deadline - as_of).days if progress.deadline else None
    on_track: bool | None = None
    reached = progress.total >= progress.target
    if progress.deadline is not None and not progress.too_early and not reached:
        on_track = progress.projected_finish is not None and (progress.projected_finish <= progress.deadline)
    needed = None
    if remaining > 0 and days_left is not None and days_left > 0:
        needed = round(remaining / days_left, 3)
    return {
        "name": habit.name,
        "unit": progress.unit,
        "target": progress.target,
        "total": round(progress.total, 6),
        "remaining": round(remaining, 6),
        "percent": round(progress.percent, 1),
        "pace": round(progress.pace, 3),
        "pace_days": progress.pace_days,
        "too_early": progress.too_early,
        "reached": reached,
        "deadline": progress.deadline.isoformat() if progress.deadline else None,
        "days_left": days_left,
        "needed_per_day": needed,
        "projected_finish": (progress.projected_finish.isoformat() if progress.projected_finish else None),
        "on_track": on_track,
    }


def status_view(dataset: m.Dataset, as_of: date, *, now: datetime | None = None,
                analysed: Mapping[str, m.HabitStats] | None = None,
                today: date | None = None) -> dict[str, Any]:
    """The dashboard as data: day N of no contact, the day's check-in state, each
    habit's streak, next milestone and strength, and goal progress with projection.

    ``now`` (the moment it is, when ``as_of`` is today) adds the hours of a young
    no-contact run ("Day 2 · 41 hours").
    ``analysed``: each habit's stats worked out already (see ``recent.dataset_at``).
    ``today`` (default ``as_of``): only that day can still be open."""
    stats = [_analyze(dataset, h, as_of, analysed, today) for h in _select(dataset, None)]
    nc = _no_contact(stats)
    no_contact: dict[str, Any] | None = None
    if nc is not None:
        broken_today = nc.start is not None and nc.current is None
        no_contact = {
            "habit": nc.habit.slug,
            "day": nc.current_length,
            "since": nc.current.start.isoformat() if nc.current else None,
            "starts": nc.habit.since.isoformat() if nc.habit.since else None,
            "broken_today": broken_today,
            "longest": nc.longest_length,
            "next_milestone": nc.next_milestone,
            "to_next_milestone": nc.to_next_milestone,
            "hours": _run_hours(dataset, nc, as_of, now),
            "urges_this_week": _urges_this_week(dataset, as_of),
        }
    info = dataset.days.get(as_of)
    open_habits = [s.habit.slug for s in stats if s.open_today]
    habits: list[dict[str, Any]] = []
    for s in stats:
        row = {
            "name": s.habit.name,
            **streak_json(s),
            "started": s.start is not None,
            "open_today": s.open_today,
            "role": m.role_of(s.habit),
        }
        row["week"] = None
        if s.habit.by_week and s.start is not None:
            # The week so far (engine.week_results' last week), from this week's days only.
            week_first = max(s.start, engine.week_start_of(as_of, dataset.week_start))
            states = engine.day_states(s.habit, dataset.entries_for(s.habit.slug), week_first,
                                       as_of, as_of=as_of, today=today)
            done = sum(1 for state in states.values() if state == engine.STATE_DONE)
            target = s.habit.per_week if s.habit.per_week is not None else 1
            row["week"] = {"done": done, "target": target}
        row["goal"] = _goal_json(s.habit, s.goal, as_of) if s.goal is not None else None
        habits.append(row)
    return {
        "as_of": as_of.isoformat(),
        "no_contact": no_contact,
        "checkin": {
            "open": open_habits,
            "mood_logged": bool(info and info.mood is not None),
            "mood": info.mood if info else None,
            "complete": not open_habits,
        },
        "habits": habits,
    }


def _run_hours(dataset: m.Dataset, nc: m.HabitStats, as_of: date, now: datetime | None) -> int | None:
    from .hours import HOURS_SHOWN_UP_TO_DAY, run_hours

    if now is None or nc.current is None or nc.current_length > HOURS_SHOWN_UP_TO_DAY:
        return None
    if as_of != (now - timedelta(hours=dataset.day_start)).date():
        return None  # a past day: its hours are not "now"
    return run_hours(nc.current.start, nc.habit, dataset.since_time, now)


def _urges_this_week(dataset: m.Dataset, as_of: date) -> int:
    first = engine.week_start_of(as_of, dataset.week_start)
    return sum(1 for u in dataset.urges if first <= u.day <= as_of)


# ----------------------------------------------------------------- text


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _short_date(day: date, year: int) -> str:
    return f"{day.day} {day:%b}" if day.year == year else f"{day.day} {day:%b %Y}"


def _count(n: int, unit: str) -> str:
    """'1 day', '3 days', '1 week'; unit is plural ('days' or 'weeks')."""
    return f"{n} {unit[:-1] if n == 1 else unit}"


def _fit(text: str, width: int) -> str:
    return truncate(text, width)


def _table(
    header: list[str], rows: list[list[str]], right: set[int], shrink: Sequence[int],
    style: Styler, width: int = WIDTH, drop: Sequence[int] = (),
) -> list[str]:
    """Columns two spaces apart, at most ``width`` columns in all: the ``shrink``
    columns give way first (down to 10), then the ``drop`` columns go, in order."""
    columns = list(range(len(header)))
    dropping = list(drop)
    while True:
        widths = {i: max(display_width(r[i]) for r in [header, *rows]) for i in columns}
        excess = sum(widths.values()) + 2 * (len(columns) - 1) - width
        for i in shrink:
            if excess > 0 and i in widths:
                give = min(excess, max(0, widths[i] - 10))
                widths[i] -= give
                excess -= give
        if excess <= 0 or not dropping:
            break
        columns.remove(dropping.pop(0))

    def line(cells: list[str]) -> str:
        out = []
        for i in columns:
            cell = _fit(cells[i], widths[i])
            out.append(pad(cell, widths[i], right=i in right))
        return _fit("  ".join(out).rstrip(), width)

    return [style(line(header), bold=True), *(line(r) for r in rows)]


def _next_text(row: dict[str, Any]) -> str:
    return f"{row['next_milestone']} (+{row['to_next_milestone']})"


def _printable(data: Any) -> Any:
    """A copy of view data with every user-typed name safe for a terminal."""
    if isinstance(data, dict):
        return {k: safe_text(v) if k == "name" and isinstance(v, str) else _printable(v)
                for k, v in data.items()}
    if isinstance(data, list):
        return [_printable(v) for v in data]
    return data


def render_streaks(data: dict[str, Any], style: Styler = _plain, width: int = WIDTH) -> str:
    """The ``streaks`` table: current and longest streak, next milestone, strength."""
    data = _printable(data)
    as_of = date.fromisoformat(data["as_of"])
    rows = []
    for h in data["habits"]:
        since = h["current_start"]
        period = ""
        if h["longest"]:
            first = date.fromisoformat(h["longest_start"])
            last = date.fromisoformat(h["longest_end"])
            period = f"{_short_date(first, as_of.year)} – {_short_date(last, as_of.year)}"
        rows.append(
            [
                h["habit"],
                units.streak(h["current"], h["unit"]),
                _short_date(date.fromisoformat(since), as_of.year) if since else "",
                _count(h["longest"], h["unit"]) if h["longest"] else "–",
                period,
                _next_text(h),
                f"{h['strength']:.1f}",
            ]
        )
    lines = [style(_fit(f"Streaks at the end of {_day_text(as_of)}", width), bold=True), ""]
    if not rows:
        lines.append("No habits to show.")
    else:
        header = ["HABIT", "CURRENT", "SINCE", "LONGEST", "WHEN", "NEXT", "STRENGTH"]
        # narrow terminals: the longest run's dates go first, then the current one's start
        lines += _table(header, rows, right={6}, shrink=[0], style=style, width=width, drop=[4, 2])
    return "\n".join(lines)


def _bar(percent: float, width: int = 20) -> str:
    filled = max(0, min(width, int(percent / 100 * width)))
    return "[" + "#" * filled + "." * (width - filled) + "]"


def _amount(value: float) -> str:
    return m.format_amount(round(value, 2))


def _wrap_to(text: str, indent: str = "  ", width: int = WIDTH) -> list[str]:
    """``text`` wrapped to ``width`` columns; the first line indented by ``indent``,
    the others two more."""
    first, *rest = wrap(text, width - len(indent)) or [""]
    if rest:
        rest = wrap(" ".join(rest), width - len(indent) - 2)
    return [indent + first, *(indent + "  " + line for line in rest)]


def _goal_lines(goal: dict[str, Any], as_of: date, style: Styler, width: int = WIDTH) -> list[str]:
    def _wrap(text: str) -> list[str]:
        return _wrap_to(text, width=width)

    unit = goal["unit"]
    figures = (f"{_amount(goal['total'])} of {units.amount(goal['target'], unit)} "
               f"({units.percent(goal['percent'])})")
    bar = _bar(goal["percent"])
    head = f"{goal['name']}: {figures}"
    if display_width(head) + 2 + len(bar) <= width:
        lines = [f"{head}  {bar}"]
    else:  # a long name gets a line of its own
        lines = [_fit(goal["name"], width), f"  {_fit(figures, width - 4 - len(bar))}  {bar}"]
    finish = goal["projected_finish"]
    if goal["remaining"] <= 0:
        done_on = date.fromisoformat(finish) if finish else as_of
        lines.append(style(f"  Reached on {_day_text(done_on)}. Well done.", fg="green"))
        return lines
    window = units.count(goal.get("pace_days") or 0, "days")
    if goal.get("too_early"):
        lines += _wrap(units.too_early_to_project(engine.PACE_MIN_DAYS, engine.PACE_MIN_LOGGED))
    elif finish:
        lines += _wrap(
            f"Pace {units.per_day(goal['pace'], unit)} over the last {window}: "
            f"done around {_day_text(date.fromisoformat(finish))}."
        )
    else:
        lines += _wrap(f"No progress in the last {window}, so no finish date yet.")
    if goal["deadline"]:
        deadline = date.fromisoformat(goal["deadline"])
        text = f"Deadline {_day_text(deadline)}"
        if goal["days_left"] is not None and goal["days_left"] < 0:
            lines += [style(line, fg="yellow") for line in _wrap(text + " has passed.")]
        elif goal["on_track"]:
            lines += [style(line, fg="green") for line in _wrap(text + ": on track.")]
        elif goal["on_track"] is None:
            needed = goal["needed_per_day"]
            extra = f"; {units.per_day(needed, unit)} would make it" if needed else ""
            lines += _wrap(f"{text}{extra}.")
        else:
            needed = goal["needed_per_day"]
            extra = f"; {units.per_day(needed, unit)} from now would make it" if needed else ""
            lines += [style(line, fg="yellow") for line in _wrap(f"{text}: behind{extra}.")]
    return lines


def _no_contact_lines(nc: dict[str, Any], style: Styler, width: int = WIDTH) -> list[str]:
    if nc["day"]:
        since = date.fromisoformat(nc["since"])
        hours = f" · {nc['hours']} hours" if nc.get("hours") is not None else ""
        urges = nc.get("urges_this_week") or 0
        resisted = f" · {_count(urges, 'urges')} resisted this week" if urges else ""
        title = f"Day {nc['day']}{hours} of no contact"
        rest = f"{resisted}  (since {_day_text(since)})"
        head = [style(title, bold=True, fg="cyan") + rest]
        if display_width(title + rest) > width:  # a narrow terminal: the rest below
            head = [style(title, bold=True, fg="cyan"), *_wrap_to(rest.lstrip(" ·"), width=width)]
        return [
            *head,
            f"Next milestone: {_count(nc['next_milestone'], 'days')}, "
            f"{_count(nc['to_next_milestone'], 'days')} to go.",
        ]
    if nc["broken_today"]:
        return [
            style("No contact was broken today.", bold=True, fg="yellow"),
            f"Tomorrow is day 1 again. Your longest run, {_count(nc['longest'], 'days')}, still stands.",
        ]
    starts = nc["starts"]
    when = f" on {_day_text(date.fromisoformat(starts))}" if starts else " later"
    return [style(f"No contact starts{when}.", bold=True)]


def render_status(data: dict[str, Any], style: Styler = _plain, width: int = WIDTH) -> str:
    """The dashboard, readable at a glance, no wider than ``width`` columns."""
    data = _printable(data)
    as_of = date.fromisoformat(data["as_of"])
    lines: list[str] = []
    if data["no_contact"] is not None:
        lines += [*_no_contact_lines(data["no_contact"], style, width), ""]

    habits = data["habits"]
    if not habits:
        lines.append("No habits yet. Start with: habit-tracker init")
        return "\n".join(lines)

    names = {h["habit"]: h["name"] for h in habits}
    checkin = data["checkin"]
    started = [h for h in habits if h["started"]]
    lines.append(style(f"Check-in for {_day_text(as_of)}", bold=True))
    if checkin["open"]:
        todo = ", ".join(names[slug] for slug in checkin["open"])
        if not checkin["mood_logged"]:
            todo += "; mood not logged"
        lines += [style(line, fg="yellow") for line in _wrap_to(f"Still open: {todo}.", width=width)]
        lines.append("  Run: habit-tracker checkin")
    elif not started:
        lines.append("  Nothing to check in yet.")
    else:
        mood = f" Mood {checkin['mood']}." if checkin["mood_logged"] else ""
        lines.append(style(f"  All done.{mood}", fg="green"))
    lines.append("")

    rows = []
    for h in habits:
        notes = []
        if not h["started"]:
            notes.append("not started yet")
        if h["week"] is not None:
            notes.append(f"week {h['week']['done']}/{h['week']['target']}")
        if h["open_today"]:
            notes.append("open today")
        rows.append(
            [
                h["name"],
                units.streak(h["current"], h["unit"]),
                _count(h["longest"], h["unit"]) if h["longest"] else "–",
                _next_text(h),
                f"{h['strength']:.1f}",
                ", ".join(notes),
            ]
        )
    header = ["HABIT", "STREAK", "BEST", "NEXT", "STRENGTH", ""]
    lines += _table(header, rows, right={4}, shrink=[5, 0], style=style, width=width, drop=[2])

    for h in started:
        if h["goal"] is not None:
            lines.append("")
            lines += _goal_lines(h["goal"], as_of, style, width)
    return "\n".join(lines)


# ----------------------------------------------------------------- milestones

_DAY_WORDS = {
    1: "the first day, and the hardest one to begin",
    3: "three days, the first rush is behind you",
    7: "a full week",
    14: "two whole weeks",
    21: "three weeks, long enough to become a habit",
    30: "a whole month",
    45: "a month and a half",
    60: "two months",
    90: "three months, a full season",
    120: "four months",
    180: "half a year",
    270: "nine months",
    365: "a whole year",
}
_WEEK_WORDS = {
    1: "the first week on target",
    2: "two weeks running",
    4: "about a month of good weeks",
    8: "two months of good weeks",
    12: "a whole quarter",
    26: "half a year",
    52: "a whole year",
}
_GOAL_WORDS = {
    25: "a quarter of the way there. A real start",
    50: "halfway there",
    75: "three quarters done; the end is in sight",
    100: "goal reached! You did it",
}


def _years(value: int, per_year: int) -> str:
    years = value // per_year
    return "a whole year" if years == 1 else f"{years} years"


def milestone_message(habit: m.Habit, milestone: m.Milestone) -> str:
    """A short, warm sentence for a milestone just reached."""
    value = milestone.value
    if milestone.kind == "goal":
        words = _GOAL_WORDS.get(value, f"{value}% of the way")
        if habit.target is not None and value < 100:
            unit = f" {habit.unit}" if habit.unit else ""
            share = _amount(habit.target * value / 100)
            return f"{habit.name}: {share} of {_amount(habit.target)}{unit}, {words}."
        return f"{habit.name}: {words}."
    if habit.by_week:
        words = _WEEK_WORDS.get(value) or _years(value, 52)
        return f"{habit.name}: {_count(value, 'weeks')} in a row on target, {words}."
    words = _DAY_WORDS.get(value) or _years(value, 365)
    if habit.kind == m.ABSTAIN:
        if m.role_of(habit) == m.ROLE_NO_CONTACT:
            if value == 1:
                return "Day 1 of no contact: the first step is the hardest, and you took it."
            return f"{value} days of no contact: {words}. You are choosing yourself."
        if value == 1:
            return f"{habit.name}: day 1. The first step is taken."
        return f"{habit.name}: {value} days kept, {words}."
    if value == 1:
        return f"{habit.name}: day 1 of a new streak. Keep it going tomorrow."
    return f"{habit.name}: {value} days in a row, {words}."
