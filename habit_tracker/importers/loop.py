"""Loop Habit Tracker (Android): its CSV export (folder or zip) and backup database."""

from __future__ import annotations

import re
import sqlite3
import zipfile
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import DAILY, DONE, MISSED, SKIP
from .common import (
    Builder,
    Draft,
    Value,
    csv_table,
    decode,
    int_cell,
    iso_day,
    map_frequency,
    number_text,
)

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


class _Auto:
    """Marker for a Loop day the app filled in by itself (not imported)."""


_AUTO = _Auto()


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
    match = re.match(r"^(\d+)(?: |$)", name)  # "001 Meditate"; just "001" for "晨读"
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
    question: str = ""
    description: str = ""


@dataclass
class _Tally:
    """What a Loop source held that does not become an entry, per habit name."""

    auto: dict[str, int] = field(default_factory=dict)  # YES_AUTO days
    unknown: int = 0  # backup rows with value -1 (no value)
    colours: int = 0
    reminders: list[str] = field(default_factory=list)

    def add_auto(self, name: str) -> None:
        self.auto[name] = self.auto.get(name, 0) + 1

    def report(self, builder: Builder) -> None:
        for name, count in self.auto.items():
            builder.warn(
                f"Loop habit '{name}': {count} day(s) Loop ticked by itself (YES_AUTO, the "
                "frequency was already met) are not imported as done; the X-in-Y count "
                "here gives the same strength and streak from the days you ticked"
            )
        if self.unknown:
            builder.warn(
                f"{self.unknown} backup row(s) hold Loop's 'unknown' (-1, no value): "
                "nothing to import from them"
            )
        if self.colours:
            builder.warn(f"Loop colours of {self.colours} habit(s) not imported (habit-tracker has none)")
        if self.reminders:
            builder.warn(
                "Loop reminders not imported (habit-tracker has none): " + ", ".join(self.reminders)
            )


def _loop_draft(builder: Builder, habit: _LoopHabit) -> int | None:
    """Add a Loop habit with its exact frequency; None when it has no equivalent."""
    name = habit.name
    if habit.num <= 0 or habit.den <= 0 or habit.num > habit.den:
        raise UsageError(
            f"{habit.where}: habit '{name}' has an impossible frequency "
            f"({habit.num} in {habit.den} days)"
        )
    texts = {
        "question": habit.question.strip() or None,
        "description": habit.description.strip() or None,
        "archived": habit.archived,
    }
    if not habit.numeric:
        fields = map_frequency(habit.num, habit.den)
        return builder.add_habit(Draft(name, **fields, **texts))  # type: ignore[arg-type]
    if not habit.target > 0:
        builder.warn(f"Loop habit '{name}' not imported: a numeric habit without a target")
        return None
    if habit.num != 1:
        builder.warn(
            f"Loop habit '{name}': {number_text(habit.target)} per {habit.num} times in "
            f"{habit.den} days is read as {number_text(habit.target)} in {habit.den} days"
        )
    limit = {"daily_max": habit.target} if habit.at_most else {"daily_min": habit.target}
    return builder.add_habit(
        Draft(
            name,
            DAILY,
            unit=habit.unit.strip() or None,
            per_days=habit.den if habit.den != 1 else None,
            **limit,  # type: ignore[arg-type]
            **texts,  # type: ignore[arg-type]
        )
    )


def _loop_value(raw: int, numeric: bool, where: str, *, old_schema: bool = False) -> Value | _Auto | None:
    """A Loop value as ours: a status, an amount, _AUTO, or None (no entry).

    ``old_schema``: a backup written by Loop 1.x (schema before 23), where a yes/no
    habit's row meant a ticked day whatever its value (Loop 1.x never wrote 1 for
    an automatic tick: those were computed, not stored).
    """
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
        return DONE if old_schema else _AUTO
    raise UsageError(f"{where}: unknown Loop value {raw} (expected -1, 0, 1, 2 or 3)")


def _store_loop_value(
    builder: Builder,
    tally: _Tally,
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
    if value is _AUTO:
        tally.add_auto(habit.name)
    if note:
        why = "a day the app ticked by itself" if value is _AUTO else "a day with no value"
        builder.keep_note(day, f"{habit.name}: {note}")
        builder.warn(
            f"Loop habit '{habit.name}', {day.isoformat()}: note {note!r} is on {why}; "
            "kept as that day's note"
        )


_HABITS_CSV_FREQUENCY = (
    ("FrequencyNumerator", "FrequencyDenominator"),
    ("NumRepetitions", "Interval"),  # exports of Loop 2.0 to 2.3
)


def _loop_csv(source: _Source) -> dict[str, Any]:
    builder = Builder("Loop")
    tally = _Tally()
    raw = source.read("Habits.csv")
    if raw is None:
        raise UsageError(f"{source.label}: no Habits.csv, so not a Loop CSV export")
    habits_where = source.where("Habits.csv")
    header, rows = csv_table(decode(raw, habits_where), habits_where)
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
    overview = _Overview.read(source)
    for order, (line, row) in enumerate(rows):
        habit, number = _habit_from_csv(row, f"{habits_where} line {line}", frequency)
        if row.get("Color", "").strip():
            tally.colours += 1
        folder = folders.get(number)
        column = overview.column(order, habit.name) if folder is None else None
        if folder is None and column is None:
            builder.warn(
                f"Loop habit '{habit.name}' not imported: the export has no folder or "
                "Checkmarks.csv column for it (it was not selected when exporting)"
            )
            continue
        index = _loop_draft(builder, habit)
        if index is None:
            continue
        if folder is not None:
            _read_checkmarks(builder, tally, source, f"{folder}/Checkmarks.csv", index, habit)
        else:
            overview.read_column(builder, tally, column or "", index, habit)
    for day in overview.dates:
        builder.see(None, day)
    tally.report(builder)
    return builder.build()


@dataclass
class _Overview:
    """The top-level Checkmarks.csv: ``Date`` then one column per exported habit."""

    where: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    dates: list[date]

    @classmethod
    def read(cls, source: _Source) -> _Overview:
        raw = source.read("Checkmarks.csv")
        where = source.where("Checkmarks.csv")
        if raw is None or not raw.strip():
            return cls(where, [], [], [])
        header, rows = csv_table(decode(raw, where), where)
        if "Date" not in header:
            raise UsageError(f"{where}: not a Loop Checkmarks.csv (no Date column)")
        dates = [iso_day(row.get("Date", ""), f"{where} line {line}") for line, row in rows]
        return cls(where, header, rows, dates)

    def column(self, order: int, name: str) -> str | None:
        """The column of the ``order``-th habit of Habits.csv (columns follow its order)."""
        columns = [c for c in self.header if c and c != "Date"]
        if order < len(columns) and columns[order] == name:
            return columns[order]
        return name if name in columns else None

    def read_column(
        self, builder: Builder, tally: _Tally, column: str, index: int, habit: _LoopHabit
    ) -> None:
        for (line, row), day in zip(self.rows, self.dates, strict=True):
            code = _loop_code(row.get(column, "").strip() or "UNKNOWN", f"{self.where} line {line}")
            value = _loop_value(code, habit.numeric, f"{self.where} line {line}")
            _store_loop_value(builder, tally, index, habit, day, value, None)


def _habit_from_csv(
    row: dict[str, str], where: str, frequency: tuple[str, str]
) -> tuple[_LoopHabit, int]:
    number = int_cell(row, "Position", where)
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
        num=int_cell(row, frequency[0], where),
        den=int_cell(row, frequency[1], where),
        archived=archived_text == "true",
        numeric=numeric,
        at_most=target_type == "AT_MOST",
        target=target,
        unit=row.get("Unit", ""),
        where=where,
        question=row.get("Question", ""),
        description=row.get("Description", ""),
    )
    return habit, number


def _loop_code(cell: str, where: str) -> int:
    """Loop's stored integer for a cell: a word, an integer as stored (amounts times
    1000), or an amount written with a decimal point (``5.5``)."""
    if cell.upper() in LOOP_WORDS:
        return LOOP_WORDS[cell.upper()]
    if re.fullmatch(r"-?\d+", cell):
        return int(cell)
    if re.fullmatch(r"\d+\.\d+", cell):
        return round(float(cell) * 1000)
    raise UsageError(
        f"{where}: unknown value '{cell}' (expected YES_MANUAL, YES_AUTO, NO, "
        "SKIP, UNKNOWN or a whole number)"
    )


_DATED_LINE = re.compile(r"^\ufeff?\d{4}-\d{2}-\d{2},")


def _read_checkmarks(
    builder: Builder, tally: _Tally, source: _Source, name: str, index: int, habit: _LoopHabit
) -> None:
    """A habit's Checkmarks.csv: ``Date,Value,Notes`` with a header (Loop 2.4 on), or
    headerless ``YYYY-MM-DD,<int>`` lines (2.0 to 2.3); empty for a habit never checked."""
    raw = source.read(name)
    where_file = source.where(name)
    if raw is None:
        raise UsageError(f"{where_file}: missing from the export")
    text = decode(raw, where_file)
    if not text.strip():
        return
    if _DATED_LINE.match(text):
        text = "Date,Value\n" + text
        shift = -1  # line numbers as in the file, without the header added here
    else:
        shift = 0
    header, rows = csv_table(text, where_file)
    if "Date" not in header or "Value" not in header:
        raise UsageError(f"{where_file}: not a Loop Checkmarks.csv (no Date/Value columns)")
    for line, row in rows:
        where = f"{where_file} line {line + shift}"
        day = iso_day(row["Date"], where)
        code = _loop_code(row["Value"].strip(), where)
        note = row.get("Notes", "") or None
        value = _loop_value(code, habit.numeric, where)
        _store_loop_value(builder, tally, index, habit, day, value, note)


# ---------------------------------------------------------------- Loop: database

#: The first schema written by Loop 2 (questions apart from descriptions; a stored
#: 1 then means a day the app ticked by itself).  Before it, a yes/no habit's row
#: was a ticked day and the ``description`` column held the question.
LOOP_2_SCHEMA = 23


def _loop_db(path: Path) -> dict[str, Any]:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return _read_loop_db(connection, path)
    except sqlite3.Error as exc:
        raise UsageError(f"{path}: cannot read it as a Loop backup ({exc})") from None


def _columns(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    """The table's columns, lower-cased name -> the name as the schema spells it."""
    return {str(row[1]).lower(): str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')}


def _read_loop_db(connection: sqlite3.Connection, path: Path) -> dict[str, Any]:
    builder = Builder("Loop")
    tally = _Tally()
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
    has_question = "question" in habit_cols
    old_schema = version < LOOP_2_SCHEMA and not has_question
    optional = {
        "archived": "0",
        "type": "0",
        "target_type": "0",
        "target_value": "0",
        "unit": "''",
        "position": "0",
        "question": "''",
        "description": "''",
        "color": "NULL",
        "reminder_hour": "NULL",
        "reminder_min": "NULL",
    }
    select = ", ".join(
        f'"{habit_cols[col]}"' if col in habit_cols else default for col, default in optional.items()
    )
    key = f'"{habit_cols["id"]}"'
    order = f'"{habit_cols["position"]}", {key}' if "position" in habit_cols else key
    query = (
        f'SELECT {key}, "{habit_cols["name"]}", "{habit_cols["freq_num"]}", '
        f'"{habit_cols["freq_den"]}", {select} FROM "{habits_table}" ORDER BY {order}'
    )
    by_id: dict[int, tuple[int | None, _LoopHabit]] = {}
    for row in connection.execute(query):
        (hid, name, num, den, archived, kind, target_type, target_value, unit, _position,
         question, description, colour, hour, minute) = row
        where = f"{path}: Habits row id {hid}"
        if not isinstance(num, int) or not isinstance(den, int):
            raise UsageError(f"{where}: frequency {num!r}/{den!r} is not whole numbers")
        if kind not in (0, 1):
            raise UsageError(f"{where}: unknown habit type {kind!r} (expected 0 or 1)")
        if not has_question:  # Loop 1.x asked its "description" as the question
            question, description = description, ""
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
            question="" if question is None else str(question),
            description="" if description is None else str(description),
        )
        if colour is not None:
            tally.colours += 1
        if isinstance(hour, int) and isinstance(minute, int):
            tally.reminders.append(f"'{habit.name}' at {hour:02d}:{minute:02d}")
        by_id[hid] = (_loop_draft(builder, habit), habit)

    rep_cols = _columns(connection, reps_table)
    missing = [c for c in ("habit", "timestamp") if c not in rep_cols]
    if missing:
        raise UsageError(f"{path}: Repetitions table has no {', '.join(missing)} column")
    value_col = f'"{rep_cols["value"]}"' if "value" in rep_cols else str(LOOP_YES_MANUAL)
    notes_col = f'"{rep_cols["notes"]}"' if "notes" in rep_cols else "NULL"
    seen: set[tuple[int, int]] = set()
    repeated: dict[int, int] = {}
    orphans = 0
    read_as_done = 0
    for rowid, hid, stamp, raw, note in connection.execute(
        f'SELECT rowid, "{rep_cols["habit"]}", "{rep_cols["timestamp"]}", {value_col}, '
        f'{notes_col} FROM "{reps_table}" ORDER BY rowid'
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
        if old_schema and not habit.numeric and raw == LOOP_YES_AUTO:
            read_as_done += 1
        if raw == LOOP_UNKNOWN and not text:
            tally.unknown += 1
        value = _loop_value(raw, habit.numeric, where, old_schema=old_schema)
        _store_loop_value(builder, tally, index, habit, day, value, text)
    if orphans:
        builder.warn(f"{path}: {orphans} check-in(s) belong to no habit; not imported")
    for hid, count in repeated.items():
        builder.warn(
            f"Loop habit '{by_id[hid][1].name}': {count} day(s) recorded more than once; "
            "kept the first of each, as Loop does"
        )
    if read_as_done:
        builder.warn(
            f"{path}: {read_as_done} row(s) with value 1 read as ticked days, as Loop "
            f"{version} (a Loop 1 backup) reads them"
        )
    tally.report(builder)
    return builder.build()


def _loop_day(stamp: int, where: str) -> date:
    try:
        return _EPOCH + timedelta(days=stamp // _DAY_MS)
    except OverflowError:
        raise UsageError(f"{where}: timestamp {stamp} is not a date") from None
