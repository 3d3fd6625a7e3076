"""The change log behind every write and ``undo``.

Each write to the database is one ``BEGIN IMMEDIATE`` transaction that records,
for every row it touches, the row's before and after image in ``changes`` /
``change_rows``.  ``undo`` replays the before images of the newest change not yet
undone, as a change of its own, so nothing ever vanishes from the log.

This module knows the log's tables and nothing about habits: the store tells it
which columns of which tables it tracks (``store.TABLES``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from . import jsonc
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
        source = key if key is not None else after
        if source is None:
            raise ValueError("put needs a key or a row")
        if isinstance(before, Unread):
            before = self._fetch(table, {c: source[c] for c in self.tables[table][1]})
        self.put_many(table, [(source, before, after)])

    def put_many(self, table: str, changes: Iterable[tuple[Row, Row | None, Row | None]]) -> None:
        """``put`` for many rows at once, each given as (key, before, after) with
        ``before`` read inside this transaction; every key at most once.  One
        statement per kind of change, for all the rows (a check-in's 50 habits)."""
        columns, key_columns = self.tables[table]
        images: list[tuple[str, str | None, str | None]] = []
        deletes: list[list[Any]] = []
        inserts: list[list[Any]] = []
        updates: list[list[Any]] = []
        for given_key, before, after in changes:
            self.last_row = after
            key = {c: given_key[c] for c in key_columns}
            if after is not None:
                after = {c: after.get(c) for c in columns}
            if before == after:
                continue
            images.append((_dump(key) or "", _dump(before), _dump(after)))
            key_values = [key[c] for c in key_columns]
            if after is None:
                deletes.append(key_values)
            elif before is None:
                inserts.append([after[c] for c in columns])
            else:
                updates.append([after[c] for c in columns] + key_values)
        if not images:
            return
        change = self._change()
        self.conn.executemany(
            "INSERT INTO change_rows (change_id, tbl, key, before, after) VALUES (?, ?, ?, ?, ?)",
            [(change, table, *image) for image in images],
        )
        where = " AND ".join(f"{c} = ?" for c in key_columns)
        if deletes:
            self.conn.executemany(f"DELETE FROM {table} WHERE {where}", deletes)
        if inserts:
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                f"({', '.join('?' for _ in columns)})", inserts)
        if updates:
            assignments = ", ".join(f"{c} = ?" for c in columns)
            self.conn.executemany(f"UPDATE {table} SET {assignments} WHERE {where}", updates)

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

    def bulk(self, table: str, *, replace: bool) -> BulkMerge:
        """Many merges into a table keyed by a date (see BulkMerge)."""
        return BulkMerge(self, table, replace=replace)

    def scrub(self, table: str, key: Row, columns: tuple[str, ...]) -> int:
        """Blank ``columns`` in every change-log image of the row at ``key``;
        returns how many log rows changed."""
        return scrub_images(self.conn, "tbl = ? AND key = ?", (table, _dump(key)), columns)

    def _record(self, table: str, key: Row, before: Row | None, after: Row | None) -> None:
        self.conn.execute(
            "INSERT INTO change_rows (change_id, tbl, key, before, after) VALUES (?, ?, ?, ?, ?)",
            (self._change(), table, _dump(key), _dump(before), _dump(after)),
        )


#: change_rows.tbl of a bulk write's record of the spans of days it wrote
#: (``bulk:entries``): key = the group ({"habit_id": 3}, or {}), after = the spans.
BULK = "bulk:"
#: Rows a bulk write hands SQLite at once.
BATCH = 5000


class BulkMerge:
    """``Transaction.merge`` for many rows of a table keyed by (group, date) or
    (date), in batches: a key holding a different row keeps it unless
    ``replace``, a key holding the same row is not written, and a key given
    twice is merged twice, in order.

    The change log gets a before-image only of a row that existed and was
    replaced.  The keys written are logged as spans of days, one ``bulk:<table>``
    record per group, which ``undo`` deletes before it restores the
    before-images: a million imported rows cost a few records, not a million
    JSON images.  A span holds only rows this write made or replaced (it may
    cross days that held no row at all), so deleting it takes back exactly this
    write.  A group with no rows before (a new habit, an empty table) has one
    span, from its first day written to its last.  Use as a context manager: the
    records are written on a clean exit.
    """

    def __init__(self, tx: Transaction, table: str, *, replace: bool) -> None:
        columns, key_columns = tx.tables[table]
        if key_columns[-1] != "date" or len(key_columns) > 2 or \
                columns[:len(key_columns)] != key_columns:
            raise ValueError(f"bulk merges go to a table keyed by a date, not {table}")
        self.tx, self.table, self.replace = tx, table, replace
        self.columns, self.key_columns = columns, key_columns
        self.grouped = len(key_columns) == 2
        self.width = len(key_columns)
        self.group_sql = f"{key_columns[0]} = ? AND " if self.grouped else ""
        #: a group with no rows before: [first, last] ISO day written
        self.spans: dict[Any, list[str]] = {}
        #: a group with rows before: sorted [first, last] spans written
        self.runs: dict[Any, list[list[str]]] = {}
        self.pending: list[tuple[Any, ...]] = []
        self.new = self.replaced = 0
        self.differed: set[str] = set()  # dates whose key held a different row
        assignments = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key_columns)
        self.upsert = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' for _ in columns)}) ON CONFLICT ({', '.join(key_columns)}) "
            f"DO UPDATE SET {assignments}"
        )
        self.select = f"SELECT {', '.join(columns)} FROM {table} WHERE {self.group_sql}"

    def __enter__(self) -> BulkMerge:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.flush()
            self._record_spans()

    def add(self, values: tuple[Any, ...]) -> None:
        """Merge one row given as its values in the table's column order."""
        self.pending.append(values)
        if len(self.pending) >= BATCH:
            self.flush()

    def add_batches(self, batches: Iterable[list[tuple[Any, ...]]]) -> None:
        """``add`` each row of each batch (a batch is written as it comes)."""
        self.flush()
        for batch in batches:
            self._merge(batch)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if pending:
            self._merge(pending)

    @property
    def count(self) -> int:
        """Rows written (new or replaced), a key written twice counted twice."""
        return self.new + self.replaced

    def first_written(self) -> dict[Any, str]:
        """Each group's first day written."""
        first = {group: span[0] for group, span in self.spans.items()}
        first.update((group, runs[0][0]) for group, runs in self.runs.items() if runs)
        return first

    # -- writing

    def _merge(self, batch: list[tuple[Any, ...]]) -> None:
        at_date, grouped, spans = self.width - 1, self.grouped, self.spans
        fresh: list[tuple[Any, ...]] = []
        others: list[tuple[Any, ...]] = []
        # The usual case first: a group that had no rows, on a day after every
        # day written to it so far, holds nothing there yet.
        for values in batch:
            span = spans.get(values[0] if grouped else None)
            if span is not None and values[at_date] > span[1]:
                span[1] = values[at_date]
                fresh.append(values)
            else:
                others.append(values)
        self.new += len(fresh)
        if others:
            width = self.width
            writes = {values[:width]: values for values in fresh}
            self._merge_others(others, writes)
            fresh = list(writes.values())
        self.tx.conn.executemany(self.upsert, fresh)

    def _merge_others(self, others: list[tuple[Any, ...]],
                      writes: dict[tuple[Any, ...], tuple[Any, ...]]) -> None:
        """The rest of a batch, in order: rows of groups met for the first time,
        of groups that had rows before, or on days written already."""
        width, at_date, grouped = self.width, self.width - 1, self.grouped
        conn = self.tx.conn
        for group in {values[0] if grouped else None for values in others}:
            if group not in self.spans and group not in self.runs and self._had_rows(group):
                self.runs[group] = []
        # What the keys of groups with rows before hold now (before, or written here).
        asked: dict[Any, list[str]] = {}
        for values in others:
            group = values[0] if grouped else None
            if group in self.runs:
                asked.setdefault(group, []).append(values[at_date])
        existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for group, days in asked.items():
            first, last = min(days), max(days)
            sql = self.select + "date >= ? AND date <= ?"
            for found in conn.execute(sql, (group, first, last) if grouped else (first, last)):
                existing[found[:width]] = found
        for values in others:
            key = values[:width]
            group = values[0] if grouped else None
            day = values[at_date]
            span = self.spans.get(group)
            runs = self.runs.get(group)
            if runs is None and span is None:  # a group with no rows before, met first
                self.spans[group] = [day, day]
                writes[key] = values
                self.new += 1
                continue
            if key in writes:
                before: tuple[Any, ...] | None = writes[key]
            elif span is not None:
                before = None
                if span[0] <= day <= span[1]:  # written by an earlier batch, or not at all
                    before = conn.execute(self.select + "date = ?",
                                          (*key[:-1], day)).fetchone()
            else:
                before = existing.get(key)
            if before is not None:
                if before == values:
                    continue  # the same row already: not written, not undone
                self.differed.add(day)
                if not self.replace:
                    continue  # the database's row stays
                if runs is not None and key not in writes and not _in_runs(runs, day):
                    self.tx._record(self.table, dict(zip(self.key_columns, key, strict=True)),
                                    dict(zip(self.columns, before, strict=True)),
                                    dict(zip(self.columns, values, strict=True)))
                self.replaced += 1
            else:
                self.new += 1
            if span is not None:
                span[0], span[1] = min(span[0], day), max(span[1], day)
            elif runs is not None:
                self._mark(group, runs, day)
            writes[key] = values
            if runs is not None:
                existing[key] = values

    # -- the spans of a group that had rows before

    def _had_rows(self, group: Any) -> bool:
        where = self.group_sql.removesuffix(" AND ")
        sql = f"SELECT 1 FROM {self.table} {'WHERE ' + where if where else ''} LIMIT 1"
        return self.tx.conn.execute(sql, (group,) if self.grouped else ()).fetchone() is not None

    def _free_between(self, group: Any, after: str, before: str) -> bool:
        """No row in the table strictly between the two days."""
        sql = f"SELECT 1 FROM {self.table} WHERE {self.group_sql}date > ? AND date < ? LIMIT 1"
        params = (group, after, before) if self.grouped else (after, before)
        return self.tx.conn.execute(sql, params).fetchone() is None

    def _mark(self, group: Any, runs: list[list[str]], day: str) -> None:
        if not runs:
            runs.append([day, day])
            return
        last = runs[-1]
        if last[0] <= day:  # the usual case: days in order
            if day <= last[1]:
                return
            # Every day written so far in this group is at or before last[1]: a
            # row between it and ``day`` was there before, and ends the span.
            if self._free_between(group, last[1], day):
                last[1] = day
            else:
                runs.append([day, day])
            return
        # A day before the last span: a span of its own, joined to its neighbours
        # only when they are the days next to it.
        import bisect  # (not on the check-in's path)

        index = bisect.bisect_right(runs, [day, "~"])
        if index and runs[index - 1][1] >= day:
            return
        runs.insert(index, [day, day])
        here = date.fromisoformat(day)
        if index + 1 < len(runs) and runs[index + 1][0] == (here + timedelta(days=1)).isoformat():
            runs[index][1] = runs.pop(index + 1)[1]
        if index and runs[index - 1][1] == (here - timedelta(days=1)).isoformat():
            runs[index - 1][1] = runs.pop(index)[1]

    def _record_spans(self) -> None:
        found = [(group, [span]) for group, span in self.spans.items()]
        found += [(group, runs) for group, runs in self.runs.items() if runs]
        self.tx.conn.executemany(
            "INSERT INTO change_rows (change_id, tbl, key, before, after) VALUES (?, ?, ?, NULL, ?)",
            [(self.tx._change(), BULK + self.table,
              _dump({self.key_columns[0]: group} if self.grouped else {}), jsonc.dumps(spans))
             for group, spans in found])


def _in_runs(runs: list[list[str]], day: str) -> bool:
    import bisect  # (not on the check-in's path)

    index = bisect.bisect_right(runs, [day, "~"]) - 1
    return index >= 0 and runs[index][0] <= day <= runs[index][1]


def _undo_bulk(conn: sqlite3.Connection, table: str, key: Row, spans: list[list[str]]) -> None:
    """Delete the rows a bulk merge wrote (its before-images are restored after)."""
    where = "".join(f"{column} = ? AND " for column in key)
    conn.executemany(f"DELETE FROM {table} WHERE {where}date >= ? AND date <= ?",
                     [(*key.values(), first, last) for first, last in spans])


def _dump(row: Row | None) -> str | None:
    return None if row is None else jsonc.dumps(row, ensure_ascii=False, sort_keys=True)


def scrub_images(conn: sqlite3.Connection, where: str, params: tuple[Any, ...],
                 columns: tuple[str, ...]) -> int:
    """Set ``columns`` to null in the before/after images of the change_rows
    matching ``where``; returns how many rows changed."""
    changed = 0
    found = conn.execute(f"SELECT id, before, after FROM change_rows WHERE {where}", params)
    for row_id, before, after in found.fetchall():
        images = []
        for text in (before, after):
            image = jsonc.loads(text) if text else None
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
        "SELECT tbl, key, before, after FROM change_rows WHERE change_id = ? ORDER BY id DESC",
        (change["id"],),
    )
    for image in images:
        if image["tbl"].startswith(BULK):  # written last: deleted before images are restored
            _undo_bulk(conn, image["tbl"][len(BULK):], jsonc.loads(image["key"]),
                       jsonc.loads(image["after"]))
            continue
        before = jsonc.loads(image["before"]) if image["before"] else None
        if before is not None and image["tbl"] == "habits" and "role" not in before:
            # Recorded before habits had roles: keep the role the habit has now.
            current = tx._fetch("habits", jsonc.loads(image["key"]))
            before["role"] = current["role"] if current else None
        tx.put(image["tbl"], before, key=jsonc.loads(image["key"]))
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
