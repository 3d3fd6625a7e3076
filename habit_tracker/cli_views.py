"""`status` and `streaks`: parse, call the library (habit_tracker.views), print."""

from __future__ import annotations

from datetime import date

import click

from . import views
from .clikit import App, as_of_option, echo_json, json_option, pass_app, style


@click.command()
@as_of_option
@json_option
@pass_app
def status(app: App, as_of: date | None, as_json: bool) -> None:
    """The dashboard: day N of no contact, what is still open in today's check-in,
    each habit's streak, next milestone and strength, and your goal's progress.

    \b
    Examples:
      habit-tracker status
      habit-tracker status --as-of "last sunday"
      habit-tracker status --json | jq .no_contact.day
    """
    data = views.status_view(app.store().load_dataset(), as_of or app.today())
    if as_json:
        echo_json(data)
    else:
        click.echo(views.render_status(data, style=style), color=app.color)


@click.command()
@click.argument("slug", required=False)
@as_of_option
@json_option
@pass_app
def streaks(app: App, slug: str | None, as_of: date | None, as_json: bool) -> None:
    """Current and longest streaks, the next milestone and the habit strength
    (0-100, Loop Habit Tracker's score) of every habit, or of SLUG.

    \b
    Examples:
      habit-tracker streaks
      habit-tracker streaks workout --as-of 2026-11-01
      habit-tracker streaks --json
    """
    dataset = app.store().load_dataset(include_archived=slug is not None)
    data = views.streaks_view(dataset, as_of or app.today(), slug)
    if as_json:
        echo_json(data)
    else:
        click.echo(views.render_streaks(data, style=style), color=app.color)
