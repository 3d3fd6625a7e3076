"""Where files live: the XDG folders on Linux (the same as platformdirs says, and
the same as before platformdirs), platformdirs' own folders on macOS."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest
from platformdirs.unix import Unix

from habit_tracker import paths
from habit_tracker.store import default_db_path

linux_only = pytest.mark.skipif(paths._native(), reason="XDG rules apply off macOS/Windows")


@linux_only
@pytest.mark.parametrize("xdg", ["absolute", "relative", "unset", "empty"])
def test_linux_folders_are_platformdirs_ones(xdg: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    values = {"absolute": str(tmp_path / "xdg"), "relative": "rel/xdg", "empty": ""}
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        if xdg == "unset":
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, values[xdg] + variable)
    dirs = Unix("habit-tracker", appauthor=False)
    assert paths.data_dir() == Path(dirs.user_data_dir)
    assert paths.config_dir() == Path(dirs.user_config_dir)
    if xdg == "absolute":
        assert paths.data_dir() == tmp_path / "xdgXDG_DATA_HOME" / "habit-tracker"
        assert paths.config_file() == tmp_path / "xdgXDG_CONFIG_HOME" / "habit-tracker" / "config.toml"
    else:  # the same paths as ever
        home = tmp_path / "home"
        assert paths.data_dir() == home / ".local" / "share" / "habit-tracker"
        assert paths.config_dir() == home / ".config" / "habit-tracker"


@linux_only
def test_an_environment_mapping_is_honoured(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    assert paths.data_dir(env) == tmp_path / "d" / "habit-tracker"
    assert paths.config_file(env) == tmp_path / "c" / "habit-tracker" / "config.toml"
    assert default_db_path(env) == tmp_path / "d" / "habit-tracker" / "habits.db"
    assert default_db_path({**env, "HABIT_TRACKER_DB": "~/x.db"}) == Path.home() / "x.db"


def test_macos_uses_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from platformdirs.macos import MacOS

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    dirs = MacOS("habit-tracker", appauthor=False)
    assert paths.data_dir() == Path(dirs.user_data_dir)
    assert paths.data_dir() == tmp_path / "Library" / "Application Support" / "habit-tracker"
    assert default_db_path({}) == Path(dirs.user_data_dir) / "habits.db"


def test_the_checkin_path_does_not_import_platformdirs() -> None:
    import subprocess

    code = ("import sys, habit_tracker.cli.kit as k; k.App(None, environ={}); "
            "print('platformdirs' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    expected = "True" if paths._native() else "False"
    assert done.stdout.strip() == expected, done.stderr
    assert platformdirs.__version__
