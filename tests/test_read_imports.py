"""The read commands load only what they use: each is a whole process a person
waits for, and importing a module costs more than these commands' work
(issue 10: status, streaks, report and history within 1.5x of python + click)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import NOW

# What the command loads beyond what the interpreter had at start.  Run without
# site (-S), the package and its dependencies on PYTHONPATH: an editable
# install's import hook would bring pathlib in before any of ours.
PROBE = (
    "import sys\n"
    "before = set(sys.modules)\n"
    "from habit_tracker.cli import cli\n"
    "try:\n"
    "    cli.main(sys.argv[1:], prog_name='habit-tracker')\n"
    "except SystemExit as done:\n"
    "    assert not done.code, done.code\n"
    "print('MODULES', *sorted(set(sys.modules) - before))\n"
)

#: Never loaded by these commands (with plain Latin names, wcwidth neither; pathlib
#: only where a file is written).
REPO = Path(__file__).resolve().parent.parent

HEAVY = {"habit_tracker.tracker", "habit_tracker.report.html", "habit_tracker.charts",
         "habit_tracker.interchange", "habit_tracker.companion", "wcwidth", "matplotlib", "numpy",
         "sqlite_utils", "pathlib"}


@pytest.mark.parametrize("args", [
    ["status"], ["status", "--json"], ["status", "--as-of", "2026-11-18"], ["streaks", "--json"],
    ["streaks"], ["report", "--format", "text"], ["report", "--format", "markdown"],
    ["report", "--format", "json", "--week", "2026-11-10"], ["history", "--from", "2 weeks ago"],
])
def test_read_commands_do_not_load_the_check_in_the_charts_or_wcwidth(
    initialised, db_path: Path, args: list[str]
) -> None:
    initialised("checkin", "--date", "2026-11-20", "--no-contact", "--workout", "--progress", "2",
                "--mood", "6", "--note", "a day")
    initialised("checkin", "--no-contact", "--progress", "1")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HABIT_TRACKER_")}
    env.update(HABIT_TRACKER_DB=str(db_path), HABIT_TRACKER_NOW=NOW, COLUMNS="80",
               PYTHONPATH=os.pathsep.join([str(REPO), str(Path(click.__file__).parent.parent)]))
    out = subprocess.run([sys.executable, "-S", "-c", PROBE, *args], capture_output=True,
                         text=True, env=env, check=True).stdout
    loaded = set(out.split("MODULES", 1)[1].split())
    assert "habit_tracker.cli" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}


#: The check-in needs the tracker (it writes), nothing else of the list above, and
#: neither dataclasses nor the backup's modules on a day whose backup is made.
CHECKIN_HEAVY = (HEAVY - {"habit_tracker.tracker"}) | {
    "dataclasses", "habit_tracker.backups", "shutil", "tempfile", "json.tool", "typing_extensions"}


def test_the_check_in_loads_no_pathlib_dataclasses_charts_or_backup_modules(
    initialised, db_path: Path
) -> None:
    initialised("checkin", "--no-contact")  # today's backup is made (in place, here)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HABIT_TRACKER_")}
    env.update(HABIT_TRACKER_DB=str(db_path), HABIT_TRACKER_NOW=NOW, COLUMNS="80",
               PYTHONPATH=os.pathsep.join([str(REPO), str(Path(click.__file__).parent.parent)]))
    out = subprocess.run([sys.executable, "-S", "-c", PROBE, "checkin", "--workout", "--progress",
                          "2", "--mood", "6", "--note", "evening"], capture_output=True, text=True,
                         env=env, check=True).stdout
    loaded = set(out.split("MODULES", 1)[1].split())
    assert "habit_tracker.tracker" in loaded
    assert not {m for m in loaded if m.split(".")[0] in CHECKIN_HEAVY or m in CHECKIN_HEAVY}
