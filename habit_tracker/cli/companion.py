"""`urge`, `write` and `remind`: parse, call the library (habit_tracker.companion), print."""

from __future__ import annotations

import sys
from datetime import date

import click
from click.shell_completion import CompletionItem

from .. import companion
from ..errors import UsageError
from ..text import safe_text
from .kit import App, DateType, echo_json, json_option, pass_app, read_stdin_text

# ---------------------------------------------------------------------- urge


def _complete_trigger(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Earlier triggers, most used first, for shell completion of --trigger."""
    try:
        from ..store import default_db_path, open_store

        root = ctx.find_root().params.get("db_path")
        with open_store(root or default_db_path()) as store:
            known = store.urge_triggers()
    except Exception:  # completion must never break the shell
        return []
    return [CompletionItem(t) for t in known if t.casefold().startswith(incomplete.casefold())]


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _date_range(first: date | None, last: date | None) -> None:
    if first and last and first > last:
        raise UsageError(f"--from {first.isoformat()} is after --to {last.isoformat()}")


@click.command()
@click.option("--intensity", "-i", type=click.IntRange(1, 10), default=None, metavar="1-10",
              help="How strong it was, 1 (a flicker) to 10 (overwhelming).")
@click.option("--trigger", "-t", "triggers", multiple=True, metavar="TEXT",
              shell_complete=_complete_trigger,
              help="What set it off (repeatable): photo, 'song in the car' ... earlier ones complete.")
@click.option("--at", "at", metavar="WHEN", default=None,
              help="When (default now): 22:40, 'yesterday 22:40', '20 minutes ago'.")
@click.option("--note", metavar="TEXT", help="A few words (use 'write' for more).")
@click.option("--list", "show", is_flag=True, help="List the urges recorded instead.")
@click.option("--from", "first", type=DateType(), default=None, metavar="DATE",
              help="With --list: first day to show.")
@click.option("--to", "last", type=DateType(), default=None, metavar="DATE",
              help="With --list: last day to show.")
@json_option
@pass_app
def urge(app: App, intensity: int | None, triggers: tuple[str, ...], at: str | None,
         note: str | None, show: bool, first: date | None, last: date | None,
         as_json: bool) -> None:
    """Record a moment you wanted to reach out and did not.  The day stays kept.

    \b
    Examples:
      habit-tracker urge --intensity 7 --trigger photo
      habit-tracker urge -i 4 -t "song in the car" -t evening --at "yesterday 22:40"
      habit-tracker urge --list --from "7 days ago"
      habit-tracker urge --list --json
    """
    store = app.store()
    if show:
        _date_range(first, last)
        urges = store.urges(first, last)
        if as_json:
            echo_json({"urges": [companion.urge_json(u) for u in urges]})
        else:
            for line in companion.urge_list_lines(urges):
                click.echo(safe_text(line))
        return
    if first or last:
        raise UsageError("--from and --to go with --list")
    moment = companion.parse_moment(at, app.now)
    if intensity is None:
        if not _is_terminal() or as_json:
            raise UsageError("give --intensity, 1 (a flicker) to 10 (overwhelming)")
        intensity = click.prompt("How strong, 1 (a flicker) to 10 (overwhelming)?",
                                 type=click.IntRange(1, 10))
        if not triggers:
            known = store.urge_triggers()[:5]
            hint = f" (before: {', '.join(known)})" if known else ""
            answer = click.prompt(f"What set it off{hint}? (blank: skip)", default="",
                                  show_default=False)
            triggers = tuple(t for t in answer.split(",") if t.strip())
    outcome = companion.record_urge(store, at=moment, intensity=intensity, triggers=triggers,
                                    note=note, today=app.today())
    if as_json:
        echo_json(outcome.as_json())
    else:
        for line in outcome.lines():
            click.echo(safe_text(line))


# --------------------------------------------------------------------- write


@click.command()
@click.argument("source", required=False, metavar="[-]")
@click.option("--list", "show", is_flag=True, help="List your entries, oldest first.")
@click.option("--search", metavar="TEXT", help="List the entries containing TEXT (any case).")
@click.option("--from", "first", type=DateType(), default=None, metavar="DATE",
              help="With --list/--search: first day.")
@click.option("--to", "last", type=DateType(), default=None, metavar="DATE",
              help="With --list/--search: last day.")
@json_option
@pass_app
def write(app: App, source: str | None, show: bool, search: str | None, first: date | None,
          last: date | None, as_json: bool) -> None:
    """Write it down instead of sending it: a journal entry or an unsent letter.

    Opens your editor ($VISUAL or $EDITOR); 'write -' reads standard input.
    Either way the words never enter your shell history.  Entries are dated;
    write as often as you like.

    \b
    Examples:
      habit-tracker write
      echo "I miss the Sunday walks, not the fights." | habit-tracker write -
      habit-tracker write --list
      habit-tracker write --search walks --json
    """
    store = app.store()
    if show or search is not None:
        _date_range(first, last)
        found = store.writings(first, last, search=search)
        if as_json:
            echo_json({"writings": [companion.writing_json(w) for w in found]})
            return
        if not found:
            click.echo("No entries match." if search else "Nothing written yet: habit-tracker write")
        for w in found:
            click.echo(click.style(f"#{w.id}  {w.at:%a %d %b %Y %H:%M}", bold=True)
                       if app.color else f"#{w.id}  {w.at:%a %d %b %Y %H:%M}")
            for line in safe_text(w.text).rstrip("\n").splitlines():
                click.echo(f"    {line}")
        return
    if first or last:
        raise UsageError("--from and --to go with --list or --search")
    if source == "-":
        text = read_stdin_text()
    elif source is not None:
        raise UsageError(f"write takes '-' (read standard input) or nothing, not '{source}'")
    else:
        edited = click.edit("", editor=app.editor, extension=".md", require_save=True)
        if edited is None:
            click.echo("Nothing saved (the editor was closed without saving).")
            return
        text = edited
    writing = companion.write_entry(store, text, at=app.now)
    if as_json:
        echo_json(companion.writing_json(writing))
    else:
        words = len(writing.text.split())
        click.echo(f"Kept: {words} word{'s' if words != 1 else ''}, "
                   f"{writing.at:%a %d %b %Y %H:%M}. They stay here, unsent.")


# -------------------------------------------------------------------- remind


@click.command()
@click.option("--notify", is_flag=True,
              help="Also show a desktop notification (notify-send) when not checked in.")
@click.option("--install", "install_at", metavar="[HH:MM]", default=None, is_flag=False,
              flag_value="",
              help="Remind every day at HH:MM (a systemd user timer, else a crontab line); "
              "without a time, reminder_time from config.toml.")
@click.option("--uninstall", is_flag=True, help="Remove the daily reminder.")
@click.option("--scheduler", type=click.Choice(["auto", "systemd", "cron"]), default="auto",
              show_default=True, help="With --install/--uninstall: which scheduler.")
@pass_app
def remind(app: App, notify: bool, install_at: str | None, uninstall: bool,
           scheduler: str) -> int:
    """One line: exit 0 when today has a check-in, 1 when it has none (for cron,
    a shell prompt or a status bar).

    \b
    Examples:
      habit-tracker remind
      habit-tracker remind --notify
      habit-tracker remind --install 21:00
      habit-tracker remind --uninstall
    """
    from .. import reminders

    if install_at is not None or uninstall:
        if install_at is not None and uninstall:
            raise UsageError("--install and --uninstall: choose one")
        if install_at == "":
            install_at = app.preferences["reminder_time"].value
            if install_at is None:
                raise UsageError("--install needs a time (e.g. --install 21:00) or "
                                 "reminder_time in config.toml (see 'habit-tracker config')")
        if install_at is not None:
            lines = reminders.install(install_at, scheduler=scheduler, db_path=app.db_path)
        else:
            lines = reminders.uninstall(scheduler=scheduler)
        for line in lines:
            click.echo(line)
        return 0
    result = companion.reminder(app.store(), app.today())
    click.echo(result.line)
    if notify and not result.checked_in and not reminders.notify("habit-tracker", result.line):
        click.echo("(no desktop notifications here: notify-send was not found)", err=True)
    return 0 if result.checked_in else 1
