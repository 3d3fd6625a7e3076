"""Nothing a user types, imports or points at can hurt their data (issue 11).

One test (or a few) per finding, each failing on the code before the fix.  The
fuzz test, the hostile import corpus and the damaged-database test live in
test_fuzz_cli.py, test_hostile_imports.py and test_damaged_db.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habit_tracker import interchange
from habit_tracker.cli import cli
from habit_tracker.files import APPLICATION_ID, check_output_target
from habit_tracker.store import describe_sqlite_error, open_store

Invoke = Callable[..., Result]


def export_json(run: Invoke) -> str:
    return run("export", "--format", "json").stdout


def one_error(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# ------------------------------------------------- 1. outputs over the database


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("command", [["export"], ["export", "--format", "csv"], ["report"]])
def test_no_output_over_the_open_database(initialised: Invoke, db_path: Path, command: list[str],
                                          suffix: str) -> None:
    initialised("checkin", "--no-contact", "--mood", "6")
    before = export_json(initialised)
    target = f"{db_path}{suffix}"
    result = initialised(*command, "--output", target, code=2)
    assert "database" in one_error(result)
    assert export_json(initialised) == before


def test_no_chart_over_a_database_named_like_a_chart(run: Invoke, tmp_path: Path) -> None:
    odd = str(tmp_path / "data.png")
    run("--db", odd, "init", "--since", "2026-11-01")
    before = run("--db", odd, "export").stdout
    run("--db", odd, "chart", "heatmap", "--output", odd, code=2)
    run("--db", odd, "chart", "heatmap", "--output", odd + "-wal", code=2)
    assert run("--db", odd, "export").stdout == before


def test_no_output_over_another_habit_database(initialised: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    initialised("--db", str(other), "init", "--since", "2026-11-01")
    initialised("--db", str(other), "checkin", "--no-contact")
    kept = initialised("--db", str(other), "export").stdout
    initialised("report", "--output", str(other), code=2)
    initialised("export", "--output", str(other), code=2)
    assert initialised("--db", str(other), "export").stdout == kept


def test_an_old_database_without_application_id_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path, create=True):
        pass
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    from habit_tracker import files

    files._OPEN_DATABASES.discard(str(path.resolve()))
    with pytest.raises(Exception, match="habit-tracker database"):
        check_output_target(path)
    check_output_target(tmp_path / "fresh.json")  # an ordinary target is fine


def test_demo_keeps_a_demo_database_holding_real_checkins(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "tour"
    run("demo", "--output", str(out))
    demo_db = str(out / "demo.db")
    run("--db", demo_db, "checkin", "--no-contact", "--note", "my real day")
    before = run("--db", demo_db, "export").stdout
    result = run("demo", "--output", str(out), code=2)
    assert "changes of its own" in one_error(result)
    assert run("--db", demo_db, "export").stdout == before
    # An untouched demo is still replaced on a second run.
    fresh = tmp_path / "again"
    run("demo", "--output", str(fresh))
    run("demo", "--output", str(fresh))


# ------------------------------------------------ 2. one validation for values


@pytest.mark.parametrize("bad", ["abc", 99, -30, "4.5", True])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_imported_settings_are_validated(run: Invoke, tmp_path: Path, bad: object, fmt: str) -> None:
    if fmt == "json":
        path = tmp_path / "x.json"
        path.write_text(json.dumps({"format": "habit-tracker", "version": 1,
                                    "settings": {"day_start": bad}, "habits": []}))
    else:
        path = tmp_path / "x.csv"
        path.write_text(f"date,habit,value,note,name\n,,{json.dumps(bad).strip(chr(34))},,day_start\n")
    result = run("import", str(path), code=2)
    assert "day_start" in one_error(result)
    assert not Path(os.environ["HABIT_TRACKER_DB"]).exists()  # nothing left behind either


def test_an_invalid_stored_setting_is_a_clear_refusal(initialised: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('day_start', 'abc')")
    conn.commit()
    conn.close()
    for command in (["status"], ["checkin", "--no-contact"], ["export"], ["report"]):
        result = initialised(*command, code=3)
        assert "config day_start" in one_error(result)
    initialised("config", "day_start", "4")
    initialised("status")


@pytest.mark.parametrize("value", ["25", "-1", "abc", "4e0", "０"])
def test_config_uses_the_same_validation(initialised: Invoke, value: str) -> None:
    initialised("config", "day_start", value, code=2)


# ------------------------------------------------------------- 3. extreme numbers


@pytest.mark.parametrize("progress", ["1e308", "4.9e-324", "1" * 5000, "1e10", "0.0001", "inf"])
def test_extreme_progress_is_refused(initialised: Invoke, progress: str) -> None:
    before = export_json(initialised)
    initialised("checkin", "--progress", progress, code=2)
    assert export_json(initialised) == before


@pytest.mark.parametrize(("option", "value"), [("--target", "1e-320"), ("--target", "1e308"),
                                               ("--min", "1e-320"), ("--min", "5e9")])
def test_extreme_habit_numbers_are_refused(initialised: Invoke, option: str, value: str) -> None:
    kind = "goal" if option == "--target" else "daily"
    initialised("habit", "add", "x", "--kind", kind, option, value, code=2)


def test_the_largest_amounts_allowed_still_render(initialised: Invoke, tmp_path: Path) -> None:
    initialised("habit", "edit", "goal", "--target", "1e9")
    initialised("checkin", "--progress", "1e9", "--date", "2026-11-20")
    initialised("checkin", "--progress", "0.001")
    for command in (["status"], ["report", "--format", "html"], ["chart", "goal", "-o",
                    str(tmp_path / "g.png")], ["chart", "dashboard", "-o", str(tmp_path / "d.png")]):
        initialised(*command)


# ------------------------------------------------------------------- 4. dates


@pytest.mark.parametrize("day", ["0001-01-02", "1899-12-31", "99999 days ago", "Nov 20 1"])
def test_dates_outside_the_calendar_are_refused(initialised: Invoke, day: str) -> None:
    before = export_json(initialised)
    initialised("checkin", "--mood", "5", "--date", day, code=2)
    initialised("history", "--from", day, code=2)
    assert export_json(initialised) == before


@pytest.mark.parametrize("now", ["9999-12-31T12:00:00", "0001-01-02T12:00:00"])
def test_a_clock_outside_the_calendar_is_refused(initialised: Invoke, now: str) -> None:
    initialised("status", code=2, HABIT_TRACKER_NOW=now)


def test_deadlines_are_bounded(initialised: Invoke) -> None:
    initialised("habit", "edit", "goal", "--by", "9999-12-31", code=2)
    initialised("habit", "edit", "goal", "--by", "2100-01-01")
    initialised("status")


def test_nov_20_1_is_not_2001(initialised: Invoke) -> None:
    result = initialised("checkin", "--no-contact", "--date", "Nov 20 1", code=2)
    assert "year in full" in one_error(result)
    initialised("checkin", "--no-contact", "--date", "Nov 20")  # no year: this year's


def test_import_refuses_future_days_as_checkin_does(initialised: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text(json.dumps({"format": "habit-tracker", "version": 1,
                                "days": [{"date": "2026-12-25", "mood": 5}]}))
    initialised("import", str(path), code=2)
    initialised("checkin", "--mood", "5", "--date", "2026-12-25", code=2)


# -------------------------------------------------------- 5. damaged and foreign


def test_application_id_is_set(initialised: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_an_empty_foreign_sqlite_file_is_not_converted(run: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    for command in (["status"], ["checkin", "--no-contact"], ["habit", "list"]):
        assert "not a habit-tracker" in one_error(run(*command, code=3))
    assert db_path.read_bytes() == before


def test_another_application_id_is_refused(run: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    assert "another program" in one_error(run("init", code=3))
    assert db_path.read_bytes() == before


def test_a_missing_column_is_a_clear_refusal(initialised: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("ALTER TABLE habits DROP COLUMN deadline")
    conn.commit()
    conn.close()
    assert "habits.deadline" in one_error(initialised("status", code=3))


def test_garbled_text_and_dates_are_clear_refusals(initialised: Invoke, db_path: Path) -> None:
    initialised("checkin", "--no-contact")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE habits SET name = CAST(x'fffe41' AS TEXT) WHERE slug = 'workout'")
    conn.commit()
    conn.close()
    assert "damaged" in one_error(initialised("status", code=3))
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE habits SET name = 'Workout' WHERE slug = 'workout'")
    conn.execute("UPDATE entries SET date = '2026-13-45'")
    conn.commit()
    conn.close()
    env = {"HABIT_TRACKER_DB": str(db_path), "HABIT_TRACKER_NOW": "2026-11-22T20:00:00"}
    for args in (["history"], ["report", "--week", "2026-11-16"], ["status"]):
        result = CliRunner().invoke(cli, args, env=env)  # a read may not reach the bad row
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert "Traceback" not in result.output
    assert "damaged date" in one_error(initialised("export", code=3))


# ---------------------------------------------------------------- 6. wrapping


def test_wrapping_is_linear() -> None:
    from habit_tracker.report.text import wrap

    started = time.perf_counter()
    lines = wrap("x" * 1_000_000, 72)
    assert time.perf_counter() - started < 0.5
    assert len(lines) == 1_000_000 // 72 + 1 and {len(line) for line in lines[:-1]} == {72}
    started = time.perf_counter()
    wrap("a " * 300_000 + "界" * 100_000, 72)
    assert time.perf_counter() - started < 2


def test_report_with_a_long_note(initialised: Invoke) -> None:
    initialised("checkin", "--no-contact", "--note", "y" * 300_000)
    started = time.perf_counter()
    initialised("report")
    assert time.perf_counter() - started < 10


# ------------------------------------------------------------- 7, 8. CSV safety


TRICKY = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "'=quoted", "''", "'", "'tis", "plain"]


def test_csv_cells_cannot_run_as_formulas_and_round_trip_exactly(
    initialised: Invoke, tmp_path: Path, db_path: Path
) -> None:
    for number, note in enumerate(TRICKY, 1):
        initialised("checkin", "--no-contact", "--date", f"2026-11-{number:02d}", "--note", note)
    initialised("habit", "add", "formula", "--kind", "daily", "--name", "=HYPERLINK(\"x\")",
                "--unit", "@u")
    first = tmp_path / "a.csv"
    initialised("export", "--output", str(first))
    for line in first.read_text().splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")), line
    other = tmp_path / "b.db"
    initialised("--db", str(other), "import", str(first))
    second = tmp_path / "b.csv"
    initialised("--db", str(other), "export", "--output", str(second))
    assert second.read_bytes() == first.read_bytes()
    notes = [d["note"] for d in json.loads(initialised("--db", str(other), "export").stdout)["days"]]
    assert notes == TRICKY


def test_restore_reverses_neutralise() -> None:
    for text in [*TRICKY, "", "'''=", "'+", "x'"]:
        assert interchange.restore(interchange.neutralise(text)) == text
    assert interchange.restore("'tis") == "'tis"  # a hand-written quote stays


def test_a_csv_backup_with_a_huge_note_imports(initialised: Invoke, tmp_path: Path) -> None:
    initialised("checkin", "--no-contact", "--note", "n" * 200_000)
    path = tmp_path / "big.csv"
    initialised("export", "--output", str(path))
    initialised("--db", str(tmp_path / "c.db"), "import", str(path))


# --------------------------------------------------------- 9. malformed imports


HOSTILE_JSON = {
    "habits as text": '{"format": "habit-tracker", "version": 1, "habits": "abc"}',
    "entries as a dict": '{"format": "habit-tracker", "version": 1, "entries": {"a": 1}}',
    "deep nesting": '{"format": "habit-tracker", "version": 1, "x": ' + "[" * 5000 + "]" * 5000 + "}",
    "huge version": '{"format": "habit-tracker", "version": ' + "9" * 5000 + "}",
    "lone surrogate": '{"format": "habit-tracker", "version": 1, "days": '
                      '[{"date": "2026-11-02", "note": "\\ud800"}]}',
    "position 1e20": '{"format": "habit-tracker", "version": 1, "habits": [{"slug": "x", '
                     '"kind": "daily", "position": 1e20}]}',
    "name as a list": '{"format": "habit-tracker", "version": 1, "habits": [{"slug": "x", '
                      '"kind": "daily", "name": [1]}]}',
    "mood as text": '{"format": "habit-tracker", "version": 1, "days": [{"date": "2026-11-02", '
                    '"mood": "lots"}]}',
    "a list": "[1, 2]",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_JSON))
def test_malformed_json_is_one_clear_line(initialised: Invoke, tmp_path: Path, name: str) -> None:
    before = export_json(initialised)
    path = tmp_path / "bad.json"
    path.write_text(HOSTILE_JSON[name])
    initialised("import", str(path), code=2)
    assert export_json(initialised) == before


def test_a_zip_bomb_is_refused_quickly(initialised: Invoke, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Habits.csv", "Position,Name,Question,Description,NumRepetitions,"
                         "Interval,Color\n")
        with archive.open("001 Big/Checkmarks.csv", "w") as member:
            chunk = b"0" * (1 << 20)
            for _ in range(100):
                member.write(chunk)
    assert path.stat().st_size < 1 << 20
    started = time.perf_counter()
    result = initialised("import", str(path), "--format", "loop", code=2)
    assert time.perf_counter() - started < 5
    assert "unpacks to" in one_error(result)


# ------------------------------------------------ 10, 11. bytes and escapes


def test_non_utf8_arguments_are_refused(initialised: Invoke) -> None:
    before = export_json(initialised)
    initialised("checkin", "--no-contact", "--note", "caf\udce9", code=2)
    initialised("habit", "add", "x", "--kind", "daily", "--name", "caf\udce9", code=2)
    result = initialised("checkin", "--set", "caf\udce9=1", code=2)
    assert "\udce9" not in result.stderr
    assert export_json(initialised) == before


def test_terminal_escapes_never_reach_the_terminal(initialised: Invoke, tmp_path: Path) -> None:
    escape = "\x1b]0;pwned\x07\x1b[2J"
    result = initialised("checkin", "--set", f"{escape}=1", code=2)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    path = tmp_path / "x.csv"
    path.write_text(f"date,habit,value,note\n2026-11-02,{escape.replace(',', '')},done,\n")
    result = initialised("import", str(path), code=2)
    assert "\x1b" not in result.stderr


def test_warnings_pass_the_same_guard(monkeypatch: pytest.MonkeyPatch, initialised: Invoke,
                                      tmp_path: Path) -> None:
    original = interchange.read_file

    def with_warning(path: Path, fmt: str | None, **options: object) -> dict:  # type: ignore[type-arg]
        data = original(path, fmt, **options)  # type: ignore[arg-type]
        data["source"] = "Loop"  # another app's reader: its warnings are shown
        data["warnings"] = ["habit '\x1b[31mred\x1b[0m' skipped"]
        return data

    monkeypatch.setattr(interchange, "read_file", with_warning)
    path = tmp_path / "e.json"
    initialised("export", "--output", str(path))
    result = initialised("import", str(path))
    assert "Warning: habit '" in result.stderr and "\x1b" not in result.stderr


# --------------------------------------------------------------- 12. file modes


def test_an_existing_loose_database_is_tightened(initialised: Invoke, db_path: Path) -> None:
    initialised("checkin", "--no-contact")
    conn = sqlite3.connect(db_path)  # keeps -wal/-shm while open
    conn.execute("SELECT 1").fetchall()
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{db_path}{suffix}")
        if target.exists():
            os.chmod(target, 0o644)
    initialised("status")
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{db_path}{suffix}")
        if target.exists():
            assert stat.S_IMODE(target.stat().st_mode) == 0o600, suffix
    conn.close()


def test_folders_are_private_under_umask_000(run: Invoke, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        nested = tmp_path / "a" / "b" / "habits.db"
        run("--db", str(nested), "init")
        run("demo", "--output", str(tmp_path / "tour" / "inner"))
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "tour",
                   tmp_path / "tour" / "inner"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(nested.stat().st_mode) == 0o600


# -------------------------------------------------------------- 13. wording


@pytest.mark.parametrize(("code", "text", "words"), [
    (13, "database or disk is full", "full"),
    (8, "attempt to write a readonly database", "read-only"),
    (14, "unable to open database file", "cannot open"),
    (11, "database disk image is malformed", "damaged"),
    (26, "file is not a database", "not a SQLite file"),
])
def test_sqlite_errors_say_what_is_wrong(code: int, text: str, words: str) -> None:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    message = describe_sqlite_error(exc, "/x/habits.db")
    assert words in message
    if code in (13, 8, 14):
        assert "damaged" not in message and "not a habit-tracker" not in message


def test_a_full_disk_is_not_called_damage(initialised: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from habit_tracker import store as store_module

    real = store_module.Store.check_before_write

    def full(self: store_module.Store) -> None:  # inside the write lock, as a write would
        real(self)
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(store_module.Store, "check_before_write", full)
    message = one_error(initialised("checkin", "--no-contact", code=3))
    assert "full" in message and "intact" in message and "damaged" not in message


# ---------------------------------------------------------- 14. overlaps


@pytest.mark.parametrize("args", [
    ["--progress", "nan", "--set", "goal=3"],
    ["--set", "goal=3", "--set", "goal=0"],
    ["--workout", "--set", "workout=missed"],
    ["--no-contact", "--set", "no-contact=broken"],
])
def test_overlapping_options_are_refused(initialised: Invoke, args: list[str]) -> None:
    before = export_json(initialised)
    initialised("checkin", *args, code=2)
    assert export_json(initialised) == before


def test_the_same_value_twice_is_fine(initialised: Invoke) -> None:
    initialised("checkin", "--workout", "--set", "workout=done")


# ----------------------------------------------------------- 15. smaller ones


def test_ctrl_c_after_an_import_commit_says_it_landed(
    initialised: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    path = tmp_path / "e.json"
    initialised("export", "--output", str(path))
    real = interchange.apply_import

    def then_interrupt(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(interchange, "apply_import", then_interrupt)
    result = CliRunner().invoke(cli, ["import", str(path)], env=env)
    assert result.exit_code == 1
    assert "saved already" in one_error(result) and "undo" in result.stderr


def test_ctrl_c_before_anything_is_saved(initialised: Invoke, env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["checkin", "--interactive"], input="", env=env)
    assert result.exit_code == 1 and "nothing was saved" in result.stderr


def test_a_refused_import_leaves_no_database(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("date,habit,value,note\n2026-11-02,reading,done,\n")
    run("import", str(path), code=2)
    path.write_text("date,habit,value,note,kind\n,reading,,,daily\n2026-11-02,reading,maybe,\n")
    run("import", str(path), code=2)
    assert not db_path.exists()


def test_an_empty_unit_survives_a_round_trip(initialised: Invoke, tmp_path: Path) -> None:
    initialised("habit", "add", "pages", "--kind", "daily", "--min", "5", "--unit", "")
    first = tmp_path / "a.json"
    initialised("export", "--output", str(first))
    initialised("--db", str(tmp_path / "b.db"), "import", str(first))
    second = tmp_path / "b.json"
    initialised("--db", str(tmp_path / "b.db"), "export", "--output", str(second))
    assert first.read_text() == second.read_text()


def test_an_older_database_gets_the_application_id(initialised: Invoke, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_application_id'")
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    initialised("status")
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_stored_amounts_out_of_range_are_a_clear_refusal_and_can_be_set_right(
    initialised: Invoke, db_path: Path, tmp_path: Path
) -> None:
    initialised("checkin", "--progress", "5")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE entries SET amount = 1e308 WHERE amount IS NOT NULL")
    conn.execute("UPDATE habits SET target = 5e-324 WHERE kind = 'goal'")
    conn.commit()
    conn.close()
    for command in (["status"], ["report", "--format", "html"], ["chart", "goal", "-o",
                    str(tmp_path / "g.png")]):
        assert "outside what can be logged" in one_error(initialised(*command, code=3))
    initialised("export")  # the data can still be saved as it is
    initialised("habit", "edit", "goal", "--target", "300")
    initialised("checkin", "--set", "goal=5")
    initialised("status")
    initialised("report", "--format", "html")
