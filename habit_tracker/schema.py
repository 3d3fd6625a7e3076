"""What the schema is called, without importing sqlite-utils.

Opening the database on the daily check-in path only needs to know which
migrations exist; importing sqlite-utils (and the numpy it may pull in) is
deferred to ``migrations.py`` and paid only when something is pending.
"""

MIGRATION_SET = "habit-tracker"

#: Every migration, oldest first.  ``migrations.py`` registers functions with
#: exactly these names (a test keeps the two in step).
MIGRATION_NAMES: tuple[str, ...] = (
    "m001_initial",
    "m002_entries_by_date",
    "m003_frequency_and_limits",
    "m004_companion",
    "m005_reading_views",
    "m006_streak_checkpoints",
    "m007_application_id",
    "m008_habit_roles",
)
