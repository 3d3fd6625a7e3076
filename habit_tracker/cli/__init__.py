"""The command line: parses, calls the library, prints.  Nothing else lives here.

The root group is here; each area's commands live in their own module and are
imported only when they run (or help lists them), so the daily check-in does not
pay for the report, the charts or their imports.  Nothing outside this package
imports click.
"""

from __future__ import annotations

import click

from .. import __version__
from .kit import App, HabitGroup


@click.group(
    cls=HabitGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    lazy_commands={
        "init": "habit_tracker.cli.setup:init",
        "checkin": "habit_tracker.cli.checkin:checkin",
        "status": "habit_tracker.cli.views:status",
        "streaks": "habit_tracker.cli.views:streaks",
        "history": "habit_tracker.cli.views:history",
        "undo": "habit_tracker.cli.data:undo",
        "config": "habit_tracker.cli.data:config",
        "export": "habit_tracker.cli.data:export",
        "import": "habit_tracker.cli.data:import_",
        "habit": "habit_tracker.cli.habits:habit",
        "chart": "habit_tracker.cli.chart:chart",
        "report": "habit_tracker.cli.report:report",
        "demo": "habit_tracker.cli.report:demo",
        "urge": "habit_tracker.cli.companion:urge",
        "write": "habit_tracker.cli.companion:write",
        "remind": "habit_tracker.cli.companion:remind",
        "backup": "habit_tracker.cli.privacy:backup",
        "restore": "habit_tracker.cli.privacy:restore",
        "forget": "habit_tracker.cli.privacy:forget",
        "completion": "habit_tracker.cli.completion:completion",
    },
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),  # text: the check-in does not import pathlib
    envvar="HABIT_TRACKER_DB",
    help="Database file (default: $HABIT_TRACKER_DB, else 'db' in config.toml, else your "
    "data folder; see 'habit-tracker config').",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour in the terminal; 'auto' also honours NO_COLOR (default: 'color' in "
    "config.toml, else auto).",
)
@click.version_option(__version__, prog_name="habit-tracker")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, color: str) -> None:
    """Count the days of no contact, keep your streaks, see your progress.

    \b
    Every evening:  habit-tracker checkin
    Any time:       habit-tracker status
    Sundays:        habit-tracker report
    First time:     habit-tracker demo        (a tour on sample data)
                    habit-tracker init --since 2026-11-01
    """
    from click.core import ParameterSource

    app = App(
        db_path,
        color=color if ctx.get_parameter_source("color") is ParameterSource.COMMANDLINE else None,
        db_from_environment=ctx.get_parameter_source("db_path") is ParameterSource.ENVIRONMENT,
    )
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    App.background_jobs = True  # a real process: the day's backup runs after it returns
    cli(prog_name="habit-tracker")


if __name__ == "__main__":
    main()

