"""The weekly report as data: one ``WeeklyReport`` that every renderer formats.

NamedTuples rather than frozen dataclasses: seven dataclasses cost every report
about 5 ms of class creation at import time.  No string annotations either
(``from __future__ import annotations``): typing compiles each one into a
ForwardRef when it builds a NamedTuple, about 1 ms for this module."""

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple

    from .companion import CompanionWeek
else:  # the same classes, made without typing's costly __bases__ assignment
    from ..records import NamedTuple

# --------------------------------------------------------------------- the data


class DayCell(NamedTuple):
    """One day of one habit within the week: the engine's state, and the amount
    logged that day for numeric habits."""

    date: date
    state: str
    amount: float | None = None


class HabitWeek(NamedTuple):
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


class MilestoneLine(NamedTuple):
    habit: str
    name: str
    milestone: int
    unit: str  # "days", "weeks" or "percent"
    date: date


class GoalWeek(NamedTuple):
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
    pace: float  # per day, over the last ``pace_days`` days (28, fewer for a young goal)
    pace_days: int = 0
    too_early: bool = False  # too little history to project a finish


class MoodWeek(NamedTuple):
    average: float | None
    previous_average: float | None
    days: int  # days of the week with a mood
    by_day: tuple[tuple[date, int], ...]


class NoteLine(NamedTuple):
    date: date
    text: str
    habit: str | None = None  # set for a note attached to a habit's entry
    habit_name: str | None = None


class WeeklyReport(NamedTuple):
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
    companion: "CompanionWeek | None" = None  # urges, writing, necessary contact, attempts

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
            **(self.companion.to_dict() if self.companion is not None else {}),
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
        "too_early": g.too_early,
    }


def _note_dict(n: NoteLine) -> dict[str, Any]:
    found: dict[str, Any] = {"date": n.date.isoformat(), "text": n.text}
    if n.habit is not None:
        found["habit"] = n.habit
    return found


# ------------------------------------------------------------------ the figures


