"""Where habit-tracker keeps its files: the data folder (the database) and the
config folder (``config.toml``).

On Linux and other Unix systems these are the XDG folders, as platformdirs
computes them: ``$XDG_DATA_HOME/habit-tracker`` (default
``~/.local/share/habit-tracker``) and ``$XDG_CONFIG_HOME/habit-tracker`` (default
``~/.config/habit-tracker``); a relative XDG value is ignored, as the XDG spec
says.  They are worked out here directly, so the daily check-in does not pay for
importing platformdirs; a test holds them equal to platformdirs' answer.  On
macOS and Windows, platformdirs decides (``~/Library/Application Support/...``,
``%LOCALAPPDATA%\\habit-tracker``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "habit-tracker"
DB_NAME = "habits.db"
CONFIG_NAME = "config.toml"


def _native() -> bool:
    """True where platformdirs has its own (non-XDG) rules."""
    return sys.platform in ("win32", "darwin", "cygwin")


def _platformdirs(kind: str) -> Path:
    if sys.platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.windows import Windows as Dirs
    dirs = Dirs(APP, appauthor=False)
    return Path(dirs.user_data_dir if kind == "data" else dirs.user_config_dir)


def _xdg(environ: Mapping[str, str], variable: str, default: str) -> Path:
    value = environ.get(variable, "")
    base = Path(value) if value and Path(value).is_absolute() else Path.home() / default
    return base / APP


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the database."""
    if _native():
        return _platformdirs("data")
    return _xdg(os.environ if environ is None else environ, "XDG_DATA_HOME", ".local/share")


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of ``config.toml``."""
    if _native():
        return _platformdirs("config")
    return _xdg(os.environ if environ is None else environ, "XDG_CONFIG_HOME", ".config")


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    return config_dir(environ) / CONFIG_NAME
