"""The tour a newcomer runs first: the bundled sample data, a report and the charts.

``run_demo(output_dir)`` loads ``habit_tracker.data/sample.json`` into a fresh
database of its own (``output_dir/demo.db``, never the user's database), then writes
the week's report as HTML and Markdown and one chart of every kind next to it.
"Today" is the day the demo is run: the sample's dates are all moved by the days
between its last day and today (``shifted``), so what a newcomer sees is alive,
not a week in 2026 with stale "still open" rows.  ``run_demo`` without ``today``
keeps the sample's own dates (the same output on every run).
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from . import interchange, report
from .errors import HabitTrackerError, UsageError
from .files import make_private_folder, write_private
from .models import Dataset
from .store import database_exists, open_store

DEMO_DB = "demo.db"
DEMO_SOURCE = "demo sample"
DEMO_ACTION = f"import {DEMO_SOURCE}"
SAMPLE = "sample.json"


def sample_data() -> dict[str, Any]:
    """The bundled sample, as the JSON interchange dict."""
    source = resources.files("habit_tracker.data").joinpath(SAMPLE)
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


def last_day(data: dict[str, Any]) -> date:
    """The data set's last day: its 'today'."""
    days = [item["date"] for item in data.get("entries", []) + data.get("days", [])]
    if not days:
        raise HabitTrackerError("the sample data set is empty")
    return date.fromisoformat(max(days))


def shifted(data: dict[str, Any], end: date) -> dict[str, Any]:
    """A copy of the interchange dict ``data`` with every date moved so that its last
    day is ``end``: entries, days, and the habits' since, created and deadline."""
    offset = end - last_day(data)

    def move(text: Any) -> Any:
        return (date.fromisoformat(text) + offset).isoformat() if text else text

    copy: dict[str, Any] = json.loads(json.dumps(data))
    for habit in copy.get("habits", []):
        for key in ("since", "created", "deadline"):
            habit[key] = move(habit.get(key))
    for item in copy.get("entries", []) + copy.get("days", []):
        item["date"] = move(item["date"])
    return copy


def load_demo_database(path: Path, data: dict[str, Any], today: date) -> Dataset:
    """(Re)create the demo database at ``path`` from ``data``; return its dataset.

    An existing file is replaced only when it is a demo database nobody has
    written to since: the demo never deletes a file it did not make, nor one
    holding someone's own check-ins.
    """
    if database_exists(path):
        with open_store(path) as existing:  # raises DatabaseError when the file is not ours
            actions = {change["action"] for change in existing.changes(limit=1000)}
        if actions - {DEMO_ACTION}:
            raise UsageError(
                f"{path} holds changes of its own (check-ins, habits), not just the demo sample; "
                "move it away or give the demo another --output folder"
            )
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_store(path, create=True) as store:
        interchange.import_data(store, data, today=today, source=DEMO_SOURCE)
        return store.load_dataset()


#: The chart kinds of SPEC.md (`chart KIND`), used if the chart library lists none.
CHART_KINDS = ("heatmap", "streaks", "goal", "weekly", "mood", "dashboard")


def _chart_kinds() -> tuple[str, ...]:
    try:
        from . import charts
        from .charts import render_chart  # noqa: F401  (present once charts are built)
    except ImportError:
        return ()
    return tuple(getattr(charts, "KINDS", CHART_KINDS))


def write_charts(dataset: Dataset, output_dir: Path, first: date, today: date) -> list[Path]:
    """One PNG of every chart kind over the whole data set (none when the chart
    library is not part of this build)."""
    kinds = _chart_kinds()
    if not kinds:
        return []
    from .charts import render_chart

    written = []
    for kind in kinds:
        path = output_dir / f"chart-{kind}.png"
        render_chart(kind, dataset, first=first, last=today, as_of=today, output_path=path)
        written.append(path)
    return written


def run_demo(output_dir: Path, *, protect: Path | None = None, today: date | None = None) -> list[Path]:
    """Build the demo in ``output_dir`` and return the paths written, database first.

    ``protect``: the user's own database; the demo refuses to touch it.
    ``today``: the sample is moved to end on this day (default: its own last day).
    """
    output_dir = Path(output_dir)
    db_path = output_dir / DEMO_DB
    if protect is not None and _same_file(db_path, Path(protect)):
        raise UsageError(f"{db_path} is your own habit database; give the demo another --output folder")
    if output_dir.exists() and not output_dir.is_dir():
        raise UsageError(f"{output_dir} is a file, not a folder")
    try:
        make_private_folder(output_dir)
    except OSError as exc:
        raise HabitTrackerError(f"cannot create {output_dir}: {exc.strerror or exc}") from None

    data = sample_data()
    if today is not None:
        data = shifted(data, today)
    today = last_day(data)
    dataset = load_demo_database(db_path, data, today)
    weekly = report.build_report(dataset, today, today)

    written = [db_path]
    html_path = output_dir / "report.html"
    panels = report.week_chart_panels(dataset, weekly)
    write_private(html_path, report.render_html(weekly, chart_panels=panels))
    written.append(html_path)
    md_path = output_dir / "report.md"
    write_private(md_path, report.render_markdown(weekly))
    written.append(md_path)
    first = min(date.fromisoformat(item["date"]) for item in data["entries"])
    written.extend(write_charts(dataset, output_dir, first, today))
    return written


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
