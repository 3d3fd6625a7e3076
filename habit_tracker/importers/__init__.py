"""Read other habit trackers' data and turn it into our JSON interchange dict.

Two sources are understood:

* **Loop Habit Tracker** (Android): its CSV export (the folder, or the ``.zip`` the
  app writes) and its backup database (SQLite, schema versions 12 to 26; the
  tables and columns present decide what is read, the version number does not).
* **harsh** (a command-line tracker): its ``log`` file together with the
  ``habits`` file beside it.

Each reader returns the dict that ``export --format json`` writes and
``interchange.import_data`` loads (a merge: see there), plus a key ``warnings``: a
list of one-line messages about everything that could not be carried over
exactly.  The importer ignores that key; the CLI prints it.  Nothing here writes
anywhere: the Loop database is opened read-only.  ``settings`` is left empty
because neither tool records a week start or day start we could use, so importing
never changes the user's own settings.  ``days`` holds only the notes Loop kept on
days we have no entry for (see below).

Modules: ``common`` (the builder, slugs, frequencies, small parsers), ``loop``
and ``harsh``.

How things map
--------------

Habits and slugs
    Names are kept exactly as written, Unicode included.  Slugs come from the
    names: accents dropped, Cyrillic and Greek transliterated (``Бег`` ->
    ``beg``), lower case, anything outside ``a-z0-9`` turned into ``-``, at most
    40 characters, ``habit`` when nothing is left (with a warning saying how to
    rename it); a slug already taken gets ``-2``, ``-3``...  Habits keep the
    source's order.  ``created`` is the first day the source holds anything for
    the habit, else the earliest day in the file, else empty (the day of the
    import).  Loop's question becomes the habit's ``question`` (the interactive
    check-in asks it), its description the ``description``; Loop 1 backups
    (schema before 23) kept the question in ``description``.  Colours and
    reminders are listed in one warning each.

Frequencies, exactly
    1 in 1 day is ``daily``; N in 7 days is ``weekly`` N (per week); any other
    X in Y days is ``weekly`` with ``per_week`` X and ``per_days`` Y.  Numeric
    Loop habits become numeric ``daily`` habits: at least X (``daily_min``) or at
    most X (``daily_max``), over ``per_days`` = the period's days (1, 7, 30...).
    No warning: the strength is Loop's own figure for every one of them.

Loop values
    ``YES_MANUAL`` (2) is ``done``, ``NO`` (0) is ``missed``, ``SKIP`` (3) is
    ``skip``, ``UNKNOWN`` (-1) no entry.  ``YES_AUTO`` (1) is Loop's own fill-in
    once a frequency is met: not imported as done (our X-in-Y count gives the
    same strength and streak), counted in a warning.  In a Loop 1 backup (schema
    before 23) a yes/no habit's row was a ticked day whatever its value, so a 1
    there is ``done`` (warned with a count).  A note on a day with no entry of
    ours becomes that day's note, prefixed with the habit's name.  Amounts are
    Loop's stored integers divided by 1000.  Dates are the UTC date of Loop's
    timestamps.  Archived habits stay archived.

Loop CSV shapes
    ``Habits.csv`` with ``FrequencyNumerator/FrequencyDenominator`` (2.4 on) or
    ``NumRepetitions/Interval`` (2.0 to 2.3); each habit's ``Checkmarks.csv``
    with a ``Date,Value,Notes`` header or headerless ``YYYY-MM-DD,<int>`` lines,
    empty for a habit never checked; folders ``001 Name`` or just ``001`` (names
    without ASCII letters); an export of only the top-level files reads each
    habit from its column of the top-level ``Checkmarks.csv``.

Loop duplicates
    Backups older than schema 22 may hold the same (habit, day) twice; Loop's
    own upgrade keeps the first row, and so do we, with a warning.  Anywhere
    else (CSV files, harsh) a repeated (habit, day) keeps the last one, with a
    warning.

harsh
    ``Name: frequency`` lines, optionally ``Name: frequency: YYYY-MM-DD`` (an
    end date: archived when the log has passed it, its description notes it);
    ``! Heading`` lines and ``#`` comments are ignored.  ``1`` is daily, ``N/D``
    N times in D days, a plain ``D`` (or ``Kw``) once in D days, mapped exactly as
    above.  ``0`` (tracked only, never due) becomes ``daily``, with a warning
    that unlogged days now count as missed.  Log lines ``YYYY-MM-DD : Habit :
    y|n|s : comment : amount`` (``harsh ask`` writes empty comment and amount):
    ``y`` done, ``n`` missed, ``s`` skip, the comment becomes the note and a
    non-zero amount is added to it (``Leg day (amount 1.5)``).  A line harsh
    would skip (malformed, a bad date or value, a habit line it cannot read, a
    name listed twice) is skipped with a warning naming the file and line, and
    the rest comes in.  A log line for a habit the habits file does not list is
    skipped with a warning.

Entries come out sorted by date, then habit slug, one per (habit, day).

Errors
    Input that cannot be read raises :class:`~habit_tracker.errors.UsageError`
    with one line naming the file and, where there is one, the line or row.
"""

from .common import slugify, unique_slug
from .harsh import read_harsh
from .loop import read_loop

__all__ = ["read_harsh", "read_loop", "slugify", "unique_slug"]
