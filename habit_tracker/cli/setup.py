"""`init`: create the database and the habits (parse, call habit_tracker.tracker,
print).  Its own module: the daily check-in does not build init's options."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from .. import models as m
from .. import tracker
from ..errors import UsageError
from .kit import App, DateType, SinceType, pass_app

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
