"""The change log behind every write and ``undo``.

Each write to the database is one ``BEGIN IMMEDIATE`` transaction that records,
for every row it touches, the row's before and after image in ``changes`` /
``change_rows``.  ``undo`` replays the before images of the newest change not yet
undone, as a change of its own, so nothing ever vanishes from the log.

This module knows the log's tables and nothing about habits: the store tells it
which columns of which tables it tracks (``store.TABLES``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from .errors import NothingToUndoError

#: ``changes.undoes`` of a forget record (privacy.forget): it reverts nothing and
#: undo stops at it.
NOT_UNDOABLE = 0

Row = dict[str, Any]
#: table -> (its tracked columns, the columns forming its key)
TableSpec = Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]


class Unread:
    """``Transaction.put``'s default ``before``: not read by the caller."""


UNREAD = Unread()


class Transaction:
    """One write transaction; each row change is recorded in the change log."""

    def __init__(self, conn: sqlite3.Connection, action: str, tables: TableSpec) -> None:
        self.conn = conn
        self.action = action
        self.tables = tables
        self.change_id: int | None = None
        self.last_row: Row | None = None  # the row being written (named when it cannot be)

    def _change(self) -> int:
        if self.change_id is None:
            at = datetime.now(UTC).isoformat(timespec="seconds")
            cursor = self.conn.execute(
                "INSERT INTO changes (at, action) VALUES (?, ?)", (at, self.action)
            )
            self.change_id = int(cursor.lastrowid or 0)
        return self.change_id

    def _fetch(self, table: str, key: Row) -> Row | None:
        columns, key_columns = self.tables[table]
        where = " AND ".join(f"{c} = ?" for c in key_columns)
        cursor = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where}",
            [key[c] for c in key_columns],
        )
        row = cursor.fetchone()
        return dict(zip(columns, row, strict=True)) if row else None

    def merge(self, table: str, after: Row, *, replace: bool) -> str:
        """Write ``after`` unless its key holds a different row already and not
        ``replace``.  Returns "new", "same", "kept" (the database's row stays) or
        "replaced" (the file's row was written)."""
        columns, key_columns = self.tables[table]
        after = {c: after.get(c) for c in columns}
        before = self._fetch(table, {c: after[c] for c in key_columns})
        if before == after:
            return "same"
        if before is not None and not replace:
            return "kept"
        self.put(table, after)
        return "new" if before is None else "replaced"

    def put(self, table: str, after: Row | None, *, key: Row | None = None,
            before: Row | Unread | None = UNREAD) -> None:
        """Make the row at ``key`` (or ``after``'s key) equal ``after``; None deletes.
        ``before``: the row there now (every column, None: no row), when the caller
        has read it inside this transaction; otherwise it is read here."""
        self.last_row = after
        columns, key_columns = self.tables[table]
        source = key if key is not None else after
        if source is None:
            raise ValueError("put needs a key or a row")
        key = {c: source[c] for c in key_columns}
        if after is not None:
            after = {c: after.get(c) for c in columns}
        if isinstance(before, Unread):
            before = self._fetch(table, key)
        if before == after:
            return
        self._record(table, key, before, after)
        where = " AND ".join(f"{c} = ?" for c in key_columns)
        key_values = [key[c] for c in key_columns]
        if after is None:
            self.conn.execute(f"DELETE FROM {table} WHERE {where}", key_values)
        elif before is None:
            self.conn.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                f"({', '.join('?' for _ in columns)})",
                [after[c] for c in columns],
            )
        else:
            assignments = ", ".join(f"{c} = ?" for c in columns)
            self.conn.execute(
                f"UPDATE {table} SET {assignments} WHERE {where}",
                [after[c] for c in columns] + key_values,
            )

    def insert(self, table: str, row: Row) -> int:
        """Insert ``row`` into a table keyed by an ``id`` it assigns; returns the id."""
        self.last_row = row
        columns = [c for c in self.tables[table][0] if c != "id"]
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' for _ in columns)})",
            [row.get(c) for c in columns],
        )
        new_id = int(cursor.lastrowid or 0)
        self._record(table, {"id": new_id}, None, self._fetch(table, {"id": new_id}))
        return new_id

    def insert_habit(self, row: Row) -> int:
        self.last_row = row
        columns = [c for c in self.tables["habits"][0] if c != "id"]
        cursor = self.conn.execute(
            f"INSERT INTO habits ({', '.join(columns)}) VALUES "
            f"({', '.join('?' for _ in columns)})",
            [row.get(c) for c in columns],
        )
        habit_id = int(cursor.lastrowid or 0)
        after = self._fetch("habits", {"id": habit_id})
        self._record("habits", {"id": habit_id}, None, after)
        return habit_id

    def scrub(self, table: str, key: Row, columns: tuple[str, ...]) -> int:
        """Blank ``columns`` in every change-log image of the row at ``key``;
        returns how many log rows changed."""
        return scrub_images(self.conn, "tbl = ? AND key = ?", (table, _dump(key)), columns)

    def _record(self, table: str, key: Row, before: Row | None, after: Row | None) -> None:
        self.conn.execute(
            "INSERT INTO change_rows (change_id, tbl, key, before, after) VALUES (?, ?, ?, ?, ?)",
            (self._change(), table, _dump(key), _dump(before), _dump(after)),
        )


def _dump(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, sort_keys=True)


def scrub_images(conn: sqlite3.Connection, where: str, params: tuple[Any, ...],
                 columns: tuple[str, ...]) -> int:
    """Set ``columns`` to null in the before/after images of the change_rows
    matching ``where``; returns how many rows changed."""
    changed = 0
    found = conn.execute(f"SELECT id, before, after FROM change_rows WHERE {where}", params)
    for row_id, before, after in found.fetchall():
        images = []
        for text in (before, after):
            image = json.loads(text) if text else None
            if image is not None:
                for column in columns:
                    if column in image:
                        image[column] = None
            images.append(_dump(image))
        if images != [before, after]:
            conn.execute("UPDATE change_rows SET before = ?, after = ? WHERE id = ?",
                         (*images, row_id))
            changed += 1
    return changed


@contextmanager
def write(
    conn: sqlite3.Connection, path: object, action: str, tables: TableSpec,
    *, check: Callable[[], None] | None = None,
) -> Iterator[Transaction]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: all or nothing, one change-log entry.
    ``check`` runs inside the lock before anything is written (the store's
    quick check: a damaged file is never written); SQLite's own errors reach
    the caller, which words them."""
    conn.execute("BEGIN IMMEDIATE")
    tx = Transaction(conn, action, tables)
    try:
        if check is not None:
            check()
        yield tx
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return [dict(row) for row in cursor.execute(sql, params)]


def undo_last(tx: Transaction) -> str:
    """Inside ``tx``: revert the newest change not yet reverted; its description."""
    conn = tx.conn
    # A forget is logged with undoes = NOT_UNDOABLE: a wall.  Stepping over it
    # would revert whatever came before (say, the letter just written) for
    # someone who meant to take the forget back.
    rows = _rows(
        conn,
        "SELECT id, at, action, undoes FROM changes WHERE undone_by IS NULL "
        "AND (undoes IS NULL OR undoes = ?) ORDER BY id DESC LIMIT 1",
        (NOT_UNDOABLE,),
    )
    if not rows:
        raise NothingToUndoError("nothing to undo")
    change = rows[0]
    if change["undoes"] == NOT_UNDOABLE:
        raise NothingToUndoError(
            f"the last change, '{change['action']}', erased for good and cannot be "
            "undone; the changes before it stay as they are"
        )
    tx.action = f"undo {change['id']}: {change['action']}"
    images = _rows(
        conn,
        "SELECT tbl, key, before FROM change_rows WHERE change_id = ? ORDER BY id DESC",
        (change["id"],),
    )
    for image in images:
        before = json.loads(image["before"]) if image["before"] else None
        if before is not None and image["tbl"] == "habits" and "role" not in before:
            # Recorded before habits had roles: keep the role the habit has now.
            current = tx._fetch("habits", json.loads(image["key"]))
            before["role"] = current["role"] if current else None
        tx.put(image["tbl"], before, key=json.loads(image["key"]))
    undo_id = tx._change()
    conn.execute("UPDATE changes SET undoes = ? WHERE id = ?", (change["id"], undo_id))
    conn.execute("UPDATE changes SET undone_by = ? WHERE id = ?", (undo_id, change["id"]))
    made = datetime.fromisoformat(change["at"]).astimezone()
    return f"{change['action']} (made {made:%a %d %b %Y %H:%M})"


def recent_changes(conn: sqlite3.Connection, limit: int = 20) -> list[Row]:
    """The newest ``limit`` changes, newest first."""
    return _rows(
        conn,
        "SELECT id, at, action, undoes, undone_by FROM changes ORDER BY id DESC LIMIT ?",
        (limit,),
    )
