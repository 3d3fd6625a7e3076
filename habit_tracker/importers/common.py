"""What the Loop and harsh readers share: the draft habits, the builder that turns
them into our interchange dict, slugs, frequencies and small text parsers."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
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
    per_days: int | None = None
    daily_max: float | None = None
    question: str | None = None
    description: str | None = None


@dataclass
class Builder:
    """Collects habits, entries and warnings, then produces the interchange dict."""

    source: str  # "Loop" or "harsh", for messages
    drafts: list[Draft] = field(default_factory=list)
    entries: dict[tuple[int, date], tuple[Value, str | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    all_days: set[date] = field(default_factory=set)
    repeated: dict[int, list[date]] = field(default_factory=dict)
    day_notes: dict[date, list[str]] = field(default_factory=dict)
    ends: dict[str, date] = field(default_factory=dict)  # harsh: habits with an end date

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

    def keep_note(self, day: date, text: str) -> None:
        """A note that belongs to no entry we import: kept as the day's own note."""
        self.see(None, day)
        self.day_notes.setdefault(day, []).append(text)

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
            # A habit with nothing logged starts on the earliest day in the file, or,
            # in a file with no dates at all, on the day it is imported (the
            # interchange reader fills in today for a missing creation date).
            created = min(draft.seen) if draft.seen else earliest
            slug = unique_slug(draft.name, taken)
            if not ascii_letters(draft.name):
                self.warn(
                    f"{self.source} habit '{draft.name}' gets the slug '{slug}' (its name has no "
                    f"Latin letters to make one from); rename it with: habit edit {slug} --slug NEW"
                )
            taken.add(slug)
            slugs[index] = slug
            habits.append(
                {
                    "slug": slug,
                    "name": draft.name,
                    "kind": draft.kind,
                    "since": None,
                    "created": created.isoformat() if created else None,
                    "per_week": draft.per_week,
                    "daily_min": draft.daily_min,
                    "target": None,
                    "unit": draft.unit,
                    "deadline": None,
                    "archived": draft.archived,
                    "position": len(habits),
                    "per_days": draft.per_days,
                    "daily_max": draft.daily_max,
                    "question": draft.question,
                    "description": draft.description,
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
            "days": [
                {"date": day.isoformat(), "mood": None, "note": "\n".join(notes),
                 "reached_out": False}
                for day, notes in sorted(self.day_notes.items())
            ],
            "warnings": list(self.warnings),
            "source": self.source,
        }


#: Cyrillic and Greek letters as people type them in Latin letters (the common
#: scientific/passport spellings); other scripts have no table here.
_PAIRS = (
    "а:a б:b в:v г:g д:d е:e ё:yo ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t "
    "у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya є:ye і:i ї:yi ґ:g ў:u "
    "α:a β:v γ:g δ:d ε:e ζ:z η:i θ:th ι:i κ:k λ:l μ:m ν:n ξ:x ο:o π:p ρ:r σ:s ς:s τ:t "
    "υ:y φ:f χ:ch ψ:ps ω:o"
)
_TRANSLITERATION: dict[str, str] = dict(pair.split(":") for pair in _PAIRS.split())


def ascii_letters(name: str) -> bool:
    """True when ``name`` holds a letter or digit a slug can be made from."""
    return slugify(name, fallback="") != ""


def slugify(name: str, fallback: str = "habit") -> str:
    """``Wake up early`` -> ``wake-up-early``; ``Méditer`` -> ``mediter``;
    ``Бег`` -> ``beg``; ``fallback`` when nothing typeable is left (``晨读``)."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    letters = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        letters.append(_TRANSLITERATION.get(ch, ch))
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(letters)).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    return slug or fallback


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


def times_text(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def map_frequency(num: int, den: int) -> dict[str, Any]:
    """Our fields for a yes/no habit due ``num`` times in ``den`` days, exactly:
    1 in 1 is daily, N in 7 is N per (calendar) week, anything else X in Y days."""
    if num == 1 and den == 1:
        return {"kind": DAILY}
    if den == 7:
        return {"kind": WEEKLY, "per_week": num}
    return {"kind": WEEKLY, "per_week": num, "per_days": den}



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

