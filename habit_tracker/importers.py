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

from __future__ import annotations

import csv
import io
import re
import sqlite3
import unicodedata
import zipfile
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import UsageError
from .models import DAILY, DONE, MISSED, SKIP, WEEKLY

FORMAT = "habit-tracker"
FORMAT_VERSION = 1

SQLITE_HEADER = b"SQLite format 3\x00"
ZIP_HEADER = b"PK\x03\x04"

#: Loop's entry values (the same numbers in the database and, as words, in CSV).
LOOP_UNKNOWN = -1
LOOP_NO = 0
LOOP_YES_AUTO = 1
LOOP_YES_MANUAL = 2
LOOP_SKIP = 3
LOOP_WORDS: dict[str, int] = {
    "UNKNOWN": LOOP_UNKNOWN,
    "NO": LOOP_NO,
    "YES_AUTO": LOOP_YES_AUTO,
    "YES_MANUAL": LOOP_YES_MANUAL,
    "SKIP": LOOP_SKIP,
}
#: Loop database schema versions this reader was written against.
LOOP_NEWEST_KNOWN_VERSION = 26

_DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1)
_MAX_MEMBER_BYTES = 200 * 1024 * 1024  # a Loop export is kilobytes; refuse zip bombs
_SLUG_MAX = 40

Value = str | float


class _Auto:
    """Marker for a Loop day the app filled in by itself (not imported)."""


_AUTO = _Auto()


# --------------------------------------------------------------------- building


@dataclass
class _Draft:
    """A habit read from the source, before slugs and dates are settled."""

    name: str
    kind: str
    per_week: int | None = None
    daily_min: float | None = None
    unit: str | None = None
    archived: bool = False
    seen: set[date] = field(default_factory=set)  # every day the source holds for it


@dataclass
class _Builder:
    """Collects habits, entries and warnings, then produces the interchange dict."""

    source: str  # "Loop" or "harsh", for messages
    drafts: list[_Draft] = field(default_factory=list)
    entries: dict[tuple[int, date], tuple[Value, str | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    all_days: set[date] = field(default_factory=set)
    repeated: dict[int, list[date]] = field(default_factory=dict)

    def add_habit(self, draft: _Draft) -> int:
        self.drafts.append(draft)
        return len(self.drafts) - 1

    def see(self, index: int | None, day: date) -> None:
        """Note that the source holds something for a habit on ``day``."""
        self.all_days.add(day)
        if index is not None:
            self.drafts[index].seen.add(day)

    def add_entry(self, index: int, day: date, value: Value, note: str | None) -> None:
        """Record a value; a second value for the same day replaces the first."""
        self.see(index, day)
        key = (index, day)
        if key in self.entries:
            self.repeated.setdefault(index, []).append(day)
        self.entries[key] = (value, note)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def build(self) -> dict[str, Any]:
        for index, days in self.repeated.items():
            listed = ", ".join(d.isoformat() for d in sorted(set(days))[:5])
            more = "..." if len(set(days)) > 5 else ""
            self.warn(
                f"{self.source} habit '{self.drafts[index].name}': {len(days)} day(s) "
                f"recorded more than once ({listed}{more}); the last value was kept"
            )
        earliest = min(self.all_days) if self.all_days else None
        habits: list[dict[str, Any]] = []
        slugs: dict[int, str] = {}
        taken: set[str] = set()
        for index, draft in enumerate(self.drafts):
            created = min(draft.seen) if draft.seen else earliest
            if created is None:
                self.warn(
                    f"{self.source} habit '{draft.name}' not imported: it has no "
                    "check-ins and the file holds no dates to start it from"
                )
                continue
            slug = unique_slug(draft.name, taken)
            taken.add(slug)
            slugs[index] = slug
            habits.append(
                {
                    "slug": slug,
                    "name": draft.name,
                    "kind": draft.kind,
                    "since": None,
                    "created": created.isoformat(),
                    "per_week": draft.per_week,
                    "daily_min": draft.daily_min,
                    "target": None,
                    "unit": draft.unit,
                    "deadline": None,
                    "archived": draft.archived,
                    "position": len(habits),
                }
            )
        rows = [
            (day, slugs[index], value, note)
            for (index, day), (value, note) in self.entries.items()
            if index in slugs
        ]
        rows.sort(key=lambda row: (row[0], row[1]))
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "settings": {},
            "habits": habits,
            "entries": [
                {"date": day.isoformat(), "habit": slug, "value": value, "note": note}
                for day, slug, value, note in rows
            ],
            "days": [],
            "warnings": list(self.warnings),
        }


def slugify(name: str) -> str:
    """``Wake up early`` -> ``wake-up-early``; ``Méditer`` -> ``mediter``."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    slug = slug[:_SLUG_MAX].rstrip("-")
    return slug or "habit"


def unique_slug(name: str, taken: set[str]) -> str:
    """The slug of ``name``, with ``-2``, ``-3``... when already in ``taken``."""
    base = slugify(name)
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: _SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def weekly_target(num: int, den: int) -> int:
    """Sessions per week for ``num`` times in ``den`` days: rounded half up, 1..7."""
    exact = Fraction(num * 7, den)
    rounded = int(exact + Fraction(1, 2))  # floor(x + 1/2): half up, unlike round()
    return max(1, min(7, rounded))


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _frequency(
    builder: _Builder, name: str, num: int, den: int, said: str
) -> tuple[str, int | None]:
    """(kind, per_week) for a yes/no habit due ``num`` times in ``den`` days."""
    if num == 1 and den == 1:
        return DAILY, None
    per_week = weekly_target(num, den)
    exact = Fraction(num * 7, den)
    if exact != per_week:
        message = (
            f"{builder.source} habit '{name}': {said} becomes weekly {per_week} "
            f"(exactly {float(exact):.2f} per week"
        )
        if builder.source == "Loop":
            message += "; Loop's strength used the exact fraction, so ours will differ a little"
        builder.warn(message + ")")
    return WEEKLY, per_week


# ------------------------------------------------------------------- Loop: entry


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(16)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_loop(path: Path) -> dict[str, Any]:
    """A Loop Habit Tracker CSV export (folder or zip) or backup database, converted."""
    path = Path(path)
    if path.is_dir():
        return _loop_csv(_FolderSource(path))
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    head = _read_head(path)
    if head.startswith(SQLITE_HEADER):
        return _loop_db(path)
    if head.startswith(ZIP_HEADER) or path.suffix.lower() == ".zip":
        return _loop_csv(_ZipSource(path))
    if path.name.lower() == "habits.csv":
        return _loop_csv(_FolderSource(path.parent))
    if path.suffix.lower() == ".db":
        raise UsageError(f"{path}: not a SQLite database, so not a Loop backup")
    raise UsageError(
        f"{path}: not a Loop Habit Tracker export (expected the CSV export folder, "
        "its .zip, or a backup .db)"
    )


# --------------------------------------------------------------------- Loop: CSV


class _Source:
    """The files of a CSV export, by their path inside the export."""

    label: str

    def read(self, name: str) -> bytes | None:
        raise NotImplementedError

    def habit_folders(self) -> dict[int, str]:
        """``{1: "001 Meditate", ...}``: each habit's folder by its number."""
        raise NotImplementedError

    def where(self, name: str) -> str:
        return f"{self.label}/{name}" if name else self.label


def _folder_number(name: str) -> int | None:
    match = re.match(r"^(\d+) ", name)
    return int(match.group(1)) if match else None


class _FolderSource(_Source):
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.label = str(folder)

    def read(self, name: str) -> bytes | None:
        target = self.folder / name
        if not target.is_file():
            return None
        try:
            return target.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {target}: {exc.strerror or exc}") from None

    def habit_folders(self) -> dict[int, str]:
        found: dict[int, str] = {}
        try:
            children = sorted(self.folder.iterdir())
        except OSError as exc:
            raise UsageError(f"cannot read {self.folder}: {exc.strerror or exc}") from None
        for child in children:
            number = _folder_number(child.name)
            if child.is_dir() and number is not None:
                found.setdefault(number, child.name)
        return found


class _ZipSource(_Source):
    """A zip as the app writes it (files at the top) or of a folder holding them."""

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        self.members: dict[str, zipfile.ZipInfo] = {}
        try:
            self.archive = zipfile.ZipFile(path)
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise UsageError(f"{path}: not a valid zip file ({exc})") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        names = [info.filename for info in infos if not info.is_dir()]
        habits = sorted(
            (n for n in names if n.rsplit("/", 1)[-1] == "Habits.csv"),
            key=lambda n: (n.count("/"), n),
        )
        if not habits:
            raise UsageError(f"{path}: no Habits.csv inside, so not a Loop CSV export")
        root = habits[0][: -len("Habits.csv")]
        for info in infos:
            if not info.is_dir() and info.filename.startswith(root):
                self.members[info.filename[len(root) :]] = info

    def read(self, name: str) -> bytes | None:
        info = self.members.get(name)
        if info is None:
            return None
        if info.file_size > _MAX_MEMBER_BYTES:
            raise UsageError(f"{self.where(name)}: too large for a Loop export")
        try:
            return self.archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise UsageError(f"{self.where(name)}: damaged zip member ({exc})") from None
        except RuntimeError as exc:  # encrypted member
            raise UsageError(f"{self.where(name)}: cannot read it ({exc})") from None

    def habit_folders(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for name in sorted(self.members):
            parts = name.split("/")
            number = _folder_number(parts[0])
            if len(parts) == 2 and number is not None:
                found.setdefault(number, parts[0])
        return found


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def _csv_table(text: str, where: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header, and (line number, row by header name) for each non-empty row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise UsageError(f"{where}: empty file")
        names = [column.strip() for column in header]
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            padded = row + [""] * (len(names) - len(row))
            rows.append(
                (reader.line_num, {name: padded[i] for i, name in enumerate(names) if name})
            )
    except csv.Error as exc:
        raise UsageError(f"{where} line {reader.line_num}: {exc}") from None
    return names, rows


def _iso_day(text: str, where: str) -> date:
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise UsageError(f"{where}: bad date '{text}' (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{where}: no such date '{text}'") from None


def _int_cell(row: dict[str, str], column: str, where: str) -> int:
    text = row.get(column, "").strip()
    if not re.fullmatch(r"-?\d+", text):
        raise UsageError(f"{where}: {column} '{text}' is not a whole number")
    return int(text)


@dataclass
class _LoopHabit:
    """A Loop habit as read from Habits.csv or the Habits table."""

    name: str
    num: int
    den: int
    archived: bool
    numeric: bool
    at_most: bool
    target: float
    unit: str
    where: str


def _loop_draft(builder: _Builder, habit: _LoopHabit) -> int | None:
    """Add a Loop habit; None when it has no equivalent here (with a warning)."""
    name = habit.name
    if habit.num <= 0 or habit.den <= 0 or habit.num > habit.den:
        raise UsageError(
            f"{habit.where}: habit '{name}' has an impossible frequency "
            f"({habit.num} in {habit.den} days)"
        )
    if not habit.numeric:
        said = f"{_times(habit.num)} in {habit.den} days"
        kind, per_week = _frequency(builder, name, habit.num, habit.den, said)
        return builder.add_habit(_Draft(name, kind, per_week=per_week, archived=habit.archived))
    if habit.at_most:
        builder.warn(
            f"Loop habit '{name}' not imported: it is an 'at most' numeric habit "
            "and habit-tracker only has daily minimums"
        )
        return None
    if not habit.target > 0:
        builder.warn(f"Loop habit '{name}' not imported: a numeric habit without a target")
        return None
    daily_min = habit.target / habit.den
    if habit.den != 1:
        daily_min = round(daily_min, 3) or daily_min
        builder.warn(
            f"Loop habit '{name}': at least {_number(habit.target)} in {habit.den} days "
            f"becomes at least {_number(daily_min)} every day"
        )
    unit = habit.unit.strip() or None
    return builder.add_habit(
        _Draft(name, DAILY, daily_min=daily_min, unit=unit, archived=habit.archived)
    )


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _loop_value(raw: int, numeric: bool, where: str) -> Value | _Auto | None:
    """A Loop value as ours: a status, an amount, _AUTO, or None (no entry)."""
    if raw == LOOP_UNKNOWN:
        return None
    if raw == LOOP_SKIP:
        return SKIP
    if numeric:
        if raw < 0:
            raise UsageError(f"{where}: negative amount {raw}")
        return raw / 1000
    if raw == LOOP_YES_MANUAL:
        return DONE
    if raw == LOOP_NO:
        return MISSED
    if raw == LOOP_YES_AUTO:
        return _AUTO
    raise UsageError(f"{where}: unknown Loop value {raw} (expected -1, 0, 1, 2 or 3)")


def _store_loop_value(
    builder: _Builder,
    index: int,
    habit: _LoopHabit,
    day: date,
    value: Value | _Auto | None,
    note: str | None,
) -> None:
    if isinstance(value, str | float):
        builder.add_entry(index, day, value, note)
        return
    builder.see(index, day)
    if note:
        why = "the app filled it in by itself" if value is _AUTO else "it has no value"
        builder.warn(
            f"Loop habit '{habit.name}', {day.isoformat()}: note {note!r} not imported ({why})"
        )


_HABITS_CSV_FREQUENCY = (
    ("FrequencyNumerator", "FrequencyDenominator"),
    ("NumRepetitions", "Interval"),  # exports before numeric habits
)


def _loop_csv(source: _Source) -> dict[str, Any]:
    builder = _Builder("Loop")
    raw = source.read("Habits.csv")
    if raw is None:
        raise UsageError(f"{source.label}: no Habits.csv, so not a Loop CSV export")
    habits_where = source.where("Habits.csv")
    header, rows = _csv_table(_decode(raw, habits_where), habits_where)
    frequency = next(
        (pair for pair in _HABITS_CSV_FREQUENCY if pair[0] in header and pair[1] in header),
        None,
    )
    missing = [column for column in ("Position", "Name") if column not in header]
    if frequency is None:
        missing.append("FrequencyNumerator/FrequencyDenominator")
    if missing or frequency is None:
        raise UsageError(f"{habits_where}: not a Loop Habits.csv (no {', '.join(missing)} column)")
    if not rows:
        raise UsageError(f"{habits_where}: no habits in it")
    folders = source.habit_folders()
    for line, row in rows:
        habit, number = _habit_from_csv(row, f"{habits_where} line {line}", frequency)
        folder = folders.get(number)
        if folder is None:
            builder.warn(
                f"Loop habit '{habit.name}' not imported: the export has no folder for it "
                "(it was not selected when exporting)"
            )
            continue
        index = _loop_draft(builder, habit)
        if index is not None:
            _read_checkmarks(builder, source, f"{folder}/Checkmarks.csv", index, habit)
    overview = source.read("Checkmarks.csv")
    if overview is not None:
        where = source.where("Checkmarks.csv")
        _, dated = _csv_table(_decode(overview, where), where)
        for line, row in dated:
            builder.see(None, _iso_day(row.get("Date", ""), f"{where} line {line}"))
    return builder.build()


def _habit_from_csv(
    row: dict[str, str], where: str, frequency: tuple[str, str]
) -> tuple[_LoopHabit, int]:
    number = _int_cell(row, "Position", where)
    kind = row.get("Type", "").strip().upper() or "YES_NO"
    if kind not in ("YES_NO", "NUMERICAL"):
        raise UsageError(f"{where}: unknown habit type '{kind}' (expected YES_NO or NUMERICAL)")
    numeric = kind == "NUMERICAL"
    target_type = row.get("Target Type", "").strip().upper()
    if target_type not in ("", "AT_LEAST", "AT_MOST"):
        raise UsageError(
            f"{where}: unknown target type '{target_type}' (expected AT_LEAST or AT_MOST)"
        )
    target = 0.0
    target_text = row.get("Target Value", "").strip()
    if numeric and target_text:
        try:
            target = float(target_text)
        except ValueError:
            raise UsageError(f"{where}: Target Value '{target_text}' is not a number") from None
    archived_text = row.get("Archived?", "").strip().lower()
    if archived_text not in ("", "true", "false"):
        raise UsageError(f"{where}: Archived? '{archived_text}' (expected true or false)")
    habit = _LoopHabit(
        name=row.get("Name", ""),
        num=_int_cell(row, frequency[0], where),
        den=_int_cell(row, frequency[1], where),
        archived=archived_text == "true",
        numeric=numeric,
        at_most=target_type == "AT_MOST",
        target=target,
        unit=row.get("Unit", ""),
        where=where,
    )
    return habit, number


def _read_checkmarks(
    builder: _Builder, source: _Source, name: str, index: int, habit: _LoopHabit
) -> None:
    raw = source.read(name)
    where_file = source.where(name)
    if raw is None:
        raise UsageError(f"{where_file}: missing from the export")
    header, rows = _csv_table(_decode(raw, where_file), where_file)
    if "Date" not in header or "Value" not in header:
        raise UsageError(f"{where_file}: not a Loop Checkmarks.csv (no Date/Value columns)")
    for line, row in rows:
        where = f"{where_file} line {line}"
        day = _iso_day(row["Date"], where)
        cell = row["Value"].strip()
        if cell.upper() in LOOP_WORDS:
            code = LOOP_WORDS[cell.upper()]
        elif re.fullmatch(r"-?\d+", cell):
            code = int(cell)
        else:
            raise UsageError(
                f"{where}: unknown value '{cell}' (expected YES_MANUAL, YES_AUTO, NO, "
                "SKIP, UNKNOWN or a whole number)"
            )
        note = row.get("Notes", "") or None
        _store_loop_value(builder, index, habit, day, _loop_value(code, habit.numeric, where), note)


# ---------------------------------------------------------------- Loop: database


def _loop_db(path: Path) -> dict[str, Any]:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return _read_loop_db(connection, path)
    except sqlite3.Error as exc:
        raise UsageError(f"{path}: cannot read it as a Loop backup ({exc})") from None


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]).lower() for row in connection.execute(f'PRAGMA table_info("{table}")')}


def _read_loop_db(connection: sqlite3.Connection, path: Path) -> dict[str, Any]:
    builder = _Builder("Loop")
    tables = {
        str(row[0]).lower(): str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "habits" not in tables or "repetitions" not in tables:
        raise UsageError(f"{path}: a SQLite database but not a Loop backup (no Habits/Repetitions)")
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > LOOP_NEWEST_KNOWN_VERSION:
        builder.warn(
            f"{path}: Loop database version {version} is newer than this importer knows "
            f"({LOOP_NEWEST_KNOWN_VERSION}); read with the columns it recognises"
        )
    habits_table, reps_table = tables["habits"], tables["repetitions"]
    habit_cols = _columns(connection, habits_table)
    missing = [c for c in ("id", "name", "freq_num", "freq_den") if c not in habit_cols]
    if missing:
        raise UsageError(f"{path}: Habits table has no {', '.join(missing)} column")
    optional = {
        "archived": "0",
        "type": "0",
        "target_type": "0",
        "target_value": "0",
        "unit": "''",
        "position": "0",
    }
    select = ", ".join(
        f'"{col}"' if col in habit_cols else default for col, default in optional.items()
    )
    query = (
        f'SELECT id, name, freq_num, freq_den, {select} FROM "{habits_table}" '
        "ORDER BY position, id"
        if "position" in habit_cols
        else f'SELECT id, name, freq_num, freq_den, {select} FROM "{habits_table}" ORDER BY id'
    )
    by_id: dict[int, tuple[int | None, _LoopHabit]] = {}
    for row in connection.execute(query):
        (hid, name, num, den, archived, kind, target_type, target_value, unit, _position) = row
        where = f"{path}: Habits row id {hid}"
        if not isinstance(num, int) or not isinstance(den, int):
            raise UsageError(f"{where}: frequency {num!r}/{den!r} is not whole numbers")
        if kind not in (0, 1):
            raise UsageError(f"{where}: unknown habit type {kind!r} (expected 0 or 1)")
        habit = _LoopHabit(
            name="" if name is None else str(name),
            num=num,
            den=den,
            archived=bool(archived),
            numeric=kind == 1,
            at_most=target_type == 1,
            target=float(target_value or 0),
            unit="" if unit is None else str(unit),
            where=where,
        )
        by_id[hid] = (_loop_draft(builder, habit), habit)

    rep_cols = _columns(connection, reps_table)
    missing = [c for c in ("habit", "timestamp") if c not in rep_cols]
    if missing:
        raise UsageError(f"{path}: Repetitions table has no {', '.join(missing)} column")
    value_col = '"value"' if "value" in rep_cols else str(LOOP_YES_MANUAL)
    notes_col = '"notes"' if "notes" in rep_cols else "NULL"
    seen: set[tuple[int, int]] = set()
    repeated: dict[int, int] = {}
    orphans = 0
    for rowid, hid, stamp, raw, note in connection.execute(
        f'SELECT rowid, habit, timestamp, {value_col}, {notes_col} FROM "{reps_table}" '
        "ORDER BY rowid"
    ):
        where = f"{path}: Repetitions row {rowid}"
        if hid not in by_id:
            orphans += 1
            continue
        if not isinstance(stamp, int) or not isinstance(raw, int):
            raise UsageError(f"{where}: timestamp {stamp!r} / value {raw!r} are not numbers")
        if (hid, stamp) in seen:
            repeated[hid] = repeated.get(hid, 0) + 1
            continue
        seen.add((hid, stamp))
        index, habit = by_id[hid]
        day = _loop_day(stamp, where)
        if index is None:
            builder.see(None, day)
            continue
        text = note if isinstance(note, str) and note else None
        _store_loop_value(builder, index, habit, day, _loop_value(raw, habit.numeric, where), text)
    if orphans:
        builder.warn(f"{path}: {orphans} check-in(s) belong to no habit; not imported")
    for hid, count in repeated.items():
        builder.warn(
            f"Loop habit '{by_id[hid][1].name}': {count} day(s) recorded more than once; "
            "kept the first of each, as Loop does"
        )
    return builder.build()


def _loop_day(stamp: int, where: str) -> date:
    try:
        return _EPOCH + timedelta(days=stamp // _DAY_MS)
    except OverflowError:
        raise UsageError(f"{where}: timestamp {stamp} is not a date") from None


# ------------------------------------------------------------------------ harsh


def read_harsh(path: Path) -> dict[str, Any]:
    """A harsh log (the file, or the folder holding ``log`` and ``habits``), converted."""
    path = Path(path)
    if path.is_dir():
        log_path, habits_path = path / "log", path / "habits"
        if not log_path.is_file():
            raise UsageError(f"no harsh log in {path} (expected a file called 'log')")
    elif path.is_file():
        if path.name == "habits":
            log_path, habits_path = path.parent / "log", path
            if not log_path.is_file():
                raise UsageError(f"{path} is harsh's habits file; its log {log_path} is missing")
        else:
            log_path, habits_path = path, path.parent / "habits"
    else:
        raise UsageError(f"{path}: no such file or folder")
    if not habits_path.is_file():
        raise UsageError(
            f"harsh habits file not found: expected {habits_path} beside the log "
            "(it holds the habits' frequencies)"
        )
    builder = _Builder("harsh")
    names = _harsh_habits(builder, _read_text(habits_path), habits_path)
    _harsh_log(builder, names, _read_text(log_path), log_path)
    return builder.build()


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return _decode(data, str(path))


_HARSH_INTERVAL = re.compile(r"^(\d+)\s*(w?)$", re.IGNORECASE)


def _harsh_interval(text: str, where: str) -> int:
    match = _HARSH_INTERVAL.match(text.strip())
    if not match:
        raise UsageError(f"{where}: frequency '{text.strip()}' is not a number of days")
    days = int(match.group(1))
    return days * 7 if match.group(2) else days


def _harsh_habits(builder: _Builder, text: str, path: Path) -> dict[str, int]:
    """Parse the habits file; returns each habit name's draft index."""
    names: dict[str, int] = {}
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        where = f"{path} line {number}"
        name, colon, frequency = line.rpartition(":")
        name, frequency = name.strip(), frequency.strip()
        if not colon or not name or not frequency:
            raise UsageError(f"{where}: expected 'Habit name: frequency', got {line!r}")
        if name in names:
            raise UsageError(f"{where}: habit '{name}' is listed twice")
        if "/" in frequency:
            left, _, right = frequency.partition("/")
            if not left.strip().isdigit():
                raise UsageError(f"{where}: frequency '{frequency}' (expected N/D, D or Nw)")
            target, interval = int(left), _harsh_interval(right, where)
            if interval == 0:
                raise UsageError(f"{where}: frequency '{frequency}' has zero days")
        else:
            interval = _harsh_interval(frequency, where)
            target = 1 if interval else 0
        if target > interval:
            raise UsageError(
                f"{where}: frequency '{frequency}' asks for more times than days"
            )
        if target == 0:
            builder.warn(
                f"harsh habit '{name}' is tracked only (frequency {frequency}); imported as "
                "daily, so days without a check-in now count as missed"
            )
            kind, per_week = DAILY, None
        else:
            said = (
                f"{_times(target)} in {interval} days"
                if "/" in frequency
                else f"once every {interval} days"
            )
            kind, per_week = _frequency(builder, name, target, interval, said)
        names[name] = builder.add_habit(_Draft(name, kind, per_week=per_week))
    if not names:
        raise UsageError(f"{path}: no habits in it")
    return names


_HARSH_VALUES = {"y": DONE, "n": MISSED, "s": SKIP}


def _nonzero(text: str) -> bool:
    """True for an amount worth mentioning (harsh reads a bad number as 0)."""
    try:
        return float(text) != 0
    except ValueError:
        return False


def _harsh_log(builder: _Builder, names: dict[str, int], text: str, path: Path) -> None:
    unknown: dict[str, list[int]] = {}
    with_amount = 0
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path} line {number}"
        parts = [part.strip() for part in line.split(" : ")]
        if len(parts) < 3:
            raise UsageError(f"{where}: expected 'YYYY-MM-DD : habit : y|n|s', got {line!r}")
        day = _iso_day(parts[0], where)
        name, result = parts[1], parts[2]
        if result not in _HARSH_VALUES:
            raise UsageError(f"{where}: unknown value '{result}' (expected y, n or s)")
        # harsh writes "date : habit : result : comment : amount"; a comment that
        # itself holds " : " leaves the amount as the last field.
        comment = " : ".join(parts[3:-1]) if len(parts) > 4 else "".join(parts[3:4])
        if len(parts) > 4 and _nonzero(parts[-1]):
            with_amount += 1
        if name not in names:
            unknown.setdefault(name, []).append(number)
            builder.see(None, day)
            continue
        builder.add_entry(names[name], day, _HARSH_VALUES[result], comment or None)
    for name, lines in unknown.items():
        shown = ", ".join(str(n) for n in lines[:5]) + ("..." if len(lines) > 5 else "")
        builder.warn(
            f"{path}: {len(lines)} line(s) for '{name}', which the habits file does not "
            f"list, not imported (line {shown})"
        )
    if with_amount:
        builder.warn(
            f"{path}: amounts on {with_amount} line(s) not imported "
            "(the habits are yes/no here; the comments were kept as notes)"
        )
