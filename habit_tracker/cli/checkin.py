"""`init` and `checkin`: parse, call the library (habit_tracker.tracker), print."""

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
    SinceType,
    complete_slug_value,
    echo_json,
    json_option,
    pass_app,
    read_stdin_text,
    style,
)

# ----------------------------------------------------------------------- init


@click.command()
@click.option("--since", "since_given", type=SinceType(), default=None, metavar="DATE [HH:MM]",
              help="Your first day without contact (default: today), and optionally the "
                   "time it began, for the hours of the first days.")
@click.option("--workouts-per-week", type=click.IntRange(1, 7), default=3, show_default=True,
              help="Workout sessions you aim for each week.")
@click.option("--goal", "goal_name", metavar="TEXT", help="Your personal goal, e.g. 'Run a half marathon'.")
@click.option("--target", type=float, help="The goal's total, e.g. 300 (km of training).")
@click.option("--unit", help="The goal's unit, e.g. km, pages, applications.")
@click.option("--by", "deadline", type=DateType(allow_future=True), metavar="DATE",
              help="The goal's deadline (optional).")
@click.option("--day-start", type=click.IntRange(0, 12), default=None,
              help="Hour a new day starts; 4 counts a 01:30 check-in as the day before.")
@click.option("--week-start", type=click.Choice(["monday", "sunday"]), default=None,
              help="First day of the week (default monday).")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for the start and the goal when not given (default: in a terminal).")
@pass_app
def init(app: App, since_given: tuple[date, str] | None, workouts_per_week: int, goal_name: str | None,
         target: float | None, unit: str | None, deadline: date | None,
         day_start: int | None, week_start: str | None, interactive: bool | None) -> None:
    """Create the database and the habits: no-contact, workout and your goal.

    \b
    Examples:
      habit-tracker init --since 2026-11-01
      habit-tracker init --since "2026-11-01 21:30"
      habit-tracker init --since "3 days ago" --workouts-per-week 4 \\
          --goal "Half marathon" --target 300 --unit km --by 2027-03-01
    """
    import sys

    since, since_time = since_given if since_given else (None, "")
    if interactive is None:
        interactive = sys.stdin.isatty()
    if interactive:
        since, goal_name, target, unit, deadline = _ask_init(app, since, goal_name, target,
                                                            unit, deadline)
    if goal_name is None and (target is not None or unit or deadline):
        raise UsageError("--target, --unit and --by describe a goal: add --goal TEXT")
    if goal_name is not None and target is None:
        raise UsageError("--goal needs --target, the total to reach (e.g. --target 300 --unit km)")
    today = app.today()
    if deadline is not None and deadline < today:
        raise UsageError(f"--by {deadline.isoformat()} has passed already (today is "
                         f"{today.isoformat()}); give a deadline from today on, or none")
    store = app.store(create=True)
    created = tracker.initialise(
        store,
        today=today,
        since=since or today,
        workouts_per_week=workouts_per_week,
        goal=(goal_name, target, unit, deadline) if goal_name and target is not None else None,
        day_start=day_start,
        week_start=week_start,
        since_time=since_time or None,
    )
    click.echo(f"Created {app.db_path} with habits: {', '.join(h.slug for h in created)}.")
    start = since or today
    click.echo(f"No contact since {start:%A} {start.day} {start:%B %Y}: "
               f"today is day {(today - start).days + 1}.")
    if not any(h.kind == m.GOAL for h in created):
        click.echo("Add your personal goal when you are ready:\n"
                   "  habit-tracker habit add goal --kind goal --name 'Half marathon' "
                   "--target 300 --unit km --by 2027-03-01")
    click.echo("Check in each evening with: habit-tracker checkin")


def _ask_init(app: App, since: date | None, goal_name: str | None, target: float | None,
              unit: str | None, deadline: date | None) -> tuple[Any, ...]:
    """In a terminal, `init` asks for what was not given: the no-contact start and the goal."""
    from ..dates import parse_date
    from ..errors import DateError

    today = app.today()

    def date_answer(allow_future: bool) -> Any:
        def convert(text: str) -> date | None:
            if not text.strip():
                return None
            try:
                return parse_date(text, today, allow_future=allow_future)
            except DateError as exc:
                raise click.BadParameter(str(exc)) from None

        return convert

    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise click.BadParameter("a number above 0, please") from None
        if not value > 0 or value == float("inf"):
            raise click.BadParameter("a number above 0, please")
        return value

    if since is None:
        since = click.prompt("Your first day without contact? (e.g. 2026-11-01, '10 days ago'; "
                             "Enter: today)", default="", show_default=False,
                             value_proc=date_answer(False)) or today
    if goal_name is None:
        goal_name = click.prompt("Your personal goal? (e.g. 'Run a half marathon'; "
                                 "Enter: add one later)", default="", show_default=False).strip()
        goal_name = goal_name or None
        if goal_name is not None:
            if target is None:
                target = click.prompt("  The total to reach? (e.g. 300)", value_proc=number)
            if unit is None:
                unit = click.prompt("  In what unit? (e.g. km, applications; Enter: none)",
                                    default="", show_default=False).strip() or None
            if deadline is None:
                deadline = click.prompt("  By when? (e.g. 2027-03-01; Enter: no deadline)",
                                        default="", show_default=False,
                                        value_proc=date_answer(True))
    return since, goal_name, target, unit, deadline


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


