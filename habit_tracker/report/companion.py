"""The report's companion parts: urges, writing, necessary contact, attempts ended.

``companion_week`` works the figures out of a Dataset for one week (up to T);
``companion_sections`` words them once, as (heading, lines) pairs, for every
renderer.  The words describe, they never judge: an urge is a moment that passed,
a break is a run that ended, and writing is counted, never quoted unless the
user asks (``include_writing``).
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .. import engine
from ..models import ABSTAIN, Attempt, Dataset, Streak, no_contact_habit
from .wording import plural, short_day, times

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from ..records import NamedTuple

#: Parts of the day, by the hour they begin.
DAY_PARTS: tuple[tuple[str, int, int], ...] = (
    ("night", 0, 6), ("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 24),
)


class UrgesWeek(NamedTuple):
    count: int  # type: ignore[assignment]  # (shadows tuple.count, unused here)
    previous_count: int
    average: float | None  # intensity, one decimal
    previous_average: float | None
    strongest: int | None
    by_trigger: tuple[tuple[str, int], ...]  # most frequent first, then by name
    by_time_of_day: tuple[tuple[str, int], ...]  # the four DAY_PARTS, in order


class CompanionWeek(NamedTuple):
    urges: UrgesWeek
    writings: int
    writing_days: int
    previous_writings: int
    writing_texts: tuple[tuple[datetime, str], ...]  # only with include_writing
    necessary_contact: tuple[tuple[date, str], ...]
    attempts_ended: tuple[Attempt, ...]  # runs that a break within the week ended
    habit: str | None  # the abstain habit the attempts are of

    def to_dict(self) -> dict[str, Any]:
        u = self.urges
        return {
            "urges": {
                "count": u.count,
                "previous_count": u.previous_count,
                "average_intensity": u.average,
                "previous_average_intensity": u.previous_average,
                "strongest": u.strongest,
                "by_trigger": [{"trigger": t, "count": n} for t, n in u.by_trigger],
                "by_time_of_day": {part: n for part, n in u.by_time_of_day},
            },
            "writing": {
                "count": self.writings,
                "days": self.writing_days,
                "previous_count": self.previous_writings,
                **({"entries": [{"at": at.isoformat(timespec="minutes"), "text": text}
                                for at, text in self.writing_texts]}
                   if self.writing_texts else {}),
            },
            "necessary_contact": {
                "count": len(self.necessary_contact),
                "days": [{"date": d.isoformat(), "note": note} for d, note in self.necessary_contact],
            },
            "attempts_ended": [
                {"start": a.start.isoformat(), "end": a.end.isoformat(), "length": a.length,
                 "ended_by": a.ended_by.isoformat() if a.ended_by else None, "trigger": a.trigger}
                for a in self.attempts_ended
            ],
        }


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def companion_week(dataset: Dataset, first: date, t: date, *,
                   include_writing: bool = False,
                   runs: Mapping[str, tuple[Sequence[Streak], int]] | None = None,
                   ) -> CompanionWeek:
    """The week [first, t] (t: the earlier of its last day and today).

    ``runs``: each abstain habit's streaks at t and the number of its runs before
    them (``recent``: the streaks after a checkpoint), instead of walking all of
    its history for the attempts ended this week."""
    prev_first, prev_last = first - timedelta(days=7), first - timedelta(days=1)
    week = [u for u in dataset.urges if first <= u.day <= t]
    before = [u for u in dataset.urges if prev_first <= u.day <= prev_last]
    triggers = Counter(trigger for u in week for trigger in u.triggers)
    parts = tuple(
        (name, sum(1 for u in week if low <= u.at.hour < high)) for name, low, high in DAY_PARTS
    )
    urges = UrgesWeek(
        count=len(week),
        previous_count=len(before),
        average=_average([u.intensity for u in week]),
        previous_average=_average([u.intensity for u in before]),
        strongest=max((u.intensity for u in week), default=None),
        by_trigger=tuple(sorted(triggers.items(), key=lambda kv: (-kv[1], kv[0].casefold()))),
        by_time_of_day=parts,
    )
    written = [w for w in dataset.writings if first <= w.day <= t]
    contact = tuple(
        (d.date, d.necessary_contact) for d in sorted(dataset.days.values(), key=lambda d: d.date)
        if d.necessary_contact and first <= d.date <= t
    )
    habit = no_contact_habit(h for h in dataset.habits if not h.archived)
    ended: tuple[Attempt, ...] = ()
    if habit is not None and habit.kind == ABSTAIN:
        triggers_by_day = {d.date: d.break_trigger for d in dataset.days.values() if d.break_trigger}
        if runs is not None:
            streaks, closed = runs[habit.slug]
            attempts = engine.runs_as_attempts(streaks, t, triggers_by_day, closed + 1)
        else:
            attempts = engine.attempts(habit, dataset.entries_for(habit.slug), t, triggers_by_day)
        ended = tuple(a for a in attempts if a.ended_by is not None and first <= a.ended_by <= t)
    return CompanionWeek(
        urges=urges,
        writings=len(written),
        writing_days=len({w.day for w in written}),
        previous_writings=sum(1 for w in dataset.writings if prev_first <= w.day <= prev_last),
        writing_texts=tuple((w.at, w.text) for w in written) if include_writing else (),
        necessary_contact=contact,
        attempts_ended=ended,
        habit=habit.slug if habit else None,
    )


def urge_lines(u: UrgesWeek) -> list[str]:
    if not u.count and not u.previous_count:
        return []
    if not u.count:
        return [f"No urges recorded this week ({plural(u.previous_count, 'urge')} the week before)."]
    head = f"{plural(u.count, 'urge')} this week, each one passed without reaching out"
    head += f" ({u.previous_count} the week before)." if u.previous_count else " (none the week before)."
    strength = f"Average strength {u.average:.1f}/10"
    if u.previous_average is not None:
        strength += f" ({u.previous_average:.1f} the week before)"
    strength += f"; the strongest {u.strongest}/10."
    lines = [head, strength]
    if u.by_trigger:
        lines.append("By trigger: " + ", ".join(f"{t} {n}" for t, n in u.by_trigger) + ".")
    parts = [f"{name} {n}" for name, n in u.by_time_of_day if n]
    lines.append("By time of day: " + ", ".join(parts) + ".")
    return lines


def companion_sections(c: CompanionWeek) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each part that has something to say."""
    sections: list[tuple[str, list[str]]] = []
    urges = urge_lines(c.urges)
    if urges:
        sections.append(("Urges", urges))
    if c.attempts_ended:
        lines = []
        for a in c.attempts_ended:
            ended = a.ended_by or a.end + timedelta(days=1)
            line = (f"A run of {plural(a.length, 'day')} ended on {short_day(ended)}"
                    + (f" (what led to it: {a.trigger})" if a.trigger else "")
                    + "; day 1 began again the next day.")
            lines.append(line)
        sections.append(("Attempts", lines))
    if c.necessary_contact:
        lines = [f"Necessary contact on {plural(len(c.necessary_contact), 'day')}, "
                 "counted apart from a break: the days stayed kept."]
        lines += [f"{short_day(d)}: {note}" for d, note in c.necessary_contact]
        sections.append(("Necessary contact", lines))
    if c.writings or c.previous_writings:
        if c.writings:
            line = f"You wrote {times(c.writings)} this week"
            if c.writing_days > 1:
                line += f", on {c.writing_days} days"
            line += f" ({times(c.previous_writings)} the week before)." if c.previous_writings else "."
        else:
            line = f"No writing this week ({times(c.previous_writings)} the week before)."
        lines = [line]
        lines += [f"{at:%a %H:%M}: {text.strip()}" for at, text in c.writing_texts]
        sections.append(("Writing", lines))
    return sections
