"""Per-machine preferences: ``config.toml`` in the config folder, the environment
and the command line, merged with a known precedence.

Preferences belong to a machine, not to the data: which database to open, colour,
the editor, the reminder time.  (``day_start`` and ``week_start`` travel with the
data and live in the database; ``habit-tracker config`` shows both kinds.)

Highest first, the first one that is set wins:

1. a command-line option (``--db``, ``--color``);
2. an environment variable made for habit-tracker (``HABIT_TRACKER_DB``);
3. the config file (``$XDG_CONFIG_HOME/habit-tracker/config.toml``);
4. a generic environment variable (``NO_COLOR``, ``VISUAL``, ``EDITOR``): a
   choice written down for habit-tracker beats one made for every program, as
   the NO_COLOR convention asks;
5. the default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import time
from typing import TYPE_CHECKING, Any

from . import paths
from .errors import UsageError

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from .records import NamedTuple

if TYPE_CHECKING:  # paths stay text here: pathlib costs the check-in 3-4 ms
    from pathlib import Path

    from .store import Store

DEFAULT = "default"
CONFIG_FILE = "config file"
DATABASE = "database"
ENVIRONMENT = "environment"
OPTION = "option"

COLORS = ("auto", "always", "never")
#: The keys config.toml may hold, in the order ``config`` shows them.
KEYS = ("db", "color", "editor", "reminder_time")
_TIME = r"^([01]?\d|2[0-3]):([0-5]\d)$"  # compiled on first use


class Value(NamedTuple):
    """A setting's value and where it came from (``detail``: which variable or file)."""

    value: str | None
    source: str
    detail: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "detail": self.detail}


def read_config(path: Path | str) -> dict[str, str]:
    """The preferences in ``path`` (none when it does not exist), checked.

    UsageError, one line naming the file, when it is not TOML or holds something
    this version does not understand."""
    try:
        if not os.path.isfile(path):
            return {}
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the config file {path}: {exc}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"the config file {path} is not valid TOML: {exc}") from None
    found: dict[str, str] = {}
    for key, raw in data.items():
        if key not in KEYS:
            raise UsageError(
                f"unknown setting '{key}' in the config file {path} (settings: {', '.join(KEYS)})"
            )
        found[key] = _check(key, raw, path)
    return found


def _check(key: str, raw: Any, path: Path | str) -> str:
    where = f"in the config file {path}"
    if key == "reminder_time":
        if isinstance(raw, time):
            raw = f"{raw.hour:02d}:{raw.minute:02d}"
        match = re.match(_TIME, raw) if isinstance(raw, str) else None
        if match is None:
            raise UsageError(f"reminder_time {where} is a time like \"21:30\", not {raw!r}")
        return f"{int(match[1]):02d}:{match[2]}"
    if not isinstance(raw, str) or not raw.strip():
        raise UsageError(f"{key} {where} must be a text in quotes, e.g. {key} = \"...\"")
    if key == "color" and raw not in COLORS:
        raise UsageError(f"color {where} is one of {', '.join(COLORS)}, not {raw!r}")
    if key == "db":
        db = paths.clean(os.path.expanduser(raw))
        return db if os.path.isabs(db) else paths.clean(
            os.path.join(os.path.dirname(paths.clean(os.fspath(path))), db))
    return raw


def resolve(
    environ: Mapping[str, str] | None = None,
    *,
    db_option: Path | str | None = None,
    db_from_environment: bool = False,
    color_option: str | None = None,
) -> dict[str, Value]:
    """Every preference with its source.  ``db_option`` is ``--db`` (click also
    fills it from ``HABIT_TRACKER_DB``: then ``db_from_environment``)."""
    env = os.environ if environ is None else environ
    config_path = paths.config_file_text(env)
    config = read_config(config_path)
    in_file = str(config_path)
    out: dict[str, Value] = {}

    if db_option:
        out["db"] = (
            Value(str(db_option), ENVIRONMENT, "HABIT_TRACKER_DB")
            if db_from_environment
            else Value(str(db_option), OPTION, "--db")
        )
    elif env.get("HABIT_TRACKER_DB"):
        out["db"] = Value(
            paths.clean(os.path.expanduser(env["HABIT_TRACKER_DB"])), ENVIRONMENT,
            "HABIT_TRACKER_DB"
        )
    elif "db" in config:
        out["db"] = Value(config["db"], CONFIG_FILE, in_file)
    else:
        out["db"] = Value(os.path.join(paths.data_folder(env), paths.DB_NAME), DEFAULT)

    if color_option:
        out["color"] = Value(color_option, OPTION, "--color")
    elif "color" in config:
        out["color"] = Value(config["color"], CONFIG_FILE, in_file)
    elif "NO_COLOR" in env:
        out["color"] = Value("never", ENVIRONMENT, "NO_COLOR")
    else:
        out["color"] = Value("auto", DEFAULT)

    if "editor" in config:
        out["editor"] = Value(config["editor"], CONFIG_FILE, in_file)
    elif env.get("VISUAL"):
        out["editor"] = Value(env["VISUAL"], ENVIRONMENT, "VISUAL")
    elif env.get("EDITOR"):
        out["editor"] = Value(env["EDITOR"], ENVIRONMENT, "EDITOR")
    else:
        out["editor"] = Value(None, DEFAULT)  # click's choice: sensible-editor, vim, nano ...

    if "reminder_time" in config:
        out["reminder_time"] = Value(config["reminder_time"], CONFIG_FILE, in_file)
    else:
        out["reminder_time"] = Value(None, DEFAULT)
    return out


def all_settings(store: Store | None, preferences: Mapping[str, Value]) -> dict[str, Value]:
    """What ``habit-tracker config`` shows: the database's settings (``store``
    None: no database yet, so their defaults), then the per-machine preferences."""
    from .store import SETTINGS_DEFAULTS

    stored = store.stored_settings() if store is not None else {}
    out = {
        key: Value(stored[key], DATABASE, str(store.path)) if store is not None and key in stored
        else Value(default, DEFAULT)
        for key, default in SETTINGS_DEFAULTS.items()
    }
    out.update(preferences)
    return out


def describe(values: Mapping[str, Value]) -> list[str]:
    """One line per setting: ``name = value  # where it comes from``, aligned."""
    from .text import display_width, pad, safe_text

    left = {
        key: safe_text(f"{key} = {v.value if v.value is not None else '(not set)'}")
        for key, v in values.items()
    }
    width = max(display_width(text) for text in left.values())
    lines = []
    for key, v in values.items():
        where = v.source if v.detail is None or v.source == DATABASE else f"{v.source}: {v.detail}"
        lines.append(f"{pad(left[key], width)}  # {safe_text(where)}")
    return lines
