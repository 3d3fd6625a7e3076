"""harsh (a command-line habit tracker): its ``log`` with the ``habits`` file beside it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import DAILY, DONE, MISSED, SKIP, format_amount
from .common import Builder, Draft, iso_day, map_frequency, read_text

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
    builder = Builder("harsh")
    names = _harsh_habits(builder, read_text(habits_path), habits_path)
    _harsh_log(builder, names, read_text(log_path), log_path)
    last = max(builder.all_days, default=None)
    for name, end in builder.ends.items():
        draft = builder.drafts[names[name]]
        if last is not None and end <= last:
            draft.archived = True
            builder.warn(f"harsh habit '{name}' ended on {end.isoformat()}: imported archived, "
                         "its history kept")
        else:
            builder.warn(f"harsh habit '{name}' ends on {end.isoformat()}, after the log's last "
                         "day: imported active, the end noted in its description")
    return builder.build()


_HARSH_INTERVAL = re.compile(r"^(\d+)\s*(w?)$", re.IGNORECASE)
_END_DATE = re.compile(r"^(.*):\s*(\d{4}-\d{2}-\d{2})\s*$")


class _Skip(Exception):
    """A line harsh itself would skip: the message says why."""


def _harsh_interval(text: str) -> int:
    match = _HARSH_INTERVAL.match(text.strip())
    if not match:
        raise _Skip(f"frequency '{text.strip()}' is not a number of days")
    days = int(match.group(1))
    return days * 7 if match.group(2) else days


def _harsh_frequency(frequency: str) -> tuple[int, int]:
    """(times, days) of ``1``, ``3/7``, ``7``, ``1w``, ``0`` (times 0: tracked only)."""
    if "/" in frequency:
        left, _, right = frequency.partition("/")
        if not left.strip().isdigit():
            raise _Skip(f"frequency '{frequency}' (expected N/D, D or Nw)")
        target, interval = int(left), _harsh_interval(right)
        if interval == 0:
            raise _Skip(f"frequency '{frequency}' has zero days")
    else:
        interval = _harsh_interval(frequency)
        target = 1 if interval else 0
    if target > interval:
        raise _Skip(f"frequency '{frequency}' asks for more times than days")
    return target, interval


def _harsh_habits(builder: Builder, text: str, path: Path) -> dict[str, int]:
    """Parse the habits file; returns each habit name's draft index.

    A line harsh cannot read, or a name listed twice, is skipped with a warning
    naming the file and line, as harsh itself does."""
    names: dict[str, int] = {}
    ends = builder.ends
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        where = f"{path} line {number}"
        try:
            end: str | None = None
            dated = _END_DATE.match(line)
            if dated and ":" in dated.group(1):  # "Name: 1: 2024-06-15", an end date
                line, end = dated.group(1).strip(), dated.group(2)
            name, colon, frequency = line.rpartition(":")
            name, frequency = name.strip(), frequency.strip()
            if not colon or not name or not frequency:
                raise _Skip(f"expected 'Habit name: frequency', got {line!r}")
            if name in names:
                raise _Skip(f"habit '{name}' is listed twice; the first one is kept")
            target, interval = _harsh_frequency(frequency)
            end_day = iso_day(end, where) if end else None
        except (_Skip, UsageError) as exc:
            message = str(exc).removeprefix(f"{where}: ")
            builder.warn(f"{where}: skipped, {message}")
            continue
        if target == 0:
            builder.warn(
                f"harsh habit '{name}' is tracked only (frequency {frequency}); imported as "
                "daily, so days without a check-in now count as missed"
            )
            fields: dict[str, Any] = {"kind": DAILY}
        else:
            fields = map_frequency(target, interval)
        draft = Draft(name, **fields)
        if end_day is not None:
            draft.description = f"Ends on {end_day.isoformat()} (harsh)."
            ends[name] = end_day
        names[name] = builder.add_habit(draft)
    if not names:
        raise UsageError(f"{path}: no habits in it")
    return names


_HARSH_VALUES = {"y": DONE, "n": MISSED, "s": SKIP}


def _fields(line: str) -> list[str]:
    """harsh's ``date : habit : result : comment : amount`` split as harsh writes it:
    on ``" : "``, with empty comment and amount (``y :  : ``) kept empty even when an
    editor has trimmed the trailing space."""
    parts = line.split(" : ")
    last = parts[-1]
    while last.endswith(" :") or last == ":":
        parts[-1] = last[:-1].rstrip()
        parts.append("")
        last = parts[-2] if parts[-1] == "" and parts[-2].endswith(" :") else ""
    return [part.strip() for part in parts]


def _amount(text: str) -> float | None:
    """A non-zero amount worth keeping (harsh reads an empty or bad number as 0)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value != 0 and value == value else None


def _harsh_log(builder: Builder, names: dict[str, int], text: str, path: Path) -> None:
    unknown: dict[str, list[int]] = {}
    with_amount = 0
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path} line {number}"
        parts = _fields(line.strip() if " : " not in line else line)
        try:
            if len(parts) < 3:
                raise _Skip(f"expected 'YYYY-MM-DD : habit : y|n|s', got {line.strip()!r}")
            day = iso_day(parts[0], where)
            name, result = parts[1], parts[2]
            if result not in _HARSH_VALUES:
                raise _Skip(f"unknown value '{result}' (expected y, n or s)")
        except (_Skip, UsageError) as exc:
            message = str(exc).removeprefix(f"{where}: ")
            builder.warn(f"{where}: skipped, {message}")
            continue
        # harsh writes "date : habit : result : comment : amount"; a comment that
        # itself holds " : " leaves the amount as the last field.
        comment = " : ".join(parts[3:-1]) if len(parts) > 4 else "".join(parts[3:4])
        amount = _amount(parts[-1]) if len(parts) > 4 else None
        if name not in names:
            unknown.setdefault(name, []).append(number)
            builder.see(None, day)
            continue
        note = comment or None
        if amount is not None:
            with_amount += 1
            said = f"amount {format_amount(amount)}"
            note = f"{comment} ({said})" if comment else said
        builder.add_entry(names[name], day, _HARSH_VALUES[result], note)
    for name, lines in unknown.items():
        shown = ", ".join(str(n) for n in lines[:5]) + ("..." if len(lines) > 5 else "")
        builder.warn(
            f"{path}: {len(lines)} line(s) for '{name}', which the habits file does not "
            f"list, not imported (line {shown})"
        )
    if with_amount:
        builder.warn(
            f"{path}: amounts on {with_amount} line(s) kept in the day's note "
            "(e.g. 'amount 1.5'): these habits are yes/no here"
        )
