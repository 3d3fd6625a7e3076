"""The ``habit-tracker`` program's entry point: sets the process up, then runs the
command line (``habit_tracker.cli``).  Library users never import this."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # A run is short and allocates a great many objects while it imports, almost
    # none of them in reference cycles: with the default first-generation
    # threshold (700) the collector runs some twenty times for nothing, 2.7% of a
    # check-in's instructions (measured with callgrind).  Long commands (imports,
    # charts) still collect, every 100,000 allocations.
    gc.set_threshold(100_000, 50, 100)
    english_only()
    from .cli import main as run

    try:
        run()
        code = 0
    except SystemExit as done:
        code = exit_code(done.code)
    leave(code)


def english_only() -> None:
    """The program speaks English, click's own words included: they are not
    looked up in the system's message catalogues.

    click passes its strings (the help option's text, "file", the version line)
    through ``gettext`` in the default domain, "messages": each one imported
    ``locale`` and searched the locale folders for a catalogue of that generic
    name, 1.4 ms of every check-in for five strings; and a ``messages.mo`` that
    another program installed there would have translated them at random."""
    import gettext

    def untranslated(domain: str, message: str) -> str:
        return message

    def untranslated_plural(domain: str, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n == 1 else msgid2

    gettext.dgettext = untranslated
    gettext.dngettext = untranslated_plural


def exit_code(code: object) -> int:
    """What ``sys.exit(code)`` makes the process return (a text is printed, 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def leave(code: int) -> None:
    """End the process now that the command is done, without the interpreter's
    teardown.

    Every command has closed its database and files and printed by now; what the
    teardown would still do is free every object one by one and run a full
    garbage collection, 27M instructions of a check-in's 230M (callgrind), which
    the user waits for.  So: run the exit handlers libraries registered, flush
    standard output and error, and exit.  Where a thread is still running, the
    usual exit waits for it."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # no console (pythonw)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that stopped early (head), or closed
            code = code or 1
    os._exit(code)
