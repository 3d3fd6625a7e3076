"""Erasing for good: `forget` and `habit delete`.

Everything else in habit-tracker keeps a trace (the change log is what ``undo``
replays).  Forgetting is the one exception, by design: it removes the text from
the live tables AND from every before/after image in the change log, then
rebuilds the file (``VACUUM``) and empties the write-ahead log, so the text is in
none of the database's bytes afterwards.  It cannot be undone.

The tables are walked generically (every table of the database and its columns),
so a table added later is covered without a change here:

- ``--day D``: every row of any table whose ``date`` column is on D;
- ``--habit SLUG``: the habit and every row of any table pointing at it by
  ``habit_id``; the slug is blanked in the change log's descriptions;
- ``--notes --before D``: the free-text columns (``TEXT_COLUMNS``: note, text ...)
  of rows dated before D, set to null; a row whose text is required (a letter)
  is deleted whole;
- ``--everything``: every row of every table but the settings and the schema's
  own record.

In the change log, an image is matched by the row's key or by the values in
its before or after image, so a row's history goes with the row.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .changelog import BULK, NOT_UNDOABLE, scrub_images
from .errors import DatabaseError, UsageError
from .store import Store

LOG_TABLES = ("changes", "change_rows")
KEPT_TABLES = ("settings", "_sqlite_migrations")
#: Free text a person typed, by column name, in any table (``forget --notes``).
TEXT_COLUMNS = ("note", "text", "triggers", "necessary_contact", "break_trigger")
FORGOTTEN = "(forgotten)"


@dataclass
class Plan:
    """What a forget will erase: a description and counts, before anything changes."""

    what: str
    counts: dict[str, int] = field(default_factory=dict)
    log_rows: int = 0

    def describe(self) -> str:
        parts = [f"{table}: {n} row{'s' if n != 1 else ''}" for table, n in self.counts.items() if n]
        if self.log_rows:
            parts.append(f"{self.log_rows} change-log image{'s' if self.log_rows != 1 else ''}")
        return f"{self.what}: " + (", ".join(parts) if parts else "nothing is stored")

    @property
    def empty(self) -> bool:
        return not any(self.counts.values()) and not self.log_rows


def user_tables(conn: sqlite3.Connection) -> dict[str, dict[str, bool]]:
    """Every table holding user data: its columns, each with whether it is NOT NULL
    (the change log, the settings and SQLite's own tables excluded)."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {
        name: {col[1]: bool(col[3]) for col in conn.execute(f"PRAGMA table_info({_q(name)})")}
        for name in names
        if name not in LOG_TABLES + KEPT_TABLES
    }


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


Clause = tuple[str, tuple[Any, ...]]


def _image_date(table: str, op: str, day: str) -> Clause:
    """change_rows of ``table`` whose key or images are dated ``op day``."""
    dated = " OR ".join(
        f"substr(json_extract({col}, '$.date'), 1, 10) {op} ?" for col in ("key", "before", "after")
    )
    return f"tbl = ? AND ({dated})", (table, day, day, day)


# ------------------------------------------------------------------- the scopes


class _Scope:
    """Which live rows, and which change-log rows, a forget touches in each table."""

    what = ""
    action = ""  # for the change log: names no erased text

    def rows(self, table: str, columns: dict[str, bool]) -> Clause | None:
        raise NotImplementedError

    def log(self, table: str, columns: dict[str, bool]) -> Clause | None:
        raise NotImplementedError

    def blank(self, table: str, columns: dict[str, bool]) -> list[str]:
        """Columns to blank in the matched rows; empty: delete the rows."""
        return []


class _Day(_Scope):
    def __init__(self, day: date) -> None:
        self.day = day.isoformat()
        self.what = f"Everything logged for {self.day} (values, mood, notes, 'they reached out')"
        self.action = f"day {self.day}"

    def rows(self, table: str, columns: dict[str, bool]) -> Clause | None:
        return ("substr(date, 1, 10) = ?", (self.day,)) if "date" in columns else None

    def log(self, table: str, columns: dict[str, bool]) -> Clause | None:
        return _image_date(table, "=", self.day)


class _NotesBefore(_Scope):
    def __init__(self, before: date) -> None:
        self.before = before.isoformat()
        self.what = f"The text of every note dated before {self.before}"
        self.action = f"notes before {self.before}"

    def rows(self, table: str, columns: dict[str, bool]) -> Clause | None:
        text = [c for c in columns if c in TEXT_COLUMNS]
        if "date" not in columns or not text:
            return None
        filled = " OR ".join(f"({c} IS NOT NULL AND {c} != '')" for c in text)
        return f"substr(date, 1, 10) < ? AND ({filled})", (self.before,)

    def log(self, table: str, columns: dict[str, bool]) -> Clause | None:
        return _image_date(table, "<", self.before)

    def blank(self, table: str, columns: dict[str, bool]) -> list[str]:
        text = [c for c in columns if c in TEXT_COLUMNS]
        # A row that cannot be without its text (a letter, a journal entry) goes whole.
        return [] if any(columns[c] for c in text) else text


class _Habit(_Scope):
    def __init__(self, habit_id: int, slug: str) -> None:
        self.habit_id = habit_id
        self.slug = slug
        self.what = f"The habit '{slug}' and its whole history"
        self.action = "a habit and its history"

    def rows(self, table: str, columns: dict[str, bool]) -> Clause | None:
        if table == "habits":
            return "id = ?", (self.habit_id,)
        if "habit_id" in columns:
            return "habit_id = ?", (self.habit_id,)
        return None

    def log(self, table: str, columns: dict[str, bool]) -> Clause | None:
        if table == "habits":
            # by id, and by slug: an earlier habit of that name (added, then undone)
            return ("tbl = 'habits' AND (json_extract(key, '$.id') = ? OR "
                    "json_extract(before, '$.slug') = ? OR json_extract(after, '$.slug') = ?)",
                    (self.habit_id, self.slug, self.slug))
        images = " OR ".join(
            f"json_extract({col}, '$.habit_id') = ?" for col in ("key", "before", "after")
        )
        # and an import's record of the days it wrote to the habit (changelog.BULK)
        return (f"(tbl = ? AND ({images})) OR (tbl = ? AND json_extract(key, '$.habit_id') = ?)",
                (table, *(self.habit_id,) * 3, BULK + table, self.habit_id))


class _Everything(_Scope):
    what = "Everything: every habit, every day, every note, the whole change log"
    action = "everything"

    def rows(self, table: str, columns: dict[str, bool]) -> Clause | None:
        return "1", ()

    def log(self, table: str, columns: dict[str, bool]) -> Clause | None:
        return "1", ()  # the whole log: settings' history included


def scope_for(store: Store, *, day: date | None = None, habit: str | None = None,
              notes_before: date | None = None, everything: bool = False) -> _Scope:
    given = sum(x is not None and x is not False for x in (day, habit, notes_before, everything))
    if given != 1:
        raise UsageError("say what to forget: one of --day DATE, --habit SLUG, "
                         "--notes --before DATE, --everything")
    if day is not None:
        return _Day(day)
    if notes_before is not None:
        return _NotesBefore(notes_before)
    if habit is not None:
        found = store.habit(habit)
        return _Habit(found.id or 0, found.slug)
    return _Everything()


# ------------------------------------------------------------------ plan / run


def _count(conn: sqlite3.Connection, table: str, clause: Clause) -> int:
    (count,) = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {clause[0]}", clause[1]).fetchone()
    return int(count)


def plan(store: Store, scope: _Scope) -> Plan:
    """Count what ``scope`` covers, changing nothing."""
    result = Plan(scope.what)
    logged: set[int] = set()
    for table, columns in user_tables(store.conn).items():
        where = scope.rows(table, columns)
        if where is None:
            continue
        result.counts[table] = _count(store.conn, _q(table), where)
        log = scope.log(table, columns)
        blank = scope.blank(table, columns)
        if log is not None and blank:  # only images that still hold some of that text
            held = " OR ".join(f"json_extract({image}, '$.{c}') IS NOT NULL"
                               for image in ("before", "after") for c in blank)
            log = f"({log[0]}) AND ({held})", log[1]
        if log is not None:
            logged.update(row[0] for row in store.conn.execute(
                f"SELECT id FROM change_rows WHERE {log[0]}", log[1]))
    result.log_rows = len(logged)
    return result


def forget(store: Store, scope: _Scope) -> Plan:
    """Erase what ``scope`` covers from the tables and the change log, then
    compact the file so the bytes are gone too.  Returns what was erased."""
    done = plan(store, scope)
    conn = store.conn
    tables = user_tables(conn)
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = OFF")  # rows go in any order; all go together
    try:
        with store.transaction("forget") as tx:
            for table, columns in tables.items():
                where = scope.rows(table, columns)
                if where is None:
                    continue
                log = scope.log(table, columns)
                blank = scope.blank(table, columns)
                if blank:
                    sets = ", ".join(f"{c} = NULL" for c in blank)
                    conn.execute(f"UPDATE {_q(table)} SET {sets} WHERE {where[0]}", where[1])
                    if log is not None:
                        scrub_images(conn, log[0], log[1], tuple(blank))
                else:
                    conn.execute(f"DELETE FROM {_q(table)} WHERE {where[0]}", where[1])
                    if log is not None:
                        conn.execute(f"DELETE FROM change_rows WHERE {log[0]}", log[1])
            if isinstance(scope, _Everything):
                conn.execute("DELETE FROM change_rows")
                conn.execute("DELETE FROM changes")
            else:
                if isinstance(scope, _Habit):
                    _blank_slug(conn, scope.slug)
                # Changes left with no rows at all have nothing to undo: drop them.
                conn.execute("DELETE FROM changes WHERE undoes IS NULL AND NOT EXISTS "
                             "(SELECT 1 FROM change_rows r WHERE r.change_id = changes.id)")
            # The forget itself is logged (with no text) and undo steps over it.
            tx.action = f"forget {scope.action}"
            change_id = tx._change()
            conn.execute("UPDATE changes SET undoes = ? WHERE id = ?", (NOT_UNDOABLE, change_id))
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    compact(store)
    return done


def _blank_slug(conn: sqlite3.Connection, slug: str) -> None:
    """The change log's descriptions name habits by slug ('habit add texting-log')."""
    word = re.compile(rf"(?<![\w-]){re.escape(slug)}(?![\w-])")
    for change_id, action in conn.execute("SELECT id, action FROM changes").fetchall():
        blanked = word.sub(FORGOTTEN, action)
        if blanked != action:
            conn.execute("UPDATE changes SET action = ? WHERE id = ?", (blanked, change_id))


def compact(store: Store) -> None:
    """Rebuild the file without free pages and empty the write-ahead log."""
    try:
        store.conn.execute("VACUUM")
        busy, _, _ = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        busy, reason = 1, str(exc)
    else:
        reason = "another habit-tracker is reading it"
    if busy:
        raise DatabaseError(
            f"the data is erased, but compacting {store.path} failed ({reason}); run the same "
            "forget again when no other habit-tracker is running"
        )
