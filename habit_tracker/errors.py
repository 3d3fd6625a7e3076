"""The library's own exceptions.

Every failure a user can cause is one of these.  The CLI turns them into a single
``Error: ...`` line on stderr and the exit code named here; nothing else reaches the
user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class HabitTrackerError(Exception):
    """Base class: a problem the user can understand and fix."""

    exit_code = 1


class UsageError(HabitTrackerError):
    """Input that does not make sense: a bad value, a bad combination of options."""

    exit_code = 2


class DateError(UsageError):
    """A date that cannot be parsed, is ambiguous, or is not allowed here (future)."""


class UnknownHabitError(UsageError):
    """A habit slug that does not exist; suggests the closest of ``choices``."""

    def __init__(
        self, slug: str, suggestion: str | None = None, *, choices: Iterable[str] = ()
    ) -> None:
        if suggestion is None and choices:
            import difflib

            found = difflib.get_close_matches(slug, list(choices), n=1, cutoff=0.5)
            suggestion = found[0] if found else None
        self.slug = slug
        self.suggestion = suggestion
        message = f"no habit called '{slug}'"
        if suggestion:
            message += f" (did you mean '{suggestion}'?)"
        message += "; 'habit-tracker habit list' shows them all"
        super().__init__(message)


class DatabaseError(HabitTrackerError):
    """The database cannot be used: missing, not ours, corrupt, newer, unwritable."""

    exit_code = 3


class NotInitialisedError(DatabaseError):
    """No database yet at the path."""


class NothingToUndoError(HabitTrackerError):
    """``undo`` with no change left to revert."""
