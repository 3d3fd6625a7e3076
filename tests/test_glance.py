"""The check-in's windowed view must agree exactly with the full engine."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habit_tracker import engine, interchange, tracker
from habit_tracker import models as m
from habit_tracker.store import open_store

FIRST = date(2025, 1, 1)

VALUES = {
    m.ABSTAIN: st.sampled_from(["kept", "broken", None, None, None]),
    m.DAILY: st.sampled_from(["done", "done", "done", "skip", "missed", None]),
    m.WEEKLY: st.sampled_from(["done", "done", "skip", "missed", None, None]),
    m.GOAL: st.sampled_from([0, 1.5, 3, 40, None, None]),
    "numeric": st.sampled_from([5, 20, 25, "skip", "missed", None]),
}


@st.composite
def histories(draw: st.DrawFn) -> tuple[str, list[object], int, int]:
    kind = draw(st.sampled_from([m.ABSTAIN, m.DAILY, m.WEEKLY, m.GOAL, "numeric"]))
    length = draw(st.integers(1, 400))
    # Long runs of one value as well as noise, so streaks cross the window edges.
    values: list[object] = []
    while len(values) < length:
        values += [draw(VALUES[kind])] * draw(st.sampled_from([1, 1, 2, 5, 30, 90]))
    as_of_back = draw(st.integers(0, 10))
    week_start = draw(st.sampled_from([m.MONDAY, m.SUNDAY]))
    return kind, values[:length], as_of_back, week_start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_glance_matches_the_engine(history: tuple[str, list[object], int, int]) -> None:
    kind, values, back, week_start = history
    last = FIRST + timedelta(days=len(values) - 1)
    as_of = max(FIRST, last - timedelta(days=back))
    real_kind = m.DAILY if kind == "numeric" else kind
    habit = {"slug": "h", "name": "H", "kind": real_kind, "created": FIRST.isoformat(),
             "since": FIRST.isoformat() if kind == m.ABSTAIN else None,
             "per_week": 3 if kind == m.WEEKLY else None,
             "daily_min": 20 if kind == "numeric" else None,
             "target": 400 if kind == m.GOAL else None}
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "h", "value": v}
               for n, v in enumerate(values) if v is not None]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [habit], "entries": entries}, today=last)
        h = store.habit("h")
        full = engine.analyze(h, store.entries(h), as_of, week_start=week_start)
        quick = tracker.glance(store, h, as_of, week_start=week_start)
    assert quick.current == full.current_length
    assert quick.current_start == (full.current.start if full.current else None)
    assert quick.next_milestone == full.next_milestone
    expected = [ms for ms in full.milestones + full.goal_milestones if ms.date == as_of]
    assert sorted(quick.reached, key=repr) == sorted(expected, key=repr)
    if full.goal is not None:
        assert quick.goal_total is not None
        assert abs(quick.goal_total - full.goal.total) < 1e-9
