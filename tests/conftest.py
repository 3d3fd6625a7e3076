"""Shared fixtures: a private database per test and a pinned clock.

The database path and "now" reach the program through the environment
(HABIT_TRACKER_DB, HABIT_TRACKER_NOW), as they would for a user's shell.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from habit_tracker.cli import cli

NOW = "2026-11-22T20:00:00"  # a Sunday evening
REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "habits.db"


@pytest.fixture
def env(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"HABIT_TRACKER_DB": str(db_path), "HABIT_TRACKER_NOW": NOW,
              # never the developer's own config.toml
              "XDG_CONFIG_HOME": str(db_path.parent / "config")}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # text fills 80 columns unless a test says
    return values


Invoke = Callable[..., Result]


@pytest.fixture
def run(env: dict[str, str]) -> Invoke:
    """Run the CLI like a user would; fails the test on an unexpected exit code."""

    def invoke(*args: str, input: str | None = None, code: int = 0, **env_extra: str) -> Result:
        runner = CliRunner()
        result = runner.invoke(cli, list(args), input=input, env={**env, **env_extra},
                               catch_exceptions=False)
        assert result.exit_code == code, (
            f"exit {result.exit_code} != {code} for {args}\nstdout: {result.stdout}\n"
            f"stderr: {result.stderr}"
        )
        if code != 0:
            # Every failure: exactly one line on stderr, starting "Error:"; no traceback.
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
            assert "Traceback" not in result.output
        return result

    return invoke


@pytest.fixture
def run_json(run: Invoke) -> Callable[..., Any]:
    def invoke(*args: str, **kwargs: Any) -> Any:
        return json.loads(run(*args, **kwargs).stdout)

    return invoke


@pytest.fixture
def initialised(run: Invoke) -> Invoke:
    """A database set up as a user would on 1 November, with a goal."""
    run("init", "--since", "2026-11-01", "--goal", "Half marathon", "--target", "300",
        "--unit", "km", "--by", "2027-03-01")
    return run


@pytest.fixture
def reference() -> Iterator[Path]:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (the shared/ folder beside the repo)")
    yield REFERENCE


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the whole-file quick_check runs (store.check_intact) from now on."""
    import sqlite3

    from habit_tracker import store as store_module

    calls: list[str] = []
    real = store_module.check_intact

    def counting(conn: sqlite3.Connection, path: Path | str) -> None:
        calls.append(str(path))
        real(conn, path)

    monkeypatch.setattr(store_module, "check_intact", counting)
    return calls


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded once it has run ``code``: for the
    tests that keep heavy imports off a path."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(*sys.modules)"],
                          capture_output=True, text=True, timeout=60, check=True)
    return set(done.stdout.split())
