"""Quick read-only looks at the database, for shell completion.

Completion runs on every <TAB>, so this opens the file read-only, asks one
query and never raises: no database, a damaged one, a locked one or one from
another program all give an empty answer.  It never creates or migrates a file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple


class HabitName(NamedTuple):
    slug: str
    name: str
    kind: str
    archived: bool


def habit_names(path: Path) -> list[HabitName]:
    """Every habit in the database at ``path`` in list order; [] when there is none to read."""
    try:
        if not path.is_file():
            return []
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            rows = conn.execute(
                "SELECT slug, name, kind, archived FROM habits ORDER BY position, id"
            ).fetchall()
        finally:
            conn.close()
        return [HabitName(str(s), str(n), str(k), bool(a)) for s, n, k, a in rows]
    except (sqlite3.Error, OSError, ValueError, TypeError):
        return []
