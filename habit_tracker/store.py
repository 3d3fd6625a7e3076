"""The SQLite store: one file, opened fast, every write one transaction with a trace.

Reads and writes go through the standard library's sqlite3 on the daily path;
sqlite-utils (with its Migrations) is imported only when the schema has to be
created or upgraded.  Every write records the before and after image of each row
it touches in ``changes``/``change_rows``, which is what ``undo`` replays.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from . import changelog, jsonc, paths
from . import models as m
from .changelog import Transaction
from .dates import EARLIEST, check_day
from .errors import (
    DatabaseError,
    NotInitialisedError,
    UnknownHabitError,
    UsageError,
)
from .files import APPLICATION_ID, make_private_folder, remember_database
from .records import maker
from .schema import MIGRATION_NAMES, MIGRATION_SET

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from .records import NamedTuple

if TYPE_CHECKING:  # pathlib costs the check-in 3-4 ms of imports: paths stay text here
    from pathlib import Path

BUSY_TIMEOUT_MS = 15000

# Columns of each table the change log tracks, and the columns forming its key.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "habits": (
        (
            "id", "slug", "name", "kind", "since", "created", "per_week", "daily_min",
            "target", "unit", "deadline", "archived", "position",
            "per_days", "daily_max", "question", "description", "role",
        ),
        ("id",),
    ),
    "entries": (("habit_id", "date", "status", "amount", "note"), ("habit_id", "date")),
    "days": (
        ("date", "mood", "note", "reached_out", "necessary_contact", "break_trigger"),
        ("date",),
    ),
    "settings": (("key", "value"), ("key",)),
    "urges": (("id", "at", "date", "intensity", "triggers", "note"), ("id",)),
    "writings": (("id", "at", "date", "text"), ("id",)),
}

#: ``since_time``: the hour and minute (HH:MM) the no-contact run began on its
#: first day, for the hours counted in the first days ("Day 2 · 41 hours").
#: ``backups``/``backup_recipient``: the automatic daily backup (habit_tracker.backups).
SETTINGS_DEFAULTS: dict[str, str] = {
    "day_start": "0", "week_start": "monday", "since_time": "", "backups": "on",
    "backup_recipient": "",
}
#: The largest amount anyone logs (a goal of a billion steps is still allowed) and
#: the smallest non-zero one: outside these, sums, percentages and chart axes
#: overflow or lose all meaning.
MAX_AMOUNT = 1e9
MIN_AMOUNT = 0.001
MAX_POSITION = 1_000_000
WEEK_STARTS = {"monday": m.MONDAY, "sunday": m.SUNDAY}
#: The longest period of "X times in Y days" (Loop's own limit is a year).
MAX_PER_DAYS = 366
SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")

Row = dict[str, Any]


# --------------------------------------------------------------------- opening


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """``HABIT_TRACKER_DB``, else the user data folder (``paths.data_dir``: XDG on Linux)."""
    from pathlib import Path

    return Path(default_db_file(environ))


def default_db_file(environ: Mapping[str, str] | None = None) -> str:
    """``default_db_path`` as text (no pathlib on the check-in's path)."""
    env = os.environ if environ is None else environ
    if env.get("HABIT_TRACKER_DB"):
        return paths.clean(os.path.expanduser(env["HABIT_TRACKER_DB"]))
    return os.path.join(paths.data_folder(env), paths.DB_NAME)


BACKUP_FOLDER = "backups"


def daily_backup_name(db_path: Path | str, day: date) -> str:
    """The automatic backup of ``day``: backups/<db stem>-YYYY-MM-DD.db (plus .age)."""
    return f"{paths.stem(db_path)}-{day.isoformat()}.db"


def daily_backup_exists(db_path: Path | str, day: date) -> bool:
    """Whether ``day``'s automatic backup is made (the check-in's only cost for
    backups on most days: one stat, two when backups are encrypted)."""
    plain = os.path.join(os.path.dirname(db_path), BACKUP_FOLDER, daily_backup_name(db_path, day))
    return os.path.exists(plain) or os.path.exists(plain + ".age")


def daily_job_marker(db_path: Path | str, day: date) -> str:
    """With automatic backups off there is no backup to say that ``day``'s job
    (the whole-file check) has run: this empty file in backups/ says it."""
    return os.path.join(os.path.dirname(db_path), BACKUP_FOLDER,
                        f".{os.path.basename(db_path)}.checked-{day.isoformat()}")


def daily_job_done(store: Store, day: date) -> bool:
    """Whether ``day``'s job is done: its backup exists (one stat, on most days),
    or its check has run (the marker) while backups are off."""
    if daily_backup_exists(store.file, day):
        return True
    return os.path.exists(daily_job_marker(store.file, day)) and \
        store.raw_settings().get("backups", "on") != "on"


def database_exists(path: Path | str) -> bool:
    return os.path.isfile(path) and os.path.getsize(path) > 0


def create_private_file(path: Path | str) -> None:
    """Create ``path`` empty with mode 0600 (parents 0700) unless it exists."""
    try:
        make_private_folder(os.path.dirname(os.path.abspath(path)))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # made by another process a moment ago
    except OSError as exc:
        raise DatabaseError(f"cannot create {path}: {exc.strerror or exc}") from None
    os.close(fd)


def open_store(path: Path | str, *, create: bool = False) -> Store:
    """Open (and, with ``create``, make) the database at ``path``.

    Refuses, leaving the file untouched: a file that is not SQLite or is damaged,
    a SQLite file of another program, and one written by a newer habit-tracker.
    Pending migrations are applied in one transaction.
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise DatabaseError(f"{path} is a directory, not a database file")
    fresh = not database_exists(path)
    if fresh:
        if not create:
            raise NotInitialisedError(
                f"no habit-tracker database at {path}; run 'habit-tracker init' to start"
            )
        create_private_file(path)
    else:
        _tighten_modes(path)
    remember_database(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        pending = _check_schema(conn, path, fresh=fresh or create)
        if pending:
            _migrate(conn, path, fresh=fresh or create)
        _check_columns(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        conn.close()
        raise DatabaseError(describe_sqlite_error(exc, path)) from None
    except BaseException:
        conn.close()
        raise
    return Store(conn, path)


def _tighten_modes(path: Path | str) -> None:
    """An existing database (and its -wal/-shm) readable by others becomes 0600."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = f"{path}{suffix}"
        try:
            mode = os.stat(target).st_mode
            if mode & 0o077:
                os.chmod(target, mode & 0o700)
        except OSError:
            continue  # absent, or not ours to change: SQLite reports what matters


# SQLite's primary result codes (the low byte of ``sqlite_errorcode``).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26


def describe_sqlite_error(exc: sqlite3.Error, path: Path | str) -> str:
    """What is really wrong, in words: busy, read-only, full, unreadable, or damaged.

    Only a damaged file or a file that is not SQLite is called damaged; a full
    disk or a read-only folder leaves the data intact, and the message says so.
    """
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return "the database is busy (another habit-tracker is writing); try again"
    if code == _SQLITE_FULL or "disk is full" in lowered:
        return (f"the disk holding {path} is full; free some space and try again "
                "(nothing was written, your data is intact)")
    if code in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in lowered or "read-only" in lowered:
        return (f"{path} cannot be written here (read-only file, folder or mount); check its "
                "permissions (your data is intact)")
    if code == _SQLITE_CANTOPEN or "unable to open" in lowered:
        return (f"cannot open {path}: check that its folder exists and is readable and writable "
                "by you")
    if code == _SQLITE_NOTADB or "not a database" in lowered:
        return f"{path} is not a habit-tracker database (not a SQLite file)"
    if code == _SQLITE_CORRUPT or "malformed" in lowered or "could not decode" in lowered:
        return damaged_message(path, text)
    if code == _SQLITE_IOERR:
        return f"cannot read or write {path} (input/output error: {text}); check the disk"
    return f"database problem with {path}: {text}"


def one_problem(problems: list[str]) -> str:
    first = " ".join(str(problems[0]).split())[:160] if problems else "unknown problem"
    return first + (f" and {len(problems) - 1} more" if len(problems) > 1 else "")


def damaged_message(path: Path | str, detail: str) -> str:
    return (f"{path} is damaged ({detail}); nothing was written. Restore a backup or an "
            "export into a new database (habit-tracker --db NEW import BACKUP)")


def _check_schema(conn: sqlite3.Connection, path: Path | str, *, fresh: bool = True) -> list[str]:
    """Read-only look at the file; the names of pending migrations.

    Refuses a SQLite file of another program: another ``application_id``, tables
    of its own, or (unless we are creating it) no tables at all.
    """
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        applied: list[str] = []
        if "_sqlite_migrations" in tables:
            applied = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    (MIGRATION_SET,),
                )
            ]
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise DatabaseError(damaged_message(path, f"unreadable schema: {exc}")) from None
    own_tables = {t for t in tables if not t.startswith("sqlite_")}
    if app_id not in (0, APPLICATION_ID) or (not applied and own_tables):
        raise DatabaseError(
            f"{path} is a SQLite database of another program, not a habit-tracker one; "
            "nothing was changed"
        )
    if not applied and not fresh:
        raise DatabaseError(
            f"{path} is an empty SQLite database, not a habit-tracker one; nothing was changed "
            "(give a new file with --db to start)"
        )
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise DatabaseError(
            f"{path} was written by a newer version of habit-tracker (schema step "
            f"'{unknown[-1]}'); upgrade habit-tracker to open it"
        )
    return [name for name in MIGRATION_NAMES if name not in applied]


def _check_columns(conn: sqlite3.Connection, path: Path | str) -> None:
    """Every column the program reads is there (a hand-edited or damaged schema is
    refused here, not met later as a crash)."""
    try:
        found: dict[str, set[str]] = {}
        names = list(TABLES)
        for table, column in conn.execute(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
            f"WHERE m.type = 'table' AND m.name IN ({', '.join('?' for _ in names)})", names
        ):
            found.setdefault(table, set()).add(column)
    except (UnicodeDecodeError, ValueError) as exc:
        raise DatabaseError(damaged_message(path, f"unreadable schema: {exc}")) from None
    for table, (columns, _key) in TABLES.items():
        missing = [c for c in columns if c not in found.get(table, set())]
        if missing:
            raise DatabaseError(
                f"{path} lacks the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(f'{table}.{c}' for c in missing)}; it was changed by hand or is "
                "damaged. Restore a backup or an export into a new database"
            )


def check_intact(conn: sqlite3.Connection, path: Path | str) -> None:
    """DatabaseError when SQLite's ``PRAGMA quick_check`` finds the file damaged.

    It reads every page: about 0.1 ms on a week of data, 6-19 ms on ten years and
    more on thirty (measured), so the write path runs it only when the file is not
    as habit-tracker left it (see ``Store.check_before_write``); the day's
    background job runs it every day.
    """
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.Error as exc:
        problems = [str(exc)]
    except (UnicodeDecodeError, ValueError) as exc:
        problems = [f"unreadable: {exc}"]
    if problems != ["ok"]:
        raise DatabaseError(damaged_message(path, one_problem(problems)))


def _sqlite_utils_database() -> Any:
    """``sqlite_utils.Database``, imported without numpy and pandas: it loads them
    when installed only to map their types, which no migration writes, and they
    cost a new database (``init``, a first import) about a third of a second."""
    import sys

    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" fails
    try:
        from sqlite_utils import Database
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return Database


def _migrate(conn: sqlite3.Connection, path: Path | str, *, fresh: bool = True) -> None:
    Database = _sqlite_utils_database()

    from . import migrations

    check_intact(conn, path)  # before the journal mode changes a byte of the file
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if _check_schema(conn, path, fresh=fresh):
                migrations.apply(Database(conn))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from None


# ------------------------------------------------------------ the checked stamp
#
# A write first makes sure the file is not damaged (issue 11), but a full
# ``PRAGMA quick_check`` reads every page: its cost grows with the years of
# history, and the check-in's must not.  So when habit-tracker closes a database
# it has checked (or found as it left it), it notes the file's identity -- inode,
# size, mtime and ctime to the nanosecond, read with stat() (opening the file
# would release the connection's locks) -- in ``backups/.<name>.checked``.  The
# next write compares: the same identity, and no write-ahead log holding frames,
# means nothing else has written the file since, and the full check is skipped.
# Anything else (another program's write, a copy, a restore, a byte flipped by
# hand or by a sync tool, a crash that left a log) gets the full check first.
# What this cannot see: a change that keeps the size and lands in the same tick
# of the file system's clock as habit-tracker's own last write (a few
# milliseconds on ext4), or damage that changes no timestamp (a failing disk).
# The day's background job (backups.daily_job) runs the full check every day
# before the backup and drops the stamp when it finds damage.


def checked_stamp_path(db_path: Path | str) -> str:
    return os.path.join(os.path.dirname(db_path), BACKUP_FOLDER,
                        f".{os.path.basename(db_path)}.checked")


def file_identity(db_path: Path | str) -> str | None:
    """The database file's identity as the stamp holds it; None while a
    write-ahead log holds frames (another connection's, or a crash's)."""
    try:
        if os.stat(f"{db_path}-wal").st_size > 0:
            return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    # stat, never open(): closing any descriptor of the file would drop this
    # process's POSIX locks on it, which an open SQLite connection relies on
    # (another process could then checkpoint and reset the log under it).
    try:
        st = os.stat(db_path)
    except OSError:
        return None
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def read_checked_stamp(db_path: Path | str) -> str | None:
    try:
        with open(checked_stamp_path(db_path), "rb") as handle:
            return handle.read(1000).decode("ascii").strip() or None
    except (OSError, ValueError):
        return None


def write_checked_stamp(db_path: Path | str) -> None:
    """Note the file's identity now (called once the connection is closed).  A
    stamp that cannot be written only costs the next write a full check."""
    identity = file_identity(db_path)
    if identity is None:
        forget_checked_stamp(db_path)
        return
    stamp = checked_stamp_path(db_path)
    part = f"{stamp}.{os.getpid()}"
    try:
        make_private_folder(os.path.dirname(stamp))
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, identity.encode("ascii"))
        finally:
            os.close(fd)
        os.replace(part, stamp)
    except (OSError, DatabaseError):
        with suppress(OSError):
            os.unlink(part)


def forget_checked_stamp(db_path: Path | str) -> None:
    with suppress(OSError):
        os.unlink(checked_stamp_path(db_path))


# ------------------------------------------------------------ row conversions


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        raise _garbled(value) from None


def _out_of_range(what: str, value: object) -> DatabaseError:
    return DatabaseError(
        f"the database holds {what} {str(value)[:30]}, outside what can be logged "
        f"({MIN_AMOUNT} to {MAX_AMOUNT:,.0f}): it was edited by hand or written by an older "
        "version; set it again (habit edit / checkin --date DAY --set HABIT=VALUE)"
    )


def _garbled(value: object) -> DatabaseError:
    return DatabaseError(
        f"the database holds a damaged date ({str(value)[:40]!r}); restore a backup or an export "
        "into a new database (habit-tracker --db NEW import BACKUP)"
    )


#: The habits' columns in m.Habit's field order (they share their names).
_HABIT_COLUMNS = ", ".join(m.Habit._fields)


def habit_from_values(values: Sequence[Any]) -> m.Habit:
    """A Habit from its columns read in ``_HABIT_COLUMNS`` order: the one place a
    row becomes a Habit (dates parsed, archived a bool).  By position, without a
    dict per row (a test checks that every column lands in its field)."""
    (slug, name, kind, since, created, per_week, daily_min, target, unit, deadline,
     archived, *rest) = values
    return _make_habit((slug, name, kind, _date(since), _date(created), per_week, daily_min,
                        target, unit, _date(deadline), bool(archived), *rest))


_make_habit = maker(m.Habit)


def habit_from_row(row: Row) -> m.Habit:
    """A Habit from a dict row (``role`` may be missing: rows from before roles)."""
    return habit_from_values([row.get(field) if field == "role" else row[field]
                              for field in m.Habit._fields])


def habit_to_row(habit: m.Habit) -> Row:
    return {
        "id": habit.id,
        "slug": habit.slug,
        "name": habit.name,
        "kind": habit.kind,
        "since": _iso(habit.since),
        "created": _iso(habit.created),
        "per_week": habit.per_week,
        "daily_min": habit.daily_min,
        "target": habit.target,
        "unit": habit.unit,
        "deadline": _iso(habit.deadline),
        "archived": int(habit.archived),
        "position": habit.position,
        # 7 days for a weekly habit and 1 for a daily one are the defaults: stored
        # as NULL so that one meaning has one spelling.
        "per_days": None if habit.per_days == (7 if habit.kind == m.WEEKLY else 1) else habit.per_days,
        "daily_max": habit.daily_max,
        "question": habit.question,
        "description": habit.description,
        "role": habit.role,
    }


def day_from_row(row: Row) -> m.DayInfo:
    return m.DayInfo(
        date=_date(row["date"]) or EARLIEST,
        mood=row["mood"],
        note=row["note"],
        reached_out=bool(row["reached_out"]),
        necessary_contact=row.get("necessary_contact"),
        break_trigger=row.get("break_trigger"),
    )


def urge_from_row(row: Row) -> m.Urge:
    return m.Urge(
        at=datetime.fromisoformat(row["at"]),
        day=date.fromisoformat(row["date"]),
        intensity=row["intensity"],
        triggers=tuple(jsonc.loads(row["triggers"])) if row["triggers"] else (),
        note=row["note"],
        id=row["id"],
    )


def writing_from_row(row: Row) -> m.Writing:
    return m.Writing(
        at=datetime.fromisoformat(row["at"]),
        day=date.fromisoformat(row["date"]),
        text=row["text"],
        id=row["id"],
    )


def parse_clock(text: str) -> tuple[int, int] | None:
    """``HH:MM`` (24-hour) as (hour, minute); None when it is not one."""
    hour, sep, minute = text.strip().partition(":")
    ok = sep and hour.isdigit() and minute.isdigit() and len(minute) == 2
    if ok and 0 <= int(hour) <= 23 and 0 <= int(minute) <= 59:
        return int(hour), int(minute)
    return None


def validate_since_time(value: str) -> str:
    """``HH:MM`` (24-hour), or empty for "from midnight"."""
    if not value.strip():
        return ""
    clock = parse_clock(value)
    if clock is not None:
        return f"{clock[0]:02d}:{clock[1]:02d}"
    raise UsageError(f"since_time is a time of day as HH:MM, e.g. 21:30 (got '{value}')")


# ------------------------------------------------------------------ validation


def parse_amount(text: str | float, what: str, *, positive: bool = False) -> float:
    """An amount a person could log: 0 (or, ``positive``, above 0) up to MAX_AMOUNT,
    and no finer than MIN_AMOUNT.  The one check for every number that enters."""
    if isinstance(text, bool):
        raise UsageError(f"{what}: '{text}' is not a number")
    shown = str(text) if len(str(text)) <= 30 else f"{str(text)[:20]}..."
    try:
        value = float(text)
    except (TypeError, ValueError, OverflowError):
        raise UsageError(f"{what}: '{shown}' is not a number") from None
    if not math.isfinite(value):
        raise UsageError(f"{what}: '{shown}' is not a finite number"
                         + (" above 0" if positive else ""))
    if positive and value <= 0:
        raise UsageError(f"{what} must be a number above 0, not '{shown}'")
    if value < 0:
        raise UsageError(f"{what}: '{shown}' is negative; amounts are 0 or more")
    if value > MAX_AMOUNT:
        raise UsageError(f"{what}: '{shown}' is too large (at most {MAX_AMOUNT:,.0f})")
    if (value or positive) and value < MIN_AMOUNT:
        raise UsageError(f"{what}: '{shown}' is too small (at least {MIN_AMOUNT}"
                         f"{'' if positive else ', or 0'})")
    return value


def validate_setting(key: str, value: object) -> str:
    """A setting's value as stored; UsageError when it is not one.  Used by
    ``config``, ``init``, import, and when reading the database."""
    text = str(value).strip()
    if key == "day_start":
        if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) > 2 \
                or not 0 <= int(text) <= 12:
            raise UsageError(
                f"day_start '{text[:20]}' is not an hour from 0 to 12 (e.g. 4: a day ends at 04:00)"
            )
        return str(int(text))
    if key == "week_start":
        text = text.lower()
        text = {"mon": "monday", "sun": "sunday"}.get(text, text)
        if text not in WEEK_STARTS:
            raise UsageError(f"week_start '{text[:20]}' is not monday or sunday")
        return text
    if key == "since_time":
        return validate_since_time(text)
    if key == "backups":
        text = {"yes": "on", "true": "on", "1": "on", "no": "off", "false": "off",
                "0": "off"}.get(text.lower(), text.lower())
        if text not in ("on", "off"):
            raise UsageError("backups is on or off (automatic daily backups beside the database)")
        return text
    if key == "backup_recipient":
        text = " ".join(text.split())
        if text.lower() in ("", "none", "off"):
            return ""
        from .crypto import parse_recipient

        for recipient in text.split():
            parse_recipient(recipient)
        return text
    raise UsageError(f"unknown setting '{str(key)[:40]}' (settings: {', '.join(SETTINGS_DEFAULTS)})")


_SYNONYMS = {
    m.ABSTAIN: {"kept": m.KEPT, "broken": m.BROKEN, "break": m.BROKEN},
    "status": {
        "done": m.DONE, "yes": m.DONE, "y": m.DONE,
        "skip": m.SKIP, "skipped": m.SKIP, "rest": m.SKIP,
        "missed": m.MISSED, "miss": m.MISSED, "no": m.MISSED, "n": m.MISSED,
    },
}


def parse_value(habit: m.Habit, value: str | float) -> tuple[str | None, float | None]:
    """A day's value for ``habit`` as (status, amount); UsageError when it does not fit."""
    text = str(value).strip().lower()
    what = habit.name if habit.name == habit.slug else f"{habit.name} ({habit.slug})"
    if habit.kind == m.ABSTAIN:
        status = _SYNONYMS[m.ABSTAIN].get(text)
        if status is None:
            raise UsageError(f"{what}: '{value}' is not a value for it (use kept or broken)")
        return status, None
    if habit.kind in (m.DAILY, m.WEEKLY):
        status = _SYNONYMS["status"].get(text)
        if status is not None:
            return status, None
        if habit.numeric:
            return None, parse_amount(value, what)
        raise UsageError(f"{what}: '{value}' is not a value for it (use done, skip or missed)")
    amount = parse_amount(value, what)
    if habit.target is not None and amount > IMPLAUSIBLE * habit.target:
        unit = f" {habit.unit}" if habit.unit else ""
        raise UsageError(
            f"{habit.name}: {value}{unit} in one day is more than {IMPLAUSIBLE} times the whole "
            f"goal ({m.format_amount(habit.target)}{unit}); if that is right, raise the target "
            f"first: habit-tracker habit edit {habit.slug} --target X"
        )
    return None, amount


#: A day's progress above this many times a goal's whole target is taken for a typo.
IMPLAUSIBLE = 10


def validate_slug(slug: str) -> str:
    if not slug or not set(slug) <= SLUG_CHARS or slug.startswith("-") or len(slug) > 40:
        raise UsageError(
            f"'{slug}' is not a usable habit name: use lowercase letters, digits and '-', "
            "e.g. 'reading' or 'no-alcohol'"
        )
    return slug


def validate_habit(habit: m.Habit) -> m.Habit:
    """The habit as stored (an empty unit becomes none); UsageError when it cannot be."""
    validate_slug(habit.slug)
    habit = habit._replace(unit=habit.unit or None)
    for what, day in (("--since", habit.since), ("created", habit.created), ("--by", habit.deadline)):
        if day is not None:
            check_day(day, f"{habit.slug}: {what}")
    if not 0 <= habit.position <= MAX_POSITION:
        raise UsageError(f"{habit.slug}: position {habit.position} is not from 0 to {MAX_POSITION}")
    if habit.kind not in m.KINDS:
        raise UsageError(f"unknown kind '{habit.kind}' (use {', '.join(m.KINDS)})")
    if not habit.name.strip():
        raise UsageError("a habit needs a name")
    if habit.kind == m.ABSTAIN and habit.since is None:
        raise UsageError(f"{habit.slug}: an abstain habit needs --since, its first day")
    days = habit.per_days
    if days is not None and not 1 <= days <= MAX_PER_DAYS:
        raise UsageError(f"{habit.slug}: --per must be a number of days from 1 to {MAX_PER_DAYS}")
    if habit.kind == m.WEEKLY:
        if not (habit.per_week and 1 <= habit.per_week <= (days or 7)):
            if days is None or days == 7:
                raise UsageError(f"{habit.slug}: a weekly habit needs --per-week from 1 to 7")
            raise UsageError(f"{habit.slug}: --times must be from 1 to {days} (the days of --per)")
    elif habit.per_week is not None:
        raise UsageError(f"{habit.slug}: --per-week and --times are only for weekly habits")
    for value, flag in ((habit.daily_min, "--min"), (habit.daily_max, "--max")):
        if value is None:
            continue
        if habit.kind != m.DAILY:
            raise UsageError(f"{habit.slug}: {flag} is only for daily habits")
        parse_amount(value, f"{habit.slug}: {flag}", positive=True)
    if habit.daily_min is not None and habit.daily_max is not None:
        raise UsageError(f"{habit.slug}: give --min or --max, not both")
    if days is not None and habit.kind != m.WEEKLY and not (habit.kind == m.DAILY and habit.numeric):
        raise UsageError(f"{habit.slug}: --per is for weekly habits and numeric daily ones")
    if habit.kind == m.GOAL:
        if habit.target is None:
            raise UsageError(f"{habit.slug}: a goal needs --target, a number above 0")
        parse_amount(habit.target, f"{habit.slug}: --target", positive=True)
    elif habit.target is not None or habit.deadline is not None:
        raise UsageError(f"{habit.slug}: --target and --by are only for goals")
    if habit.role is not None and m.ROLES.get(habit.role) != habit.kind:
        raise UsageError(f"{habit.slug}: the {habit.role} role is for a habit of another kind")
    return habit


def _check_role_free(conn: sqlite3.Connection, habit: m.Habit) -> None:
    if habit.role is None:
        return
    row = conn.execute(
        "SELECT slug FROM habits WHERE role = ? AND id IS NOT ?", (habit.role, habit.id)
    ).fetchone()
    if row:
        raise UsageError(f"'{row[0]}' is your {habit.role} habit already")


def check_text(value: str | None, what: str) -> str | None:
    """Text that SQLite can store as UTF-8 (bytes the terminal could not decode
    arrive as lone surrogates); UsageError otherwise."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"{what} holds bytes that are not UTF-8 text; nothing was saved") from None
    return value


def date_range(sql: str, first: date | None, last: date | None) -> tuple[str, list[Any]]:
    """``sql`` (ending in a WHERE clause) narrowed to ``date`` in [first, last], and
    its parameters."""
    params: list[Any] = []
    if first:
        sql += " AND date >= ?"
        params.append(first.isoformat())
    if last:
        sql += " AND date <= ?"
        params.append(last.isoformat())
    return sql, params


@contextmanager
def bulk_merge(tx: Transaction, table: str, *, replace: bool) -> Iterator[changelog.BulkMerge]:
    """``tx.bulk``, for an import: many rows of ``entries`` or ``days`` merged in
    batches.  What SQLite would otherwise do for each row is done once, all
    inside ``tx`` (a refused import leaves the schema as it was):

    - the streak checkpoints' triggers (a third of each insert's cost) are set
      aside and made again after, the checkpoints the write made stale dropped
      once per habit from its first day written;
    - into an empty table, its indexes other than the key (entries by date) are
      made once at the end instead of kept up row by row.
    """
    conn = tx.conn
    (cache_size,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute("PRAGMA cache_size = -8000")
    aside = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "AND name LIKE 'streak_checkpoints_%'", (table,)).fetchall()
    if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
        aside += conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", (table,)).fetchall()  # an index SQLite made for the key has none
    try:
        for kind, name, _ in aside:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        with tx.bulk(table, replace=replace) as bulk:
            yield bulk
        if table == "entries":
            conn.executemany(
                "DELETE FROM streak_checkpoints WHERE habit_id = ? AND through >= ?",
                list(bulk.first_written().items()))
        for _, _, sql in aside:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")


def _not_utf8(row: Row | None) -> str:
    """Which text could not be stored: it holds bytes that are not UTF-8 (a
    terminal or file in another encoding) or a lone surrogate."""
    for name, value in (row or {}).items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return (f"{name}: the text is not valid UTF-8 (a byte or character that cannot "
                        "be stored); retype it, or set your terminal or file to UTF-8")
    return "text that is not valid UTF-8 cannot be stored"


# ----------------------------------------------------------------------- store


class CheckinInput(m.Record):
    """One day's check-in.  ``values`` maps habit slugs to raw values; the
    special value ``clear`` removes that habit's entry for the day.
    ``necessary_contact`` and ``break_trigger``: "" clears them; ``note_append``:
    add ``note`` to the day's note instead of replacing it; ``mood_clear``:
    remove the day's mood.  (A plain class: no dataclasses import on the
    check-in's path.)"""

    __slots__ = (
        "break_trigger",
        "day",
        "mood",
        "mood_clear",
        "necessary_contact",
        "note",
        "note_append",
        "reached_out",
        "values",
    )

    def __init__(self, day: date, values: dict[str, str] | None = None, mood: int | None = None,
                 note: str | None = None, reached_out: bool | None = None,
                 necessary_contact: str | None = None, break_trigger: str | None = None,
                 note_append: bool = False, mood_clear: bool = False) -> None:
        self.day = day
        self.values = {} if values is None else values
        self.mood = mood
        self.note = note
        self.reached_out = reached_out
        self.necessary_contact = necessary_contact
        self.break_trigger = break_trigger
        self.note_append = note_append
        self.mood_clear = mood_clear

    def is_empty(self) -> bool:
        return not self.values and not self.day_fields()

    def day_fields(self) -> bool:
        return self.mood_clear or not all(
            v is None
            for v in (self.mood, self.note, self.reached_out, self.necessary_contact,
                      self.break_trigger)
        )


class Settings(NamedTuple):
    day_start: int = 0
    week_start: int = m.MONDAY
    since_time: str = ""  # HH:MM or empty


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path | str) -> None:
        self.conn = conn  # plain tuples: bulk reads stay fast; _rows() gives dicts
        self.file = os.fspath(path)  # text: the check-in never imports pathlib
        # Called after each committed write (the CLI makes the day's backup there).
        self.after_write: Callable[[], None] | None = None
        self.committed: list[str] = []  # the actions this store has committed
        # The stamp (see above): the file's identity when opened, and whether it
        # was then as habit-tracker left it after checking it.
        self._stamp = read_checked_stamp(self.file)
        self._opened_as = file_identity(self.file)
        self._intact = self._stamp is not None and self._stamp == self._opened_as
        self._write_checked = False
        # Every habit, as last read outside a transaction, and when: (PRAGMA
        # data_version, which moves when another connection commits;
        # total_changes, which moves with every row this one writes, rolled back
        # or not).  A check-in asks for the habits four times.
        self._habits_read: tuple[tuple[int, int], list[m.Habit]] | None = None

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    def close(self) -> None:
        self.conn.close()
        if self._intact and file_identity(self.file) != self._stamp:
            write_checked_stamp(self.file)

    def check_before_write(self) -> None:
        """Inside the write lock, before this connection's first write: a damaged
        file is refused.  The full ``quick_check`` runs unless the file is still
        exactly as habit-tracker left it after checking it."""
        if self._write_checked:
            return
        if not (self._intact and file_identity(self.file) == self._opened_as):
            forget_checked_stamp(self.file)  # a stale stamp never vouches again
            self._intact = False
            check_intact(self.conn, self.file)
            self._intact = True
        self._write_checked = True

    def verify(self) -> None:
        """The full ``quick_check`` now, whatever the stamp says (the day's job);
        a damaged file loses its stamp, so that no write skips the check."""
        try:
            check_intact(self.conn, self.file)
        except DatabaseError:
            self._intact = self._write_checked = False
            forget_checked_stamp(self.file)
            raise
        self._intact = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- reading

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return [dict(row) for row in cursor.execute(sql, params)]

    def settings(self) -> Settings:
        raw = self.raw_settings()
        checked = {}
        # The settings every command reads; the backup ones are checked where used.
        for key, value in raw.items():
            if key not in ("day_start", "week_start", "since_time"):
                continue
            try:
                checked[key] = validate_setting(key, value)
            except UsageError as exc:
                raise DatabaseError(
                    f"{self.file} holds an invalid setting ({exc}); set it again with "
                    f"'habit-tracker config {key} {SETTINGS_DEFAULTS.get(key, 'VALUE')}'"
                ) from None
        return Settings(
            day_start=int(checked["day_start"]), week_start=WEEK_STARTS[checked["week_start"]],
            since_time=checked["since_time"],
        )

    def stored_settings(self) -> dict[str, str]:
        """The settings saved in this database (a default is not saved until changed)."""
        return {row["key"]: row["value"] for row in self._rows("SELECT * FROM settings")}

    def raw_settings(self) -> dict[str, str]:
        raw = dict(SETTINGS_DEFAULTS)
        raw.update({
            row["key"]: row["value"] for row in self._rows("SELECT * FROM settings")
            if row["key"] in SETTINGS_DEFAULTS
        })
        return raw

    def habits(self, *, include_archived: bool = False) -> list[m.Habit]:
        """Every habit (or the active ones) in their order.  Read again only when
        the database has changed since the last read, by this process or another."""
        if self.conn.in_transaction:  # what a rollback takes back leaves no trace to test
            everyone = self._read_habits()
        else:
            (version,) = self.conn.execute("PRAGMA data_version").fetchone()
            when = (version, self.conn.total_changes)
            if self._habits_read is None or self._habits_read[0] != when:
                self._habits_read = when, self._read_habits()
            everyone = self._habits_read[1]
        return list(everyone) if include_archived else [h for h in everyone if not h.archived]

    def _read_habits(self) -> list[m.Habit]:
        return [habit_from_values(row) for row in self.conn.execute(
            f"SELECT {_HABIT_COLUMNS} FROM habits ORDER BY position, id")]

    def _habit_where(self, where: str, value: object) -> m.Habit | None:
        row = self.conn.execute(f"SELECT {_HABIT_COLUMNS} FROM habits WHERE {where} = ?",
                                (value,)).fetchone()
        return None if row is None else habit_from_values(row)

    def habit(self, slug: str) -> m.Habit:
        found = self._habit_where("slug", slug)
        if found is not None:
            return found
        choices = [h.slug for h in self.habits(include_archived=True)]
        if slug in choices:  # the table has it and its index does not: a damaged index
            check_intact(self.conn, self.file)
        raise UnknownHabitError(slug, choices=choices)

    def entries(
        self, habit: m.Habit, first: date | None = None, last: date | None = None
    ) -> list[m.Entry]:
        sql = "SELECT date, status, amount, note FROM entries WHERE habit_id = ?"
        params: list[Any] = [habit.id]
        if first:
            sql += " AND date >= ?"
            params.append(first.isoformat())
        if last:
            sql += " AND date <= ?"
            params.append(last.isoformat())
        fromiso = date.fromisoformat
        make = maker(m.Entry)
        try:
            return [
                make((fromiso(day), status, amount, note))
                for day, status, amount, note in self.conn.execute(sql + " ORDER BY date", params)
            ]
        except (TypeError, ValueError):
            raise _garbled("an entry's date") from None

    def logged_on(self, day: date) -> set[int]:
        """The ids of the habits with an entry on ``day`` (one statement)."""
        return {habit_id for (habit_id,) in self.conn.execute(
            "SELECT habit_id FROM entries WHERE date = ?", (day.isoformat(),))}

    def last_status(self, habit: m.Habit, status: str, last: date) -> date | None:
        """The latest day up to ``last`` logged with ``status`` (e.g. the last break)."""
        (found,) = self.conn.execute(
            "SELECT MAX(date) FROM entries WHERE habit_id = ? AND status = ? AND date <= ?",
            (habit.id, status, last.isoformat()),
        ).fetchone()
        return _date(found)

    def first_entry(self, habit: m.Habit) -> date | None:
        (found,) = self.conn.execute(
            "SELECT MIN(date) FROM entries WHERE habit_id = ?", (habit.id,)
        ).fetchone()
        return _date(found)

    def amount_total(self, habit: m.Habit, first: date, last: date) -> float:
        (total,) = self.conn.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM entries WHERE habit_id = ? AND date >= ? "
            "AND date <= ?",
            (habit.id, first.isoformat(), last.isoformat()),
        ).fetchone()
        return float(total)

    def days(self, first: date | None = None, last: date | None = None) -> dict[date, m.DayInfo]:
        sql, params = date_range("SELECT * FROM days WHERE 1", first, last)
        return {
            info.date: info
            for info in (day_from_row(r) for r in self._rows(sql + " ORDER BY date", params))
        }

    def check_amounts(self, habits: list[m.Habit], *, entries: bool = True) -> None:
        """Refuse, in one clear line, amounts outside what can be logged (from a hand
        edit or an older version): they would overflow sums, percentages and chart
        axes.  The views, report and charts call this; habit edit and checkin do not,
        so the values can be set right.  ``entries=False``: the habits' own amounts
        only (``recent`` checks the entries it reads)."""
        for habit in habits:
            for column in ("target", "daily_min", "daily_max"):
                value = getattr(habit, column)
                if value is not None and not (
                    isinstance(value, (int, float)) and MIN_AMOUNT <= value <= MAX_AMOUNT
                ):
                    raise _out_of_range(f"{habit.slug}'s {column}", value)
        if not entries:
            return
        odd = self.conn.execute(
            "SELECT date, amount FROM entries WHERE amount IS NOT NULL AND amount != 0 AND "
            "NOT (typeof(amount) IN ('real', 'integer') AND amount BETWEEN ? AND ?) LIMIT 1",
            (MIN_AMOUNT, MAX_AMOUNT),
        ).fetchone()
        if odd is not None:
            raise _out_of_range(f"an amount on {odd[0]} of", odd[1])

    def load_dataset(self, *, include_archived: bool = False) -> m.Dataset:
        """Everything, as plain values, for the engine, report and charts."""
        habits = self.habits(include_archived=include_archived)
        by_id = {h.id: h.slug for h in habits}
        entries: dict[str, list[m.Entry]] = {h.slug: [] for h in habits}
        self.check_amounts(habits)
        # Habits share their dates: parse each date text once (ten years of ten
        # habits is ~29k rows over ~3.7k dates).
        parsed: dict[str, date] = {}
        fromiso = date.fromisoformat
        make = maker(m.Entry)
        try:
            for habit_id, day, status, amount, note in self.conn.execute(
                "SELECT habit_id, date, status, amount, note FROM entries ORDER BY habit_id, date"
            ):
                slug = by_id.get(habit_id)
                if slug is not None:
                    when = parsed.get(day)
                    if when is None:
                        when = parsed[day] = fromiso(day)
                    entries[slug].append(make((when, status, amount, note)))
        except (TypeError, ValueError):
            raise _garbled("an entry's date") from None
        settings = self.settings()
        return m.Dataset(
            habits=habits,
            entries=entries,
            days=self.days(),
            week_start=settings.week_start,
            day_start=settings.day_start,
            since_time=settings.since_time,
            urges=self.urges(),
            writings=self.writings(),
        )

    # --------------------------------------------------------------- writing

    @contextmanager
    def transaction(self, action: str) -> Iterator[Transaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: all or nothing, one change-log entry,
        after ``PRAGMA quick_check`` found the file intact; then ``after_write``
        (the CLI's daily backup)."""
        try:
            with changelog.write(self.conn, self.file, action, TABLES,
                                 check=self.check_before_write) as tx:
                try:
                    yield tx
                except UnicodeEncodeError:
                    raise UsageError(_not_utf8(tx.last_row)) from None
        except sqlite3.Error as exc:
            # Whatever SQLite found, the next write checks the whole file again.
            self._intact = self._write_checked = False
            forget_checked_stamp(self.file)
            raise DatabaseError(describe_sqlite_error(exc, self.file)) from None
        self.committed.append(action)
        if self.after_write is not None:
            self.after_write()

    def set_setting(self, key: str, value: str) -> None:
        value = validate_setting(key, value)
        with self.transaction(f"config {key}={value}") as tx:
            tx.put("settings", {"key": key, "value": value})

    def add_habit(self, habit: m.Habit, *, tx: Transaction | None = None) -> m.Habit:
        habit = validate_habit(habit)
        existing = self._rows("SELECT slug FROM habits WHERE slug = ?", (habit.slug,))
        if existing:
            raise UsageError(f"a habit called '{habit.slug}' exists already")
        _check_role_free(self.conn, habit)
        row = habit_to_row(habit)
        row.pop("id")
        if not habit.position:
            (top,) = self.conn.execute("SELECT COALESCE(MAX(position), -1) FROM habits").fetchone()
            row["position"] = top + 1
        if tx is not None:
            habit_id = tx.insert_habit(row)
        else:
            with self.transaction(f"habit add {habit.slug}") as own:
                habit_id = own.insert_habit(row)
        return self.habit_by_id(habit_id)

    def role_habit(self, role: str) -> m.Habit | None:
        """The habit (archived or not) holding ``role``: what a check-in flag follows."""
        return self._habit_where("role", role)

    def habit_by_id(self, habit_id: int) -> m.Habit:
        found = self._habit_where("id", habit_id)
        if found is None:
            raise IndexError(f"no habit with id {habit_id}")
        return found

    def update_habit(self, habit: m.Habit, action: str) -> m.Habit:
        habit = validate_habit(habit)
        other = self._rows(
            "SELECT id FROM habits WHERE slug = ? AND id != ?", (habit.slug, habit.id)
        )
        if other:
            raise UsageError(f"a habit called '{habit.slug}' exists already")
        _check_role_free(self.conn, habit)
        with self.transaction(action) as tx:
            if habit.kind == m.ABSTAIN and habit.since is not None:
                (early,) = self.conn.execute(
                    "SELECT MIN(date) FROM entries WHERE habit_id = ? AND status = ?",
                    (habit.id, m.BROKEN),
                ).fetchone()
                if early and early < habit.since.isoformat():
                    raise UsageError(
                        f"{habit.slug} has a break logged on {early}; its start cannot move "
                        f"after that (undo or clear that day first)"
                    )
            tx.put("habits", habit_to_row(habit))
        return self.habit_by_id(habit.id or 0)

    def checkin(self, data: CheckinInput, today: date) -> dict[str, m.Entry | None]:
        """Record one day.  Returns each touched habit's new entry (None: cleared)."""
        if data.day > today:
            raise UsageError(f"{data.day.isoformat()} is in the future; check in for today or earlier")
        check_day(data.day, "--date", today=today, allow_future=False)
        if data.mood is not None and not (1 <= data.mood <= 10):
            raise UsageError(f"mood must be a whole number from 1 to 10, not {data.mood}")
        if data.is_empty():
            raise UsageError("nothing to record: give a value (see 'habit-tracker checkin --help')")
        check_text(data.necessary_contact, "--necessary-contact")
        check_text(data.break_trigger, "--what-led")
        planned: list[tuple[m.Habit, Row | None]] = []
        results: dict[str, m.Entry | None] = {}
        day_iso = data.day.isoformat()
        known = {h.slug: h for h in self.habits(include_archived=True)} if data.values else {}
        for slug, raw in data.values.items():
            habit = known[slug] if slug in known else self.habit(slug)  # raises, with advice
            if habit.archived:
                raise UsageError(f"{slug} is archived; restore it with 'habit archive {slug} --restore'")
            if str(raw).strip().lower() == "clear":
                planned.append((habit, None))
                continue
            status, amount = parse_value(habit, raw)
            if habit.kind == m.ABSTAIN and habit.since and data.day < habit.since:
                raise UsageError(
                    f"{slug} starts on {habit.since.isoformat()}; to log {day_iso}, move its "
                    f"start first: habit-tracker habit edit {slug} --since {day_iso}"
                )
            row: Row = {"habit_id": habit.id, "date": day_iso, "status": status, "amount": amount}
            planned.append((habit, row))
        if data.reached_out:
            self._check_reached_out(data, planned)
        cleared = tuple(name for name, given in (
            ("note", data.note), ("necessary_contact", data.necessary_contact),
            ("break_trigger", data.break_trigger)) if given == "")
        if cleared:
            # A cleared text's bytes are zeroed in the file's pages, not left in free space.
            self.conn.execute("PRAGMA secure_delete = ON")
        with self.transaction(f"checkin {day_iso}") as tx:
            # Read what is there inside the write lock, so two check-ins for the
            # same day at the same moment both land, each keeping the other's fields
            # (the day's rows in one statement; they are each put's before image).
            columns = TABLES["entries"][0]
            there = {row["habit_id"]: row for row in self._rows(
                f"SELECT {', '.join(columns)} FROM entries WHERE date = ?", (day_iso,))
            } if planned else {}
            changes: list[tuple[Row, Row | None, Row | None]] = []
            for habit, planned_row in planned:
                key = {"habit_id": habit.id, "date": day_iso}
                new_row: Row | None = None
                results[habit.slug] = None
                old = there.get(habit.id)
                if planned_row is not None:
                    new_row = {**planned_row, "note": old["note"] if old else None}
                    results[habit.slug] = m.Entry(
                        data.day, new_row["status"], new_row["amount"], new_row["note"]
                    )
                changes.append((key, old, new_row))
            tx.put_many("entries", changes)
            if data.day_fields():
                old_day = self._rows("SELECT * FROM days WHERE date = ?", (day_iso,))
                old_texts = [c for c in cleared if old_day and old_day[0][c]]
                day_row = dict(old_day[0]) if old_day else {
                    "date": day_iso, "mood": None, "note": None, "reached_out": 0,
                    "necessary_contact": None, "break_trigger": None,
                }
                if data.necessary_contact is not None:
                    day_row["necessary_contact"] = data.necessary_contact or None
                if data.break_trigger is not None:
                    day_row["break_trigger"] = data.break_trigger or None
                if data.mood is not None:
                    day_row["mood"] = data.mood
                if data.mood_clear:
                    day_row["mood"] = None
                if data.note is not None and data.note_append and day_row["note"]:
                    if data.note.strip():
                        day_row["note"] = f"{day_row['note']}\n{data.note}"
                elif data.note is not None:
                    day_row["note"] = data.note or None
                if data.reached_out is not None:
                    day_row["reached_out"] = int(data.reached_out)
                tx.put("days", day_row)
                if old_texts:
                    # Clearing a note (or another text of the day) is a request to
                    # forget it: no image in the change log keeps the text (so undo
                    # cannot bring it back).
                    tx.scrub("days", {"date": day_iso}, tuple(old_texts))
        return results

    def _check_reached_out(self, data: CheckinInput, planned: list[tuple[m.Habit, Row | None]]) -> None:
        # "They reached out and you did not answer" contradicts a logged break.
        given = {habit.role: row for habit, row in planned if habit.role}
        if m.ROLE_NO_CONTACT in given:
            row = given[m.ROLE_NO_CONTACT]
            broken = row is not None and row["status"] == m.BROKEN
        else:
            rows = self._rows(
                "SELECT e.status FROM entries e JOIN habits h ON h.id = e.habit_id "
                "WHERE h.role = ? AND e.date = ?",
                (m.ROLE_NO_CONTACT, data.day.isoformat()),
            )
            broken = bool(rows) and rows[0]["status"] == m.BROKEN
        if broken:
            raise UsageError(
                "'they reached out' records that you did not answer, but no contact is "
                "logged as broken that day; drop one of the two"
            )

    # ---------------------------------------------------- urges and writings

    def add_urge(self, urge: m.Urge) -> m.Urge:
        """Record an urge resisted (one transaction, undoable)."""
        if not 1 <= urge.intensity <= 10:
            raise UsageError(f"intensity is a whole number from 1 to 10, not {urge.intensity}")
        triggers = [str(check_text(t.strip(), "a trigger")) for t in urge.triggers if t.strip()]
        check_text(urge.note, "the note")
        row: Row = {
            "at": urge.at.isoformat(timespec="minutes"),
            "date": urge.day.isoformat(),
            "intensity": urge.intensity,
            "triggers": jsonc.dumps(triggers, ensure_ascii=False) if triggers else None,
            "note": urge.note or None,
        }
        with self.transaction(f"urge {row['at']}") as tx:
            new_id = tx.insert("urges", row)
        return urge._replace(triggers=tuple(triggers), note=row["note"], id=new_id)

    def urges(self, first: date | None = None, last: date | None = None) -> list[m.Urge]:
        sql, params = date_range("SELECT * FROM urges WHERE 1", first, last)
        return [urge_from_row(r) for r in self._rows(sql + " ORDER BY at, id", params)]

    def urge_triggers(self) -> list[str]:
        """Every trigger used so far, most used first (for completion)."""
        counts: dict[str, int] = {}
        for (text,) in self.conn.execute("SELECT triggers FROM urges WHERE triggers IS NOT NULL"):
            for trigger in jsonc.loads(text):
                counts[trigger] = counts.get(trigger, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t.casefold()))

    def add_writing(self, writing: m.Writing) -> m.Writing:
        check_text(writing.text, "the text")
        if not writing.text.strip():
            raise UsageError("nothing written: the entry is empty, so nothing was saved")
        row: Row = {"at": writing.at.isoformat(timespec="minutes"),
                    "date": writing.day.isoformat(), "text": writing.text}
        with self.transaction(f"write {row['at']}") as tx:
            new_id = tx.insert("writings", row)
        return writing._replace(id=new_id)

    def writings(self, first: date | None = None, last: date | None = None,
                 search: str | None = None) -> list[m.Writing]:
        sql, params = date_range("SELECT * FROM writings WHERE 1", first, last)
        found = [writing_from_row(r) for r in self._rows(sql + " ORDER BY at, id", params)]
        if search:
            needle = search.casefold()
            found = [w for w in found if needle in w.text.casefold()]
        return found

    # ------------------------------------------------------------------- undo

    def undo(self) -> str:
        """Revert the newest change not yet reverted; returns its description."""
        with self.transaction("undo") as tx:
            return changelog.undo_last(tx)

    def changes(self, limit: int = 20) -> list[Row]:
        return changelog.recent_changes(self.conn, limit)
