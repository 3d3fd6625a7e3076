"""What a newcomer runs first, checked as they would meet it: modes of what we
create, empty states that say something, messages that count right."""

from __future__ import annotations

import stat
from pathlib import Path

from conftest import Invoke


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_demo_folder_it_creates_is_private(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "tour" / "demo"
    run("demo", "--output", str(out))
    assert mode(out) == 0o700
    assert mode(out / "demo.db") == 0o600 and mode(out / "report.html") == 0o600
