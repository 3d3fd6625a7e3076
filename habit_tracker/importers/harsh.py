"""harsh (a command-line habit tracker): its ``log`` with the ``habits`` file beside it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import DAILY, DONE, MISSED, SKIP
from .common import Builder, Draft, iso_day, map_frequency, read_text, times_text

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
    return builder.build()




_HARSH_INTERVAL = re.compile(r"^(\d+)\s*(w?)$", re.IGNORECASE)


def _harsh_interval(text: str, where: str) -> int:
    match = _HARSH_INTERVAL.match(text.strip())
    if not match:
        raise UsageError(f"{where}: frequency '{text.strip()}' is not a number of days")
    days = int(match.group(1))
    return days * 7 if match.group(2) else days


def _harsh_habits(builder: Builder, text: str, path: Path) -> dict[str, int]:
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
                f"{times_text(target)} in {interval} days"
                if "/" in frequency
                else f"once every {interval} days"
            )
            kind, per_week = map_frequency(builder, name, target, interval, said)
        names[name] = builder.add_habit(Draft(name, kind, per_week=per_week))
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


def _harsh_log(builder: Builder, names: dict[str, int], text: str, path: Path) -> None:
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
        day = iso_day(parts[0], where)
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
