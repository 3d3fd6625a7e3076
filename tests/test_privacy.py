"""Real deletion (`forget`, `habit delete`), cleared notes, and notes kept out of sight.

The central check reads the raw bytes of the database file (and its -wal):
after a forget, the erased text is in none of them.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Invoke

from habit_tracker import models as m
from habit_tracker import privacy, tracker
from habit_tracker.cli import cli
from habit_tracker.errors import NothingToUndoError, UsageError
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
    assert erased.counts["days"] == 1 and erased.counts["entries"] == 2
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


def test_forget_habit_erases_the_days_an_import_wrote_to_it(store: Store) -> None:
    from habit_tracker import interchange

    entries = [{"date": f"2026-11-{n:02d}", "habit": "texts", "value": "done"} for n in range(1, 9)]
    interchange.import_data(store, {"entries": entries}, today=TODAY)
    texts = store.habit("texts")
    bulk = "SELECT COUNT(*) FROM change_rows WHERE tbl = 'bulk:entries' AND key = ?"
    assert store.conn.execute(bulk, (json.dumps({"habit_id": texts.id}),)).fetchone()[0] == 1
    privacy.forget(store, privacy.scope_for(store, habit="texts"))
    assert store.conn.execute(bulk, (json.dumps({"habit_id": texts.id}),)).fetchone()[0] == 0


def test_forget_everything_covers_every_table_even_new_ones(store: Store) -> None:
    # A table this module has never heard of (a later feature's), with user text.
    store.conn.execute("CREATE TABLE later (id INTEGER PRIMARY KEY, words TEXT)")
    store.conn.execute("INSERT INTO later (words) VALUES ('urge-words-xyz')")
    store.conn.execute("INSERT INTO settings VALUES ('week_start', 'sunday')")
    plan = privacy.plan(store, privacy.scope_for(store, everything=True))
    assert plan.counts["later"] == 1
    privacy.forget(store, privacy.scope_for(store, everything=True))
    for text in (SECRET, SECRET_2, "urge-words-xyz", "Texts drafted"):
        assert not found(store.path, text), text
    assert store.habits(include_archived=True) == []
    assert store.settings().week_start == 6  # settings stay
    assert [c["action"] for c in store.changes()] == ["forget everything"]


def companion_data(store: Store) -> None:
    """Urges, letters and a necessary contact, through the companion feature's own
    calls (so their change-log images are the real ones), and a table forget has
    never heard of, as a later feature might add."""
    for day, text in ((date(2026, 11, 19), "qq"), (date(2026, 11, 20), "rr")):
        at = datetime(day.year, day.month, day.day, 22, 10)
        store.add_urge(m.Urge(at, day, 7, (f"their-song-{text}",), f"urge-{text}"))
        store.add_writing(m.Writing(at, day, f"letter-{text}"))
    store.checkin(CheckinInput(date(2026, 11, 19), necessary_contact="keys-handover-qq"), TODAY)
    store.conn.executescript("""
        CREATE TABLE future_feature (id INTEGER PRIMARY KEY, date TEXT NOT NULL, note TEXT);
        INSERT INTO future_feature (date, note) VALUES ('2026-11-19', 'future-qq');
        INSERT INTO future_feature (date, note) VALUES ('2026-11-20', 'future-rr');
    """)


def test_forget_covers_every_table_by_day(store: Store) -> None:
    companion_data(store)
    plan = privacy.plan(store, privacy.scope_for(store, day=date(2026, 11, 19)))
    assert plan.counts["urges"] == plan.counts["writings"] == plan.counts["future_feature"] == 1
    privacy.forget(store, privacy.scope_for(store, day=date(2026, 11, 19)))
    for text in ("letter-qq", "urge-qq", "their-song-qq", "keys-handover-qq", "future-qq"):
        assert not found(store.path, text), text
    for text in ("letter-rr", "urge-rr", "future-rr"):
        assert found(store.path, text), text


def test_forget_notes_covers_every_table(store: Store) -> None:
    companion_data(store)
    privacy.forget(store, privacy.scope_for(store, notes_before=date(2026, 11, 20)))
    for text in ("letter-qq", "urge-qq", "their-song-qq", "keys-handover-qq", "future-qq"):
        assert not found(store.path, text), text
    # an urge keeps its time and intensity; a letter is its text: it goes whole
    assert [(u.day, u.intensity, u.note) for u in store.urges()] == [
        (date(2026, 11, 19), 7, None), (date(2026, 11, 20), 7, "urge-rr")]
    assert [w.text for w in store.writings()] == ["letter-rr"]
    privacy.forget(store, privacy.scope_for(store, everything=True))
    for text in ("letter-rr", "urge-rr", "future-rr"):
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


def test_forget_is_not_undoable_and_undo_stops_at_it(store: Store) -> None:
    privacy.forget(store, privacy.scope_for(store, day=date(2026, 11, 20)))
    before = store.days()
    # undo neither "undoes" the forget nor reverts the change before it
    with pytest.raises(NothingToUndoError, match="cannot be undone"):
        store.undo()
    assert store.days() == before
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


def test_clearing_a_necessary_contact_scrubs_only_that_text(store: Store) -> None:
    day = date(2026, 11, 20)
    store.checkin(CheckinInput(day, necessary_contact="lease-papers-uu"), TODAY)
    store.checkin(CheckinInput(day, necessary_contact=""), TODAY)
    assert "lease-papers-uu" not in log_text(store)
    assert f"{SECRET_2} 2" in log_text(store)  # the note was not cleared: still undoable


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
    noted("checkin", "--date", "2026-11-19", "--no-contact", "--necessary-contact", "kids-pickup-vv")
    assert "kids-pickup-vv" in noted("history").stdout
    assert "kids-pickup-vv" not in noted("history", "--no-notes").stdout
    assert "kids-pickup-vv" not in noted("history", "--no-notes", "--json").stdout


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


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("week", ["2026-11-16", "2026-11-22"])
def test_report_no_notes_leaves_out_the_companion_texts_too(initialised: Invoke, fmt: str,
                                                            week: str) -> None:
    run = initialised
    run("checkin", "--date", "2026-11-17", "--contact", "--what-led", "saw-photos-ww")
    run("checkin", "--date", "2026-11-18", "--no-contact", "--necessary-contact", "lease-call-ww")
    run("write", "-", input="letter-never-sent-ww\n", HABIT_TRACKER_NOW="2026-11-19T21:00:00")
    texts = ("saw-photos-ww", "lease-call-ww", "letter-never-sent-ww")
    shown = run("report", "--week", week, "--format", fmt, "--include-writing").stdout
    assert all(t in shown for t in texts), shown
    hidden = run("report", "--week", week, "--format", fmt, "--include-writing",
                 "--no-notes").stdout
    assert not any(t in hidden for t in texts), hidden
    assert "necessary" in hidden.lower()  # the count stays
