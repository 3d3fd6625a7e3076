"""Schema changes as small named functions, applied through sqlite-utils' Migrations.

Each function runs in a transaction together with the record of it having been
applied (sqlite-utils does that); ``store.open_store`` calls ``apply`` inside an
outer ``BEGIN IMMEDIATE`` so that two processes opening a new file at once do not
both try to create it.  Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .files import APPLICATION_ID
from .schema import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Database) -> None:
    db.table("habits").create(
        {
            "id": int,
            "slug": str,
            "name": str,
            "kind": str,
            "since": str,  # ISO date
            "created": str,  # ISO date
            "per_week": int,
            "daily_min": float,
            "target": float,
            "unit": str,
            "deadline": str,
            "archived": int,
            "position": int,
        },
        pk="id",
        not_null={"slug", "name", "kind", "created", "archived", "position"},
        defaults={"archived": 0, "position": 0},
    )
    db.table("habits").create_index(["slug"], unique=True)
    db.table("entries").create(
        {"habit_id": int, "date": str, "status": str, "amount": float, "note": str},
        pk=("habit_id", "date"),
        not_null={"habit_id", "date"},
        foreign_keys=[("habit_id", "habits", "id")],
    )
    db.table("days").create(
        {"date": str, "mood": int, "note": str, "reached_out": int},
        pk="date",
        not_null={"reached_out"},
        defaults={"reached_out": 0},
    )
    db.table("settings").create({"key": str, "value": str}, pk="key")
    # The change log: every write records each row's before and after image,
    # so `undo` can restore any earlier state and nothing vanishes silently.
    db.table("changes").create(
        {"id": int, "at": str, "action": str, "undoes": int, "undone_by": int},
        pk="id",
        not_null={"at", "action"},
    )
    db.table("change_rows").create(
        {"id": int, "change_id": int, "tbl": str, "key": str, "before": str, "after": str},
        pk="id",
        not_null={"change_id", "tbl", "key"},
        foreign_keys=[("change_id", "changes", "id")],
    )
    db.table("change_rows").create_index(["change_id"])


@migrations()
def m002_entries_by_date(db: Database) -> None:
    # history --from/--to and the weekly report read all habits by date range.
    db.table("entries").create_index(["date"])


@migrations()
def m003_frequency_and_limits(db: Database) -> None:
    # Loop's "X times in Y days" (per_days; NULL keeps N per calendar week), numeric
    # "at most" habits (daily_max), and the question/description Loop habits carry.
    # Existing habits get NULL in each, so they mean exactly what they meant before.
    habits = db.table("habits")
    habits.add_column("per_days", int)
    habits.add_column("daily_max", float)
    habits.add_column("question", str)
    habits.add_column("description", str)


@migrations()
def m004_companion(db: Database) -> None:
    # Urges resisted, journal entries / unsent letters, and two facts of a day:
    # a necessary contact (logistics, the day stays kept) and what led to a break.
    db.table("urges").create(
        {"id": int, "at": str, "date": str, "intensity": int, "triggers": str, "note": str},
        pk="id",
        not_null={"at", "date", "intensity"},
    )
    db.table("urges").create_index(["date"])
    db.table("writings").create(
        {"id": int, "at": str, "date": str, "text": str},
        pk="id",
        not_null={"at", "date", "text"},
    )
    db.table("writings").create_index(["date"])
    db.table("days").add_column("necessary_contact", str)
    db.table("days").add_column("break_trigger", str)


# Read-only views for people who open the file in Datasette, sqlite-utils or any
# SQLite tool: names next to values instead of ids, weekdays spelled out.
_WEEKDAY = "substr('SunMonTueWedThuFriSat', 1 + 3 * CAST(strftime('%w', {0}) AS INTEGER), 3)"
_AMOUNT_TEXT = (
    "CASE WHEN e.amount IS NULL THEN NULL "
    "WHEN e.amount = CAST(e.amount AS INTEGER) THEN CAST(CAST(e.amount AS INTEGER) AS TEXT) "
    "ELSE CAST(e.amount AS TEXT) END"
)


@migrations()
def m005_reading_views(db: Database) -> None:
    # One row per logged day and habit, with the habit's name and the day's mood.
    db.create_view(
        "daily_log",
        f"""
        SELECT e.date AS date,
               {_WEEKDAY.format("e.date")} AS weekday,
               h.slug AS habit,
               h.name AS habit_name,
               h.kind AS kind,
               COALESCE(e.status, {_AMOUNT_TEXT}) AS value,
               e.status AS status,
               e.amount AS amount,
               h.unit AS unit,
               e.note AS note,
               d.mood AS mood,
               d.note AS day_note,
               COALESCE(d.reached_out, 0) AS they_reached_out,
               h.archived AS archived
        FROM entries e
        JOIN habits h ON h.id = e.habit_id
        LEFT JOIN days d ON d.date = e.date
        ORDER BY e.date, h.position, h.id
        """,
    )
    # One row per day with anything logged: mood, note, urges resisted, what was logged.
    db.create_view(
        "day_log",
        f"""
        WITH dates AS (SELECT date FROM days UNION SELECT date FROM entries
                       UNION SELECT date FROM urges)
        SELECT dates.date AS date,
               {_WEEKDAY.format("dates.date")} AS weekday,
               d.mood AS mood,
               d.note AS note,
               COALESCE(d.reached_out, 0) AS they_reached_out,
               d.necessary_contact AS necessary_contact,
               d.break_trigger AS break_trigger,
               (SELECT COUNT(*) FROM urges u WHERE u.date = dates.date) AS urges,
               (SELECT COUNT(*) FROM entries e WHERE e.date = dates.date) AS habits_logged,
               (SELECT group_concat(h.slug || '=' || COALESCE(e.status, {_AMOUNT_TEXT}), ', ')
                  FROM entries e JOIN habits h ON h.id = e.habit_id
                 WHERE e.date = dates.date) AS values_logged
        FROM dates
        LEFT JOIN days d ON d.date = dates.date
        ORDER BY dates.date
        """,
    )


@migrations()
def m006_streak_checkpoints(db: Database) -> None:
    # The streak engine's state at the end of some days, per habit and week start
    # (see recent.py): a cache that lets views resume the walk instead of reading
    # all of history.  The triggers drop what a write makes stale, whoever writes.
    db.execute(
        "CREATE TABLE streak_checkpoints (habit_id INTEGER NOT NULL, week_start INTEGER NOT NULL, "
        "through TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (habit_id, week_start, through))"
    )
    stale = "DELETE FROM streak_checkpoints WHERE habit_id = {row}.habit_id AND through >= {row}.date;"
    db.execute(
        "CREATE TRIGGER streak_checkpoints_entry_insert AFTER INSERT ON entries BEGIN "
        + stale.format(row="NEW") + " END"
    )
    db.execute(
        "CREATE TRIGGER streak_checkpoints_entry_update AFTER UPDATE ON entries BEGIN "
        + stale.format(row="OLD") + " " + stale.format(row="NEW") + " END"
    )
    db.execute(
        "CREATE TRIGGER streak_checkpoints_entry_delete AFTER DELETE ON entries BEGIN "
        + stale.format(row="OLD") + " END"
    )
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER streak_checkpoints_habit_{event.lower()} AFTER {event} ON habits "
            "BEGIN DELETE FROM streak_checkpoints WHERE habit_id = OLD.id; END"
        )


@migrations()
def m007_application_id(db: Database) -> None:
    # Marks the file as ours in its SQLite header: other programs' databases are
    # refused rather than converted, and no output is ever written over ours.
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@migrations()
def m008_habit_roles(db: Database) -> None:
    # The check-in flags and the no-contact texts follow a habit's role, not its
    # slug, so renaming `workout` to `gym` keeps --workout on it.  Existing core
    # habits get their role from the slug `init` gave them.
    db.table("habits").add_column("role", str)
    for role, kind in (("no-contact", "abstain"), ("workout", "weekly"), ("goal", "goal")):
        db.execute("UPDATE habits SET role = ? WHERE slug = ? AND kind = ?", [role, role, kind])
    db.execute("CREATE UNIQUE INDEX habits_role ON habits(role) WHERE role IS NOT NULL")


def apply(db: Database) -> None:
    """Apply every pending migration (the caller holds the write lock)."""
    migrations.apply(db)


def registered_names() -> tuple[str, ...]:
    return tuple(m.name for m in migrations._migrations)

