"""The interactive check-in: asks, in a terminal, for what the flags did not give.

Enter accepts the value shown in brackets (what is logged already, or the usual
answer); questions without one can be left blank to record nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from .. import models as m
from ..errors import UsageError
from ..store import CheckinInput, Store, parse_value
from ..text import safe_text


def _asked(habit: m.Habit, choices: str) -> str:
    """The habit's own question when it has one (Loop's "Did you meditate?"), else its name."""
    if habit.question and habit.question.strip():
        return safe_text(f"{habit.question.strip()} {choices}")
    return f"{habit.name}: {choices}"

CHOICES = {"d": m.DONE, "r": m.SKIP, "s": m.SKIP, "m": m.MISSED}


def _checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """Wrap a parser so that a bad answer is asked again with the reason."""

    def convert(text: str) -> Any:
        if text.strip() == "":
            return ""
        try:
            return parse(text.strip())
        except UsageError as exc:
            raise click.BadParameter(str(exc)) from None

    return convert


def _amount_of(habit: m.Habit) -> Callable[[str], str]:
    def check(text: str) -> str:
        parse_value(habit, text)  # raises UsageError when it does not fit
        return text

    return check


def _mood(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise UsageError("a whole number from 1 to 10, please")
    return int(text)


def _shown(habit: m.Habit, entry: m.Entry) -> str:
    """A logged value as the prompt shows it: 'done', 'rest', '5 km'."""
    from ..units import value_text

    return value_text(habit, entry.status if entry.status is not None else entry.amount)


def ask_missing(store: Store, data: CheckinInput, today: date | None = None) -> None:
    day = data.day
    when = "today" if today is None or day == today else "that day"
    logged = store.days(day, day).get(day)
    click.echo(f"Check-in for {day:%A} {day.day} {day:%B %Y} "
               "(Enter keeps what is logged already).")
    for habit in store.habits():
        if habit.slug in data.values:
            continue
        if habit.kind == m.ABSTAIN and habit.since and day < habit.since:
            continue
        entries = store.entries(habit, day, day)
        existing = entries[0] if entries else None
        keeps = f"Enter keeps {_shown(habit, existing)}" if existing else "blank: nothing"
        if habit.kind == m.ABSTAIN:
            kept = click.confirm(f"{habit.name}: kept {when}?",
                                 default=not (existing and existing.status == m.BROKEN))
            data.values[habit.slug] = m.KEPT if kept else m.BROKEN
            if kept and habit.role == m.ROLE_NO_CONTACT and data.reached_out is None:
                data.reached_out = click.confirm(
                    "Did they reach out (and you did not answer)?",
                    default=bool(logged and logged.reached_out),
                )
        elif habit.numeric:
            unit = f" ({habit.unit})" if habit.unit else ""
            answer = click.prompt(
                _asked(habit, f"how much {when}{unit}?") + f" ({keeps})",
                default="", show_default=False,
                value_proc=_checked(_amount_of(habit)),
            )
            if answer != "":
                data.values[habit.slug] = answer
        else:
            rest = "[r]est" if habit.kind == m.WEEKLY else "[s]kip"
            answer = click.prompt(
                _asked(habit, f"[d]one, {rest}, [m]issed?") + f" ({keeps})",
                default="", show_default=False,
                value_proc=_checked(lambda t: _choice(t)),
            )
            if answer != "":
                data.values[habit.slug] = answer
    if data.mood is None and not data.mood_clear:
        mood_keeps = f"Enter keeps {logged.mood}" if logged and logged.mood else "blank: skip"
        mood = click.prompt(
            f"Mood, 1 (awful) to 10 (great)? ({mood_keeps})",
            default="", show_default=False,
            value_proc=_checked(_mood),
        )
        if mood != "":
            data.mood = mood
    if data.note is None:
        if logged and logged.note:
            click.echo(f"The note for {when} so far: {safe_text(logged.note)}")
            prompt = "A new note? (Enter keeps it; start with + to add to it)"
        else:
            prompt = f"A note about {when}? (blank: none)"
        note = click.prompt(prompt, default="", show_default=False)
        if note.strip().startswith("+") and logged and logged.note:
            data.note = note.strip()[1:].strip()
            data.note_append = True
        elif note.strip():
            data.note = note


def _choice(text: str) -> str:
    word = text.lower()
    if word[:1] in CHOICES and (len(word) == 1 or word in m.STATUSES[m.DAILY] or word == "rest"):
        return CHOICES[word[:1]]
    raise UsageError("answer d (done), r (rest) or m (missed)")


def ask_break_trigger(data: CheckinInput, store: Store) -> None:
    """After a break, ask (kindly, optionally) what led to it: stored as its trigger."""
    nc = store.role_habit(m.ROLE_NO_CONTACT)
    if nc is None or data.values.get(nc.slug) != m.BROKEN or data.break_trigger is not None:
        return
    answer = click.prompt("What led to it? (optional, blank: skip)", default="",
                          show_default=False)
    if answer.strip():
        data.break_trigger = answer.strip()
