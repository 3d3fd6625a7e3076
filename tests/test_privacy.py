"""Real deletion (`forget`, `habit delete`), cleared notes, and notes kept out of sight.

The central check reads the raw bytes of the database file (and its -wal):
after a forget, the erased text is in none of them.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Invoke

from habit_tracker import privacy, tracker
from habit_tracker.cli import cli
from habit_tracker.errors import UsageError
from habit_tracker.store import CheckinInput, Store, open_store

TODAY = date(2026, 11, 22)
SECRET = "texted-alex-at-3am"  # ASCII: found as is in the file's bytes
SECRET_2 = "Älskade dig, 🙃 helt ärligt"  # non-ASCII: searched as UTF-8


def raw_bytes(db: Path) -> bytes:
    """Everything SQLite keeps on disk for ``db``: the file and its WAL."""
    data = db.read_bytes()
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def found(db: Path, text: str) -> bool:
    return text.encode("utf-8") in raw_bytes(db)


def log_text(store: Store) -> str:
    return json.dumps(store.conn.execute("SELECT * FROM change_rows").fetchall(),
                      ensure_ascii=False)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "h.db", create=True)
    tracker.initialise(s, today=TODAY, since=date(2026, 11, 1))
    tracker.add_habit(s, "texts", "daily", today=TODAY, name="Texts drafted")
    for n, day in enumerate([date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)]):
        s.checkin(CheckinInput(day, {"no-contact": "kept", "texts": "done"}, mood=3 + n,
                               note=f"{SECRET} day {n}"), TODAY)
        # edited twice: earlier images of the note sit in the change log
        s.checkin(CheckinInput(day, note=f"{SECRET_2} {n}"), TODAY)
    return s


# --------------------------------------------------------------- the library


def test_forget_day_erases_the_rows_and_their_change_log_images(store: Store) -> None:
    day = date(2026, 11, 19)
    assert found(store.path, f"{SECRET} day 1")
    erased = privacy.forget(store, privacy.scope_for(store, day=day))
    assert erased.counts == {"days": 1, "entries": 2}
    assert day not in store.days()
    assert all(e.date != day for e in store.entries(store.habit("texts")))
    for text in (f"{SECRET} day 1", f"{SECRET_2} 1"):
        assert text not in log_text(store)
        assert not found(store.path, text), text
    # the other days are untouched, with their history
    assert store.days()[date(2026, 11, 20)].note == f"{SECRET_2} 2"
    assert f"{SECRET} day 2" in log_text(store)


def test_forget_notes_before_blanks_notes_and_keeps_the_values(store: Store) -> None:
    privacy.forget(store, privacy.scope_for(store, notes_before=date(2026, 11, 20)))
    days = store.days()
    assert [days[d].note for d in sorted(days)] == [None, None, f"{SECRET_2} 2"]
    assert [days[d].mood for d in sorted(days)] == [3, 4, 5]
    assert len(store.entries(store.habit("texts"))) == 3
    for n in (0, 1):
        assert not found(store.path, f"{SECRET} day {n}")
        assert not found(store.path, f"{SECRET_2} {n}")
    assert found(store.path, f"{SECRET_2} 2")


def test_forget_habit_erases_it_its_entries_and_its_name_in_the_log(store: Store) -> None:
    texts = store.habit("texts")
    privacy.forget(store, privacy.scope_for(store, habit="texts"))
    assert [h.slug for h in store.habits(include_archived=True)] == ["no-contact", "workout"]
    (left,) = store.conn.execute("SELECT COUNT(*) FROM entries WHERE habit_id = ?",
                                 (texts.id,)).fetchone()
    assert left == 0
    assert not found(store.path, "Texts drafted")
    assert not found(store.path, '"texts"')
    assert all("texts" not in c["action"] for c in store.changes(100))


def test_forget_everything_covers_every_table_even_new_ones(store: Store) -> None:
    # A table this module has never heard of (another feature's), with user text.
    store.conn.execute("CREATE TABLE urges (id INTEGER PRIMARY KEY, date TEXT, text TEXT)")
    store.conn.execute("INSERT INTO urges (date, text) VALUES ('2026-11-21', 'urge-words-xyz')")
    store.conn.execute("INSERT INTO settings VALUES ('week_start', 'sunday')")
    plan = privacy.plan(store, privacy.scope_for(store, everything=True))
    assert plan.counts["urges"] == 1
    privacy.forget(store, privacy.scope_for(store, everything=True))
    for text in (SECRET, SECRET_2, "urge-words-xyz", "Texts drafted"):
        assert not found(store.path, text), text
    assert store.habits(include_archived=True) == []
    assert store.settings().week_start == 6  # settings stay
    assert [c["action"] for c in store.changes()] == ["forget everything"]


def companion_tables(store: Store) -> None:
    """Tables like the companion feature's (urges, letters, facts of a day), made
    here by hand: forget knows none of them by name."""
    store.conn.executescript("""
        CREATE TABLE urges (id INTEGER PRIMARY KEY, at TEXT NOT NULL, date TEXT NOT NULL,
                            intensity INTEGER NOT NULL, triggers TEXT, note TEXT);
        CREATE TABLE writings (id INTEGER PRIMARY KEY, at TEXT NOT NULL, date TEXT NOT NULL,
                               text TEXT NOT NULL);
        ALTER TABLE days ADD COLUMN necessary_contact TEXT;
        INSERT INTO urges (at, date, intensity, triggers, note)
            VALUES ('2026-11-19T22:10', '2026-11-19', 7, 'their-song-qq', 'urge-qq');
        INSERT INTO urges (at, date, intensity, triggers, note)
            VALUES ('2026-11-20T22:10', '2026-11-20', 4, NULL, 'urge-rr');
        INSERT INTO writings (at, date, text) VALUES ('2026-11-19T23:00', '2026-11-19', 'letter-qq');
        INSERT INTO writings (at, date, text) VALUES ('2026-11-20T23:00', '2026-11-20', 'letter-rr');
        UPDATE days SET necessary_contact = 'keys-handover-qq' WHERE date = '2026-11-19';
        INSERT INTO changes (at, action) VALUES ('2026-11-20T23:00:00+00:00', 'write');
        INSERT INTO change_rows (change_id, tbl, key, before, after) VALUES
            (last_insert_rowid(), 'writings', '{"id": 1}', NULL,
             '{"at": "2026-11-19T23:00", "date": "2026-11-19", "id": 1, "text": "letter-qq"}');
    """)


def test_forget_covers_tables_it_does_not_know_by_day(store: Store) -> None:
    companion_tables(store)
    plan = privacy.plan(store, privacy.scope_for(store, day=date(2026, 11, 19)))
    assert plan.counts["urges"] == 1 and plan.counts["writings"] == 1
    privacy.forget(store, privacy.scope_for(store, day=date(2026, 11, 19)))
    for text in ("letter-qq", "urge-qq", "their-song-qq", "keys-handover-qq"):
        assert not found(store.path, text), text
    assert found(store.path, "letter-rr") and found(store.path, "urge-rr")


def test_forget_notes_covers_tables_it_does_not_know(store: Store) -> None:
    companion_tables(store)
    privacy.forget(store, privacy.scope_for(store, notes_before=date(2026, 11, 20)))
    for text in ("letter-qq", "urge-qq", "their-song-qq", "keys-handover-qq"):
        assert not found(store.path, text), text
    # an urge keeps its time and intensity; a letter is its text: it goes whole
    assert store.conn.execute("SELECT date, intensity, note FROM urges ORDER BY id").fetchall() == [
        ("2026-11-19", 7, None), ("2026-11-20", 4, "urge-rr")]
    assert store.conn.execute("SELECT text FROM writings").fetchall() == [("letter-rr",)]
    privacy.forget(store, privacy.scope_for(store, everything=True))
    for text in ("letter-rr", "urge-rr"):
        assert not found(store.path, text), text


def test_forget_habit_blanks_its_slug_as_a_word_only(tmp_path: Path) -> None:
    s = open_store(tmp_path / "h.db", create=True)
    tracker.initialise(s, today=TODAY, since=date(2026, 11, 1))
    tracker.add_habit(s, "in", "daily", today=TODAY, name="Inner-name-zz")
    s.undo()  # "undo 2: habit add in" stays in the log, as undo records do
    tracker.add_habit(s, "in", "daily", today=TODAY, name="Inner-name-zz")
    s.checkin(CheckinInput(TODAY, {"in": "done"}), TODAY)
    privacy.forget(s, privacy.scope_for(s, habit="in"))
    actions = [c["action"] for c in s.changes()]
    assert actions == ["forget a habit and its history", "undo 2: habit add (forgotten)", "init"]
    assert not found(s.path, "Inner-name-zz")


def test_forget_is_not_undoable_and_undo_steps_over_it(store: Store) -> None:
    privacy.forget(store, privacy.scope_for(store, day=date(2026, 11, 20)))
    # undo goes to the change before the forget, never "undoes" the forget
    store.undo()
    assert store.days()[date(2026, 11, 19)].note == f"{SECRET} day 1"
    assert date(2026, 11, 20) not in store.days()


def test_forget_scope_needs_exactly_one_choice(store: Store) -> None:
    with pytest.raises(UsageError):
        privacy.scope_for(store)
    with pytest.raises(UsageError):
        privacy.scope_for(store, day=TODAY, everything=True)


def test_clearing_a_note_scrubs_it_from_the_change_log(store: Store) -> None:
    day = date(2026, 11, 20)
    assert f"{SECRET_2} 2" in log_text(store)
    store.checkin(CheckinInput(day, note=""), TODAY)
    assert store.days()[day].note is None
    assert f"{SECRET} day 2" not in log_text(store)
    assert f"{SECRET_2} 2" not in log_text(store)
    assert store.days()[day].mood == 5
    # Undo of the clear cannot bring the text back (the README says so) ...
    store.undo()
    assert store.days()[day].note is None
    # ... and other days' notes keep their history.
    assert f"{SECRET_2} 1" in log_text(store)


def test_replacing_a_note_keeps_undo(store: Store) -> None:
    day = date(2026, 11, 20)
    store.checkin(CheckinInput(day, note="new words"), TODAY)
    store.undo()
    assert store.days()[day].note == f"{SECRET_2} 2"


# ---------------------------------------------------------------------- CLI


@pytest.fixture
def noted(initialised: Invoke, db_path: Path) -> Invoke:
    run = initialised
    run("checkin", "--date", "2026-11-20", "--no-contact", "--mood", "4", "--note", SECRET)
    run("checkin", "--date", "2026-11-21", "--workout", "--note", SECRET_2)
    run("habit", "add", "texts", "--kind", "daily", "--name", "Drafts-never-sent")
    run("checkin", "--date", "2026-11-21", "--set", "texts=done")
    run("backup")  # today's backup now holds the notes (the automatic one came at init)
    assert any(SECRET.encode() in p.read_bytes() for p in (db_path.parent / "backups").iterdir())
    return run


def test_cli_forget_day_says_what_and_needs_yes_without_terminal(noted: Invoke, db_path: Path) -> None:
    result = noted("forget", "--day", "2026-11-20", code=2)
    assert "--yes" in result.stderr
    assert found(db_path, SECRET)  # nothing erased without confirmation
    out = noted("forget", "--day", "2026-11-20", "--yes").stdout
    assert "Everything logged for 2026-11-20" in out and "no undo" in out
    assert "backup" in out  # the automatic backup held it: said, and purged
    assert not found(db_path, SECRET)
    assert found(db_path, SECRET_2)
    for backup in (db_path.parent / "backups").iterdir():
        assert SECRET.encode() not in backup.read_bytes()


def test_cli_forget_keep_backups_says_they_still_hold_it(noted: Invoke, db_path: Path) -> None:
    out = noted("forget", "--day", "2026-11-20", "--yes", "--keep-backups").stdout
    assert "still hold" in out
    assert not found(db_path, SECRET)
    held = [p for p in (db_path.parent / "backups").iterdir() if SECRET.encode() in p.read_bytes()]
    assert held


def test_cli_forget_notes_before_and_everything(noted: Invoke, db_path: Path) -> None:
    noted("forget", "--notes", "--before", "2026-11-21", "--yes")
    assert "Nothing to forget" in noted("forget", "--notes", "--before", "2026-11-21", "--yes").stdout
    assert not found(db_path, SECRET) and found(db_path, SECRET_2)
    history = noted("history", "--json").stdout
    assert SECRET_2 in history and '"mood": 4' in history
    noted("forget", "--notes", "--before", "tomorrow", "--yes")  # every note, to today's
    assert SECRET_2 not in noted("history", "--json").stdout
    noted("forget", "--everything", "--yes")
    for text in (SECRET_2, "Drafts-never-sent", "Half marathon"):
        assert not found(db_path, text), text
    assert "--notes and --before go together" in noted("forget", "--notes", code=2).stderr


def test_cli_forget_asks_in_a_terminal(noted: Invoke, db_path: Path, env: dict[str, str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import habit_tracker.cli.privacy as cli_privacy

    monkeypatch.setattr(cli_privacy, "interactive", lambda: True)
    result = CliRunner().invoke(cli, ["forget", "--day", "2026-11-20"], input="n\n", env=env)
    assert result.exit_code == 1 and "Erase it?" in result.output
    assert found(db_path, SECRET)
    # yes to erasing, no to deleting the backups: they are kept, and that is said
    result = CliRunner().invoke(cli, ["forget", "--day", "2026-11-20"], input="y\nn\n", env=env)
    assert result.exit_code == 0, result.output
    assert "Delete those backups too" in result.output and "still hold" in result.output
    assert not found(db_path, SECRET)


def test_cli_habit_delete_erases_it_unlike_archive(noted: Invoke, db_path: Path) -> None:
    noted("habit", "archive", "texts")
    assert found(db_path, "Drafts-never-sent")  # archive keeps everything
    noted("habit", "delete", "texts", code=2)
    out = noted("habit", "delete", "texts", "--yes").stdout
    assert "The habit 'texts' and its whole history" in out
    assert not found(db_path, "Drafts-never-sent")
    assert "texts" not in noted("habit", "list", "--all").stdout
    assert "no habit called 'texts'" in noted("habit", "delete", "texts", "--yes", code=2).stderr


def test_cli_forget_nothing_there(noted: Invoke) -> None:
    assert "Nothing to forget" in noted("forget", "--day", "2026-11-02", "--yes").stdout


def test_cli_clearing_a_note_leaves_no_readable_trace_in_the_log(noted: Invoke, db_path: Path) -> None:
    noted("checkin", "--date", "2026-11-20", "--note", "")
    conn = sqlite3.connect(db_path)
    log = json.dumps(conn.execute("SELECT before, after FROM change_rows").fetchall())
    assert SECRET not in log
    assert conn.execute("SELECT mood FROM days WHERE date = '2026-11-20'").fetchone() == (4,)


# ------------------------------------------------------------- out of sight


def test_history_no_notes(noted: Invoke) -> None:
    assert SECRET in noted("history").stdout
    text = noted("history", "--no-notes").stdout
    assert SECRET not in text and SECRET_2 not in text and "mood 4" in text
    days = json.loads(noted("history", "--no-notes", "--json").stdout)["days"]
    assert days and all("note" not in d for d in days)
    assert all("note" not in e for d in days for e in d["entries"].values())
    assert SECRET_2 not in noted("history", "workout", "--no-notes").stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize(("week_start", "week"), [
    ("monday", "2026-11-16"), ("monday", "2026-11-22"),  # the week's first and last days
    ("sunday", "2026-11-15"), ("sunday", "2026-11-21"),
])
def test_report_no_notes_in_every_format(noted: Invoke, fmt: str, week: str,
                                         week_start: str) -> None:
    noted("config", "week_start", week_start)
    shown = noted("report", "--week", week, "--format", fmt).stdout
    assert SECRET in shown or SECRET_2.split()[0] in shown
    hidden = noted("report", "--week", week, "--format", fmt, "--no-notes").stdout
    for text in (SECRET, SECRET_2.split()[0]):
        assert text not in hidden
    assert len(hidden) > 200  # the rest of the report is there
    if fmt == "json":
        assert json.loads(hidden)["notes"] == []


def test_report_no_notes_to_a_file(noted: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "week.html"
    noted("report", "--no-notes", "--output", str(out))
    assert SECRET_2.split()[0] not in out.read_text()
    assert "No contact" in out.read_text()
