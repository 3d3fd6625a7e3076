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


def test_habit_list_with_no_habits_says_so(run: Invoke) -> None:
    run("init", "--since", "2026-11-20")
    run("forget", "--everything", "--yes")
    assert run("habit", "list").output == "No habits yet. Start with: habit-tracker init\n"
    assert run("habit", "list", "--all").output.startswith("No habits yet.")


def test_habit_list_columns_stay_aligned_with_long_slugs(run: Invoke) -> None:
    run("init", "--since", "2026-11-20")
    run("habit", "add", "sprint-planning", "--kind", "weekly", "--times", "1", "--per", "14")
    run("habit", "add", "a-very-long-habit-slug", "--kind", "daily")
    lines = run("habit", "list").output.splitlines()
    assert len(lines) == 4
    kind_columns = {line.index(kind) for line, kind in
                    zip(lines, ("abstain", "weekly", "weekly", "daily"), strict=True)}
    assert len(kind_columns) == 1, lines
    assert lines[0].startswith("no-contact ")


def test_import_counts_one_urge_and_one_journal_entry_in_the_singular(
        run: Invoke, tmp_path: Path) -> None:
    run("init", "--since", "2026-11-01")
    run("urge", "--intensity", "6", "--at", "2026-11-21 22:40")
    run("write", "-", input="Not sent.\n")
    path = tmp_path / "backup.json"
    run("export", "--output", str(path))
    out = run("--db", str(tmp_path / "fresh.db"), "import", str(path)).stdout
    assert "Also 1 urge and 1 journal entry.\n" in out
    run("urge", "--intensity", "4", "--at", "2026-11-22 08:00")
    run("export", "--output", str(path))
    out = run("--db", str(tmp_path / "other.db"), "import", str(path)).stdout
    assert "Also 2 urges and 1 journal entry.\n" in out
