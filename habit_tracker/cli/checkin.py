"""`checkin`: parse, call the library (habit_tracker.tracker), print."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from .. import models as m
from .. import tracker
from ..errors import UsageError
from ..text import safe_text
from .kit import (
    App,
    DateType,
    complete_slug_value,
    echo_json,
    json_option,
    pass_app,
    read_stdin_text,
    style,
)

# -------------------------------------------------------------------- checkin


def _parse_sets(pairs: tuple[str, ...]) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = []
    for pair in pairs:
        slug, sep, value = pair.partition("=")
        if not sep or not slug.strip():
            raise UsageError(f"--set takes SLUG=VALUE, e.g. --set reading=done (got '{pair}')")
        values.append((slug.strip(), value.strip()))
    return values


def _mood(text: str | None) -> tuple[int | None, bool]:
    """--mood: a whole number 1-10, or 'clear' (also 'none') to remove it."""
    if text is None:
        return None, False
    word = text.strip().lower()
    if word in ("clear", "none"):
        return None, True
    if not word.lstrip("-").isdigit():
        raise UsageError(f"--mood: '{text}' is not a whole number from 1 to 10 (or 'clear')")
    return int(word), False


def _one_of(flags: dict[str, tuple[bool, Any]]) -> Any:
    """The value of the one flag given among contradicting ones (None: none given)."""
    given = [name for name, (on, _) in flags.items() if on]
    if len(given) > 1:
        raise UsageError(f"{' and '.join(given)} contradict each other; give one of them")
    return flags[given[0]][1] if given else None


@click.command()
@click.option("--date", "day", type=DateType(), default=None, metavar="DATE",
              help="The day to record (default today): yesterday, 'mon', 2026-11-20 ...")
@click.option("--no-contact", "kept", is_flag=True,
              help="You kept no contact that day (your no-contact habit, whatever its name).")
@click.option("--contact", "broke", is_flag=True, help="You broke no contact that day.")
@click.option("--they-reached-out", "reached", is_flag=True,
              help="They reached out and you did not answer (the day stays kept).")
@click.option("--no-they-reached-out", "not_reached", is_flag=True,
              help="Take back a 'they reached out' logged for that day.")
@click.option("--workout", "worked", is_flag=True, help="You worked out.")
@click.option("--rest", "rested", is_flag=True, help="A planned rest day.")
@click.option("--no-workout", "no_workout", is_flag=True, help="No workout that day.")
@click.option("--progress", metavar="X", help="Progress on your goal today, in its unit.")
@click.option("--mood", metavar="1-10", help="How you feel, 1 (awful) to 10 (great); 'clear' removes it.")
@click.option("--note", metavar="TEXT",
              help="A few words about the day (any length); replaces that day's note, \"\" "
              "removes it, '-' reads standard input.")
@click.option("--add-note", "add_note", metavar="TEXT",
              help="Add a paragraph to that day's note instead of replacing it.")
@click.option("--edit", is_flag=True,
              help="Write the day's note in your editor ($VISUAL/$EDITOR), out of shell history.")
@click.option("--necessary-contact", metavar="TEXT",
              help="Contact you could not avoid (kids, lease, work), in a few words; the day stays kept.")
@click.option("--what-led", "break_trigger", metavar="TEXT",
              help="With --contact: what led to it (asked in a terminal when not given).")
@click.option("--set", "sets", multiple=True, metavar="SLUG=VALUE", shell_complete=complete_slug_value,
              help="Any habit's value: kept/broken, done/skip/missed, a number, or clear.")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for what was not given (default: only when typing in a terminal).")
@json_option
@pass_app
def checkin(app: App, day: date | None, kept: bool, broke: bool, reached: bool,
            not_reached: bool, worked: bool, rested: bool, no_workout: bool,
            progress: str | None, mood: str | None, note: str | None, add_note: str | None,
            edit: bool, necessary_contact: str | None, break_trigger: str | None,
            sets: tuple[str, ...], interactive: bool | None, as_json: bool) -> None:
    """Record a day: no contact, workout, goal progress, mood and a note.

    Checking in again for the same day updates it.  Run in a terminal with
    nothing given, it asks.

    \b
    Examples:
      habit-tracker checkin
      habit-tracker checkin --no-contact --workout --progress 5 --mood 7 --note "Long run"
      habit-tracker checkin --date yesterday --rest --they-reached-out
      habit-tracker checkin --set reading=25 --set meditation=done
      habit-tracker checkin --necessary-contact "handed over the keys"
      echo "A hard evening; I went for a walk." | habit-tracker checkin --note -
    """
    import sys

    if edit and note is not None:
        raise UsageError("--note and --edit both give the note: choose one")
    if note == "-":
        note = read_stdin_text().rstrip("\n")
    contact = _one_of({"--no-contact": (kept, False), "--contact": (broke, True)})
    reached_out = _one_of({"--they-reached-out": (reached, True),
                           "--no-they-reached-out": (not_reached, False)})
    workout = _one_of({"--workout": (worked, m.DONE), "--rest": (rested, m.SKIP),
                       "--no-workout": (no_workout, m.MISSED)})
    if note is not None and add_note is not None:
        raise UsageError("--note replaces the day's note and --add-note adds to it; give one")
    mood_value, mood_clear = _mood(mood)
    store = app.store()
    today = app.today()
    if edit:
        when = day or today
        old = store.days(when, when).get(when)
        edited = click.edit(old.note if old and old.note else "", editor=app.editor, extension=".md",
                            require_save=True)
        if edited is None:
            raise UsageError("the editor was closed without saving; nothing was recorded")
        note = edited.rstrip("\n")
    data = tracker.build_input(
        store,
        day=day or today,
        contact=contact,
        reached_out=reached_out,
        workout=workout,
        progress=progress,
        mood=mood_value,
        note=note if add_note is None else add_note,
        note_append=add_note is not None,
        mood_clear=mood_clear,
        sets=_parse_sets(sets),
        necessary_contact=necessary_contact,
        break_trigger=break_trigger,
    )
    if interactive is None:
        interactive = sys.stdin.isatty() and not as_json
    if interactive:
        from .prompts import ask_break_trigger, ask_missing

        ask_missing(store, data, today)
        ask_break_trigger(data, store)
    outcome = tracker.record(store, data, today=today, now=app.now)
    if as_json:
        echo_json(outcome.as_json())
    else:
        shown = []
        for line in outcome.lines():
            text = safe_text(line.text)
            shown.append(style(text, **line.style) if line.style else text)
        if shown:  # one write: click's per-call checks cost more than the lines
            click.echo("\n".join(shown))


