"""The command line: parses, calls the library, prints.  Nothing else lives here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from . import __version__, tracker
from . import models as m
from .clikit import (
    App,
    DateType,
    HabitGroup,
    echo_json,
    json_option,
    pass_app,
    style,
)
from .errors import UsageError
from .text import safe_text


@click.group(
    cls=HabitGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    lazy_commands={
        "status": "habit_tracker.cli_views:status",
        "streaks": "habit_tracker.cli_views:streaks",
        "chart": "habit_tracker.cli_chart:chart",
        "report": "habit_tracker.cli_report:report",
        "demo": "habit_tracker.cli_report:demo",
    },
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="HABIT_TRACKER_DB",
    help="Database file (default: $HABIT_TRACKER_DB, else your data directory).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in the terminal; 'auto' also honours NO_COLOR.",
)
@click.version_option(__version__, prog_name="habit-tracker")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, color: str) -> None:
    """Count the days of no contact, keep your streaks, see your progress.

    \b
    Every evening:  habit-tracker checkin
    Any time:       habit-tracker status
    Sundays:        habit-tracker report
    First time:     habit-tracker demo        (a tour on sample data)
                    habit-tracker init --since 2026-11-01
    """
    app = App(db_path, color=color)
    ctx.obj = app
    ctx.call_on_close(app.close)


# ----------------------------------------------------------------------- init


@cli.command()
@click.option("--since", type=DateType(), default=None, metavar="DATE",
              help="Your first day without contact (default: today).")
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
@pass_app
def init(app: App, since: date | None, workouts_per_week: int, goal_name: str | None,
         target: float | None, unit: str | None, deadline: date | None,
         day_start: int | None, week_start: str | None) -> None:
    """Create the database and the habits: no-contact, workout and your goal.

    \b
    Examples:
      habit-tracker init --since 2026-11-01
      habit-tracker init --since "3 days ago" --workouts-per-week 4 \\
          --goal "Half marathon" --target 300 --unit km --by 2027-03-01
    """
    if goal_name is None and (target is not None or unit or deadline):
        raise UsageError("--target, --unit and --by describe a goal: add --goal TEXT")
    if goal_name is not None and target is None:
        raise UsageError("--goal needs --target, the total to reach (e.g. --target 300 --unit km)")
    today = app.today()
    store = app.store(create=True)
    created = tracker.initialise(
        store,
        today=today,
        since=since or today,
        workouts_per_week=workouts_per_week,
        goal=(goal_name, target, unit, deadline) if goal_name and target is not None else None,
        day_start=day_start,
        week_start=week_start,
    )
    click.echo(f"Created {app.db_path} with habits: {', '.join(h.slug for h in created)}.")
    start = since or today
    click.echo(f"No contact since {start:%A %d %B %Y}: today is day {(today - start).days + 1}.")
    if not any(h.kind == m.GOAL for h in created):
        click.echo("Add your personal goal when you are ready:\n"
                   "  habit-tracker habit add goal --kind goal --name 'Half marathon' "
                   "--target 300 --unit km --by 2027-03-01")
    click.echo("Check in each evening with: habit-tracker checkin")


# -------------------------------------------------------------------- checkin


def _parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        slug, sep, value = pair.partition("=")
        if not sep or not slug.strip():
            raise UsageError(f"--set takes SLUG=VALUE, e.g. --set reading=done (got '{pair}')")
        values[slug.strip()] = value.strip()
    return values


@cli.command()
@click.option("--date", "day", type=DateType(), default=None, metavar="DATE",
              help="The day to record (default today): yesterday, 'mon', 2026-11-20 ...")
@click.option("--contact/--no-contact", "contact", default=None,
              help="--no-contact: you kept no contact today; --contact: you broke it.")
@click.option("--they-reached-out/--no-they-reached-out", "reached_out", default=None,
              help="They reached out and you did not answer (the day stays kept).")
@click.option("--workout", "workout", flag_value=m.DONE, default=None, help="You worked out.")
@click.option("--rest", "workout", flag_value=m.SKIP, help="A planned rest day.")
@click.option("--no-workout", "workout", flag_value=m.MISSED, help="No workout today.")
@click.option("--progress", metavar="X", help="Progress on your goal today, in its unit.")
@click.option("--mood", type=int, metavar="1-10", help="How you feel, 1 (awful) to 10 (great).")
@click.option("--note", metavar="TEXT", help="A few words about the day (any length).")
@click.option("--set", "sets", multiple=True, metavar="SLUG=VALUE",
              help="Any habit's value: kept/broken, done/skip/missed, a number, or clear.")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for what was not given (default: only when typing in a terminal).")
@json_option
@pass_app
def checkin(app: App, day: date | None, contact: bool | None, reached_out: bool | None,
            workout: str | None, progress: str | None, mood: int | None, note: str | None,
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
    """
    import sys

    store = app.store()
    today = app.today()
    data = tracker.build_input(
        store,
        day=day or today,
        contact=contact,
        reached_out=reached_out,
        workout=workout,
        progress=progress,
        mood=mood,
        note=note,
        sets=_parse_sets(sets),
    )
    if interactive is None:
        interactive = sys.stdin.isatty() and not as_json
    if interactive:
        from .cli_prompts import ask_missing

        ask_missing(store, data)
    outcome = tracker.record(store, data, today=today)
    if as_json:
        echo_json(outcome.as_json())
    else:
        for line in outcome.lines():
            text = safe_text(line.text)
            click.echo(style(text, **line.style) if line.style else text)


# -------------------------------------------------------------------- history


@cli.command()
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


# ----------------------------------------------------------------------- undo


@cli.command()
@click.option("--list", "show", is_flag=True, help="List recent changes instead.")
@pass_app
def undo(app: App, show: bool) -> None:
    """Revert the last change; again to go further back.

    Nothing is lost: the change and its undoing both stay in the log.

    \b
    Examples:
      habit-tracker undo
      habit-tracker undo --list
    """
    store = app.store()
    if show:
        for change in store.changes():
            mark = " (undone)" if change["undone_by"] else ""
            click.echo(f"{change['id']:>5}  {change['at']}  {change['action']}{mark}")
        return
    click.echo(f"Undid: {store.undo()}")


# --------------------------------------------------------------------- config


@cli.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@pass_app
def config(app: App, key: str | None, value: str | None) -> None:
    """Show or change settings: day_start (hour 0-12), week_start (monday/sunday).

    \b
    Examples:
      habit-tracker config
      habit-tracker config day_start 4
      habit-tracker config week_start sunday
    """
    store = app.store()
    if key is None or value is None:
        settings = store.raw_settings()
        if key is not None and key not in settings:
            raise UsageError(f"unknown setting '{key}' (settings: {', '.join(settings)})")
        for name, current in settings.items():
            if key is None or key == name:
                click.echo(f"{name} = {current}")
        return
    store.set_setting(key, value)
    click.echo(f"{key} = {store.raw_settings()[key]}")


# ------------------------------------------------------------- export/import


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None,
              help="Default: from --output's extension, else json.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (mode 0600); default: standard output.")
@pass_app
def export(app: App, fmt: str | None, output: Path | None) -> None:
    """Write all your data out: settings, habits, every day.

    \b
    Examples:
      habit-tracker export --output backup.json
      habit-tracker export --format csv > habits.csv
    """
    from . import interchange
    from .files import write_private

    if fmt is None:
        fmt = "csv" if output is not None and output.suffix.lower() == ".csv" else "json"
    data = interchange.export_data(app.store())
    text = interchange.to_csv(data) if fmt == "csv" else interchange.to_json(data)
    if output is None:
        click.echo(text, nl=False)
        return
    write_private(output, text)
    click.echo(f"Wrote {len(data['entries'])} entries and {len(data['days'])} days to {output}.",
               err=True)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "loop", "harsh"]), default=None,
              help="Default: from the file's extension.")
@pass_app
def import_(app: App, file: Path, fmt: str | None) -> None:
    """Read data in: our CSV/JSON export, Loop Habit Tracker, or harsh.

    Everything is written in one go or not at all; 'undo' takes it back.

    \b
    Examples:
      habit-tracker import backup.json
      habit-tracker import "Loop Habits CSV 2026-11-20.zip" --format loop
      habit-tracker import ~/.config/harsh --format harsh
    """
    from . import interchange

    data = interchange.read_file(file, fmt)
    counts = interchange.import_data(app.store(create=True), data, today=app.today(),
                                     source=file.name)
    for warning in data.get("warnings", []):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Imported {counts['habits']} new habits, {counts['entries']} entries and "
               f"{counts['days']} days from {file}.")


# --------------------------------------------------------------------- habits


@cli.group()
def habit() -> None:
    """List, add, edit and archive habits."""


def _habit_json(h: m.Habit) -> dict[str, Any]:
    return {
        "slug": h.slug, "name": h.name, "kind": h.kind,
        "since": h.since.isoformat() if h.since else None,
        "created": h.created.isoformat() if h.created else None,
        "per_week": h.per_week, "daily_min": h.daily_min, "target": h.target,
        "unit": h.unit, "deadline": h.deadline.isoformat() if h.deadline else None,
        "archived": h.archived,
    }


def _habit_summary(h: m.Habit) -> str:
    if h.kind == m.ABSTAIN:
        return f"since {h.since:%Y-%m-%d}" if h.since else ""
    if h.kind == m.WEEKLY:
        return f"{h.per_week} per week"
    if h.kind == m.GOAL:
        text = f"{m.format_amount(h.target or 0)} {h.unit or ''}".rstrip()
        return text + (f" by {h.deadline:%Y-%m-%d}" if h.deadline else "")
    if h.daily_min is not None:
        return f"at least {m.format_amount(h.daily_min)} {h.unit or ''} a day".rstrip()
    return "every day"


@habit.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include archived habits.")
@json_option
@pass_app
def habit_list(app: App, show_all: bool, as_json: bool) -> None:
    """The habits you track.

    \b
    Examples:
      habit-tracker habit list
      habit-tracker habit list --all --json
    """
    habits = app.store().habits(include_archived=show_all)
    if as_json:
        echo_json({"habits": [_habit_json(h) for h in habits]})
        return
    for h in habits:
        archived = style("  (archived)", dim=True) if h.archived else ""
        click.echo(safe_text(f"{h.slug:<14} {h.kind:<8} {h.name}  ·  {_habit_summary(h)}") + archived)


def _habit_options(func: Any) -> Any:
    for option in reversed([
        click.option("--name", help="Display name."),
        click.option("--since", type=DateType(), metavar="DATE",
                     help="Start date (required for abstain habits)."),
        click.option("--per-week", type=int, help="weekly: sessions per week (1-7)."),
        click.option("--min", "daily_min", type=float, help="daily: numeric, at least X a day."),
        click.option("--target", type=float, help="goal: the total to reach."),
        click.option("--unit", help="goal / numeric daily: unit, e.g. km, pages."),
        click.option("--by", "deadline", type=DateType(allow_future=True), metavar="DATE",
                     help="goal: deadline."),
    ]):
        func = option(func)
    return func


@habit.command("add")
@click.argument("slug")
@click.option("--kind", type=click.Choice(list(m.KINDS)), required=True, help="What kind of habit.")
@_habit_options
@pass_app
def habit_add(app: App, /, slug: str, kind: str, **options: Any) -> None:
    """Track a new habit.

    \b
    Examples:
      habit-tracker habit add journal --kind daily --name "Journal instead of texting"
      habit-tracker habit add reading --kind daily --min 20 --unit pages
      habit-tracker habit add no-alcohol --kind abstain --since 2026-11-01
      habit-tracker habit add friends --kind weekly --per-week 1 --name "See friends"
    """
    store = app.store()
    added = tracker.add_habit(store, slug, kind, today=app.today(), **options)
    click.echo(f"Added {added.slug} ({added.kind}: {_habit_summary(added)}).")


@habit.command("edit")
@click.argument("slug")
@click.option("--slug", "new_slug", help="Rename the slug.")
@_habit_options
@pass_app
def habit_edit(app: App, /, slug: str, new_slug: str | None, **options: Any) -> None:
    """Change a habit's name, start date or targets.

    \b
    Examples:
      habit-tracker habit edit no-contact --since 2026-10-28
      habit-tracker habit edit workout --per-week 4
      habit-tracker habit edit goal --target 400 --by 2027-04-01
    """
    edited = tracker.edit_habit(app.store(), slug, new_slug=new_slug, **options)
    click.echo(f"Saved {edited.slug} ({edited.kind}: {_habit_summary(edited)}).")


@habit.command("archive")
@click.argument("slug")
@click.option("--restore", is_flag=True, help="Bring an archived habit back.")
@pass_app
def habit_archive(app: App, slug: str, restore: bool) -> None:
    """Archive a habit: its history stays, it leaves the views.

    \b
    Examples:
      habit-tracker habit archive meditation
      habit-tracker habit archive meditation --restore
    """
    changed = tracker.archive_habit(app.store(), slug, restore=restore)
    click.echo(f"{'Restored' if restore else 'Archived'} {changed.slug}.")


def main() -> None:
    cli(prog_name="habit-tracker")


if __name__ == "__main__":
    main()
