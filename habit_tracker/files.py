"""Writing the user's files: private, all or nothing, and never over a database.

Exports, reports and charts go through ``private_output``: the content is
written to a temporary file beside the target (mode 0600, as mkstemp makes it),
flushed to disk, then renamed over the target.  A failure at any point removes
the temporary file and leaves any earlier version of the target as it was.

Before anything is written, ``check_output_target`` refuses a target that is a
habit-tracker database (the one open now, any file whose SQLite header says it is
ours) or the ``-wal``/``-shm``/``-journal`` file beside one: an export or a report
written there would replace the user's data with no way back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from .errors import HabitTrackerError, UsageError

if TYPE_CHECKING:  # the check-in's path (remember_database) works on text
    from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
#: Our SQLite ``application_id`` (the bytes "HaTr"), set by migration m003.
APPLICATION_ID = 0x48615472
_SIDE_FILES = ("-wal", "-shm", "-journal")

#: Databases opened by this process (``store.open_store`` adds each one), resolved.
_OPEN_DATABASES: set[str] = set()


def remember_database(path: Path | str) -> None:
    """Note ``path`` as a database in use, so no output is ever written over it."""
    _OPEN_DATABASES.add(_resolved(path))


def _resolved(path: Path | str) -> str:
    """``path`` with symbolic links and ``..`` resolved (as ``Path.resolve``)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def sqlite_application_id(path: Path) -> int | None:
    """The ``application_id`` in ``path``'s SQLite header; None when it is not SQLite."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(72)
    except OSError:
        return None
    if len(head) < 72 or not head.startswith(SQLITE_HEADER):
        return None
    return int.from_bytes(head[68:72], "big")


def is_habit_database(path: Path) -> bool:
    """True for the database open now and for any SQLite file that says it is ours.

    A file from before the application id was set (id 0) is recognised by its
    schema record, read without writing anything.
    """
    if _resolved(path) in _OPEN_DATABASES:
        return True
    app_id = sqlite_application_id(path)
    if app_id is None:
        return False
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        return False
    import sqlite3
    from contextlib import closing
    from pathlib import Path

    try:
        uri = Path(_resolved(path)).as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            return bool(conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"
            ).fetchone())
    except (sqlite3.Error, ValueError):
        return True  # unreadable SQLite: do not risk it


def check_output_target(path: Path | str) -> None:
    """Refuse ``path`` as an output when writing it would destroy a database."""
    from pathlib import Path

    path = Path(path)
    base = path
    for suffix in _SIDE_FILES:
        if path.name.endswith(suffix):
            base = path.with_name(path.name[: -len(suffix)])
            break
    if base != path and is_habit_database(base):
        raise UsageError(
            f"{path} belongs to the habit-tracker database {base}; writing there would damage "
            "it: choose another output file"
        )
    if is_habit_database(path):
        raise UsageError(
            f"{path} is a habit-tracker database; writing there would replace your data: "
            "choose another output file"
        )


def make_private_folder(folder: Path | str) -> None:
    """Create ``folder`` and any missing parents with mode 0700, whatever the umask."""
    missing: list[str] = []
    probe = os.path.abspath(folder)
    while not os.path.exists(probe):
        missing.append(probe)
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    for level in reversed(missing):
        try:
            os.mkdir(level, mode=0o700)
        except FileExistsError:
            continue  # made by someone else a moment ago
        os.chmod(level, 0o700)  # mkdir's mode is filtered by the umask


@contextmanager
def private_output(path: Path | str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A handle to write ``path`` through; the file appears only when the block succeeds."""
    from pathlib import Path

    path = Path(path)
    if path.is_dir():
        raise HabitTrackerError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise HabitTrackerError(f"cannot write {path}: no folder {folder}")
    check_output_target(path)
    import tempfile  # not on the check-in's path

    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise HabitTrackerError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise HabitTrackerError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_private(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8, line endings as given) to ``path``, privately and atomically."""
    with private_output(path) as handle:
        handle.write(text)
