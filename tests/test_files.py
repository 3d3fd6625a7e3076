"""The one writer of exports, reports and charts: private and all or nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from habit_tracker.errors import HabitTrackerError
from habit_tracker.files import private_output, write_private


def test_text_and_binary_files_are_private(tmp_path: Path) -> None:
    write_private(tmp_path / "a.csv", "x,y\r\n1,2\n")
    assert (tmp_path / "a.csv").read_bytes() == b"x,y\r\n1,2\n"  # line endings as given
    with private_output(tmp_path / "b.png", binary=True) as handle:
        handle.write(b"\x89PNG")
    for name in ("a.csv", "b.png"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_a_failure_midway_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old report")
    with pytest.raises(RuntimeError), private_output(target) as handle:
        handle.write("half a new rep")
        raise RuntimeError("the renderer failed")
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


@pytest.mark.parametrize(("where", "words"), [("folder", "it is a folder"),
                                              ("missing/x.txt", "no folder")])
def test_unwritable_targets_are_one_clear_error(tmp_path: Path, where: str, words: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(HabitTrackerError, match=words):
        write_private(tmp_path / where, "text")
