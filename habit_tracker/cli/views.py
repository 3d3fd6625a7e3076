"""`status`, `streaks` and `history`: parse, call the library (views, tracker), print."""

from __future__ import annotations

from datetime import date

import click

from .. import tracker, views
from ..errors import UsageError
from ..text import safe_text
from .kit import App, DateType, as_of_option, echo_json, json_option, pass_app, style


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


# -------------------------------------------------------------------- history


@click.command()
@click.argument("slug", required=False)
@click.option("--from", "first", type=DateType(), default=None, metavar="DATE",
              help="First day to show.")
@click.option("--to", "last", type=DateType(), default=None, metavar="DATE", help="Last day to show.")
@json_option
@pass_app
def history(app: App, slug: str | None, first: date | None, last: date | None,
            as_json: bool) -> None:
    """The logged days, oldest first: each habit's value, mood and notes.

    \b
    Examples:
      habit-tracker history --from "2 weeks ago"
      habit-tracker history workout --json
    """
    if first and last and first > last:
        raise UsageError(f"--from {first.isoformat()} is after --to {last.isoformat()}")
    days = tracker.history(app.store(), slug=slug, first=first, last=last)
    if as_json:
        echo_json({"days": days})
        return
    if not days:
        click.echo("Nothing logged in that range.")
        return
    for day in days:
        when = date.fromisoformat(day["date"])
        parts = [f"{s} {e['value']}" for s, e in day["entries"].items()]
        if day.get("mood") is not None:
            parts.append(f"mood {day['mood']}")
        if day.get("reached_out"):
            parts.append("they reached out")
        click.echo(f"{style(f'{when:%Y-%m-%d %a}', bold=True)}  {' · '.join(parts)}")
        for s, e in day["entries"].items():
            if e.get("note"):
                click.echo(_indent(safe_text(f"{s}: {e['note']}")))
        if day.get("note"):
            click.echo(_indent(safe_text(day["note"])))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines() or [""])


