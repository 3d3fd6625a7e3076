"""The streamed export writes exactly the text of the in-memory one, in both
formats, through the library and the CLI (standard output and a file)."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from habit_tracker import interchange
from habit_tracker.cli import cli
from habit_tracker.store import Store, open_store

FIRST = date(2025, 1, 1)
TODAY = FIRST + timedelta(days=60)


def fill(store: Store) -> dict[str, int]:
    habits = [
        {"slug": "nc", "name": 'No "entries": [] here', "kind": "abstain",
         "since": FIRST.isoformat()},
        {"slug": "read", "name": "Lire, ça", "kind": "daily", "daily_min": 2.5, "unit": "pages"},
        {"slug": "gym", "name": "=Gym", "kind": "weekly", "per_week": 2, "archived": True,
         "position": 0},
        {"slug": "goal", "name": "Run", "kind": "goal", "target": 500, "unit": "km"},
    ]
    entries = []
    for n in range(40):
        day = (FIRST + timedelta(days=n)).isoformat()
        if n % 3:
            entries.append({"date": day, "habit": "read", "value": str(n / 4),
                            "note": 'a "quoted", note\nover lines' if n % 5 == 0 else
                            "=SUM(A1)" if n % 5 == 1 else None})
        if n % 4:
            entries.append({"date": day, "habit": "gym", "value": "done"})
        if n % 2:
            entries.append({"date": day, "habit": "nc", "value": "kept", "note": "🙂\r"})
        if n % 5 == 2:
            entries.append({"date": day, "habit": "goal", "value": n * 1.1})
    days = [{"date": (FIRST + timedelta(days=n)).isoformat(), "mood": n % 10 + 1,
             "note": "day\r\nnote" if n % 7 == 0 else "-minus" if n % 7 == 1 else None,
             "reached_out": n % 6 == 0,
             "necessary_contact": "the lease" if n % 9 == 0 else None}
            for n in range(0, 50, 3)]
    urges = [{"at": f"{(FIRST + timedelta(days=n)).isoformat()}T21:30",
              "date": (FIRST + timedelta(days=n)).isoformat(), "intensity": 1 + n % 10,
              "triggers": ["photo"] if n % 2 else [], "note": None} for n in range(1, 60, 7)]
    writings = [{"at": f"{(FIRST + timedelta(days=n)).isoformat()}T22:00",
                 "date": (FIRST + timedelta(days=n)).isoformat(), "text": "dear you"}
                for n in (2, 41, 55)]
    interchange.import_data(store, {"habits": habits, "entries": entries, "days": days,
                                    "urges": urges, "writings": writings}, today=TODAY)
    return {"entries": len(entries), "days": len(days)}


def whole(store: Store, fmt: str) -> str:
    data = interchange.export_data(store)
    return interchange.to_csv(data) if fmt == "csv" else interchange.to_json(data)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_streamed_export_equals_the_whole_text(tmp_path: Path, fmt: str) -> None:
    with open_store(tmp_path / "h.db", create=True) as store:
        expected = fill(store)
        out = io.StringIO(newline="")
        counts = interchange.write_export(store, fmt, out)
        assert out.getvalue() == whole(store, fmt)
    assert counts == expected


def test_streamed_export_of_an_empty_database(tmp_path: Path) -> None:
    with open_store(tmp_path / "h.db", create=True) as store:
        for fmt in ("json", "csv"):
            out = io.StringIO(newline="")
            assert interchange.write_export(store, fmt, out) == {"entries": 0, "days": 0}
            assert out.getvalue() == whole(store, fmt)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_command_streams_the_same_text_and_it_imports_back(tmp_path: Path,
                                                                  fmt: str) -> None:
    db = tmp_path / "h.db"
    with open_store(db, create=True) as store:
        counts = fill(store)
        expected = whole(store, fmt)
    env: dict[str, Any] = {"HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": f"{TODAY}T20:00:00"}
    shown = CliRunner().invoke(cli, ["export", "--format", fmt], env=env)
    assert shown.exit_code == 0 and shown.stdout_bytes.decode("utf-8") == expected
    path = tmp_path / f"out.{fmt}"
    written = CliRunner().invoke(cli, ["export", "--output", str(path)], env=env)
    assert written.exit_code == 0, written.output
    assert path.read_bytes().decode("utf-8") == expected
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert f"Wrote {counts['entries']} entries and {counts['days']} days" in written.stderr
    # Into a new database and out again: the same bytes.
    again = {**env, "HABIT_TRACKER_DB": str(tmp_path / "again.db")}
    assert CliRunner().invoke(cli, ["import", str(path)], env=again).exit_code == 0
    copy = tmp_path / f"copy.{fmt}"
    assert CliRunner().invoke(cli, ["export", "--output", str(copy)], env=again).exit_code == 0
    assert copy.read_bytes() == path.read_bytes()
