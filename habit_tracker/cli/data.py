"""`undo`, `config`, `export` and `import`: parse, call the library, print."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .kit import (
    App,
    pass_app,
)

# ----------------------------------------------------------------------- undo


@click.command()
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


@click.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@pass_app
def config(app: App, key: str | None, value: str | None) -> None:
    """Show or change settings: day_start (hour 0-12), week_start (monday/sunday),
    since_time (HH:MM your no-contact began on its first day; shown only when set).

    \b
    Examples:
      habit-tracker config
      habit-tracker config day_start 4
      habit-tracker config week_start sunday
      habit-tracker config since_time 21:30
    """
    store = app.store()
    if key is None or value is None:
        settings = store.raw_settings()
        if key is not None and key not in settings:
            raise UsageError(f"unknown setting '{key}' (settings: {', '.join(settings)})")
        for name, current in settings.items():
            if key == name or (key is None and (current or name != "since_time")):
                click.echo(f"{name} = {current}")
        return
    store.set_setting(key, value)
    click.echo(f"{key} = {store.raw_settings()[key]}")


# ------------------------------------------------------------- export/import


@click.command()
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
    from .. import interchange
    from ..files import write_private

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


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "loop", "harsh"]), default=None,
              help="Default: from the file's extension.")
@click.option("--replace", is_flag=True,
              help="Where the file and the database differ on a day, take the file's value.")
@pass_app
def import_(app: App, file: Path, fmt: str | None, replace: bool) -> None:
    """Read data in: our CSV/JSON export, Loop Habit Tracker, or harsh.

    A merge: what the database holds already stays as it is (a day with a
    different value keeps the database's, unless --replace), so importing the
    same file twice changes nothing and a newer export adds only what is new.
    Everything is written in one go or not at all; 'undo' takes it back.

    \b
    Examples:
      habit-tracker import backup.json
      habit-tracker import "Loop Habits CSV 2026-11-20.zip" --format loop
      habit-tracker import ~/.config/harsh --format harsh
      habit-tracker import old-backup.json --replace
    """
    from .. import interchange

    data = interchange.read_file(file, fmt)
    counts = interchange.import_data(app.store(create=True), data, today=app.today(),
                                     source=file.name, replace=replace)
    for warning in data.get("warnings", []):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Imported {counts['habits']} new habits, {counts['entries']} entries and "
               f"{counts['days']} days from {file}.")
    if counts["differed"]:
        days = "1 day" if counts["differed"] == 1 else f"{counts['differed']} days"
        if replace:
            click.echo(f"{days} held different values here: replaced with the file's.")
        else:
            click.echo(f"{days} held different values here: kept this database's "
                       "(--replace takes the file's).")
    if counts.get("urges") or counts.get("writings"):
        click.echo(f"And {counts.get('urges', 0)} urges and {counts.get('writings', 0)} "
                   "journal entries.")


