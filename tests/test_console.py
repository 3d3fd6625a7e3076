"""The program's entry point (habit_tracker.console) ends the process without the
interpreter's teardown: nothing the command printed, wrote or registered may be
lost by that, and the exit status must be what the command decided."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from habit_tracker.console import exit_code


def program(tmp_path: Path, *args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """Run the entry point as a real process, stdout and stderr on pipes."""
    code = textwrap.dedent(prelude) + (
        "\nimport sys\nsys.argv[0] = 'habit-tracker'\n"
        "from habit_tracker.console import main\nmain()\n")
    env = {**os.environ, "HABIT_TRACKER_DB": str(tmp_path / "h.db"),
           "HABIT_TRACKER_NOW": "2026-11-24T21:00:00"}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True)


def test_output_on_a_pipe_arrives_whole_and_writes_are_kept(tmp_path: Path) -> None:
    assert program(tmp_path, "init", "--since", "2026-01-01").returncode == 0
    for day in range(2, 24):
        done = program(tmp_path, "checkin", "--date", f"2026-11-{day:02d}", "--no-contact",
                       "--note", "x" * 300)
        assert done.returncode == 0, done.stderr
    history = program(tmp_path, "history", "--from", "2026-01-01")
    assert history.returncode == 0
    # Block-buffered on a pipe: without the final flush the tail would be lost.
    days = [line for line in history.stdout.splitlines() if line.startswith("2026-11-")]
    assert [d[:10] for d in days] == [f"2026-11-{day:02d}" for day in range(2, 24)]
    assert history.stdout.endswith("x\n")
    rows = sqlite3.connect(tmp_path / "h.db").execute(
        "SELECT COUNT(*) FROM days WHERE note IS NOT NULL").fetchone()
    assert rows == (22,)


@pytest.mark.parametrize(("args", "status"), [
    (["status"], 3),  # no database yet
    (["checkin", "--date", "someday"], 2),
    (["no-such-command"], 2),
    (["--version"], 0),
])
def test_the_exit_status_is_the_commands(tmp_path: Path, args: list[str], status: int) -> None:
    done = program(tmp_path, *args)
    assert done.returncode == status, done.stderr
    if status:
        assert len(done.stderr.splitlines()) == 1
        assert done.stderr.startswith("Error: ")
    else:
        assert done.stdout.strip()


def test_exit_handlers_run_and_threads_are_waited_for(tmp_path: Path) -> None:
    prelude = """
        import atexit, threading, time
        atexit.register(lambda: print("handler ran", flush=True))
        def late():
            time.sleep(0.3)
            print("thread done", flush=True)
        threading.Thread(target=late).start()
    """
    done = program(tmp_path, "--version", prelude=prelude)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-2:] == ["thread done", "handler ran"]
    done = program(tmp_path, "--version", prelude='import atexit\natexit.register(print, "bye")')
    assert done.stdout.splitlines()[-1] == "bye"


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    program(tmp_path, "demo", "--db", str(tmp_path / "h.db"))
    code = ("import sys; sys.argv[0] = 'habit-tracker'; "
            "from habit_tracker.console import main; main()")
    env = {**os.environ, "HABIT_TRACKER_DB": str(tmp_path / "h.db")}
    proc = subprocess.Popen([sys.executable, "-c", code, "history", "--from", "2000-01-01"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), (3, 3), (256 + 4, 4)])
def test_exit_code_reads_sys_exit_as_python_does(code: int | None, status: int) -> None:
    assert exit_code(code) == status


def test_exit_code_of_a_text_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_code("gone wrong") == 1
    assert capsys.readouterr().err == "gone wrong\n"
