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
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from . import models as m
from .dates import check_day
from .errors import UsageError
from .store import (
    MAX_PER_DAYS,
    MAX_POSITION,
    SETTINGS_DEFAULTS,
    Row,
    Store,
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


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if math.isfinite(value) and value == int(value) else value


# --------------------------------------------------------------------- export


def export_data(store: Store) -> dict[str, Any]:
    """The whole database as one JSON-ready dict, in a stable order."""
    habits = store.habits(include_archived=True)
    entries: list[dict[str, Any]] = []
    for habit in habits:
        for entry in store.entries(habit):
            value: Any = entry.status if entry.status is not None else _number(entry.amount)
            entries.append(
                {"date": entry.date.isoformat(), "habit": habit.slug, "value": value,
                 "note": entry.note}
            )
    order = {h.slug: i for i, h in enumerate(habits)}
    entries.sort(key=lambda e: (e["date"], order[e["habit"]]))
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
        "entries": entries,
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

    def __init__(self, out: io.StringIO) -> None:
        self.out = out

    def writeheader(self) -> None:
        self.out.write(",".join(CSV_COLUMNS) + "\n")

    def writerow(self, row: dict[str, str]) -> None:
        self.out.write(",".join(_quoted(row.get(column, "")) for column in CSV_COLUMNS) + "\n")


def _quoted(text: str) -> str:
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = _CsvWriter(out)
    writer.writeheader()
    for key, value in data["settings"].items():
        writer.writerow({"name": key, "value": _cell(value)})
    for habit in data["habits"]:
        row = {k: _cell(v) for k, v in habit.items() if k != "slug"}
        row["habit"] = habit["slug"]
        writer.writerow(row)
    days = {d["date"]: d for d in data["days"]}
    by_date: dict[str, list[dict[str, Any]]] = {}
    for entry in data["entries"]:
        by_date.setdefault(entry["date"], []).append(entry)
    urges: dict[str, list[dict[str, Any]]] = {}
    for urge in data.get("urges") or []:
        urges.setdefault(urge["date"], []).append(urge)
    writings: dict[str, list[dict[str, Any]]] = {}
    for writing in data.get("writings") or []:
        writings.setdefault(writing["date"], []).append(writing)
    for day in sorted(set(days) | set(by_date) | set(urges) | set(writings)):
        if day in days:
            info = days[day]
            writer.writerow({"date": day, "note": _cell(info["note"]), "mood": _cell(info["mood"]),
                             "reached_out": _cell(bool(info["reached_out"])),
                             "necessary_contact": _cell(info.get("necessary_contact")),
                             "break_trigger": _cell(info.get("break_trigger"))})
        for entry in by_date.get(day, []):
            writer.writerow({"date": day, "habit": entry["habit"], "value": _cell(entry["value"]),
                             "note": _cell(entry["note"])})
        for urge in urges.get(day, []):
            writer.writerow({"date": day, "kind": "urge", "at": urge["at"],
                             "intensity": _cell(urge["intensity"]),
                             "triggers": json.dumps(urge["triggers"], ensure_ascii=False)
                             if urge["triggers"] else "",
                             "note": _cell(urge["note"])})
        for writing in writings.get(day, []):
            writer.writerow({"date": day, "kind": "writing", "at": writing["at"],
                             "note": _cell(writing["text"])})
    return out.getvalue()


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
    spreadsheets.  ``days`` is what ``tracker.history`` returns."""
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


def from_csv(text: str) -> dict[str, Any]:
    """Read our CSV into the JSON-shaped dict; each item keeps its ``line`` number."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("date", "habit", "value") if c not in header]
    if missing:
        raise UsageError(f"CSV header lacks {', '.join(missing)} (expected date,habit,value,note)")
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                            "settings": {}, "habits": [], "entries": [], "days": [],
                            "urges": [], "writings": []}
    try:
        for row in reader:
            line = reader.line_num
            cells = {k: restore(v or "") if isinstance(v, str) else ""
                     for k, v in row.items() if k is not None}
            day, slug = cells.get("date", "").strip(), cells.get("habit", "").strip()
            if day and slug:
                data["entries"].append({"date": day, "habit": slug, "value": cells.get("value", ""),
                                        "note": cells.get("note") or None, "line": line})
            elif day and cells.get("kind", "").strip() == "urge":
                triggers = cells.get("triggers") or ""
                try:
                    parsed = json.loads(triggers) if triggers.strip() else []
                except json.JSONDecodeError:
                    raise UsageError(f"line {line}: triggers must be a JSON list, "
                                     f"e.g. [\"photo\"]") from None
                data["urges"].append({"date": day, "at": cells.get("at") or None,
                                      "intensity": cells.get("intensity") or None,
                                      "triggers": parsed, "note": cells.get("note") or None,
                                      "line": line})
            elif day and cells.get("kind", "").strip() == "writing":
                data["writings"].append({"date": day, "at": cells.get("at") or None,
                                         "text": cells.get("note", ""), "line": line})
            elif day:
                data["days"].append({
                    "date": day, "note": cells.get("note") or None,
                    "mood": cells.get("mood") or None,
                    "reached_out": cells.get("reached_out", "").strip().lower()
                    in ("yes", "true", "1"),
                    "necessary_contact": cells.get("necessary_contact") or None,
                    "break_trigger": cells.get("break_trigger") or None,
                    "line": line,
                })
            elif slug:
                habit: dict[str, Any] = {"slug": slug, "line": line}
                for key in HABIT_FIELDS[1:]:
                    if key in header:  # an older export without "role" takes the default
                        habit[key] = cells.get(key) or None
                habit["archived"] = (cells.get("archived") or "").lower() in ("yes", "true", "1")
                data["habits"].append(habit)
            elif cells.get("name"):
                data["settings"][cells["name"].strip()] = cells.get("value", "").strip()
    except csv.Error as exc:
        raise UsageError(f"CSV line {reader.line_num}: {exc}") from None
    return data


def read_file(
    path: Path, fmt: str | None, *, unlock: Callable[[bytes], bytes] | None = None
) -> dict[str, Any]:
    """Read an export of ours (json/csv) or another tool's (loop/harsh).

    An export encrypted with age (``export --encrypt``, or the ``age`` tool) is
    opened with ``unlock`` (bytes in, bytes out); its format is read from the
    name without ``.age`` (``data.json.age``), else from the content.
    """
    path = Path(path)
    sealed = _sealed(path)
    if sealed is not None:
        return _read_sealed(path, sealed, fmt, unlock)
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
                 unlock: Callable[[bytes], bytes] | None) -> dict[str, Any]:
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
    entries: list[tuple[str, str, date, Any, str | None]]  # where, slug, day, value, note
    days: list[tuple[str, Row]]  # where, the days row
    source: str
    app: str | None  # "Loop" or "harsh" for another app's habits, else None
    warnings: list[str]  # the reader's, then the import's own
    companion: dict[str, list[dict[str, Any]]]  # urges and writings, shapes checked
    today: date

    def undefined_habits(self) -> set[str]:
        defined = {habit.slug for _, habit in self.habits}
        return {slug for _, slug, _, _, _ in self.entries} - defined


def prepare_import(data: Any, *, today: date, source: str = "") -> ImportPlan:
    """Check everything in ``data`` that does not depend on the database; UsageError
    naming the first problem (its line or item number and field)."""
    if not isinstance(data, dict):
        raise UsageError(f"an import should be a JSON object, not {_shown(data)}")
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UsageError(f"\"version\" should be a whole number, not {_shown(version)}")
    if version > FORMAT_VERSION:
        raise UsageError(f"this export has format version {_shown(version)}; upgrade habit-tracker "
                         "to read it")
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
    habits: list[tuple[str, m.Habit]] = []
    kinds: dict[str, m.Habit] = {}
    for number, item in enumerate(_items(data, "habits"), 1):
        where = _where(item, f"habit {number}")
        habit = _habit_from_item(item, where, today)
        habits.append((where, habit))
        kinds.setdefault(habit.slug, habit)
    entries = []
    for number, item in enumerate(_items(data, "entries"), 1):
        where = _where(item, f"entry {number}")
        slug = item.get("habit")
        if not isinstance(slug, str) or not slug:
            raise UsageError(f"{where}: an entry needs a habit (its slug), not {_shown(slug)}")
        day = _get_date(item.get("date"), where, "date", today)
        if day is None:
            raise UsageError(f"{where}: an entry needs a date")
        value = item.get("value", "")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise UsageError(f"{where}: value should be a word or a number, not {_shown(value)}")
        note = _text(item, "note", where)
        if slug in kinds:
            _check_value(kinds[slug], day, value, where)
        entries.append((where, slug, day, value, note))
    days = []
    for number, item in enumerate(_items(data, "days"), 1):
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
    app = data.get("source") if data.get("source") in ("Loop", "harsh") else None
    given = data.get("warnings") if app is not None else None
    warnings = [str(w) for w in given] if isinstance(given, list) else []
    companion = {key: _items(data, key) for key in ("urges", "writings")}
    return ImportPlan(settings, habits, entries, days, source, app, warnings, companion, today)


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
    """
    counts = {"habits": 0, "entries": 0, "days": 0, "differed": 0, "urges": 0, "writings": 0}
    differed: set[str] = set()
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
        for where, slug, day, value, note in plan.entries:
            slug = renamed.get(slug, slug)
            if slug not in habits:
                raise UsageError(
                    f"{where}: unknown habit '{_shown(slug)}' (define it in the file or with "
                    "'habit add')"
                )
            habit = habits[slug]
            status, amount = _check_value(habit, day, value, where)
            outcome = tx.merge("entries", {"habit_id": habit.id, "date": day.isoformat(),
                                           "status": status, "amount": amount, "note": note},
                               replace=replace)
            if outcome in ("new", "replaced"):
                counts["entries"] += 1
            if outcome in ("kept", "replaced"):
                differed.add(day.isoformat())
        for _, row in plan.days:
            outcome = tx.merge("days", row, replace=replace)
            if outcome in ("new", "replaced"):
                counts["days"] += 1
            if outcome in ("kept", "replaced"):
                differed.add(row["date"])
        _import_companion(store, tx, plan.companion, plan.today, counts)
    counts["differed"] = len(differed)
    return counts


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
    store: Store, data: dict[str, Any], *, today: date, source: str = "", replace: bool = False
) -> dict[str, int]:
    """Check ``data`` field by field, then load it in one transaction (see apply_import).
    Warnings (the reader's and the import's own) end up in ``data["warnings"]``."""
    plan = prepare_import(data, today=today, source=source)
    counts = apply_import(store, plan, replace=replace)
    if plan.warnings:
        data["warnings"] = plan.warnings
    return counts
