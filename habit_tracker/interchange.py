"""All data out and back in: JSON (the full backup) and CSV (the same, spreadsheet-shaped).

Both carry the settings, every habit (archived ones too), every entry and every
day's mood, note and "they reached out", so importing an export into an empty
database reproduces it, and exporting again gives the same bytes.

CSV has the header ``date,habit,value,note`` followed by more columns.  A row is
an entry when it has a date and a habit, a day's own data (note, mood,
reached_out) when it has a date and no habit, a habit's definition when it has a
habit and no date (kind, name, since ...), and a setting when it has neither
(``name`` = the setting, ``value`` = its value).  A plain four-column file of
entries imports too, into habits that exist already.

The companion's records: an urge is a row with a date, no habit and ``kind``
``urge`` (``at`` its moment, ``intensity``, ``triggers`` a JSON list, ``note``);
a journal entry has ``kind`` ``writing`` (``at``, its text in ``note``).  A day's
``necessary_contact`` and ``break_trigger`` are columns of the day's row.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, NamedTuple, Protocol

from . import changelog
from . import models as m
from .changelog import BulkMerge
from .dates import check_day
from .errors import UsageError
from .store import (
    MAX_PER_DAYS,
    MAX_POSITION,
    SETTINGS_DEFAULTS,
    TABLES,
    Row,
    Store,
    bulk_merge,
    habit_to_row,
    parse_amount,
    parse_value,
    validate_habit,
    validate_setting,
)
from .text import safe_line

FORMAT_NAME = "habit-tracker"
FORMAT_VERSION = 1

CSV_COLUMNS = (
    "date", "habit", "value", "note", "mood", "reached_out",
    "kind", "name", "since", "created", "per_week", "daily_min",
    "target", "unit", "deadline", "archived", "position",
    "per_days", "daily_max", "question", "description", "role",
    "at", "intensity", "triggers", "necessary_contact", "break_trigger",
)
HABIT_FIELDS = (
    "slug", "name", "kind", "since", "created", "per_week", "daily_min",
    "target", "unit", "deadline", "archived", "position",
    "per_days", "daily_max", "question", "description", "role",
)


class TextOut(Protocol):
    """Where an export is written: a text file, a StringIO, standard output."""

    def write(self, text: str, /) -> int: ...


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if math.isfinite(value) and value == int(value) else value


# --------------------------------------------------------------------- export


def export_data(store: Store) -> dict[str, Any]:
    """The whole database as one JSON-ready dict, in a stable order."""
    data = export_stream(store)
    data["entries"] = [{"date": day, "habit": slug, "value": value, "note": note}
                       for day, slug, value, note in data["entries"]]
    return data


def export_stream(store: Store) -> dict[str, Any]:
    """``export_data`` with ``entries`` an iterator of (date, habit, value,
    note) read from a cursor as it is written out (``write_export``): a million
    entries never sit in memory."""
    habits = store.habits(include_archived=True)
    habit_dicts = []
    for habit in habits:
        row = habit_to_row(habit)
        row.pop("id")
        row["archived"] = bool(row["archived"])
        for key in ("daily_min", "daily_max", "target"):
            row[key] = _number(row[key])
        habit_dicts.append({k: row[k] for k in HABIT_FIELDS})
    store.settings()  # refuses a stored value that is not valid
    settings = store.raw_settings()
    chosen: dict[str, Any] = {"day_start": int(settings["day_start"]),
                              "week_start": settings["week_start"]}
    if settings.get("since_time"):
        chosen["since_time"] = settings["since_time"]
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "settings": chosen,
        "habits": habit_dicts,
        "entries": _export_entries(store, habits),
        "days": [
            {"date": d.date.isoformat(), "mood": d.mood, "note": d.note,
             "reached_out": d.reached_out, "necessary_contact": d.necessary_contact,
             "break_trigger": d.break_trigger}
            for d in store.days().values()
        ],
        "urges": [
            {"at": u.at.isoformat(timespec="minutes"), "date": u.day.isoformat(),
             "intensity": u.intensity, "triggers": list(u.triggers), "note": u.note}
            for u in store.urges()
        ],
        "writings": [
            {"at": w.at.isoformat(timespec="minutes"), "date": w.day.isoformat(), "text": w.text}
            for w in store.writings()
        ],
    }


def _export_entries(store: Store, habits: list[m.Habit]
                    ) -> Iterator[tuple[str, str, Any, str | None]]:
    """Every entry as (date, habit, value, note), by date and then in the
    habits' order, read from a cursor one date at a time."""
    from .store import _garbled

    order = {h.id: (i, h.slug) for i, h in enumerate(habits)}
    group: list[tuple[tuple[int, str], Any, str | None]] = []
    current: Any = None
    iso = ""
    cursor = store.conn.cursor()
    for habit_id, day, status, amount, note in cursor.execute(
            "SELECT habit_id, date, status, amount, note FROM entries ORDER BY date"):
        if day != current:
            if group:
                group.sort(key=_first)
                for (_, slug), value, text in group:
                    yield iso, slug, value, text
                group.clear()
            try:
                iso = date.fromisoformat(day).isoformat()
            except (TypeError, ValueError):
                raise _garbled("an entry's date") from None
            current = day
        place = order.get(habit_id)
        if place is not None:
            group.append((place, status if status is not None else _number(amount), note))
    group.sort(key=_first)
    for (_, slug), value, text in group:
        yield iso, slug, value, text


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


#: A cell starting with one of these is a formula (or hides one) to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"


def _raw_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return m.format_amount(value)
    return str(value)


def _cell(value: Any) -> str:
    """A cell of the export: text that a spreadsheet would run is guarded (and
    import takes the guard off again)."""
    text = _raw_cell(value)
    return neutralise(text) if isinstance(value, str) else text


def neutralise(text: str) -> str:
    """The usual spreadsheet rule: a leading quote before a cell that would be read
    as a formula.  A cell that starts with the quote itself gets one more, so that
    ``restore`` gives back exactly what was written, whatever it was."""
    if text.startswith(FORMULA_STARTS) or text.startswith(_GUARD):
        return _GUARD + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise``: drop the one quote it adds (a hand-written cell like
    "'tis" keeps its quote: no formula character or quote follows it)."""
    if text.startswith(_GUARD) and text[1:2] and text[1:].startswith((*FORMULA_STARTS, _GUARD)):
        return text[1:]
    return text


class _CsvWriter:
    """CSV rows as the csv module writes them, except that a field holding a
    carriage return alone is quoted too (csv leaves it bare when the line ends in
    a newline only, and reading it back then splits the row)."""

    def __init__(self, out: TextOut) -> None:
        self.out = out

    def writeheader(self) -> None:
        self.out.write(",".join(CSV_COLUMNS) + "\n")

    def writerow(self, row: dict[str, str]) -> None:
        self.out.write(",".join([_quoted(row[column]) if column in row else ""
                                 for column in CSV_COLUMNS]) + "\n")


def _quoted(text: str) -> str:
    if text and ("," in text or '"' in text or "\r" in text or "\n" in text):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO(newline="")
    _write_csv(out, data)
    return out.getvalue()


def _write_csv(handle: TextOut, data: dict[str, Any]) -> int:
    """Our CSV: settings, habits, then date by date the day's own row, its
    entries, urges and writings.  ``data["entries"]``: dicts, or (date, habit,
    value, note) sorted by date (as ``export_stream`` gives them), written as
    they come.  Returns how many entries were written."""
    writer = _CsvWriter(handle)
    writer.writeheader()
    for key, value in data["settings"].items():
        writer.writerow({"name": key, "value": _cell(value)})
    for habit in data["habits"]:
        row = {k: _cell(v) for k, v in habit.items() if k != "slug"}
        row["habit"] = habit["slug"]
        writer.writerow(row)
    days = {d["date"]: d for d in data["days"]}
    urges: dict[str, list[dict[str, Any]]] = {}
    for urge in data.get("urges") or []:
        urges.setdefault(urge["date"], []).append(urge)
    writings: dict[str, list[dict[str, Any]]] = {}
    for writing in data.get("writings") or []:
        writings.setdefault(writing["date"], []).append(writing)
    entries = data["entries"]
    if isinstance(entries, list):  # dicts in any order: by date, in their order within one
        entries = sorted(((e["date"], e["habit"], e["value"], e["note"]) for e in entries),
                         key=_first)
    others = sorted(set(days) | set(urges) | set(writings), reverse=True)  # taken from the end
    write = handle.write

    def day_rows(day: str) -> None:
        if day in days:
            info = days[day]
            writer.writerow({"date": day, "note": _cell(info["note"]), "mood": _cell(info["mood"]),
                             "reached_out": _cell(bool(info["reached_out"])),
                             "necessary_contact": _cell(info.get("necessary_contact")),
                             "break_trigger": _cell(info.get("break_trigger"))})

    def companion_rows(day: str) -> None:
        for urge in urges.get(day, []):
            writer.writerow({"date": day, "kind": "urge", "at": urge["at"],
                             "intensity": _cell(urge["intensity"]),
                             "triggers": json.dumps(urge["triggers"], ensure_ascii=False)
                             if urge["triggers"] else "",
                             "note": _cell(urge["note"])})
        for writing in writings.get(day, []):
            writer.writerow({"date": day, "kind": "writing", "at": writing["at"],
                             "note": _cell(writing["text"])})

    # An entry's row: four cells, then the empty rest (cells met before kept).
    rest = "," * (len(CSV_COLUMNS) - 4) + "\n"
    slugs: dict[str, str] = {}
    values: dict[Any, str] = {}
    count = 0
    current: str | None = None
    for day, slug, value, note in entries:
        if day != current:
            if current is not None:
                companion_rows(current)
            while others and others[-1] < day:
                other = others.pop()
                day_rows(other)
                companion_rows(other)
            if others and others[-1] == day:
                others.pop()
            day_rows(day)
            current = day
        habit_cell = slugs.get(slug)
        if habit_cell is None:
            habit_cell = slugs[slug] = _quoted(_cell(slug))
        value_cell = values.get((type(value), value))
        if value_cell is None:
            value_cell = _quoted(_cell(value))
            if len(values) < 10_000:
                values[(type(value), value)] = value_cell
        write(f"{_quoted(day)},{habit_cell},{value_cell},{_quoted(_cell(note))}{rest}"
              if note is not None else f"{_quoted(day)},{habit_cell},{value_cell},{rest}")
        count += 1
    if current is not None:
        companion_rows(current)
    while others:
        other = others.pop()
        day_rows(other)
        companion_rows(other)
    return count


def write_export(store: Store, fmt: str, handle: TextOut) -> dict[str, int]:
    """The export in ``fmt`` (json or csv) written to ``handle`` as a stream: the
    text of ``to_json``/``to_csv`` of ``export_data``, without every entry in
    memory.  Returns how many entries and days were written."""
    data = export_stream(store)
    days = len(data["days"])
    if fmt == "csv":
        return {"entries": _write_csv(handle, data), "days": days}
    # json.dumps(indent=2) of the whole, with the entries written one by one in the
    # place of an empty list (the last such text: a habit's name may hold it, escaped)
    entries = data["entries"]
    head, _, tail = to_json({**data, "entries": []}).rpartition('"entries": []')
    write = handle.write
    write(head + '"entries": [')
    dumps = json.dumps
    texts: dict[Any, str] = {}
    count = 0
    for day, slug, value, note in entries:
        slug_text = texts.get(slug)
        if slug_text is None:
            slug_text = texts[slug] = dumps(slug, ensure_ascii=False)
        value_text = texts.get((type(value), value))
        if value_text is None:
            value_text = dumps(value, ensure_ascii=False)
            if len(texts) < 10_000:
                texts[(type(value), value)] = value_text
        note_text = "null" if note is None else dumps(note, ensure_ascii=False)
        write(f'{"," if count else ""}\n    {{\n      "date": {dumps(day)},\n      "habit": '
              f'{slug_text},\n      "value": {value_text},\n      "note": {note_text}\n    }}')
        count += 1
    write(("\n  ]" if count else "]") + tail)
    return {"entries": count, "days": days}


# ------------------------------------------------------------- history as CSV

HISTORY_COLUMNS = ("date", "weekday", "habit", "value", "note", "mood", "day_note", "reached_out",
                   "necessary_contact", "break_trigger")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _sheet_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a
    leading apostrophe (numbers stay numbers)."""
    text = _raw_cell(value)
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def history_to_csv(days: list[dict[str, Any]]) -> str:
    """``history --format csv``: one row per logged habit and day, the day's mood,
    note and "they reached out" repeated on each (a day with none: one row), for
    spreadsheets.  ``days`` is what ``history.history`` returns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # as the export
    writer.writerow(HISTORY_COLUMNS)
    for day in days:
        when = date.fromisoformat(day["date"])
        shared = [day.get("mood"), day.get("note"), bool(day.get("reached_out")),
                  day.get("necessary_contact"), day.get("break_trigger")]
        entries = day["entries"].items() or [(None, {"value": None, "note": None})]
        for slug, entry in entries:
            row = [day["date"], f"{when:%a}", slug, entry["value"], entry.get("note"), *shared]
            writer.writerow([_sheet_cell(v) for v in row])
    return out.getvalue()


# --------------------------------------------------------------------- import


#: The csv module refuses fields above 131,072 characters by default; a long note
#: is a field, and every export must import again.
CSV_FIELD_LIMIT = 64 * 1024 * 1024


#: An entry as read, before it is checked: where it is (a CSV line number, or
#: "entry N"), its date, habit, value and note as the file gives them.
RawEntry = tuple[int | str, Any, Any, Any, Any]


class _Lines:
    """The lines ``csv.reader`` reads: the one given (with a quote), then the
    file's next lines while a quoted field goes on, counted."""

    __slots__ = ("lines", "more", "pending")

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.pending: str | None = None
        self.more = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.pending
        if line is not None:
            self.pending = None
            return line
        line = next(self.lines)
        self.more += 1
        return line


#: (line, day, slug, value, note) -> what the scan yields for an entry (None: nothing)
OnEntry = Callable[[RawEntry], Any]
#: (line, all the row's cells, the header's places) -> what the scan yields (None: nothing)
OnOther = Callable[[int, list[str], dict[str, int]], Any]
#: (slug, value text) -> (habit id, status, amount, the habit's first day: "" any)
Known = dict[tuple[str, str], tuple[int, str | None, float | None, str]]


def _scan_csv(handle: Iterable[str], on_entry: OnEntry, on_other: OnOther | None = None, *,
              known: Known | None = None, dates: dict[str, tuple[date, str]] | None = None,
              yield_known: bool = True, batch: int = 1) -> Iterator[list[Any]]:
    """Our CSV read record by record exactly as ``csv.DictReader`` reads it
    (the line number a record ends on, a blank line skipped, a short row filled with empty
    cells, every cell's formula guard taken off by ``restore``), in one loop:
    a million rows are read in about the time csv.reader takes alone.

    A line without a double quote is split at its commas, which is all
    csv.reader would do with it (an entry's row only as far as its last cell
    an entry uses); a line with one goes through csv.reader (a quoted field may
    hold commas, quotes and line breaks).  An entry row (a date and a habit)
    gives ``on_entry((line, day, slug, value, note))``, unless it has no note,
    its (slug, value) is in ``known`` and its date in ``dates`` (on or after the
    habit's first day): then the row ``known`` makes of it (habit id, ISO day,
    status, amount, None), when ``yield_known``.  Any other row gives
    ``on_other``.  What they return (unless None) is yielded in lists of
    ``batch`` (the last one shorter)."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    known = {} if known is None else known
    dates = {} if dates is None else dates
    lines = iter(handle)
    quoted = _Lines(lines)
    reader = csv.reader(quoted)
    limit = csv.field_size_limit()
    number = 0
    out: list[Any] = []
    add = out.append
    try:
        header = next(reader, [])  # the first record, whatever it holds
        number = quoted.more
        missing = [c for c in ("date", "habit", "value") if c not in header]
        if missing:
            raise UsageError(
                f"CSV header lacks {', '.join(missing)} (expected date,habit,value,note)")
        place = {name: index for index, name in enumerate(header)}  # the last of a name wins
        at_date, at_habit, at_value = place["date"], place["habit"], place["value"]
        at_note = place.get("note", -1)
        needed = 1 + max(at_date, at_habit, at_value, at_note)
        for line in lines:
            number += 1
            if '"' in line or len(line) > limit:
                quoted.pending, quoted.more = line, 0
                row = next(reader)
                number += quoted.more
                whole = guarded = True
            else:
                text = line.rstrip("\r\n")
                row = text.split(",", needed) if text else []
                whole = len(row) <= needed
                guarded = _GUARD in text  # a cell may start with the formula guard
            if not row:  # a blank line
                continue
            where = number
            if len(row) < needed:
                row = row + [""] * (needed - len(row))
            day, slug = row[at_date], row[at_habit]
            if guarded:
                if day[:1] == _GUARD:
                    day = restore(day)
                if slug[:1] == _GUARD:
                    slug = restore(slug)
            day, slug = day.strip(), slug.strip()
            if day and slug:
                value = row[at_value]
                if guarded and value[:1] == _GUARD:
                    value = restore(value)
                note = row[at_note] if at_note >= 0 else ""
                if not note:
                    hit = known.get((slug, value))
                    found = dates.get(day)
                    if hit is not None and found is not None and found[1] >= hit[3]:
                        if yield_known:
                            add((hit[0], found[1], hit[1], hit[2], None))
                            if len(out) >= batch:
                                yield out
                                out = []
                                add = out.append
                        continue
                elif guarded and note[:1] == _GUARD:
                    note = restore(note)
                got = on_entry((where, day, slug, value, note or None))
            elif on_other is None:
                continue
            else:
                if not whole:
                    row = row[:needed] + row[needed].split(",")
                got = on_other(where, row, place)
            if got is not None:
                add(got)
                if len(out) >= batch:
                    yield out
                    out = []
                    add = out.append
        if out:
            yield out
    except csv.Error as exc:
        raise UsageError(f"CSV line {number + quoted.more}: {exc}") from None


def _csv_other(line: int, row: list[str], place: dict[str, int]) -> tuple[str, Any] | None:
    """A row of our CSV that is not an entry: ("setting", (name, value)), or
    ("habit" | "day" | "urge" | "writing", item dict with its ``line``)."""
    width = len(row)
    cells = {name: restore(row[index]) if index < width else "" for name, index in place.items()}
    day, slug = cells["date"].strip(), cells["habit"].strip()
    if day and cells.get("kind", "").strip() == "urge":
        triggers = cells.get("triggers") or ""
        try:
            parsed = json.loads(triggers) if triggers.strip() else []
        except json.JSONDecodeError:
            raise UsageError(f"line {line}: triggers must be a JSON list, "
                             f"e.g. [\"photo\"]") from None
        return "urge", {"date": day, "at": cells.get("at") or None,
                        "intensity": cells.get("intensity") or None,
                        "triggers": parsed, "note": cells.get("note") or None, "line": line}
    if day and cells.get("kind", "").strip() == "writing":
        return "writing", {"date": day, "at": cells.get("at") or None,
                           "text": cells.get("note", ""), "line": line}
    if day:
        return "day", {
            "date": day, "note": cells.get("note") or None,
            "mood": cells.get("mood") or None,
            "reached_out": cells.get("reached_out", "").strip().lower() in ("yes", "true", "1"),
            "necessary_contact": cells.get("necessary_contact") or None,
            "break_trigger": cells.get("break_trigger") or None,
            "line": line,
        }
    if slug:
        habit: dict[str, Any] = {"slug": slug, "line": line}
        for key in HABIT_FIELDS[1:]:
            if key in place:  # an older export without "role" takes the default
                habit[key] = cells.get(key) or None
        habit["archived"] = (cells.get("archived") or "").lower() in ("yes", "true", "1")
        return "habit", habit
    if cells.get("name"):
        return "setting", (cells["name"].strip(), cells.get("value", "").strip())
    return None


def _csv_items(handle: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """Every row of our CSV: ("entry", RawEntry) or what ``_csv_other`` makes of it."""
    for found in _scan_csv(handle, lambda entry: ("entry", entry), _csv_other):
        yield from found


_LISTS = {"habit": "habits", "entry": "entries", "day": "days", "urge": "urges",
          "writing": "writings"}


def from_csv(text: str) -> dict[str, Any]:
    """Read our CSV into the JSON-shaped dict; each item keeps its ``line`` number."""
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                            "settings": {}, "habits": [], "entries": [], "days": [],
                            "urges": [], "writings": []}
    for kind, item in _csv_items(io.StringIO(text, newline="")):
        if kind == "setting":
            data["settings"][item[0]] = item[1]
        elif kind == "entry":
            line, day, slug, value, note = item
            data["entries"].append({"date": day, "habit": slug, "value": value, "note": note,
                                    "line": line})
        else:
            data[_LISTS[kind]].append(item)
    return data


class CsvSource:
    """Our CSV, read as a stream each time it is gone through (a file is opened
    again): ``prepare_import`` reads it once, keeping all but the entries, and
    ``apply_import`` reads the entries a second time as it writes them, so a
    million rows never sit in memory."""

    def __init__(self, opener: Callable[[], IO[str]], name: str) -> None:
        self.opener = opener
        self.name = name

    def scan(self, on_entry: OnEntry, on_other: OnOther | None = None, **options: Any
             ) -> Iterator[list[Any]]:
        """``_scan_csv`` of the file (opened again)."""
        try:
            with self.opener() as handle:
                yield from _scan_csv(handle, on_entry, on_other, **options)
        except FileNotFoundError:
            raise UsageError(f"no file at {self.name}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {self.name}: {exc}") from None

    def __iter__(self) -> Iterator[RawEntry]:
        """The entries."""
        for found in self.scan(lambda entry: entry):
            yield from found


def read_file(
    path: Path, fmt: str | None, *, unlock: Callable[[bytes], bytes] | None = None,
    stream: bool = False,
) -> Any:
    """Read an export of ours (json/csv) or another tool's (loop/harsh): a dict
    shaped like the JSON export.

    An export encrypted with age (``export --encrypt``, or the ``age`` tool) is
    opened with ``unlock`` (bytes in, bytes out); its format is read from the
    name without ``.age`` (``data.json.age``), else from the content.

    ``stream``: our CSV comes as a ``CsvSource``, read by ``prepare_import`` and
    ``apply_import`` as they go instead of all at once.
    """
    path = Path(path)
    sealed = _sealed(path)
    if sealed is not None:
        return _read_sealed(path, sealed, fmt, unlock, stream=stream)
    fmt = (fmt or _guess_format(path)).lower()
    check_archive(path)
    if fmt in ("loop", "harsh"):
        from . import importers

        try:
            return importers.read_loop(path) if fmt == "loop" else importers.read_harsh(path)
        except (ValueError, TypeError, ArithmeticError, RecursionError, KeyError, IndexError) as exc:
            # Another program's file holding what its reader did not expect
            # (text for a number, a 5,000-digit field): one line, nothing written.
            detail = safe_line(str(exc))[:120]
            raise UsageError(f"{path}: cannot read it as a {fmt} export ({detail})") from None
    if fmt == "csv" and stream:
        if not path.exists():
            raise UsageError(f"no file at {path}")
        # newline="": line endings inside quoted CSV fields are data, kept as typed.
        return CsvSource(lambda: path.open(encoding="utf-8-sig", newline=""), str(path))
    try:
        # newline="": line endings inside quoted CSV fields are data, kept as typed.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise UsageError(f"no file at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    return _parse_text(text, fmt, path)


def _sealed(path: Path) -> bytes | None:
    """The file's bytes when it is an age file, else None (nothing read but its start)."""
    from .crypto import is_age

    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            if not is_age(handle.read(64)):
                return None
            handle.seek(0)
            return handle.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None


def _read_sealed(path: Path, sealed: bytes, fmt: str | None,
                 unlock: Callable[[bytes], bytes] | None, *, stream: bool = False) -> Any:
    if unlock is None:
        raise UsageError(f"{path} is encrypted (age); give its passphrase or key to read it")
    try:
        text = unlock(sealed).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} decrypts to something that is not a text export") from None
    if fmt is None:
        inner = path.with_suffix("") if path.suffix.lower() == ".age" else path
        suffix = inner.suffix.lower()
        fmt = suffix[1:] if suffix in (".json", ".csv") else (
            "json" if text.lstrip().startswith("{") else "csv")
    if fmt not in ("json", "csv"):
        raise UsageError(f"an encrypted file imports as json or csv, not {fmt}")
    # Line endings as in the file: the same as reading with newline="".
    if fmt == "csv" and stream:
        return CsvSource(lambda: io.StringIO(text, newline=""), str(path))
    return _parse_text(text, fmt, path)


def _parse_text(text: str, fmt: str, path: Path) -> dict[str, Any]:
    if fmt == "csv":
        return from_csv(text)
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except RecursionError:
            raise UsageError(f"{path}: nested too deeply to be a habit-tracker export") from None
        except ValueError as exc:  # e.g. an integer of thousands of digits
            raise UsageError(f"{path}: not a habit-tracker export ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise UsageError(f"{path} is not a habit-tracker export (no \"format\": \"{FORMAT_NAME}\")")
        return data
    raise UsageError(f"unknown import format '{fmt}' (use csv, json, loop or harsh)")


#: The most a zip handed to ``import`` may unpack to, all members together.  A
#: Loop export of ten years is a few megabytes; this refuses a "zip bomb" (a few
#: kilobytes that unpack to gigabytes) before anything is decompressed.  zipfile
#: never returns more than a member's declared size, so checking the declared
#: sizes bounds what is read.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024


def check_archive(path: Path, limit: int = MAX_UNZIPPED_BYTES) -> None:
    """Refuse a zip whose members together unpack to more than ``limit`` bytes."""
    import zipfile

    try:
        if not path.is_file() or not zipfile.is_zipfile(path):
            return
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return  # the reader says what is wrong with it
    if total > limit:
        raise UsageError(
            f"{path} unpacks to {total / 1024 / 1024:,.0f} MB, more than an export ever holds "
            f"(at most {limit // 1024 // 1024} MB); not imported"
        )


def _guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    if suffix in (".zip", ".db") or (path.is_dir() and (path / "Habits.csv").exists()):
        return "loop"
    if path.name in ("log", "habits") or (path.is_dir() and (path / "log").is_file()):
        return "harsh"
    raise UsageError(f"cannot tell the format of {path}; pass --format csv/json/loop/harsh")


def _where(item: dict[str, Any], what: str) -> str:
    line = item.get("line")
    return f"line {line}" if isinstance(line, int) and not isinstance(line, bool) else what


def _shown(value: Any) -> str:
    text = safe_line(repr(value) if not isinstance(value, str) else value)
    return text if len(text) <= 30 else f"{text[:27]}..."


def _text(item: dict[str, Any], key: str, where: str) -> str | None:
    """A text field: absent, null or a string of valid UTF-8 (an empty string is none)."""
    value = item.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise UsageError(f"{where}: {key} should be text, not {_shown(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{where}: {key} holds a character that is not valid UTF-8 text") from None
    return value


def _get_date(text: Any, where: str, field_name: str, today: date | None = None) -> date | None:
    if text in (None, ""):
        return None
    if not isinstance(text, str):
        raise UsageError(f"{where}: {field_name} should be a date as text, not {_shown(text)}")
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{where}: {field_name} '{_shown(text)}' is not an ISO date (YYYY-MM-DD)"
        ) from None
    try:
        return check_day(day, field_name, today=today, allow_future=today is None)
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None


def _get_number(text: Any, where: str, field_name: str) -> float | None:
    if text in (None, ""):
        return None
    if isinstance(text, bool) or not isinstance(text, (int, float, str)):
        raise UsageError(f"{where}: {field_name} should be a number, not {_shown(text)}")
    try:
        return parse_amount(text, field_name)
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None


def _get_whole(text: Any, where: str, field_name: str, low: int, high: int) -> int | None:
    if text in (None, ""):
        return None
    problem = UsageError(f"{where}: {field_name} must be a whole number from {low} to {high}, "
                         f"not {_shown(text)}")
    if isinstance(text, bool) or not isinstance(text, (int, float, str)):
        raise problem
    try:
        value = float(text)
    except (ValueError, OverflowError):
        raise problem from None
    if not (math.isfinite(value) and value == int(value) and low <= value <= high):
        raise problem
    return int(value)


def _get_flag(value: Any, where: str, field_name: str) -> bool:
    if value in (None, "", 0, 1) or isinstance(value, bool):
        return bool(value)
    raise UsageError(f"{where}: {field_name} should be true or false, not {_shown(value)}")


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """``data[key]``: absent, null, or a list of objects."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise UsageError(f"\"{key}\" should be a list, not {_shown(items)}")
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise UsageError(f"{key[:-1]} {number}: should be an object, not {_shown(item)}")
    return items


def _habit_from_item(item: dict[str, Any], where: str, today: date) -> m.Habit:
    slug = item.get("slug")
    if not isinstance(slug, str):
        raise UsageError(f"{where}: a habit needs a slug (text), not {_shown(slug)}")
    kind = item.get("kind")
    if kind not in m.KINDS:
        raise UsageError(f"{where}: kind {_shown(kind)} is not one of {', '.join(m.KINDS)}")
    try:
        return validate_habit(m.Habit(
            slug=slug,
            name=_text(item, "name", where) or slug,
            kind=kind,
            since=_get_date(item.get("since"), where, "since"),
            created=_get_date(item.get("created"), where, "created") or today,
            per_week=_get_whole(item.get("per_week"), where, "per_week", 1, MAX_PER_DAYS),
            daily_min=_get_number(item.get("daily_min"), where, "daily_min"),
            target=_get_number(item.get("target"), where, "target"),
            unit=_text(item, "unit", where),
            deadline=_get_date(item.get("deadline"), where, "deadline"),
            archived=_get_flag(item.get("archived"), where, "archived"),
            position=_get_whole(item.get("position"), where, "position", 0, MAX_POSITION) or 0,
            per_days=_get_whole(item.get("per_days"), where, "per_days", 1, MAX_PER_DAYS),
            daily_max=_get_number(item.get("daily_max"), where, "daily_max"),
            question=_text(item, "question", where),
            description=_text(item, "description", where),
            role=_role_of(item),
        ))
    except UsageError as exc:
        if str(exc).startswith(where):
            raise
        raise UsageError(f"{where}: {exc}") from None


def _role_of(item: dict[str, Any]) -> str | None:
    """The role the file gives (``role``: null or absent in older exports, which
    take it from the slug `init` used)."""
    if "role" in item:
        role = item.get("role") or None
        return str(role) if role in m.ROLES else None
    return m.default_role(str(item.get("slug") or ""), str(item.get("kind") or ""))


def _slug_for(habit: m.Habit, habits: dict[str, m.Habit]) -> str:
    """``habit.slug``, or ``slug-2``, ``slug-3``...: the first that is free or already
    holds this very habit (same name and kind)."""
    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        slug = habit.slug[: 40 - len(suffix)].rstrip("-") + suffix
        here = habits.get(slug)
        if here is None or (here.name == habit.name and here.kind == habit.kind):
            return slug
        number += 1


class ImportPlan(NamedTuple):
    """An import file read and checked field by field, before the database is touched."""

    settings: dict[str, str]
    habits: list[tuple[str, m.Habit]]  # (where, habit)
    #: the entries as read (checked already; checked again as they are written):
    #: a list, or a CsvSource that reads them from the file again
    entries: Iterable[RawEntry]
    days: list[tuple[str, Row]]  # where, the days row
    source: str
    app: str | None  # "Loop" or "harsh" for another app's habits, else None
    warnings: list[str]  # the reader's, then the import's own
    companion: dict[str, list[dict[str, Any]]]  # urges and writings, shapes checked
    today: date
    entry_habits: set[str]  # the slugs the entries name

    def undefined_habits(self) -> set[str]:
        defined = {habit.slug for _, habit in self.habits}
        return self.entry_habits - defined


def _place(where: int | str) -> str:
    return f"line {where}" if isinstance(where, int) else where


class _EntryCheck:
    """An entry's fields checked one by one, as the rest of an import is; a
    date text or a habit's value text met before is not parsed again (a
    million entries hold a few thousand of each)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.dates: dict[str, tuple[date, str]] = {}
        self.values: dict[tuple[str, Any], tuple[str | None, float | None]] = {}

    def fields(self, entry: RawEntry) -> tuple[str, date, str, Any, str | None]:
        """slug, day, its ISO text, value and note, or UsageError."""
        where, text, slug, value, note = entry
        if not isinstance(slug, str) or not slug:
            raise UsageError(f"{_place(where)}: an entry needs a habit (its slug), not "
                             f"{_shown(slug)}")
        found = self.dates.get(text) if isinstance(text, str) else None
        if found is None:
            day = _get_date(text, _place(where), "date", self.today)
            if day is None:
                raise UsageError(f"{_place(where)}: an entry needs a date")
            found = (day, day.isoformat())
            if isinstance(text, str):
                if len(self.dates) >= 100_000:
                    self.dates.clear()
                self.dates[text] = found
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise UsageError(f"{_place(where)}: value should be a word or a number, not "
                             f"{_shown(value)}")
        if note is not None and note != "":
            note = _text({"note": note}, "note", _place(where))
        return slug, found[0], found[1], value, note or None

    def value(self, habit: m.Habit, day: date, value: Any, where: int | str
              ) -> tuple[str | None, float | None]:
        """_check_value, each habit's value texts parsed once."""
        key = (habit.slug, value)
        parsed = self.values.get(key)
        if parsed is None:
            parsed = _check_value(habit, day, value, _place(where))
            if len(self.values) < 10_000:  # bounded: amounts vary
                self.values[key] = parsed
        elif habit.kind == m.ABSTAIN and habit.since and day < habit.since:
            _check_value(habit, day, value, _place(where))
        return parsed


def _raw_entries(items: list[dict[str, Any]]) -> list[RawEntry]:
    return [(_where(item, f"entry {number}"), item.get("date"), item.get("habit"),
             item.get("value", ""), item.get("note"))
            for number, item in enumerate(items, 1)]


def prepare_import(data: Any, *, today: date, source: str = "") -> ImportPlan:
    """Check everything in ``data`` that does not depend on the database; UsageError
    naming the first problem (its line or item number and field).  ``data``: a
    dict shaped like the JSON export, or a ``CsvSource`` (read once here, its
    entries checked as they go by and not kept)."""
    if isinstance(data, CsvSource):
        return _prepare_csv(data, today=today, source=source)
    if not isinstance(data, dict):
        raise UsageError(f"an import should be a JSON object, not {_shown(data)}")
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UsageError(f"\"version\" should be a whole number, not {_shown(version)}")
    if version > FORMAT_VERSION:
        raise UsageError(f"this export has format version {_shown(version)}; upgrade habit-tracker "
                         "to read it")
    settings = _prepare_settings(data)
    habits = _prepare_habits(_items(data, "habits"), today)
    entries = _raw_entries(_items(data, "entries"))
    slugs = _check_entries(entries, _kinds(habits), today)
    days = _prepare_days(_items(data, "days"), today)
    app = data.get("source") if data.get("source") in ("Loop", "harsh") else None
    given = data.get("warnings") if app is not None else None
    warnings = [str(w) for w in given] if isinstance(given, list) else []
    companion = {key: _items(data, key) for key in ("urges", "writings")}
    return ImportPlan(settings, habits, entries, days, source, app, warnings, companion, today,
                      slugs)


def _prepare_settings(data: dict[str, Any]) -> dict[str, str]:
    raw_settings = data.get("settings") or {}
    if not isinstance(raw_settings, dict):
        raise UsageError(f"\"settings\" should be an object, not {_shown(raw_settings)}")
    settings = {}
    for key, value in raw_settings.items():
        if key in SETTINGS_DEFAULTS:
            try:
                settings[key] = validate_setting(key, value)
            except UsageError as exc:
                raise UsageError(f"settings: {exc}") from None
    return settings


def _prepare_habits(items: list[dict[str, Any]], today: date) -> list[tuple[str, m.Habit]]:
    habits: list[tuple[str, m.Habit]] = []
    for number, item in enumerate(items, 1):
        where = _where(item, f"habit {number}")
        habits.append((where, _habit_from_item(item, where, today)))
    return habits


def _kinds(habits: list[tuple[str, m.Habit]]) -> dict[str, m.Habit]:
    """The file's habits by slug (the first of a slug given twice)."""
    kinds: dict[str, m.Habit] = {}
    for _, habit in habits:
        kinds.setdefault(habit.slug, habit)
    return kinds


def _check_entries(entries: Iterable[RawEntry], kinds: dict[str, m.Habit], today: date
                   ) -> set[str]:
    """Every entry checked against the file's habits; the slugs they name."""
    check = _EntryCheck(today)
    slugs: set[str] = set()
    for entry in entries:
        slug, day, _, value, _ = check.fields(entry)
        slugs.add(slug)
        if slug in kinds:
            check.value(kinds[slug], day, value, entry[0])
    return slugs


def _prepare_days(items: list[dict[str, Any]], today: date) -> list[tuple[str, Row]]:
    days = []
    for number, item in enumerate(items, 1):
        where = _where(item, f"day {number}")
        day = _get_date(item.get("date"), where, "date", today)
        if day is None:
            raise UsageError(f"{where}: a day needs a date")
        mood = _get_whole(item.get("mood"), where, "mood", 1, 10)
        days.append((where, {"date": day.isoformat(), "mood": mood,
                             "note": _text(item, "note", where),
                             "reached_out": int(_get_flag(item.get("reached_out"), where,
                                                          "reached_out")),
                             "necessary_contact": _text(item, "necessary_contact", where),
                             "break_trigger": _text(item, "break_trigger", where)}))
    return days


def _prepare_csv(csv_file: CsvSource, *, today: date, source: str) -> ImportPlan:
    """``prepare_import`` of our CSV in one pass over the file: the entries are
    checked as they go by against the habits defined above them (our export
    defines every habit first) and not kept.  The problems are named in the
    order ``prepare_import`` finds them in a dict: settings, habits, entries,
    days; the entries are gone through again only when one of them came before
    the definition of its habit."""
    settings: dict[str, str] = {}
    lists: dict[str, list[dict[str, Any]]] = {"habits": [], "days": [], "urges": [],
                                              "writings": []}
    kinds: dict[str, m.Habit] = {}  # the habits defined so far, checked
    check = _EntryCheck(today)
    slugs: set[str] = set()
    early: set[str] = set()  # slugs of entries met before any definition of their habit
    problems: list[UsageError] = []  # the first entry refused
    passed: Known = {}  # (slug, value) checked: an entry with them and a date met is fine

    def on_entry(entry: RawEntry) -> None:
        if problems:
            return
        try:
            slug, day, _, value, _ = check.fields(entry)
            habit = kinds.get(slug)
            if habit is not None:
                check.value(habit, day, value, entry[0])
                if len(passed) < 10_000 and type(value) is str:
                    passed[(slug, value)] = (0, None, None, _first_day(habit))
            else:
                early.add(slug)
            slugs.add(slug)
        except UsageError as exc:
            problems.append(exc)

    for found in csv_file.scan(on_entry, _csv_other, known=passed, dates=check.dates,
                               yield_known=False):
        for kind, item in found:
            if kind == "setting":
                settings[item[0]] = item[1]
                continue
            held = lists[_LISTS[kind]]
            held.append(item)
            if kind == "habit":
                try:
                    habit = _habit_from_item(item, _where(item, f"habit {len(held)}"), today)
                except UsageError:
                    continue  # named below, in its turn
                kinds.setdefault(habit.slug, habit)
    chosen = _prepare_settings({"settings": settings})
    habits = _prepare_habits(lists["habits"], today)
    if early & set(kinds):  # checked without the habit defined further down: again, in full
        slugs = _check_entries(csv_file, _kinds(habits), today)
    elif problems:
        raise problems[0]
    days = _prepare_days(lists["days"], today)
    companion = {key: lists[key] for key in ("urges", "writings")}
    return ImportPlan(chosen, habits, csv_file, days, source, None, [], companion, today, slugs)


def _check_value(habit: m.Habit, day: date, value: Any, where: str) -> tuple[str | None, float | None]:
    try:
        status, amount = parse_value(habit, value)
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None
    if habit.kind == m.ABSTAIN and habit.since and day < habit.since:
        raise UsageError(
            f"{where}: {habit.slug} starts on {habit.since.isoformat()}, after {day.isoformat()}"
        )
    return status, amount


def apply_import(store: Store, plan: ImportPlan, *, replace: bool = False) -> dict[str, int]:
    """Write a checked import in one transaction, as a merge.

    Habits missing from the database are created; existing ones keep their
    definition (their kind must match).  An entry or day the database holds
    already with the same value is left alone; with a different value the
    database's is kept, unless ``replace``, and counted in ``differed``.  So
    importing the same file twice changes nothing, and a newer export adds only
    what is new.  Settings are taken only by a database with no habits yet.
    Returns counts: ``habits``, ``entries`` and ``days`` written, ``differed``
    (days whose values differed: kept, or replaced with ``replace``).

    Entries and days are merged in batches (``store.bulk_merge``): the undo log
    gets one record per habit's span of days written and a before-image of each
    row replaced, not an image of every row.
    """
    counts = {"habits": 0, "entries": 0, "days": 0, "differed": 0, "urges": 0, "writings": 0}
    fresh = not store.habits(include_archived=True)
    with store.transaction(f"import {plan.source}".strip()) as tx:
        if fresh:
            for key, value in plan.settings.items():
                if key == "since_time" and not value:
                    continue
                tx.put("settings", {"key": key, "value": value})
        habits = {h.slug: h for h in store.habits(include_archived=True)}
        # Into a database with habits already, new ones go after them.
        offset = 0 if fresh else 1 + max(h.position for h in habits.values())
        # Another app's habits have slugs we made up from their names: one that is
        # taken here by a different habit (another name or kind) gets the next
        # free slug, or the one an earlier import of the same habit gave it.
        renamed: dict[str, str] = {}
        for where, habit in plan.habits:
            if plan.app is not None and habit.slug in habits:
                slug = _slug_for(habit, habits)
                if slug != habit.slug:
                    here = habits[habit.slug]
                    plan.warnings.append(
                        f"{plan.app} habit '{habit.name}': the slug '{habit.slug}' is "
                        f"'{here.name}' ({here.kind}) here, so it comes in as '{slug}'"
                    )
                    renamed[habit.slug] = slug
                    habit = habit._replace(slug=slug)
            if habit.slug in habits:
                if habits[habit.slug].kind != habit.kind:
                    raise UsageError(
                        f"{where}: '{habit.slug}' is a {habits[habit.slug].kind} habit here "
                        f"but {habit.kind} in the file"
                    )
                continue
            if habit.role is not None and any(h.role == habit.role for h in habits.values()):
                habit = habit._replace(role=None)  # the database has its own already
            row = habit_to_row(habit)
            row.pop("id")
            row["position"] = min(row["position"] + offset, MAX_POSITION)
            habits[habit.slug] = store.habit_by_id(tx.insert_habit(row))
            counts["habits"] += 1
        with bulk_merge(tx, "entries", replace=replace) as entries:
            _merge_entries(entries, plan, habits, renamed)
        columns = TABLES["days"][0]
        with bulk_merge(tx, "days", replace=replace) as days:
            for _, row in plan.days:
                days.add(tuple(row[c] for c in columns))
        counts["entries"], counts["days"] = entries.count, days.count
        counts["differed"] = len(entries.differed | days.differed)
        _import_companion(store, tx, plan.companion, plan.today, counts)
    return counts


def _first_day(habit: m.Habit) -> str:
    """The first day an entry of ``habit`` may have, as ISO text ("" for any)."""
    return habit.since.isoformat() if habit.kind == m.ABSTAIN and habit.since else ""


def _merge_entries(bulk: BulkMerge, plan: ImportPlan, habits: dict[str, m.Habit],
                   renamed: dict[str, str]) -> None:
    """Each entry checked (again: a CSV is read a second time) against the
    database's habit, then handed to ``bulk``, a batch at a time."""
    bulk.add_batches(_entry_batches(plan, habits, renamed, changelog.BATCH))


def _entry_batches(plan: ImportPlan, habits: dict[str, m.Habit], renamed: dict[str, str],
                   size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The entries as rows of the entries table, ``size`` at a time; an entry
    with a date and a value text met before (and no note) is not checked field
    by field again."""
    check = _EntryCheck(plan.today)
    fields, value_of, dates = check.fields, check.value, check.dates
    known: Known = {}

    def row(entry: RawEntry) -> tuple[Any, ...]:
        slug, day, iso, value, note = fields(entry)
        slug = renamed.get(slug, slug)
        habit = habits.get(slug)
        if habit is None:
            raise UsageError(
                f"{_place(entry[0])}: unknown habit '{_shown(slug)}' (define it in the file or "
                "with 'habit add')"
            )
        status, amount = value_of(habit, day, value, entry[0])
        if type(value) is str and len(known) < 10_000:
            known[(entry[2], value)] = (habit.id or 0, status, amount, _first_day(habit))
        return habit.id, iso, status, amount, note

    if isinstance(plan.entries, CsvSource):
        yield from plan.entries.scan(row, known=known, dates=dates, batch=size)
        return
    rows: list[tuple[Any, ...]] = []
    for entry in plan.entries:
        _, text, slug, value, note = entry
        if note is None and type(value) is str and type(slug) is str and type(text) is str:
            hit = known.get((slug, value))
            found = dates.get(text)
            if hit is not None and found is not None and found[1] >= hit[3]:
                rows.append((hit[0], found[1], hit[1], hit[2], None))
            else:
                rows.append(row(entry))
        else:
            rows.append(row(entry))
        if len(rows) >= size:
            yield rows
            rows = []
    if rows:
        yield rows


def _plain_text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _moment(item: dict[str, Any], where: str, today: date) -> tuple[str, str]:
    """An item's ``at`` and ``date`` as stored (ISO, minutes), checked."""
    day = _get_date(item.get("date"), where, "date")
    try:
        at = datetime.fromisoformat(str(item.get("at") or ""))
    except ValueError:
        raise UsageError(f"{where}: at '{item.get('at')}' is not an ISO date-time "
                         "(YYYY-MM-DDTHH:MM)") from None
    if day is None:
        raise UsageError(f"{where}: a date is needed")
    if day > today:
        raise UsageError(f"{where}: {day.isoformat()} is in the future")
    return at.isoformat(timespec="minutes"), day.isoformat()


def _import_companion(store: Store, tx: Any, data: dict[str, Any], today: date,
                      counts: dict[str, int]) -> None:
    """Urges and writings; one already in the database (same moment and content)
    is not added again, so importing the same file twice changes nothing (two
    alike in one file are both kept)."""
    from collections import Counter

    have_urges = Counter((u.at.isoformat(timespec="minutes"), u.intensity, u.triggers, u.note)
                         for u in store.urges())
    for number, item in enumerate(data.get("urges") or [], 1):
        where = _where(item, f"urge {number}")
        at, day = _moment(item, where, today)
        level = _get_number(item.get("intensity"), where, "intensity")
        if level is None or level != int(level) or not 1 <= level <= 10:
            raise UsageError(f"{where}: intensity must be a whole number from 1 to 10")
        triggers = item.get("triggers") or []
        if not isinstance(triggers, list) or not all(isinstance(t, str) for t in triggers):
            raise UsageError(f"{where}: triggers must be a list of words")
        key = (at, int(level), tuple(triggers), _plain_text(item.get("note")))
        if have_urges[key] > 0:
            have_urges[key] -= 1
            continue
        tx.insert("urges", {"at": at, "date": day, "intensity": int(level),
                            "triggers": json.dumps(triggers, ensure_ascii=False)
                            if triggers else None,
                            "note": _plain_text(item.get("note"))})
        counts["urges"] += 1
    have_writings = Counter((w.at.isoformat(timespec="minutes"), w.text) for w in store.writings())
    for number, item in enumerate(data.get("writings") or [], 1):
        where = _where(item, f"writing {number}")
        at, day = _moment(item, where, today)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise UsageError(f"{where}: a writing needs its text")
        if have_writings[(at, text)] > 0:
            have_writings[(at, text)] -= 1
            continue
        tx.insert("writings", {"at": at, "date": day, "text": text})
        counts["writings"] += 1


def import_data(
    store: Store, data: dict[str, Any] | CsvSource, *, today: date, source: str = "",
    replace: bool = False,
) -> dict[str, int]:
    """Check ``data`` field by field, then load it in one transaction (see apply_import).
    Warnings (the reader's and the import's own) end up in ``data["warnings"]``."""
    plan = prepare_import(data, today=today, source=source)
    counts = apply_import(store, plan, replace=replace)
    if plan.warnings and isinstance(data, dict):
        data["warnings"] = plan.warnings
    return counts
