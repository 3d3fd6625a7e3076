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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the check-in works on text paths: pathlib costs it 3-4 ms
    from pathlib import Path

APP = "habit-tracker"
DB_NAME = "habits.db"
CONFIG_NAME = "config.toml"


def clean(path: str) -> str:
    """``path`` spelt as ``str(Path(path))`` spells it (no doubled or trailing
    slashes, no ``.`` parts; ``..`` kept), without importing pathlib."""
    if not path:
        return "."
    root = "//" if path.startswith("//") and not path.startswith("///") else \
        "/" if path.startswith("/") else ""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return root + "/".join(parts) if parts or root else "."


def stem(path: Path | str) -> str:
    """The file name without its last suffix, as ``Path.stem`` gives it."""
    name = os.path.basename(clean(os.fspath(path)))
    if name == ".":
        return ""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _native() -> bool:
    """True where platformdirs has its own (non-XDG) rules."""
    return sys.platform in ("win32", "darwin", "cygwin")


def _platformdirs(kind: str) -> str:
    if sys.platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.windows import Windows as Dirs
    dirs = Dirs(APP, appauthor=False)
    return str(dirs.user_data_dir if kind == "data" else dirs.user_config_dir)


def _xdg(environ: Mapping[str, str], variable: str, default: str) -> str:
    value = environ.get(variable, "")
    base = value if value and os.path.isabs(value) else \
        os.path.join(os.path.expanduser("~"), default)
    return clean(os.path.join(base, APP))


def data_folder(environ: Mapping[str, str] | None = None) -> str:
    """The folder of the database, as text."""
    if _native():
        return _platformdirs("data")
    return _xdg(os.environ if environ is None else environ, "XDG_DATA_HOME", ".local/share")


def config_folder(environ: Mapping[str, str] | None = None) -> str:
    """The folder of ``config.toml``, as text."""
    if _native():
        return _platformdirs("config")
    return _xdg(os.environ if environ is None else environ, "XDG_CONFIG_HOME", ".config")


def config_file_text(environ: Mapping[str, str] | None = None) -> str:
    return os.path.join(config_folder(environ), CONFIG_NAME)


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the database."""
    from pathlib import Path

    return Path(data_folder(environ))


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of ``config.toml``."""
    from pathlib import Path

    return Path(config_folder(environ))


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    from pathlib import Path

    return Path(config_file_text(environ))
