"""`status`, `streaks` and `history`: parse, call the library (views, history), print.

Each command imports what it uses inside its function: history needs neither the
streak walk nor the views.
"""

from __future__ import annotations

from datetime import date

import click

from ..errors import UsageError
from ..text import safe_text
from .kit import (
    App,
    DateType,
    as_of_option,
    complete_slug,
    echo_json,
    json_option,
    pass_app,
    style,
    terminal_width,
)


@click.command()
@as_of_option
@click.option("--short", is_flag=True,
              help="One line for a prompt, tmux or a status bar: NC 23d · ✓ · 🏃 2/3.")
@click.option("--ascii", "ascii_only", is_flag=True,
              help="With --short: plain ASCII (automatic when the terminal cannot show ✓).")
@json_option
@pass_app
def status(app: App, as_of: date | None, short: bool, ascii_only: bool, as_json: bool) -> None:
    """The dashboard: day N of no contact (and the urges resisted this week), what
    is still open in today's check-in, each habit's streak, next milestone and
    strength, and your goal's progress.

    \b
    Examples:
      habit-tracker status
      habit-tracker status --as-of "last sunday"
      habit-tracker status --json
      habit-tracker status --short
    """
    from .. import recent, views

    today = app.today()
    day = as_of or today
    dataset, analysed, _ = recent.views_data(app.store(), day, today)
    data = views.status_view(dataset, day, now=app.now if day == today else None,
                             analysed=analysed, today=today)
    if short:
        import sys

        from ..companion import can_encode, short_status

        line = short_status(data, unicode=not ascii_only)
        if not ascii_only and not can_encode(line, getattr(sys.stdout, "encoding", None)):
            line = short_status(data, unicode=False)
        click.echo(line)
        return
    if as_json:
        echo_json(data)
    else:
        click.echo(views.render_status(data, style=style, width=terminal_width()), color=app.color)


@click.command()
@click.argument("slug", required=False, shell_complete=complete_slug)
@as_of_option
@click.option("--attempts", is_flag=True,
              help="Every run of an abstain habit (default no-contact): start, end, "
                   "length and what ended it.")
@json_option
@pass_app
def streaks(app: App, slug: str | None, as_of: date | None, attempts: bool, as_json: bool) -> None:
    """Current and longest streaks, the next milestone and the habit strength
    (0-100, Loop Habit Tracker's score) of every habit, or of SLUG.

    \b
    Examples:
      habit-tracker streaks
      habit-tracker streaks workout --as-of 2026-11-01
      habit-tracker streaks --json
      habit-tracker streaks no-contact --attempts
    """
    today = app.today()
    if attempts:  # every run since the start: the whole history
        dataset = app.store().load_dataset(include_archived=slug is not None)
        from ..companion import attempts_view, render_attempts

        runs = attempts_view(dataset, as_of or today, slug)
        if as_json:
            echo_json(runs)
        else:
            click.echo(safe_text(render_attempts(runs)))
        return
    from .. import recent, views

    day = as_of or today
    dataset, analysed, _ = recent.views_data(app.store(), day, today,
                                             include_archived=slug is not None)
    data = views.streaks_view(dataset, day, slug, analysed=analysed, today=today)
    if as_json:
        echo_json(data)
    else:
        click.echo(views.render_streaks(data, style=style, width=terminal_width()), color=app.color)


# -------------------------------------------------------------------- history


@click.command()
@click.argument("slug", required=False, shell_complete=complete_slug)
@click.option("--from", "first", type=DateType(), default=None, metavar="DATE",
              help="First day to show.")
@click.option("--to", "last", type=DateType(), default=None, metavar="DATE", help="Last day to show.")
@click.option("--no-notes", "hide_notes", is_flag=True,
              help="Leave the notes out (e.g. with someone looking at the screen).")
@as_of_option
@json_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default=None,
              help="text (default), json (as --json) or csv: one row per habit and day.")
@pass_app
def history(app: App, slug: str | None, first: date | None, last: date | None,
            hide_notes: bool, as_of: date | None, as_json: bool, fmt: str | None) -> None:
    """The logged days, oldest first: each habit's value, mood and notes.

    \b
    Examples:
      habit-tracker history --from "2 weeks ago"
      habit-tracker history workout --json
      habit-tracker history --no-notes
      habit-tracker history --format csv > history.csv
      habit-tracker history --as-of "last sunday" --from "a week ago"
    """
    if as_of is not None:
        if last is not None and last > as_of:
            raise UsageError(f"--to {last.isoformat()} is after --as-of {as_of.isoformat()}; "
                             "give one of them")
        last = last or as_of
    if first and last and first > last:
        raise UsageError(f"--from {first.isoformat()} is after --to {last.isoformat()}")
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} ask for two different outputs; give one")
    from ..history import history as logged_days

    days = logged_days(app.store(), slug=slug, first=first, last=last, notes=not hide_notes)
    if fmt == "csv":
        from ..interchange import history_to_csv

        click.echo(history_to_csv(days), nl=False)
        return
    if as_json or fmt == "json":
        echo_json({"days": days})
        return
    if not days:
        click.echo("Nothing logged in that range.")
        return
    from ..units import value_text

    store = app.store()
    habits = {h.slug: h for h in store.habits(include_archived=True)}
    for day in days:
        when = date.fromisoformat(day["date"])
        parts = [f"{s} {value_text(habits[s], e['value'])}" for s, e in day["entries"].items()]
        if day.get("mood") is not None:
            parts.append(f"mood {day['mood']}")
        if day.get("reached_out"):
            parts.append("they reached out")
        click.echo(safe_text(f"{style(f'{when:%Y-%m-%d %a}', bold=True)}  {' · '.join(parts)}"))
        for s, e in day["entries"].items():
            if e.get("note"):
                click.echo(_indent(safe_text(f"{s}: {e['note']}")))
        if day.get("note"):
            click.echo(_indent(safe_text(day["note"])))
        if day.get("necessary_contact"):
            click.echo(_indent(safe_text(f"necessary contact: {day['necessary_contact']}")))
        if day.get("break_trigger"):
            click.echo(_indent(safe_text(f"what led to the break: {day['break_trigger']}")))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines() or [""])


