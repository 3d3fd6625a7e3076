"""`undo`, `config`, `export` and `import`: parse, call the library, print."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..store import database_exists
from .kit import (
    App,
    echo_json,
    json_option,
    pass_app,
    warn,
)

# ----------------------------------------------------------------------- undo


@click.command()
@click.option("--list", "show", is_flag=True, help="List recent changes instead.")
@json_option
@pass_app
def undo(app: App, show: bool, as_json: bool) -> None:
    """Revert the last change; again to go further back.

    Nothing is lost: the change and its undoing both stay in the log.
    'forget' and 'habit delete' erase for good: undo stops at them.

    \b
    Examples:
      habit-tracker undo
      habit-tracker undo --list
      habit-tracker undo --list --json
    """
    store = app.store()
    if show:
        changes = store.changes()
        if as_json:
            echo_json({"changes": changes})
            return
        for change in changes:
            mark = " (undone)" if change["undone_by"] else ""
            click.echo(f"{change['id']:>5}  {change['at']}  {change['action']}{mark}")
        return
    undone = store.undo()
    if as_json:
        echo_json({"undone": undone})
    else:
        click.echo(f"Undid: {undone}")


# --------------------------------------------------------------------- config


@click.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@json_option
@pass_app
def config(app: App, key: str | None, value: str | None, as_json: bool) -> None:
    """Show every setting and where its value comes from, or change one kept in
    the database: day_start (hour 0-12), week_start (monday/sunday), since_time
    (HH:MM your no-contact began on its first day; shown only when set), backups
    (on/off: a daily backup beside the database), backup_recipient (an age public
    key to encrypt those backups to; 'none' for plain ones).

    Per-machine preferences live in config.toml in your config folder (on Linux
    ~/.config/habit-tracker/config.toml): db, color (auto/always/never), editor,
    reminder_time ("21:30").  The first that is set wins: an option (--db,
    --color), $HABIT_TRACKER_DB, config.toml, then NO_COLOR, $VISUAL, $EDITOR,
    then the default.

    \b
    Examples:
      habit-tracker config
      habit-tracker config --json
      habit-tracker config day_start 4
      habit-tracker config week_start sunday
      habit-tracker config since_time 21:30
      habit-tracker config backups off
      habit-tracker config backup_recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
    """
    from .. import preferences

    if value is not None and key in preferences.KEYS:
        from ..paths import config_file

        raise UsageError(f"{key} is a per-machine preference: set it in {config_file(app.environ)}")
    if key is None or value is None:
        store = app.store() if database_exists(app.db_path) else None
        values = preferences.all_settings(store, app.preferences)
        if key is not None:
            if key not in values:
                raise UsageError(f"unknown setting '{key}' (settings: {', '.join(values)})")
            if not as_json:  # one value, plain, for scripts: "key = value"
                click.echo(f"{key} = {values[key].value or ''}")
                return
            values = {key: values[key]}
        elif not values["since_time"].value:
            del values["since_time"]  # shown only when set
        if as_json:
            echo_json({name: v.as_json() for name, v in values.items()})
        else:
            for line in preferences.describe(values):
                click.echo(line)
        return
    store = app.store()
    store.set_setting(key, value)
    click.echo(f"{key} = {store.raw_settings()[key]}")


# ------------------------------------------------------------- export/import


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None,
              help="Default: from --output's extension, else json.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (mode 0600); default: standard output.")
@click.option("--encrypt", is_flag=True,
              help="Encrypt with a passphrase (asked twice) in the standard age format.")
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="With --encrypt: read the passphrase from this file's first line "
              "(or set $HABIT_TRACKER_PASSPHRASE).")
@click.option("--recipient", "recipients", multiple=True, metavar="AGE_PUBLIC_KEY",
              help="Encrypt to this age public key (age1..., from age-keygen) instead.")
@pass_app
def export(app: App, fmt: str | None, output: Path | None, encrypt: bool,
           passphrase_file: Path | None, recipients: tuple[str, ...]) -> None:
    """Write all your data out: settings, habits, every day.

    Encrypted (--encrypt or --recipient), the file is in the age format: it opens
    with 'age -d' too, and 'habit-tracker import' reads it back.

    \b
    Examples:
      habit-tracker export --output backup.json
      habit-tracker export --format csv > habits.csv
      habit-tracker export --encrypt --output backup.json.age
      habit-tracker export --recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p \\
          --output backup.json.age
    """
    from .. import interchange

    encrypted = encrypt or bool(recipients) or passphrase_file is not None
    if encrypt and recipients:
        raise UsageError("--encrypt (a passphrase) or --recipient (a public key): choose one")
    if fmt is None:
        name = output.name.lower().removesuffix(".age") if output is not None else ""
        fmt = "csv" if name.endswith(".csv") else "json"
    if encrypted and output is None and sys.stdout.isatty():
        raise UsageError("an encrypted export is binary: give --output FILE or redirect it")
    store = app.store()
    if encrypted:  # encrypted whole (age), from the text in memory
        from .. import crypto
        from .privacy import read_passphrase

        buffer = io.StringIO(newline="")
        counts = interchange.write_export(store, fmt, buffer)
        text = buffer.getvalue().encode("utf-8")
        if recipients:
            payload = crypto.encrypt(text, recipients=recipients)
        else:
            passphrase = read_passphrase(passphrase_file, confirm=True)
            payload = crypto.encrypt(text, passphrase=passphrase)
        if output is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
            return
    elif output is None:  # streamed: a million entries never sit in memory
        with _Echo() as out:
            interchange.write_export(store, fmt, out)
        return
    from ..files import private_output

    if encrypted:
        with private_output(output, binary=True) as handle:
            handle.write(payload)
    else:
        with private_output(output) as handle:  # streamed
            counts = interchange.write_export(store, fmt, handle)
    what = " (encrypted, age format)" if encrypted else ""
    click.echo(f"Wrote {counts['entries']} entries and {counts['days']} days to {output}{what}.",
               err=True)


class _Echo:
    """Text for standard output, handed to ``click.echo`` a block of whole lines at
    a time (what it strips from a terminal's escapes never spans a line)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def __enter__(self) -> _Echo:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            click.echo("".join(self.parts), nl=False)

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size > 1 << 16:
            head, newline, rest = "".join(self.parts).rpartition("\n")
            if newline:
                click.echo(head + newline, nl=False)
                self.parts, self.size = [rest], len(rest)
        return len(text)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "loop", "harsh"]), default=None,
              help="Default: from the file's extension.")
@click.option("--replace", is_flag=True,
              help="Where the file and the database differ on a day, take the file's value.")
@click.option("--identity", "-i", type=click.Path(dir_okay=False, path_type=Path),
              help="For a file encrypted to a public key: the age identity file (secret key).")
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="For a passphrase-encrypted file: read the passphrase from this file.")
@pass_app
def import_(app: App, file: Path, fmt: str | None, replace: bool, identity: Path | None,
            passphrase_file: Path | None) -> None:
    """Read data in: our CSV/JSON export, Loop Habit Tracker, or harsh.

    A merge: what the database holds already stays as it is (a day with a
    different value keeps the database's, unless --replace), so importing the
    same file twice changes nothing and a newer export adds only what is new.
    Everything is written in one go or not at all; 'undo' takes it back.
    An encrypted export (age format) is recognised and decrypted: it asks for
    the passphrase, or give --identity for one encrypted to a public key.

    \b
    Examples:
      habit-tracker import backup.json
      habit-tracker import backup.json.age
      habit-tracker import "Loop Habits CSV 2026-11-20.zip" --format loop
      habit-tracker import ~/.config/harsh --format harsh
      habit-tracker import old-backup.json --replace
    """
    from .. import interchange
    from ..store import database_exists
    from .privacy import unlocker

    # Our CSV streams: read once to check it, once more as it is written.
    data = interchange.read_file(file, fmt, unlock=unlocker(identity, passphrase_file), stream=True)
    # Everything the file alone can get wrong is found before a database is made.
    plan = interchange.prepare_import(data, today=app.today(), source=file.name)
    undefined = plan.undefined_habits()
    if undefined and not database_exists(app.db_path):
        raise UsageError(f"{file} has entries for habits it does not define ("
                         f"{', '.join(sorted(undefined)[:3])}) and there is no database yet to "
                         "hold them; run 'habit-tracker init' first")
    counts = interchange.apply_import(app.store(create=True), plan, replace=replace)
    for warning in plan.warnings:
        warn(warning)
    from ..units import plural

    parts = [plural(counts[key], word, many) for key, word, many in
             (("habits", "new habit", None), ("entries", "entry", "entries"), ("days", "day", None))
             if counts[key]]
    if counts.get("urges"):
        parts.append(plural(counts["urges"], "urge"))
    if counts.get("writings"):
        parts.append(plural(counts["writings"], "journal entry", "journal entries"))
    if not parts:
        click.echo(f"Nothing new in {file}: everything in it is in the database already.")
    else:
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        click.echo(f"Imported {listed} from {file}.")
    if counts["differed"]:
        days = "1 day" if counts["differed"] == 1 else f"{counts['differed']} days"
        if replace:
            click.echo(f"{days} held different values here: replaced with the file's.")
        else:
            click.echo(f"{days} held different values here: kept this database's "
                       "(--replace takes the file's).")


