"""Read other habit trackers' data and turn it into our JSON interchange dict.

Two sources are understood:

* **Loop Habit Tracker** (Android): its CSV export (the folder, or the ``.zip`` the
  app writes) and its backup database (SQLite, schema versions 12 to 26; the
  tables and columns present decide what is read, the version number does not).
* **harsh** (a command-line tracker): its ``log`` file together with the
  ``habits`` file beside it.

Each reader returns the dict that ``export --format json`` writes and
``Store.import_data`` loads (see the team brief for the shape), plus a key
``warnings``: a list of one-line messages about everything that could not be
carried over exactly.  The store ignores that key; the CLI prints it.  Nothing
here writes anywhere: the Loop database is opened read-only.  ``settings`` is
left empty because neither tool records a week start or day start we could use,
so importing never changes the user's own settings.  ``days`` is empty: neither
tool has moods or day notes.

How things map
--------------

Habits and slugs
    Names are kept exactly as written, Unicode included.  Slugs come from the
    names: accents dropped, lower case, anything outside ``a-z0-9`` turned into
    ``-``, at most 40 characters, ``habit`` when nothing is left; a slug already
    taken gets ``-2``, ``-3``...  Habits keep the source's order (``position``
    0, 1, 2...).  ``since`` stays empty (that date is for ``abstain`` habits,
    which neither tool has); ``created`` is the first day the source holds
    anything for the habit, or, for a habit with nothing logged, the earliest
    day in the whole file.  A habit with nothing logged in a file with no dates
    at all is left out, with a warning.

Frequencies
    "Every day" (1 time in 1 day) becomes a ``daily`` habit.  Any other
    frequency, ``num`` times in ``den`` days, becomes ``weekly`` with
    ``per_week = num * 7 / den`` rounded half up, between 1 and 7.  That is
    exact for "3 times per week" but not for, say, Loop's "2 times in 3 days",
    which becomes weekly 5 (4.67 rounded); a warning says so each time.  Loop
    computes its habit strength from the exact fraction, while we use
    ``per_week / 7``, so the strength of such a habit will differ a little
    from the figure Loop showed.

Loop values
    ``YES_MANUAL`` (2) is ``done``, ``NO`` (0) is ``missed``, ``SKIP`` (3) is
    ``skip``.  ``YES_AUTO`` (1) is *not* imported: Loop fills those days in by
    itself once a frequency target is met, the user did nothing on them, and
    our engine works the week out on its own.  ``UNKNOWN`` (-1) is no entry.
    A note on a day that is not imported (an auto-filled or unknown day) is
    dropped with a warning naming the day and the note.  Notes otherwise
    become the entry's note.  Dates are the UTC date of Loop's timestamps
    (milliseconds at UTC midnight).  Archived habits stay archived.

Loop numeric habits
    "At least X per period" becomes a numeric ``daily`` habit with
    ``daily_min = X / days in the period`` (exact for a daily period; for a
    weekly or monthly total the spread-out minimum is an approximation, with a
    warning) and the habit's unit.  Amounts are Loop's stored integers divided
    by 1000; 3 is Loop's ``SKIP`` and -1 no entry, as Loop itself reads them.
    "At most" habits have no equivalent here (a daily minimum is the opposite
    rule): they are left out, with their entries, and a warning.

Loop duplicates
    Backups older than schema 22 may hold the same (habit, day) twice; Loop's
    own upgrade keeps the first row, and so do we, with a warning.  Anywhere
    else (CSV files, harsh) a repeated (habit, day) keeps the last one, with a
    warning.

harsh
    ``Name: frequency`` lines; ``! Heading`` lines (groups) and ``#`` comments
    are ignored.  ``1`` is daily; ``N/D`` is N times in D days; a plain ``D``
    (or ``Kw``, K weeks) is once every D days: ``7`` and ``1w`` are weekly 1,
    ``14`` becomes weekly 1 as well (we have no "every two weeks", a warning
    says so).  ``0`` (tracked only, never due) becomes ``daily``, with a
    warning that unlogged days now count as missed.  Log lines
    ``YYYY-MM-DD : Habit : y|n|s : comment : amount``: ``y`` done, ``n``
    missed, ``s`` skip, the comment becomes the note; the amount is ignored
    (our daily and weekly habits have none; a warning counts the lines that
    had one).  A log line for a habit the habits file does not list is skipped
    with a warning.

Entries come out sorted by date, then habit slug, one per (habit, day).

Errors
    Input that cannot be read raises :class:`~habit_tracker.errors.UsageError`
    with one line naming the file and, where there is one, the line or row.
"""

from .common import slugify, unique_slug
from .harsh import read_harsh
from .loop import read_loop

__all__ = ["read_harsh", "read_loop", "slugify", "unique_slug"]
