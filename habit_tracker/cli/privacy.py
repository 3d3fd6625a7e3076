"""`backup`, `restore` and `forget` (and the passphrase and confirmation helpers
that `export`, `import` and `habit delete` share): parse, call the library, print."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from ..errors import UsageError
from .kit import App, DateType, complete_any_slug, pass_app

# ------------------------------------------------------------------ helpers


def read_passphrase(file: Path | None, *, confirm: bool) -> str:
    """From --passphrase-file, else $HABIT_TRACKER_PASSPHRASE, else a hidden prompt."""
    from ..crypto import PASSPHRASE_ENV

    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the passphrase file {file}: {exc}") from None
        passphrase = text.splitlines()[0] if text.splitlines() else ""
    elif os.environ.get(PASSPHRASE_ENV):
        passphrase = os.environ[PASSPHRASE_ENV]
    elif interactive():
        passphrase = click.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm,
                                  err=True)
    else:  # a script: one line on standard input, no echo to worry about
        passphrase = sys.stdin.readline().rstrip("\r\n")
        if not passphrase:
            raise UsageError(f"no passphrase: give --passphrase-file FILE or ${PASSPHRASE_ENV} "
                             "(or one line on standard input)")
    if not passphrase:
        raise UsageError("the passphrase is empty")
    return passphrase


def unlocker(identity: Path | None, passphrase_file: Path | None) -> Callable[[bytes], bytes]:
    """Decrypts an age file: a passphrase when it was locked with one, else --identity."""

    def unlock(data: bytes) -> bytes:
        from .. import crypto

        if crypto.wants_passphrase(data):
            return crypto.decrypt(data, passphrase=read_passphrase(passphrase_file, confirm=False))
        keys = crypto.read_identities(identity) if identity else []
        return crypto.decrypt(data, identities=keys)

    return unlock


def interactive() -> bool:
    """True when a person can answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


def confirm_or_stop(question: str, yes: bool) -> None:
    """Ask in a terminal; scripts must say --yes."""
    if yes:
        return
    if not interactive():
        raise UsageError("this cannot be undone: add --yes to confirm (not asked: no terminal)")
    click.confirm(question, abort=True, err=True)


def human_size(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return str(size)


# ------------------------------------------------------------------- backup


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the backup to FILE instead of the backups folder (never rotated).")
@click.option("--recipient", "recipients", multiple=True, metavar="AGE_PUBLIC_KEY",
              help="With --output: encrypt it to this age public key (age1...).")
@click.option("--list", "show", is_flag=True, help="List the backups instead.")
@pass_app
def backup(app: App, output: Path | None, recipients: tuple[str, ...], show: bool) -> None:
    """Make a backup now: a consistent copy of the database, mode 0600.

    Automatic backups are made after the first change of each day into
    backups/ beside the database; the last 7 days and 4 older weeks are kept.
    'config backups off' stops them; 'config backup_recipient age1...'
    encrypts them.

    \b
    Examples:
      habit-tracker backup
      habit-tracker backup --list
      habit-tracker backup --output ~/usb/habits.db
      habit-tracker restore ~/.local/share/habit-tracker/backups/habits-2026-11-20.db
    """
    from .. import backups

    if show:
        _list_backups(app)
        return
    store = app.store()
    if output is not None:
        made = backups.write_backup(store, output, recipients=recipients)
    else:
        if recipients:
            raise UsageError("--recipient goes with --output; for the backups folder set "
                             "'config backup_recipient age1...'")
        made = backups.backup_now(store, app.today())
    click.echo(f"Backed up to {made} ({human_size(made.stat().st_size)}).")


def _list_backups(app: App) -> None:
    from .. import backups

    found = backups.list_backups(app.db_path)
    if not found:
        click.echo(f"No backups yet in {backups.backup_folder(app.db_path)}.")
        return
    days = [b.day for b in found if b.day is not None]
    newest = set(sorted(days, reverse=True)[:backups.KEEP_DAILY])
    click.echo(f"Backups in {backups.backup_folder(app.db_path)}:")
    for b in found:
        kind = "daily" if b.day in newest else "weekly" if b.day else "other"
        lock = "  (encrypted)" if b.encrypted else ""
        click.echo(f"  {kind:<7} {human_size(b.size):>9}  {b.path.name}{lock}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--identity", "-i", type=click.Path(dir_okay=False, path_type=Path),
              help="For an encrypted backup: the age identity file (secret key).")
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="For a passphrase-encrypted backup: read the passphrase from this file.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def restore(app: App, file: Path, identity: Path | None, passphrase_file: Path | None,
            yes: bool) -> None:
    """Replace your database with a backup; the current one is saved aside first.

    \b
    Examples:
      habit-tracker backup --list
      habit-tracker restore ~/.local/share/habit-tracker/backups/habits-2026-11-20.db
      habit-tracker restore habits.db.age --identity ~/.config/age/key.txt
    """
    from .. import backups, crypto

    if not file.is_file():
        raise UsageError(f"no file at {file}")
    confirm_or_stop(f"Replace {app.db_path} with {file}? (the current one is saved aside)",
                    yes or not interactive())
    keys = crypto.read_identities(identity) if identity is not None else []
    passphrase = None
    with file.open("rb") as handle:
        if crypto.is_age(handle.read(64)) and crypto.wants_passphrase(file.read_bytes()):
            passphrase = read_passphrase(passphrase_file, confirm=False)
    done = backups.restore_path(app.db_path, file, now=app.now, passphrase=passphrase,
                                identities=keys)
    click.echo(f"Restored {file} into {app.db_path}: {done.habits} habits, {done.days} logged days.")
    if done.saved_aside is not None:
        click.echo(f"Your previous database was saved as {done.saved_aside}; "
                   f"'habit-tracker restore {done.saved_aside}' brings it back.")


# ------------------------------------------------------------------- forget


def run_forget(app: App, *, yes: bool, purge_backups: bool | None, day: date | None = None,
               habit: str | None = None, notes_before: date | None = None,
               everything: bool = False) -> None:
    from .. import backups, privacy

    store = app.store()
    scope = privacy.scope_for(store, day=day, habit=habit, notes_before=notes_before,
                              everything=everything)
    plan = privacy.plan(store, scope)
    if plan.empty:
        click.echo(f"Nothing to forget. {plan.describe()}.")
        return
    click.echo(f"This erases for good (no undo): {plan.describe()}.")
    held = backups.list_backups(app.db_path)
    if held:
        click.echo(f"{len(held)} backup file{'s' if len(held) != 1 else ''} in "
                   f"{backups.backup_folder(app.db_path)} may still hold it.")
    confirm_or_stop("Erase it?", yes)
    if held and purge_backups is None:
        purge_backups = True if (yes or not interactive()) else click.confirm(
            "Delete those backups too (a fresh one is made after erasing)?", default=True,
            err=True)
    privacy.forget(store, scope)
    click.echo("Erased. The database file was rebuilt: the text is in none of its bytes.")
    if held:
        if purge_backups:
            gone = backups.purge(app.db_path)
            click.echo(f"Deleted {len(gone)} backup file{'s' if len(gone) != 1 else ''}.")
            if store.raw_settings().get("backups") == "on":
                made = backups.backup_now(store, app.today())
                click.echo(f"Made a fresh backup: {made}.")
        else:
            click.echo(f"Kept the backups in {backups.backup_folder(app.db_path)}: they still "
                       "hold the erased text.")


@click.command()
@click.option("--day", type=DateType(), metavar="DATE",
              help="Erase everything logged for DATE (values, mood, note).")
@click.option("--habit", "habit", metavar="SLUG", shell_complete=complete_any_slug,
              help="Erase a habit and its whole history.")
@click.option("--notes", is_flag=True, help="Erase note text (with --before DATE).")
@click.option("--before", type=DateType(allow_future=True), metavar="DATE",
              help="With --notes: notes dated before DATE ('tomorrow': all of them).")
@click.option("--everything", is_flag=True, help="Erase all your data (settings stay).")
@click.option("--purge-backups/--keep-backups", "purge_backups", default=None,
              help="Delete the backups that still hold the text (default: ask in a "
              "terminal, delete with --yes) and make a fresh one.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (scripts).")
@pass_app
def forget(app: App, day: date | None, habit: str | None, notes: bool, before: date | None,
           everything: bool, purge_backups: bool | None, yes: bool) -> None:
    """Erase for good, change log included: unlike everything else, no undo.

    Says what it will erase and asks first.  The file is then rebuilt so the
    text is not left in free space; backups that hold it can be deleted too.

    \b
    Examples:
      habit-tracker forget --day 2026-11-20
      habit-tracker forget --habit texting-log
      habit-tracker forget --notes --before 2026-10-01
      habit-tracker forget --everything --yes
    """
    if notes != (before is not None):
        raise UsageError("--notes and --before go together: forget --notes --before DATE")
    run_forget(app, yes=yes, purge_backups=purge_backups, day=day, habit=habit,
               notes_before=before, everything=everything)
