"""What every command module shares: the App on the click context, the date
parameter type, common options, output helpers and the single exit point that
turns errors into one ``Error: ...`` line.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..dates import check_today, local_today, parse_date
from ..errors import DatabaseError, DateError, HabitTrackerError, UsageError
from ..preferences import resolve as resolve_preferences
from ..store import (
    Settings,
    Store,
    daily_job_done,
    database_exists,
    default_db_file,
    describe_sqlite_error,
    open_store,
)
from ..text import safe_line, safe_text

F = TypeVar("F", bound=Callable[..., Any])


class App:
    """Built once in the root group and handed to every command."""

    def __init__(
        self,
        db_path: Path | str | None = None,
        *,
        color: str | None = None,
        environ: Mapping[str, str] | None = None,
        db_from_environment: bool = False,
    ) -> None:
        """``db_path`` and ``color`` are the command line's (None: not given);
        the config file and the environment fill in the rest (see preferences)."""
        env = os.environ if environ is None else environ
        self.environ = env
        self.preferences = resolve_preferences(
            env, db_option=db_path, db_from_environment=db_from_environment, color_option=color
        )
        # Text: the check-in never imports pathlib (db_path gives a Path).
        self.db_file = self.preferences["db"].value or default_db_file(env)
        self.now = read_now(env)
        chosen = self.preferences["color"].value
        self.color = chosen == "always" or (
            chosen == "auto" and "NO_COLOR" not in env and sys.stdout.isatty()
        )
        self._store: Store | None = None
        self._backup_due = False
        self._settings: Settings | None = None
        self.committed: list[str] = []  # what this run has saved (kept after close)
        App.latest = self

    latest: App | None = None  # the App of the command running now (for the exit point)

    @property
    def db_path(self) -> Path:
        from pathlib import Path

        return Path(self.db_file)

    def store(self, *, create: bool = False) -> Store:
        if self._store is None:
            self._store = open_store(self.db_file, create=create)
            self._store.after_write = self._after_write
            self._store.committed = self.committed
        return self._store

    def _after_write(self) -> None:
        """Called after each committed write: is the day's automatic backup due?"""
        store = self._store
        if store is None or daily_job_done(store, self.today()):
            return  # the usual case: one stat, no import
        self._backup_due = True

    #: Run the day's job (whole-file check, backup) in a background process once
    #: the command is done; set by the program's entry point, so tests through
    #: CliRunner and library callers run it in place.
    background_jobs = False

    def _daily_job(self, today: date) -> None:
        """The day's automatic check and backup (habit_tracker.dailyjob), in place.
        A failure warns: it never undoes or fails the write that was saved."""
        from ..dailyjob import run

        warning = run(self.db_file, today)
        if warning is not None:
            click.echo(warning, err=True)

    def settings(self) -> Settings:
        if self._settings is None:
            if self._store is None and not database_exists(self.db_file):
                return Settings()
            self._settings = self.store().settings()
        return self._settings

    @property
    def editor(self) -> str | None:
        """The editor config.toml or $VISUAL/$EDITOR name; None: click picks one."""
        return self.preferences["editor"].value

    def today(self) -> date:
        """The user's local calendar day, with ``day_start`` applied."""
        return local_today(self.now, self.settings().day_start)

    def close(self) -> None:
        today = self.today() if self._backup_due and self._store is not None else None
        store, self._store = self._store, None
        self._backup_due = False
        if store is None:
            return
        store.close()
        if today is None:
            return
        if self.background_jobs:
            from ..dailyjob import start

            if start(self.db_file, today):
                return
        self._daily_job(today)


def read_now(env: Mapping[str, str]) -> datetime:
    """The current local time; ``HABIT_TRACKER_NOW`` (ISO) pins it for tests and scripts."""
    pinned = env.get("HABIT_TRACKER_NOW")
    if pinned:
        try:
            now = datetime.fromisoformat(pinned)
        except ValueError:
            raise HabitTrackerError(
                f"HABIT_TRACKER_NOW='{pinned}' is not an ISO date-time"
            ) from None
    else:
        now = datetime.now()
    check_today(now.date())
    return now


pass_app = click.make_pass_decorator(App)

#: What ``DateType(allow_none=True)`` returns for "none": remove the date.
NO_DATE = date.min
NO_DATE_WORDS = ("none", "clear", "never")


# ------------------------------------------------------------ shell completion

# What a habit's value can be, offered after "--set slug=" (numbers are typed).
_VALUE_WORDS = {
    "abstain": ("kept", "broken", "clear"),
    "daily": ("done", "skip", "missed", "clear"),
    "weekly": ("done", "skip", "missed", "clear"),
}


def _completion_habits(ctx: click.Context, *, include_archived: bool) -> list[Any]:
    """The habits of the database this command line points at; [] on any trouble."""
    from ..peek import habit_names

    try:
        db_option = ctx.find_root().params.get("db_path")
        from pathlib import Path

        path = Path(db_option) if db_option else Path(str(resolve_preferences()["db"].value))
        return [h for h in habit_names(path) if include_archived or not h.archived]
    except Exception:  # completion must never fail the user's shell
        return []


def _slug_items(ctx: click.Context, incomplete: str, *, include_archived: bool,
                suffix: str = "") -> list[click.shell_completion.CompletionItem]:
    from click.shell_completion import CompletionItem

    return [
        CompletionItem(h.slug + suffix, help=" ".join(safe_text(h.name).split()))
        for h in _completion_habits(ctx, include_archived=include_archived)
        if h.slug.startswith(incomplete)
    ]


def complete_slug(ctx: click.Context, param: click.Parameter,
                  incomplete: str) -> list[click.shell_completion.CompletionItem]:
    """Completes a habit slug from the database (active habits); never fails."""
    return _slug_items(ctx, incomplete, include_archived=False)


def complete_any_slug(ctx: click.Context, param: click.Parameter,
                      incomplete: str) -> list[click.shell_completion.CompletionItem]:
    """Completes a habit slug, archived habits included (edit, restore ...)."""
    return _slug_items(ctx, incomplete, include_archived=True)


def complete_slug_value(ctx: click.Context, param: click.Parameter,
                        incomplete: str) -> list[click.shell_completion.CompletionItem]:
    """``--set``: first ``slug=``, then after the '=' the words that habit takes."""
    from click.shell_completion import CompletionItem

    slug, sep, value = incomplete.partition("=")
    if not sep:
        return _slug_items(ctx, incomplete, include_archived=False, suffix="=")
    for habit in _completion_habits(ctx, include_archived=False):
        if habit.slug == slug:
            return [
                CompletionItem(f"{slug}={word}")
                for word in _VALUE_WORDS.get(habit.kind, ("clear",))
                if word.startswith(value)
            ]
    return []


if TYPE_CHECKING:
    from pathlib import Path

    _ParamBase = click.ParamType[date]
else:
    _ParamBase = click.ParamType


class DateType(_ParamBase):
    """A date as people type it (see ``habit_tracker.dates``), relative to the App's today."""

    name = "date"

    def __init__(self, *, allow_future: bool = False, allow_none: bool = False) -> None:
        self.allow_future = allow_future
        self.allow_none = allow_none

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        if self.allow_none and str(value).strip().lower() in NO_DATE_WORDS:
            return NO_DATE
        app = ctx.find_object(App) if ctx is not None else None
        today = app.today() if app is not None else date.today()
        try:
            return parse_date(str(value), today, allow_future=self.allow_future)
        except DateError as exc:
            self.fail(str(exc), param, ctx)


class SinceType(DateType):
    """A date with an optional time of day after it: ``2026-11-01 21:30``,
    ``yesterday 23:10``; converts to ``(date, "HH:MM" or "")``."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        from ..store import parse_clock

        text = str(value).strip()
        head, _, tail = text.rpartition(" ")
        clock = parse_clock(tail) if head else None
        if clock is None:
            return super().convert(text, param, ctx), ""
        return super().convert(head, param, ctx), f"{clock[0]:02d}:{clock[1]:02d}"


def read_stdin_text() -> str:
    """All of standard input as UTF-8 text, exactly as sent (line endings too)."""
    raw = getattr(sys.stdin, "buffer", None)
    data = raw.read() if raw is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"standard input is not UTF-8 text (byte {exc.start + 1}); nothing was saved"
        ) from None


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=DateType(),
        default=None,
        metavar="DATE",
        help="Show the view as it was at the end of DATE (default: today).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def echo_json(obj: Any) -> None:
    from ..jsontext import dumps  # json.dumps(indent=2)'s text, faster

    click.echo(dumps(obj, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def terminal_width(environ: Mapping[str, str] | None = None) -> int:
    """Columns to fill: ``COLUMNS`` when set, else the terminal's width when output
    goes to one, else 80 (a pipe or a file gets the same text every time)."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size((80, 24)).columns
    return 80


def style(text: str, **kwargs: Any) -> str:
    """Colour ``text`` when the App allows it (a terminal, no NO_COLOR)."""
    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(App) if ctx is not None else None
    if app is None or not app.color:
        return text
    return click.style(text, **kwargs)


# ----------------------------------------------------------------- exit point


def one_line(message: str) -> str:
    """Every message the program prints about a problem passes here: one line, and
    no control character from user text (file names, habit names, notes) reaches
    the terminal."""
    return safe_line(message)


def error(message: str) -> None:
    click.echo(f"Error: {one_line(message)}", err=True)


def warn(message: str) -> None:
    click.echo(f"Warning: {one_line(message)}", err=True)


def sqlite_message(exc: sqlite3.Error) -> str:
    app = App.latest
    return describe_sqlite_error(exc, app.db_file if app is not None else "the database")


def _interrupted() -> str:
    app = App.latest
    if app is not None and app.committed:
        return (f"interrupted, but '{app.committed[-1]}' had been saved already "
                "('habit-tracker undo' takes it back)")
    return "Aborted: nothing was saved."


# click 8.2+ signals "no command given" with this usage error (8.1 printed help).
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", None)


class HabitGroup(click.Group):
    """The root group: runs a command and is the only place errors leave the program.

    ``lazy_commands`` maps a command name to "module:attribute"; such a module is
    imported only when its command runs (or help lists it), so the daily check-in
    never pays for the report, the charts or their imports.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            import importlib

            module_name, attribute = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        code = 0
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
            code = result if isinstance(result, int) else 0
        except (click.exceptions.Abort, KeyboardInterrupt):
            message = _interrupted()
            click.echo(message if message.startswith("Aborted") else f"Error: {message}", err=True)
            code = 1
        except click.ClickException as exc:
            if _NO_ARGS_IS_HELP is not None and isinstance(exc, _NO_ARGS_IS_HELP) and exc.ctx:
                # A group run without a command: show its help, as click does.
                click.echo(exc.ctx.get_help())
            else:
                message = exc.format_message()
                ctx = getattr(exc, "ctx", None)
                if isinstance(exc, click.UsageError) and ctx is not None:
                    message += f" (see '{ctx.command_path} --help')"
                error(message)
                code = exc.exit_code
        except HabitTrackerError as exc:
            error(str(exc))
            code = exc.exit_code
        except sqlite3.Error as exc:
            error(sqlite_message(exc))
            code = DatabaseError.exit_code
        except UnicodeEncodeError:
            # Bytes that were not UTF-8 in an argument reach Python as lone
            # surrogates; they can be neither stored nor looked up.
            error("an argument holds bytes that are not valid UTF-8 text; retype it, or set your "
                  "terminal to UTF-8")
            code = 2
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                # Output piped into a program that stopped reading (e.g. head).
                sys.stderr.close()
                code = 1
            else:
                error(f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}")
                code = 1
        if standalone:
            sys.exit(code)
        return code
