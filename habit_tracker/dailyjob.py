"""The day's job (whole-file check, then the day's backup) as a process of its own.

The first write of a day makes the job due.  The program started from a terminal
hands it to a new interpreter once the command has printed and closed the
database (:func:`start`), so the prompt comes back at once; library callers and
tests run it in place (:func:`run`).

A new interpreter, not ``fork``: a forked copy of the check-in shares its memory
pages copy-on-write, and the parent then pays a page fault for every page it
touches on its way out (8 ms of system time per check-in, measured).
``posix_spawn`` starts the job without copying anything.
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date

#: ``python -c`` program of the job: imports this package from the folder that
#: holds it (so a source checkout runs its own code), then leaves ``sys.path`` as
#: it was; argv: the database file, the day (ISO).
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import habit_tracker; "
    "del sys.path[0]; from habit_tracker.dailyjob import main; main(sys.argv[1:])"
)


def run(db_file: str, today: date) -> str | None:
    """Run the day's job on the database at ``db_file``; the warning line when it
    failed (it never undoes or fails the write that made it due), else None."""
    import sqlite3

    from .backups import daily_job
    from .errors import HabitTrackerError
    from .store import open_store
    from .text import safe_line

    try:
        with open_store(db_file) as store:
            daily_job(store, today)
    except (HabitTrackerError, OSError, sqlite3.Error) as exc:
        return f"Warning: the automatic backup failed: {safe_line(str(exc))}"
    return None


def start(db_file: str, today: date) -> bool:
    """Start the job in a new process and return; False where this system cannot
    (no ``posix_spawn``, no interpreter path, or the spawn failed): run it in place.

    The job leaves the terminal's session (closing the terminal does not stop it)
    and standard input and output; it keeps standard error for its warning, so a
    caller reading that pipe to its end also waits for the job."""
    spawn = getattr(os, "posix_spawn", None)
    if spawn is None or not sys.executable:
        return False
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    argv = [sys.executable, "-c", _BOOT, here, os.path.abspath(db_file), today.isoformat()]
    quiet = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        spawn(sys.executable, argv, os.environ, file_actions=quiet, setsid=True)
    except OSError:
        return False
    return True


def main(argv: list[str]) -> None:
    """``argv``: the database file and the day (ISO); exits 1 after a warning."""
    db_file, day = argv
    idle = getattr(os, "SCHED_IDLE", None)
    if idle is not None:  # Linux: a background job takes only time nobody else wants
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, idle, os.sched_param(0))
    try:
        warning = run(db_file, date.fromisoformat(day))
    except Exception as exc:  # it speaks after the prompt: one line, never a traceback
        from .text import safe_line

        warning = f"Warning: the automatic backup failed: {safe_line(f'{type(exc).__name__}: {exc}')}"
    if warning is not None:
        print(warning, file=sys.stderr)
        raise SystemExit(1)
