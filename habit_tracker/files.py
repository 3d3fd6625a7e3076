"""Writing the user's files: private, and all or nothing.

Exports, reports and charts go through ``private_output``: the content is
written to a temporary file beside the target (mode 0600, as mkstemp makes it),
flushed to disk, then renamed over the target.  A failure at any point removes
the temporary file and leaves any earlier version of the target as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import HabitTrackerError


@contextmanager
def private_output(path: Path | str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A handle to write ``path`` through; the file appears only when the block succeeds."""
    path = Path(path)
    if path.is_dir():
        raise HabitTrackerError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise HabitTrackerError(f"cannot write {path}: no folder {folder}")
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
