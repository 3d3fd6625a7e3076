"""A daily reminder through the system's scheduler, and a desktop notification.

``install`` writes a systemd user timer and its service under the user's
config folder ($XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user), or,
where there is no systemd, returns the crontab line to add.  It never runs
``systemctl`` or edits the crontab itself: it prints the one command that turns
the reminder on, so nothing on the system changes behind the user's back.
``notify`` uses ``notify-send`` (libnotify) when it is on PATH.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from . import store
from .errors import HabitTrackerError, UsageError
from .files import write_private

UNIT = "habit-tracker-remind"


def parse_clock(text: str) -> tuple[int, int]:
    clock = store.parse_clock(text)
    if clock is not None:
        return clock
    raise UsageError(f"--install takes a time of day as HH:MM, e.g. 21:00 (got '{text}')")


def systemd_folder(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CONFIG_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


def _choose(scheduler: str) -> str:
    if scheduler != "auto":
        return scheduler
    return "systemd" if shutil.which("systemctl") else "cron"


def remind_command(db_path: Path) -> list[str]:
    """The command the scheduler runs: this Python, this database."""
    return [sys.executable, "-m", "habit_tracker", "--db", str(Path(db_path).absolute()),
            "remind", "--notify"]


def unit_files(hour: int, minute: int, db_path: Path) -> dict[str, str]:
    command = " ".join(_systemd_quote(part) for part in remind_command(db_path))
    return {
        f"{UNIT}.service": (
            "[Unit]\n"
            "Description=habit-tracker: remind me to check in\n\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"ExecStart={command}\n"
            # remind exits 1 when there is no check-in yet: that is its answer, not a failure.
            "SuccessExitStatus=1\n"
        ),
        f"{UNIT}.timer": (
            "[Unit]\n"
            "Description=habit-tracker: daily check-in reminder\n\n"
            "[Timer]\n"
            f"OnCalendar=*-*-* {hour:02d}:{minute:02d}:00\n"
            "Persistent=false\n\n"
            "[Install]\n"
            "WantedBy=timers.target\n"
        ),
    }


def _systemd_quote(part: str) -> str:
    if part and all(c.isalnum() or c in "/._-:+=@" for c in part):
        return part
    return '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def cron_line(hour: int, minute: int, db_path: Path) -> str:
    command = " ".join(shlex.quote(part) for part in remind_command(db_path))
    return f"{minute} {hour} * * * {command}"


def install(at: str, *, scheduler: str = "auto", db_path: Path,
            environ: Mapping[str, str] | None = None) -> list[str]:
    """Set up the daily reminder; returns what to tell the user."""
    hour, minute = parse_clock(at)
    if _choose(scheduler) == "cron":
        return [
            "Add this line to your crontab (crontab -e) for a reminder every day at "
            f"{hour:02d}:{minute:02d}:",
            cron_line(hour, minute, db_path),
        ]
    folder = systemd_folder(environ)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise HabitTrackerError(f"cannot create {folder}: {exc.strerror or exc}") from None
    written = []
    for name, text in unit_files(hour, minute, db_path).items():
        write_private(folder / name, text)
        written.append(str(folder / name))
    return [
        f"Wrote {written[1]} (every day at {hour:02d}:{minute:02d}) and its service.",
        "Turn it on with:",
        f"  systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer",
    ]


def uninstall(*, scheduler: str = "auto", environ: Mapping[str, str] | None = None) -> list[str]:
    if _choose(scheduler) == "cron":
        return ["Remove the line with 'habit-tracker' ... 'remind' from your crontab (crontab -e)."]
    folder = systemd_folder(environ)
    removed = []
    for suffix in (".timer", ".service"):
        path = folder / f"{UNIT}{suffix}"
        if path.exists():
            try:
                path.unlink()
            except OSError as exc:
                raise HabitTrackerError(f"cannot remove {path}: {exc.strerror or exc}") from None
            removed.append(str(path))
    if not removed:
        return [f"No reminder installed (nothing at {folder / (UNIT + '.timer')})."]
    return [
        f"Removed {', '.join(removed)}.",
        "If it was on, stop it with:",
        f"  systemctl --user disable --now {UNIT}.timer; systemctl --user daemon-reload",
    ]


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def notify(title: str, body: str) -> bool:
    """A desktop notification through the platform's own tool: notify-send
    (libnotify, Linux and BSD desktops) or osascript (macOS).  False when there
    is none, or it failed: the caller falls back to the printed line."""
    command: list[str] | None = None
    tool = shutil.which("notify-send")
    if tool is not None:
        command = [tool, "--app-name=habit-tracker", title, body]
    elif sys.platform == "darwin" and shutil.which("osascript"):
        script = f"display notification {_applescript(body)} with title {_applescript(title)}"
        command = ["osascript", "-e", script]
    if command is None:
        return False
    try:
        subprocess.run(command, check=True, timeout=10, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True
