"""`habit list/add/edit/archive`: parse, call the library, print."""

from __future__ import annotations

from typing import Any

import click

from .. import models as m
from .. import tracker
from ..text import safe_text
from .kit import (
    NO_DATE,
    App,
    DateType,
    complete_any_slug,
    echo_json,
    json_option,
    pass_app,
    style,
)

# --------------------------------------------------------------------- habits


@click.group()
def habit() -> None:
    """List, add, edit, archive and delete habits."""


def _habit_json(h: m.Habit) -> dict[str, Any]:
    return {
        "slug": h.slug, "name": h.name, "kind": h.kind,
        "since": h.since.isoformat() if h.since else None,
        "created": h.created.isoformat() if h.created else None,
        "per_week": h.per_week, "per_days": h.per_days, "daily_min": h.daily_min,
        "daily_max": h.daily_max, "target": h.target,
        "unit": h.unit, "deadline": h.deadline.isoformat() if h.deadline else None,
        "archived": h.archived,
    }


def _habit_summary(h: m.Habit) -> str:
    return m.habit_rule(h)


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
    if not habits:
        click.echo("No habits yet. Start with: habit-tracker init")
        return
    width = max(14, *(len(h.slug) for h in habits))
    for h in habits:
        archived = style("  (archived)", dim=True) if h.archived else ""
        click.echo(safe_text(f"{h.slug:<{width}} {h.kind:<8} {h.name}  ·  {_habit_summary(h)}") + archived)


def _habit_options(func: Any) -> Any:
    for option in reversed([
        click.option("--name", help="Display name."),
        click.option("--since", type=DateType(), metavar="DATE",
                     help="Start date; for abstain habits the first day without (default today)."),
        click.option("--per-week", type=int, help="weekly: sessions per week (1-7)."),
        click.option("--times", type=int, help="weekly: X times (with --per Y days)."),
        click.option("--per", "per_days", type=int, metavar="DAYS",
                     help="weekly: in any Y days (--times 1 --per 2: every other day); "
                          "numeric daily: --min/--max summed over Y days."),
        click.option("--min", "daily_min", type=float, help="daily: numeric, at least X a day."),
        click.option("--max", "daily_max", type=float, help="daily: numeric, at most X a day."),
        click.option("--target", type=float, help="goal: the total to reach."),
        click.option("--unit", help="goal / numeric daily: unit, e.g. km, pages."),
        click.option("--by", "deadline", type=DateType(allow_future=True, allow_none=True),
                     metavar="DATE", help="goal: deadline ('none' removes it)."),
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
      habit-tracker habit add call-mum --kind weekly --times 2 --per 30
      habit-tracker habit add wine --kind daily --max 1 --unit glasses
    """
    if options.get("deadline") == NO_DATE:
        options["deadline"] = None
    store = app.store()
    added = tracker.add_habit(store, slug, kind, today=app.today(), **options)
    click.echo(f"Added {added.slug} ({added.kind}: {_habit_summary(added)}).")


@habit.command("edit")
@click.argument("slug", shell_complete=complete_any_slug)
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
    if options.get("deadline") == NO_DATE:
        options["deadline"] = tracker.CLEAR
    edited = tracker.edit_habit(app.store(), slug, new_slug=new_slug, **options)
    click.echo(f"Saved {edited.slug} ({edited.kind}: {_habit_summary(edited)}).")


@habit.command("archive")
@click.argument("slug", shell_complete=complete_any_slug)
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




@habit.command("delete")
@click.argument("slug", shell_complete=complete_any_slug)
@click.option("--purge-backups/--keep-backups", "purge_backups", default=None,
              help="Delete the backups that still hold it (default: ask in a terminal, "
              "delete with --yes) and make a fresh one.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (scripts).")
@pass_app
def habit_delete(app: App, slug: str, purge_backups: bool | None, yes: bool) -> None:
    """Delete a habit and erase its whole history, for good (no undo).

    To keep the history but hide the habit, use 'habit archive' instead.
    The same as 'habit-tracker forget --habit SLUG'.

    \b
    Examples:
      habit-tracker habit delete texting-log
      habit-tracker habit delete texting-log --yes
    """
    from .privacy import run_forget

    run_forget(app, yes=yes, purge_backups=purge_backups, habit=slug)
