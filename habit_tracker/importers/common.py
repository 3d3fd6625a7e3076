"""What the Loop and harsh readers share: the draft habits, the builder that turns
them into our interchange dict, slugs, frequencies and small text parsers."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import DAILY, WEEKLY

FORMAT = "habit-tracker"
FORMAT_VERSION = 1

SLUG_MAX = 40

Value = str | float


# --------------------------------------------------------------------- building


@dataclass
class Draft:
    """A habit read from the source, before slugs and dates are settled."""

    name: str
    kind: str
    per_week: int | None = None
    daily_min: float | None = None
    unit: str | None = None
    archived: bool = False
    seen: set[date] = field(default_factory=set)  # every day the source holds for it


@dataclass
class Builder:
    """Collects habits, entries and warnings, then produces the interchange dict."""

    source: str  # "Loop" or "harsh", for messages
    drafts: list[Draft] = field(default_factory=list)
    entries: dict[tuple[int, date], tuple[Value, str | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    all_days: set[date] = field(default_factory=set)
    repeated: dict[int, list[date]] = field(default_factory=dict)

    def add_habit(self, draft: Draft) -> int:
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
    slug = slug[:SLUG_MAX].rstrip("-")
    return slug or "habit"


def unique_slug(name: str, taken: set[str]) -> str:
    """The slug of ``name``, with ``-2``, ``-3``... when already in ``taken``."""
    base = slugify(name)
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def weekly_target(num: int, den: int) -> int:
    """Sessions per week for ``num`` times in ``den`` days: rounded half up, 1..7."""
    exact = Fraction(num * 7, den)
    rounded = int(exact + Fraction(1, 2))  # floor(x + 1/2): half up, unlike round()
    return max(1, min(7, rounded))


def times_text(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def map_frequency(
    builder: Builder, name: str, num: int, den: int, said: str
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



def decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def csv_table(text: str, where: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
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


def iso_day(text: str, where: str) -> date:
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise UsageError(f"{where}: bad date '{text}' (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{where}: no such date '{text}'") from None


def int_cell(row: dict[str, str], column: str, where: str) -> int:
    text = row.get(column, "").strip()
    if not re.fullmatch(r"-?\d+", text):
        raise UsageError(f"{where}: {column} '{text}' is not a whole number")
    return int(text)



def number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"



def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(data, str(path))

