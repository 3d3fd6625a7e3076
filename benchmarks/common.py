"""What the whole-process benchmarks share: timing a command against the floor.

The floor is `python -c "import click, sqlite3"`: the least any click program
over SQLite pays to start.  The two commands alternate so both see the same load.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLOOR = [sys.executable, "-c", "import click, sqlite3"]


def installed_command() -> str:
    script = shutil.which("habit-tracker", path=str(Path(sys.executable).parent))
    if script is None:
        sys.exit("habit-tracker is not installed next to this Python")
    return script


def bench_env(db: Path) -> dict[str, str]:
    env = {**os.environ, "HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": "2026-11-22T21:00:00"}
    # As after a real install: byte-code cached (the warm-up runs write it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds until ``cmd`` exits.  Its standard error is then read to the end,
    so a background job it left (the day's backup) is done before the next run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, _ = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')}")
    return elapsed


def against_floor(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median seconds of ``cmd`` and of the floor, alternating, after a warm-up."""
    for _ in range(3):
        timed(cmd, env)
        timed(FLOOR, env)
    ours, base = [], []
    for _ in range(runs):
        ours.append(timed(cmd, env))
        base.append(timed(FLOOR, env))
    return statistics.median(ours), statistics.median(base)
