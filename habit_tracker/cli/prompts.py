"""The interactive check-in: asks, in a terminal, for what the flags did not give.

Enter accepts the value shown in brackets (what is logged already, or the usual
answer); questions without one can be left blank to record nothing.
"""

from __future__ import annotations

from collections.abc import Callable
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


def ask_missing(store: Store, data: CheckinInput) -> None:
    day = data.day
    logged = store.days(day, day).get(day)
    click.echo(f"Check-in for {day:%A %d %B %Y} (Enter keeps the value in brackets).")
    for habit in store.habits():
        if habit.slug in data.values:
            continue
        if habit.kind == m.ABSTAIN and habit.since and day < habit.since:
            continue
        entries = store.entries(habit, day, day)
        existing = entries[0] if entries else None
        if habit.kind == m.ABSTAIN:
            kept = click.confirm(f"{habit.name}: kept today?",
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
                _asked(habit, f"how much today{unit}?") + " (blank: nothing)",
                default=existing.value_text() if existing else "",
                show_default=bool(existing),
                value_proc=_checked(_amount_of(habit)),
            )
            if answer != "":
                data.values[habit.slug] = answer
        else:
            answer = click.prompt(
                _asked(habit, "[d]one, [r]est/skip, [m]issed?") + " (blank: nothing)",
                default=(existing.status or "")[:1] if existing else "",
                show_default=bool(existing),
                value_proc=_checked(lambda t: _choice(t)),
            )
            if answer != "":
                data.values[habit.slug] = answer
    if data.mood is None:
        mood = click.prompt(
            "Mood, 1 (awful) to 10 (great)? (blank: skip)",
            default=str(logged.mood) if logged and logged.mood else "",
            show_default=bool(logged and logged.mood),
            value_proc=_checked(_mood),
        )
        if mood != "":
            data.mood = mood
    if data.note is None:
        note = click.prompt("A note about today? (blank: none)", default="", show_default=False)
        if note.strip():
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
