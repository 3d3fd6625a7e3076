"""The ``habit-tracker`` program's entry point: sets the process up, then runs the
command line (``habit_tracker.cli``).  Library users never import this."""

from __future__ import annotations

import gc


def main() -> None:
    # A run is short and allocates a great many objects while it imports, almost
    # none of them in reference cycles: with the default first-generation
    # threshold (700) the collector runs some twenty times for nothing, 2.7% of a
    # check-in's instructions (measured with callgrind).  Long commands (imports,
    # charts) still collect, every 100,000 allocations.
    gc.set_threshold(100_000, 50, 100)
    from .cli import main as run

    run()
