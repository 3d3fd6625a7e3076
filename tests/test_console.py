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


def write_mo(path: Path, translations: dict[str, str]) -> None:
    """A GNU message catalogue (.mo) with ``translations``."""
    import struct

    keys = sorted(translations)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(translations[k].encode() + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    table_o, table_t, offset = [], [], 0
    for k in keys:
        table_o += [len(k.encode()), start + offset]
        offset += len(k.encode()) + 1
    offset = 0
    for k in keys:
        table_t += [len(translations[k].encode()), start + len(ids) + offset]
        offset += len(translations[k].encode()) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    path.parent.mkdir(parents=True)
    path.write_bytes(header + struct.pack(f"{len(table_o)}i", *table_o)
                     + struct.pack(f"{len(table_t)}i", *table_t) + ids + strs)


def test_clicks_words_stay_english_whatever_catalogue_the_system_has(tmp_path: Path) -> None:
    """Another program's ``messages.mo`` (the generic domain click's strings go
    through) must not translate them, and the check-in does not import locale."""
    write_mo(tmp_path / "locale" / "xx" / "LC_MESSAGES" / "messages.mo",
             {"Show this message and exit.": "Zeige das und geh."})
    prelude = f"""
        import gettext, os
        os.environ["LANGUAGE"] = "xx"
        gettext.bindtextdomain("messages", {str(tmp_path / "locale")!r})
        assert gettext.gettext("Show this message and exit.") == "Zeige das und geh."
    """
    shown = program(tmp_path, "--help", prelude=prelude)
    assert "Show this message and exit." in shown.stdout
    assert "Zeige" not in shown.stdout
    assert program(tmp_path, "init", "--since", "2026-11-01").returncode == 0
    watch = """
        import atexit, sys
        atexit.register(lambda: print("locale imported:", "locale" in sys.modules))
    """
    checkin = program(tmp_path, "checkin", "--no-contact", prelude=watch)
    assert checkin.returncode == 0, checkin.stderr
    assert checkin.stdout.splitlines()[-1] == "locale imported: False"
