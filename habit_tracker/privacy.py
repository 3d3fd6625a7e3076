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
- ``--notes --before D``: every ``note`` column of rows dated before D;
- ``--everything``: every row of every table but the settings and the schema's
  own record.

In the change log, an image is matched by the row's key or by the values in
its before or after image, so a row's history goes with the row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import DatabaseError, UsageError
from .store import Store, scrub_images

LOG_TABLES = ("changes", "change_rows")
KEPT_TABLES = ("settings", "_sqlite_migrations")
NOTE_COLUMNS = ("note",)
FORGOTTEN = "(forgotten)"
#: ``changes.undoes`` of a forget record: it reverts nothing and undo skips it.
NOT_UNDOABLE = 0


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


def user_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table holding user data, with its columns (the change log and the
    settings excluded)."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {
        name: [col[1] for col in conn.execute(f'PRAGMA table_info("{name}")')]
        for name in names
        if name not in LOG_TABLES + KEPT_TABLES
    }


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ------------------------------------------------------------------- the scopes


class _Scope:
    """Which live rows and which change-log rows a forget touches."""

    what = ""
    action = ""  # for the change log: names no erased text
    blank: tuple[str, ...] = ()  # columns to blank; empty: delete the rows

    def rows(self, table: str, columns: list[str]) -> tuple[str, tuple[Any, ...]] | None:
        raise NotImplementedError

    def log(self) -> tuple[str, tuple[Any, ...]]:
        raise NotImplementedError


def _image_date(op: str) -> str:
    return " OR ".join(
        f"substr(json_extract({col}, '$.date'), 1, 10) {op} ?" for col in ("key", "before", "after")
    )


class _Day(_Scope):
    def __init__(self, day: date) -> None:
        self.day = day.isoformat()
        self.what = f"Everything logged for {self.day} (values, mood, note, 'they reached out')"
        self.action = f"day {self.day}"

    def rows(self, table: str, columns: list[str]) -> tuple[str, tuple[Any, ...]] | None:
        if "date" not in columns:
            return None
        return "substr(date, 1, 10) = ?", (self.day,)

    def log(self) -> tuple[str, tuple[Any, ...]]:
        return _image_date("="), (self.day,) * 3


class _NotesBefore(_Scope):
    blank = NOTE_COLUMNS

    def __init__(self, before: date) -> None:
        self.before = before.isoformat()
        self.what = f"The text of every note dated before {self.before}"
        self.action = f"notes before {self.before}"

    def rows(self, table: str, columns: list[str]) -> tuple[str, tuple[Any, ...]] | None:
        notes = [c for c in columns if c in NOTE_COLUMNS]
        if "date" not in columns or not notes:
            return None
        filled = " OR ".join(f"{c} IS NOT NULL" for c in notes)
        return f"substr(date, 1, 10) < ? AND ({filled})", (self.before,)

    def log(self) -> tuple[str, tuple[Any, ...]]:
        return _image_date("<"), (self.before,) * 3


class _Habit(_Scope):
    def __init__(self, habit_id: int, slug: str) -> None:
        self.habit_id = habit_id
        self.slug = slug
        self.what = f"The habit '{slug}' and its whole history"
        self.action = "a habit and its history"

    def rows(self, table: str, columns: list[str]) -> tuple[str, tuple[Any, ...]] | None:
        if table == "habits":
            return "id = ?", (self.habit_id,)
        if "habit_id" in columns:
            return "habit_id = ?", (self.habit_id,)
        return None

    def log(self) -> tuple[str, tuple[Any, ...]]:
        images = " OR ".join(
            f"json_extract({col}, '$.habit_id') = ?" for col in ("key", "before", "after")
        )
        return f"(tbl = 'habits' AND json_extract(key, '$.id') = ?) OR {images}", (
            self.habit_id, *(self.habit_id,) * 3)


class _Everything(_Scope):
    what = "Everything: every habit, every day, every note, the whole change log"
    action = "everything"

    def rows(self, table: str, columns: list[str]) -> tuple[str, tuple[Any, ...]] | None:
        return "1", ()

    def log(self) -> tuple[str, tuple[Any, ...]]:
        return "1", ()


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


def plan(store: Store, scope: _Scope) -> Plan:
    """Count what ``scope`` covers, changing nothing."""
    result = Plan(scope.what)
    for table, columns in user_tables(store.conn).items():
        where = scope.rows(table, columns)
        if where is not None:
            (count,) = store.conn.execute(
                f"SELECT COUNT(*) FROM {_q(table)} WHERE {where[0]}", where[1]).fetchone()
            result.counts[table] = int(count)
    log_where, params = scope.log()
    (result.log_rows,) = store.conn.execute(
        f"SELECT COUNT(*) FROM change_rows WHERE {log_where}", params).fetchone()
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
                if scope.blank:
                    sets = ", ".join(f"{c} = NULL" for c in scope.blank if c in columns)
                    conn.execute(f"UPDATE {_q(table)} SET {sets} WHERE {where[0]}", where[1])
                else:
                    conn.execute(f"DELETE FROM {_q(table)} WHERE {where[0]}", where[1])
            log_where, params = scope.log()
            if scope.blank:
                scrub_images(conn, log_where, params, scope.blank)
            else:
                conn.execute(f"DELETE FROM change_rows WHERE {log_where}", params)
            if isinstance(scope, _Everything):
                conn.execute("DELETE FROM changes")
            else:
                if isinstance(scope, _Habit):
                    conn.execute("UPDATE changes SET action = replace(action, ?, ?)",
                                 (scope.slug, FORGOTTEN))
                # Changes left with no rows at all have nothing to undo: drop them.
                conn.execute("DELETE FROM changes WHERE action != 'forget' AND NOT EXISTS "
                             "(SELECT 1 FROM change_rows r WHERE r.change_id = changes.id) "
                             "AND undoes IS NULL")
            # The forget itself is logged (with no text) and undo steps over it.
            tx.action = f"forget {scope.action}"
            change_id = tx._change()
            conn.execute("UPDATE changes SET undoes = ? WHERE id = ?", (NOT_UNDOABLE, change_id))
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    compact(store)
    return done


def compact(store: Store) -> None:
    """Rebuild the file without free pages and empty the write-ahead log."""
    try:
        store.conn.execute("VACUUM")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"the data is erased, but compacting {store.path} failed ({exc}); run the same "
            "forget again when no other habit-tracker is running"
        ) from None
