"""Byte flips in copies of a database: a damaged file is refused, never written.

Each case copies one healthy database, overwrites a few bytes at random places
(seeded, so a failure replays), then runs a check-in on the copy.  Whatever the
damage: no traceback, and either success or exactly one ``Error:`` line.  When
SQLite's own ``PRAGMA quick_check`` finds the copy damaged, the check-in must
be refused and the file left byte for byte as it was.

``HABIT_TRACKER_CORRUPT_CASES`` runs more cases (default 40).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from habit_tracker.cli import cli

NOW = "2026-11-22T20:00:00"
CASES = int(os.environ.get("HABIT_TRACKER_CORRUPT_CASES", "40"))


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("healthy") / "habits.db"
    env = {"HABIT_TRACKER_DB": str(path), "HABIT_TRACKER_NOW": NOW}
    runner = CliRunner()
    steps = [["init", "--since", "2026-08-01", "--goal", "Run", "--target", "300", "--unit", "km"],
             ["habit", "add", "reading", "--kind", "daily", "--min", "10", "--unit", "pages"]]
    for n in range(1, 60):
        day = f"{n} days ago"
        steps.append(["checkin", "--date", day, "--no-contact", "--progress", str(n % 7),
                      "--mood", str(1 + n % 10), "--note", f"day {n} " + "words " * (n % 13),
                      "--set", f"reading={n % 30}"])
    for args in steps:
        result = runner.invoke(cli, args, env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy
    return path


def quick_check_ok(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
    except (sqlite3.Error, UnicodeDecodeError):
        return False


def damage(source: Path, target: Path, seed: int) -> None:
    shutil.copyfile(source, target)
    rng = random.Random(seed)
    data = bytearray(target.read_bytes())
    page = 4096
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.5:
            # Somewhere in a page's header or cell pointers: damage SQLite notices.
            at = rng.randrange(len(data) // page) * page + rng.randrange(0, 40)
        else:
            at = rng.randrange(100, len(data))
        data[at] = rng.randrange(256)
    target.write_bytes(bytes(data))


@pytest.mark.parametrize("seed", range(CASES))
def test_a_damaged_copy_is_refused_and_never_written(healthy: Path, tmp_path: Path, seed: int) -> None:
    copy = tmp_path / "copy.db"
    damage(healthy, copy, seed)
    damaged = not quick_check_ok(copy)
    before = copy.read_bytes()
    env = {"HABIT_TRACKER_DB": str(copy), "HABIT_TRACKER_NOW": NOW}
    result = CliRunner().invoke(cli, ["checkin", "--no-contact", "--mood", "5", "--note", "x"],
                                env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    if damaged:
        assert result.exit_code == 3, result.output
        assert copy.read_bytes() == before
        wal = Path(f"{copy}-wal")
        assert not wal.exists() or wal.stat().st_size == 0


def test_most_damage_is_noticed(healthy: Path, tmp_path: Path) -> None:
    """The flips above are not all harmless: the test does exercise the refusal."""
    found = 0
    for seed in range(20):
        copy = tmp_path / f"c{seed}.db"
        damage(healthy, copy, seed)
        found += not quick_check_ok(copy)
    assert found >= 5
