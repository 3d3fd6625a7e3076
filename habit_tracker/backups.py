"""Automatic and manual backups, their rotation, and restoring one.

A backup is a consistent snapshot made by SQLite itself (``VACUUM INTO``): it
reads the database inside one read transaction, so check-ins running at the same
moment are either wholly in it or wholly out of it, and it copies no free pages
(text erased by ``forget`` is not carried along).  It never copies the file,
which for a WAL database could mix two states.

Automatic backups live in ``backups/`` beside the database, one per day, named
``<db stem>-YYYY-MM-DD.db`` (``.db.age`` when encrypted to the ``backup_recipient``
setting), made right after the first write of the day.  When today's backup
exists the check-in pays one ``stat``.

Rotation keeps exactly:

- the 7 newest daily backups (by the date in their name), and
- among the older ones, the newest backup of each of the 4 newest weeks that
  hold one (weeks start on the ``week_start`` setting's day);

everything else of that naming pattern is deleted.  With a check-in every day
that is the last 7 days plus the last day of each of the 4 weeks before them.
Other files in the folder (e.g. the copy ``restore`` saves aside) are never
rotated.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import DatabaseError, HabitTrackerError, UsageError
from .store import BACKUP_FOLDER as FOLDER
from .store import daily_backup_exists as backup_done_today
from .store import daily_backup_name as daily_name

if TYPE_CHECKING:
    from .store import Store

KEEP_DAILY = 7
KEEP_WEEKLY = 4
AGE_SUFFIX = ".age"


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / FOLDER


class BackupFile(NamedTuple):
    path: Path
    day: date | None  # None: not a daily backup (e.g. saved aside by restore)
    encrypted: bool
    size: int


def _daily_pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(Path(db_path).stem) + r"-(\d{4}-\d{2}-\d{2})\.db(\.age)?")


def list_backups(db_path: Path) -> list[BackupFile]:
    """Every file in the backups folder that we made, oldest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    pattern = _daily_pattern(db_path)
    aside = re.compile(re.escape(Path(db_path).stem) + r"-before-restore-\d{8}-\d{6}\.db")
    found = []
    for path in folder.iterdir():
        if not path.is_file():
            continue
        match = pattern.fullmatch(path.name)
        day = None
        if match:
            try:
                day = date.fromisoformat(match.group(1))
            except ValueError:
                continue
        elif not aside.fullmatch(path.name):
            continue  # not ours, or another database's (habits-old.db beside habits.db)
        found.append(BackupFile(path, day, path.name.endswith(AGE_SUFFIX), path.stat().st_size))
    return sorted(found, key=lambda b: (b.day or date.min, b.path.name))


# ------------------------------------------------------------------ rotation


def week_of(day: date, week_start: int = 0) -> date:
    """The first day of ``day``'s week (0: weeks start on Monday, 6: on Sunday)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def to_keep(days: Iterable[date], week_start: int = 0) -> set[date]:
    """The backup days rotation keeps (see the module's docstring)."""
    ordered = sorted(set(days), reverse=True)
    keep = set(ordered[:KEEP_DAILY])
    weeks: dict[date, date] = {}
    for day in ordered[KEEP_DAILY:]:
        weeks.setdefault(week_of(day, week_start), day)  # newest first: the week's last
    keep.update(sorted(weeks.values(), reverse=True)[:KEEP_WEEKLY])
    return keep


def rotate(db_path: Path, week_start: int = 0) -> list[Path]:
    """Delete the daily backups rotation does not keep; returns what was deleted."""
    daily = [b for b in list_backups(db_path) if b.day is not None]
    keep = to_keep((b.day for b in daily if b.day), week_start)
    gone = []
    for backup in daily:
        if backup.day not in keep:
            backup.path.unlink(missing_ok=True)
            gone.append(backup.path)
    return gone


def purge(db_path: Path) -> list[Path]:
    """Delete every backup file we made (after ``forget``: they hold the old text)."""
    gone = []
    for backup in list_backups(db_path):
        backup.path.unlink(missing_ok=True)
        gone.append(backup.path)
    return gone


# ------------------------------------------------------------------ snapshots


def private_folder(folder: Path) -> Path:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise HabitTrackerError(f"cannot make {folder}: {exc.strerror or exc}") from None
    return folder


@contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    """A private (0700) temporary folder inside ``folder``, removed afterwards."""
    import shutil  # not on the check-in's path: only when a backup is made
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=folder))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def snapshot(conn: sqlite3.Connection, target: Path, *, recipients: Iterable[str] = ()) -> Path:
    """Write a consistent, compact copy of ``conn``'s database to ``target`` (0600),
    all or nothing; with ``recipients`` (age public keys) it is age-encrypted."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise HabitTrackerError(f"cannot write {target}: no folder {folder}")
    recipients = list(recipients)
    try:
        with _scratch(folder) as scratch:
            made = scratch / "snapshot.db"
            conn.execute("VACUUM INTO ?", (str(made),))
            os.chmod(made, 0o600)
            if recipients:
                from . import crypto

                sealed = scratch / "snapshot.db.age"
                sealed.write_bytes(crypto.encrypt(made.read_bytes(), recipients=recipients))
                os.chmod(sealed, 0o600)
                made = sealed
            with open(made, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(made, target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot back up the database: {exc}") from None
    except OSError as exc:
        raise HabitTrackerError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _recipients(store: Store) -> list[str]:
    value = store.raw_settings().get("backup_recipient", "").strip()
    return value.split() if value else []


def backup_now(store: Store, today: date) -> Path:
    """Make today's backup in the backups folder (replacing one made earlier today),
    then rotate."""
    folder = private_folder(backup_folder(store.path))
    recipients = _recipients(store)
    name = daily_name(store.path, today) + (AGE_SUFFIX if recipients else "")
    made = snapshot(store.conn, folder / name, recipients=recipients)
    # Only one of the plain/encrypted pair for a day.
    other = folder / (daily_name(store.path, today) + ("" if recipients else AGE_SUFFIX))
    other.unlink(missing_ok=True)
    rotate(store.path, store.settings().week_start)
    return made


def after_write(store: Store, today: date) -> Path | None:
    """The automatic backup: made on the first write of ``today`` unless the
    ``backups`` setting is off.  One stat when today's backup exists."""
    if backup_done_today(store.path, today):
        return None
    if store.raw_settings().get("backups", "on") != "on":
        return None
    return backup_now(store, today)


def daily_job(store: Store, today: date) -> Path | None:
    """What follows the first write of ``today`` (the CLI runs it in the
    background once the check-in has printed): the whole file is checked
    (``quick_check``, which the write path skips while the file is as
    habit-tracker left it), then the day's backup is made and the folder rotated.
    A damaged file gets no backup, so rotation never drops a sound older one."""
    store.verify()
    made = after_write(store, today)
    if made is None and not backup_done_today(store.path, today):
        _mark_checked(store.path, today)  # backups off: say the day's check has run
    return made


def _mark_checked(db_path: Path, today: date) -> None:
    from .store import daily_job_marker

    folder = private_folder(backup_folder(db_path))
    marker = Path(daily_job_marker(db_path, today))
    for old in folder.glob(f".{Path(db_path).name}.checked-*"):
        if old != marker:
            old.unlink(missing_ok=True)
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)


def write_backup(store: Store, output: Path, *, recipients: Iterable[str] = ()) -> Path:
    """``backup --output FILE``: one snapshot anywhere, not rotated."""
    output = Path(output)
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name")
    return snapshot(store.conn, output, recipients=recipients)


# ------------------------------------------------------------------- restore


class Restored(NamedTuple):
    source: Path
    saved_aside: Path | None  # None: there was no database before
    habits: int
    days: int


def check_backup_file(path: Path) -> tuple[int, int]:
    """Refuse anything but a sound habit-tracker database; (habits, days) in it."""
    from .schema import MIGRATION_NAMES
    from .store import _check_schema

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from None
    try:
        pending = _check_schema(conn, path)
        if len(pending) == len(MIGRATION_NAMES):
            raise DatabaseError(f"{path} is not a habit-tracker database (it holds no habit data)")
        try:
            (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
            habits = conn.execute("SELECT COUNT(*) FROM habits").fetchone()[0]
            days = conn.execute("SELECT COUNT(DISTINCT date) FROM entries").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{path} is damaged: {exc}") from None
        if verdict != "ok":
            raise DatabaseError(f"{path} is damaged ({verdict}); pick another backup")
    finally:
        conn.close()
    return int(habits), int(days)


def restore(store: Store, source: Path, *, now: datetime, passphrase: str | None = None,
            identities: Iterable[str] = (), save_aside: bool = True) -> Restored:
    """Replace the database's content with the backup ``source`` (plain or age).

    The file is checked first; the current database is saved aside (a snapshot in
    the backups folder) before anything changes; the copy goes through SQLite's
    backup API into the open database, so other processes see the old or the new
    content, never a mix.
    """
    source = Path(source)
    if not source.is_file():
        raise UsageError(f"no file at {source}")
    folder = private_folder(backup_folder(store.path))
    with _scratch(folder) as scratch:
        plain = source
        raw_head = source.open("rb").read(64)
        from . import crypto

        if crypto.is_age(raw_head):
            plain = scratch / "restore.db"
            plain.write_bytes(crypto.decrypt(source.read_bytes(), passphrase=passphrase,
                                             identities=identities))
            os.chmod(plain, 0o600)
        habits, days = check_backup_file(plain)
        aside: Path | None = None
        if save_aside:
            aside = folder / f"{store.path.stem}-before-restore-{now:%Y%m%d-%H%M%S}.db"
            snapshot(store.conn, aside)
        try:
            src = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
            try:
                src.backup(store.conn)
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise DatabaseError(
                f"cannot restore {source}: {exc}; the database is unchanged"
            ) from None
    from .store import _check_schema, _migrate

    if _check_schema(store.conn, store.path):
        _migrate(store.conn, store.path)  # a backup from an older version
    return Restored(source, aside, habits, days)


def restore_path(db_path: Path, source: Path, *, now: datetime, passphrase: str | None = None,
                 identities: Iterable[str] = ()) -> Restored:
    """``restore`` into the database at ``db_path``, creating it when there is none
    yet (a new machine); a failed restore then leaves no empty database behind."""
    from .store import database_exists, open_store

    existed = database_exists(Path(db_path))
    store = open_store(db_path, create=True)
    try:
        with store:
            return restore(store, source, now=now, passphrase=passphrase,
                           identities=identities, save_aside=existed)
    except BaseException:
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        raise
