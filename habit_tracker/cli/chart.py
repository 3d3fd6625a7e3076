"""`chart`: parse, call ``charts.render_chart_from_store``, print the path.

matplotlib is loaded inside the command only, so other commands stay quick.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import click

from .kit import App, DateType, as_of_option, complete_slug, pass_app

# Kept here as well as in charts.CHART_KINDS so that building the CLI does not
# import the charts package; tests check the two agree.
KINDS = ("heatmap", "streaks", "goal", "weekly", "mood", "dashboard", "urges")


@click.command()
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.option("--habit", "habit", metavar="SLUG", shell_complete=complete_slug,
              help="The habit to chart (default: all habits, or the kind's own habit).")
@click.option("--from", "first", type=DateType(), metavar="DATE",
              help="First day shown (each kind has its own default period).")
@click.option("--to", "last", type=DateType(), metavar="DATE",
              help="Last day shown (default: the --as-of day).")
@as_of_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Where to write the chart; .png, .svg or .pdf picks the format "
                   "(default: a PNG named after the chart in the current folder); "
                   "readable only by you.")
@pass_app
def chart(
    app: App,
    kind: str,
    habit: str | None,
    first: date | None,
    last: date | None,
    as_of: date | None,
    output: Path | None,
) -> None:
    """Draw a progress chart and save it as PNG, SVG or PDF.

    \b
    KIND is one of:
      heatmap    calendar of one habit's days (--habit), or of all habits
                 combined as the share done each day; last 12 months
      streaks    the longest streaks as bars named by their dates, the
                 current one highlighted, milestones marked; every streak
                 on a calendar strip below (default habit: no-contact)
      goal       progress towards the goal against the plan, with the
                 finish projected at the recent pace
      weekly     each habit's last 12 weeks; the workout target as a line
      mood       daily mood with a 7-day mean; breaks and their reaching out
      dashboard  every view of the last 12 weeks on one page (--from and
                 --to for another period), the period stated on it
      urges      when urges come (hour x weekday) and how they fade week
                 by week; last three months

    \b
    Examples:
      habit-tracker chart heatmap --habit no-contact
      habit-tracker chart streaks --output streaks.svg
      habit-tracker chart goal --as-of 2026-11-01 -o goal.pdf
      habit-tracker chart heatmap --from 2025-01-01 --to 2025-12-31
      habit-tracker chart dashboard
      habit-tracker chart urges --output urges.png
    """
    from ..charts import render_chart_from_store

    own_process = app.background_jobs  # set by the program's entry point, not in tests
    if own_process:
        _load_drawing_quietly()
    path = render_chart_from_store(
        kind,
        app.store(),
        habit=habit,
        first=first,
        last=last,
        as_of=as_of or app.today(),
        output_path=output,
    )
    click.echo(f"Wrote the {kind} chart to {path}")
    if own_process:
        # The figure too: the interpreter's exit need not search it for cycles.
        gc.freeze()


def _load_drawing_quietly() -> None:
    """Load matplotlib and the drawing code with the garbage collector off, then set
    what they made aside for the rest of the process (``gc.freeze``).

    They make a few hundred thousand objects that live until the process ends; the
    collector searched them for cycles again and again, while they loaded, while
    the chart was drawn and at exit: 140 ms of a dashboard's 830.  Only in the
    program's own process: a frozen object is never collected, which a test run or
    a library caller must not be left with."""
    gc.disable()
    try:
        from ..charts import render  # noqa: F401  (matplotlib)
    finally:
        gc.freeze()
        gc.enable()
