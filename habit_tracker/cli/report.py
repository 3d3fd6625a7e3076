"""`report` and `demo`: parse, call the library, print.

pathlib is imported only when a file is written: a report printed to the terminal
does not need it (with urllib.parse and ipaddress, 3 to 5 ms of a 70 ms run).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from ..report import FORMATS
from .kit import App, DateType, pass_app, terminal_width

if TYPE_CHECKING:
    from pathlib import Path

#: Files that other programs open as something else than text: a report written
#: into one would not open.  With --format given, any other name is fine (r.text,
#: week.log); without it the name must say which format.
NOT_TEXT_SUFFIXES = frozenset({
    ".pdf", ".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".doc", ".docx", ".odt",
    ".rtf", ".xls", ".xlsx", ".ods", ".zip", ".gz", ".db", ".sqlite", ".sqlite3",
})
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                  ".json": "json", ".txt": "text"}  # fmt: skip


@click.command()
@click.option(
    "--week",
    "week_day",
    type=DateType(),
    default=None,
    metavar="DATE",
    help="Any day of the week to sum up (default: today, so this week so far).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="text (default), markdown, html or json; with --output, taken from the "
    "file's extension when not given.",
)
@click.option(
    "--output",
    "-o",
    "output_name",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the report to FILE (readable only by you) instead of printing it.",
)
@click.option("--include-writing", is_flag=True,
              help="Include what you wrote this week (by default only how often).")
@click.option("--no-notes", "hide_notes", is_flag=True,
              help="Leave your notes out (a report to show a therapist or a friend).")
@pass_app
def report(app: App, week_day: date | None, fmt: str | None, output_name: str | None,
           include_writing: bool, hide_notes: bool) -> None:
    """The weekly summary: each habit's week, streaks, milestones, goal, mood, notes.

    Weeks start on Monday (or Sunday: habit-tracker config week_start sunday).

    \b
    Examples:
      habit-tracker report
      habit-tracker report --week "last sunday" --format markdown
      habit-tracker report --week 2026-11-16 --output week.html
      habit-tracker report --format json | jq .habits
      habit-tracker report --include-writing
      habit-tracker report --no-notes --output week.html
    """
    from .. import report as report_lib

    output: Path | None = None
    if output_name is not None:
        from pathlib import Path

        output = Path(output_name)
        suffix = output.suffix.lower()
        implied = SUFFIX_FORMATS.get(suffix)
        database = {str(Path(f"{app.db_path}{end}").resolve()) for end in ("", "-wal", "-shm")}
        unknown = implied is None and (fmt is None or suffix in NOT_TEXT_SUFFIXES)
        if suffix and unknown and str(output.resolve()) not in database:
            # (the database's own files get their own refusal where the file is written)
            raise UsageError(
                f"a report cannot be a '{suffix}' file: name it .txt, .md, .html or .json "
                "(charts are png, svg or pdf: habit-tracker chart dashboard -o week.pdf)"
            )
        fmt = fmt or implied
    fmt = fmt or "text"
    today = app.today()
    text = report_lib.weekly_report_from_store(
        app.store(),
        week_day or today,
        today,
        fmt,
        color=app.color and output is None and fmt == "text",
        include_writing=include_writing,
        notes=not hide_notes,
        width=terminal_width() if output is None else report_lib.WIDTH,
    )
    if output is None:
        click.echo(text, nl=False)
        return
    from ..files import write_private

    write_private(output, text)
    click.echo(f"Wrote the weekly report ({fmt}) to {output}")


_DESCRIPTIONS = {
    "demo.db": "the sample database (try: habit-tracker --db {path} status)",
    "report.html": "the weekly report: open it in your browser",
    "report.md": "the weekly report in Markdown",
}


@click.command()
@click.option(
    "--output",
    "-o",
    "output_name",
    type=click.Path(file_okay=False),
    default="habit-tracker-demo",
    show_default=True,
    metavar="DIR",
    help="Folder to write the demo into (created if needed).",
)
@pass_app
def demo(app: App, output_name: str) -> None:
    """A tour on sample data: twelve weeks of someone's no contact, workouts and goal.

    Loads the bundled sample, moved to end today, into its own database
    (DIR/demo.db; your own data is never touched), then writes this week's
    report and every chart.

    \b
    Examples:
      habit-tracker demo
      habit-tracker demo --output /tmp/tour
    """
    from pathlib import Path

    from ..demo import run_demo

    output_dir = Path(output_name)
    paths = run_demo(output_dir, protect=app.db_path, today=app.today())
    click.echo(f"Demo written to {output_dir}:")
    for path in paths:
        about = _DESCRIPTIONS.get(path.name)
        if about is None and path.name.startswith("chart-"):
            about = f"the {path.stem.removeprefix('chart-')} chart"
        click.echo(f"  {path}" + (f"  {about.format(path=path)}" if about else ""))
