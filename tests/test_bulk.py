"""Bulk imports: the same database as ``Transaction.merge`` row by row (merge
semantics, --replace, a key given twice), a handful of undo records instead of a
JSON image per row, and undo restoring exactly what was there; our CSV read
exactly as csv.DictReader reads it."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from habit_tracker import changelog, interchange
from habit_tracker.errors import UsageError
from habit_tracker.store import CheckinInput, Store, open_store, parse_value

FIRST = date(2025, 1, 1)
TODAY = FIRST + timedelta(days=200)
HABITS = [
    {"slug": "nc", "name": "NC", "kind": "abstain", "since": FIRST.isoformat(),
     "created": FIRST.isoformat()},
    {"slug": "read", "name": "Read", "kind": "daily", "daily_min": 10, "created": FIRST.isoformat()},
    {"slug": "gym", "name": "Gym", "kind": "weekly", "per_week": 2, "created": FIRST.isoformat()},
]
VALUES = {"nc": ["kept", "broken"], "read": ["done", "skip", "12", "3"], "gym": ["done", "missed"]}


def snapshot(store: Store) -> tuple[list[Any], list[Any], list[Any]]:
    entries = list(store.conn.execute("SELECT * FROM entries ORDER BY habit_id, date"))
    days = list(store.conn.execute("SELECT * FROM days ORDER BY date"))
    schema = list(store.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
    return entries, days, schema


entry = st.tuples(st.sampled_from(["nc", "read", "gym"]), st.integers(0, 200), st.integers(0, 3),
                  st.sampled_from([None, "a note"]))
day = st.tuples(st.integers(0, 200), st.sampled_from([None, 3, 8]), st.sampled_from([None, "hi"]),
                st.booleans())


def entry_items(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": slug,
             "value": VALUES[slug][pick % len(VALUES[slug])], "note": note}
            for slug, n, pick, note in rows]


def day_items(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"date": (FIRST + timedelta(days=n)).isoformat(), "mood": mood, "note": note,
             "reached_out": out} for n, mood, note, out in rows]


def as_csv(path: Path, entries: list[dict[str, Any]], days: list[dict[str, Any]]) -> Path:
    """Entries and days as rows of our CSV (a few columns of it), in the order given."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["date", "habit", "value", "note", "mood", "reached_out"])
        for item in days:
            out.writerow([item["date"], "", "", item["note"] or "", item["mood"] or "",
                          "yes" if item["reached_out"] else ""])
        for item in entries:
            out.writerow([item["date"], item["habit"], item["value"], item["note"] or ""])
    return path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.lists(entry, max_size=60), st.lists(day, max_size=20), st.lists(entry, max_size=80),
       st.lists(day, max_size=30), st.integers(1, 7), st.booleans(), st.booleans(),
       st.booleans())
def test_a_bulk_import_equals_row_by_row_merges_and_undo_restores_the_database(
    before_entries: list[Any], before_days: list[Any], new_entries: list[Any],
    new_days: list[Any], batch: int, replace: bool, via_csv: bool, sort: bool,
) -> None:
    if sort:  # as an export lists them: by date
        new_entries = sorted(new_entries, key=lambda row: row[1])
    check_bulk(before_entries, before_days, new_entries, new_days, batch, replace, via_csv)


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("batch", [1, 2, 100])
@pytest.mark.parametrize("before", [[], [("read", 50, 0, None)]])
def test_a_day_given_twice_is_merged_twice(before: list[Any], batch: int, replace: bool) -> None:
    """The second time (in a later batch, or the same) meets what the first wrote."""
    new = [("read", 3, 0, None), ("read", 4, 0, None), ("read", 3, 1, "x"), ("read", 5, 0, None),
           ("read", 4, 0, None), ("read", 1, 2, None), ("read", 3, 0, None), ("read", 1, 3, None)]
    for via_csv in (False, True):
        check_bulk(before, [(2, 3, None, False)], new, [(2, 8, "hi", True), (2, 3, None, False)],
                   batch, replace, via_csv)


def check_bulk(before_entries: list[Any], before_days: list[Any], new_entries: list[Any],
               new_days: list[Any], batch: int, replace: bool, via_csv: bool) -> None:
    saved, changelog.BATCH = changelog.BATCH, batch  # small batches: keys meet across them
    try:
        with tempfile.TemporaryDirectory() as tmp:
            bulk = open_store(Path(tmp) / "bulk.db", create=True)
            slow = open_store(Path(tmp) / "slow.db", create=True)
            for store in (bulk, slow):
                interchange.import_data(store, {"habits": HABITS,
                                                "entries": entry_items(before_entries),
                                                "days": day_items(before_days)}, today=TODAY)
            before = snapshot(bulk)
            data: Any = {"entries": entry_items(new_entries), "days": day_items(new_days)}
            if via_csv:
                path = as_csv(Path(tmp) / "in.csv", data["entries"], data["days"])
                data = interchange.read_file(path, None, stream=True)
                assert isinstance(data, interchange.CsvSource)
            counts = interchange.import_data(bulk, data, today=TODAY, replace=replace)
            # The reference: Transaction.merge row by row, in file order.
            written, differed = 0, set()
            ids = {h.slug: h.id for h in slow.habits()}
            with slow.transaction("reference") as tx:
                for item in entry_items(new_entries):
                    status, amount = parse_value(slow.habit(item["habit"]), item["value"])
                    outcome = tx.merge("entries", {"habit_id": ids[item["habit"]],
                                                   "date": item["date"], "status": status,
                                                   "amount": amount, "note": item["note"]},
                                       replace=replace)
                    written += outcome in ("new", "replaced")
                    if outcome in ("kept", "replaced"):
                        differed.add(item["date"])
                for item in day_items(new_days):
                    outcome = tx.merge("days", {**item, "reached_out": int(item["reached_out"]),
                                                "necessary_contact": None, "break_trigger": None},
                                       replace=replace)
                    if outcome in ("kept", "replaced"):
                        differed.add(item["date"])
            assert snapshot(bulk) == snapshot(slow)  # the schema too: triggers, indexes back
            assert counts["entries"] == written and counts["differed"] == len(differed)
            if snapshot(bulk)[:2] != before[:2]:  # an import that changes nothing leaves no undo
                bulk.undo()
            assert snapshot(bulk) == before
            bulk.close()
            slow.close()
    finally:
        changelog.BATCH = saved


def last_change_rows(store: Store) -> list[tuple[str, str, str | None, str | None]]:
    (change,) = store.conn.execute("SELECT MAX(id) FROM changes").fetchone()
    return list(store.conn.execute("SELECT tbl, key, before, after FROM change_rows "
                                   "WHERE change_id = ? ORDER BY id", (change,)))


def test_an_import_keeps_a_few_undo_records_not_one_per_row(tmp_path: Path) -> None:
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": HABITS}, today=TODAY)
        store.checkin(CheckinInput(FIRST + timedelta(days=5), {"read": "done"}), TODAY)
        entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": slug, "value": "done"}
                   for n in range(200) for slug in ("read", "gym") if n % 7 or slug == "read"]
        entries[9]["value"] = "skip"  # overwrites the check-in of day 5 (read)
        counts = interchange.import_data(store, {"entries": entries}, today=TODAY, replace=True)
        assert counts["entries"] == len(entries)
        images = last_change_rows(store)
        # one before-image (the overwritten check-in), one span of days per habit (gym's
        # crosses the days it has no entry: it had no rows at all)
        assert [tbl for tbl, *_ in images] == ["entries", "bulk:entries", "bulk:entries"]
        span = f'[["{FIRST + timedelta(days=1)}", "{FIRST + timedelta(days=199)}"]]'
        assert images[1][3] == span
        assert images[2][3] == f'[["{FIRST}", "{FIRST + timedelta(days=199)}"]]'
        store.undo()
        assert [r[1:3] for r in store.conn.execute("SELECT * FROM entries")] == [
            ((FIRST + timedelta(days=5)).isoformat(), "done")]


def test_a_span_stops_at_a_row_that_was_there_and_stays(tmp_path: Path) -> None:
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": HABITS}, today=TODAY)
        for n, value in ((10, "done"), (20, "skip")):
            store.checkin(CheckinInput(FIRST + timedelta(days=n), {"read": value}), TODAY)
        entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "read",
                    "value": "done"} for n in range(0, 30, 3)]  # every third day
        interchange.import_data(store, {"entries": entries}, today=TODAY)
        (tbl, _, _, spans) = last_change_rows(store)[0]
        assert tbl == "bulk:entries"
        # The days between those imported are crossed, but not the two logged before.
        assert json.loads(spans or "") == [[str(FIRST + timedelta(days=a)),
                                            str(FIRST + timedelta(days=b))]
                                           for a, b in ((0, 9), (12, 18), (21, 27))]
        store.undo()
        assert [r[1:3] for r in store.conn.execute("SELECT * FROM entries ORDER BY date")] == [
            (str(FIRST + timedelta(days=10)), "done"), (str(FIRST + timedelta(days=20)), "skip")]


def test_an_import_and_its_undo_drop_the_checkpoints_they_make_stale(tmp_path: Path) -> None:
    """The checkpoint triggers are set aside during a bulk write: the checkpoints
    it makes stale are dropped all the same, and undo drops them again."""
    from habit_tracker import recent

    today = FIRST + timedelta(days=400)
    habit_item = {"slug": "walk", "name": "Walk", "kind": "daily", "created": FIRST.isoformat()}
    done = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "walk", "value": "done"}
            for n in range(401)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [habit_item], "entries": done}, today=today)
        habit = store.habit("walk")

        def stats() -> Any:
            return recent.analyze_habits(store.conn, [habit], today)["walk"].stats

        def stored() -> int:
            return int(store.conn.execute("SELECT COUNT(*) FROM streak_checkpoints").fetchone()[0])

        first = stats()
        assert first.current is not None and first.current.length == 401 and stored()
        missed = [{"date": (FIRST + timedelta(days=100)).isoformat(), "habit": "walk",
                   "value": "missed"}]
        interchange.import_data(store, {"entries": missed}, today=today, replace=True)
        assert stored() == 0
        after = stats()
        assert after.current is not None and after.current.length == 300
        assert stored()
        store.undo()
        assert stored() == 0
        assert stats() == first


@pytest.mark.parametrize("name", ["triggers", "index"])
def test_a_refused_import_leaves_the_schema_whole(tmp_path: Path, name: str) -> None:
    with open_store(tmp_path / "h.db", create=True) as store:
        if name == "triggers":
            interchange.import_data(store, {"habits": HABITS, "entries": entry_items(
                [("read", 1, 0, None)])}, today=TODAY)
        else:
            interchange.import_data(store, {"habits": HABITS}, today=TODAY)
        before = snapshot(store)
        entries = entry_items([("read", n, 0, None) for n in range(50)])
        entries.append({"date": str(FIRST), "habit": "nope", "value": "done"})
        with pytest.raises(UsageError, match="unknown habit"):
            interchange.import_data(store, {"entries": entries}, today=TODAY)
        assert snapshot(store) == before


# ------------------------------------------------------------- reading our CSV


def dictreader_csv(text: str) -> dict[str, Any]:
    """Our CSV read the way it always was: csv.DictReader, every cell restored."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in ("date", "habit", "value") if c not in header]
    if missing:
        raise UsageError(f"CSV header lacks {', '.join(missing)} (expected date,habit,value,note)")
    data: dict[str, Any] = {"entries": [], "days": [], "habits": [], "settings": {}}
    try:
        for row in reader:
            line = reader.line_num
            cells = {k: interchange.restore(v or "") if isinstance(v, str) else ""
                     for k, v in row.items() if k is not None}
            day, slug = cells.get("date", "").strip(), cells.get("habit", "").strip()
            if day and slug:
                data["entries"].append({"date": day, "habit": slug, "value": cells.get("value", ""),
                                        "note": cells.get("note") or None, "line": line})
            elif day and cells.get("kind", "").strip() in ("urge", "writing"):
                continue
            elif day:
                data["days"].append({"date": day, "note": cells.get("note") or None,
                                     "mood": cells.get("mood") or None, "line": line})
            elif slug:
                data["habits"].append({"slug": slug, "name": cells.get("name") or None,
                                       "line": line})
            elif cells.get("name"):
                data["settings"][cells["name"].strip()] = cells.get("value", "").strip()
    except csv.Error as exc:
        raise UsageError(f"CSV line {reader.line_num}: {exc}") from None
    return data


def ours(text: str) -> dict[str, Any]:
    data = interchange.from_csv(text)
    return {"entries": data["entries"],
            "days": [{k: d[k] for k in ("date", "note", "mood", "line")} for d in data["days"]],
            "habits": [{k: h.get(k) for k in ("slug", "name", "line")} for h in data["habits"]],
            "settings": data["settings"]}


cell = st.text(alphabet=st.sampled_from(list("a1-=',\" \r\n\x00é")), max_size=6)
HEADERS = ["date,habit,value,note", "date,habit,value,note,mood,name",
           "note,value,habit,date,x", "date,habit,value", "date,habit,date,value,note", "a,b"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(HEADERS), st.lists(st.lists(
    st.one_of(cell, st.sampled_from(["2026-01-02", "read", "'=x", "''", "done"])), max_size=7),
    max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(), st.data())
def test_our_csv_reader_reads_what_dictreader_reads(header: str, rows: list[list[str]],
                                                    end: str, raw: bool,
                                                    draw: st.DataObject) -> None:
    if raw:  # anything, quotes unbalanced, line breaks anywhere
        text = header + end + draw.draw(st.text(alphabet=st.sampled_from(
            list("a1,\"' \r\n=")), max_size=60))
    else:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=end).writerows(rows)
        text = header + end + out.getvalue()
    try:
        expected: Any = dictreader_csv(text)
    except UsageError as exc:
        expected = str(exc)
    try:
        found: Any = ours(text)
    except UsageError as exc:
        found = str(exc)
    assert found == expected


def test_an_entry_above_its_habit_is_checked_against_it(tmp_path: Path) -> None:
    """Our export defines habits first; a file that does not is checked in full
    all the same, and the first problem in the file is the one named."""
    path = tmp_path / "x.csv"
    path.write_text("date,habit,value,note,kind,name\n"
                    "2025-01-02,read,done,,,\n2025-01-03,read,lots,,,\n2025-01-04,gym,sideways,,,\n"
                    ",read,,,daily,Read\n,gym,,,daily,Gym\n", encoding="utf-8")
    for stream in (False, True):
        data = interchange.read_file(path, None, stream=stream)
        with pytest.raises(UsageError, match=r"^line 3: "):
            interchange.prepare_import(data, today=TODAY)


def test_a_new_database_is_made_without_numpy(tmp_path: Path) -> None:
    """sqlite_utils loads numpy and pandas when they are installed (a third of a
    second); making the schema needs neither, and numpy still loads afterwards."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from habit_tracker.store import open_store; "
            f"open_store(Path({str(tmp_path / 'h.db')!r}), create=True).close(); "
            "print('numpy' in sys.modules, 'pandas' in sys.modules); import numpy; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "ok"]


def test_a_csv_with_carriage_returns_alone_imports(tmp_path: Path) -> None:
    """Old Mac line endings: each carriage return ends a row, as csv.reader reads a
    file opened with newline=""; a quoted one inside a note stays in the note."""
    path = tmp_path / "cr.csv"
    path.write_bytes(b'date,habit,value,note\r2025-01-02,read,12,"two\rlines"\r'
                     b"2025-01-03,read,skip,\r")
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": HABITS}, today=TODAY)
        data = interchange.read_file(path, None, stream=True)
        assert interchange.import_data(store, data, today=TODAY)["entries"] == 2
        assert list(store.conn.execute("SELECT date, amount, status, note FROM entries")) == [
            ("2025-01-02", 12.0, None, "two\rlines"), ("2025-01-03", None, "skip", None)]
