"""The resumed walk (recent.py) against the full engine: equal on every field it
gives, on random histories, after backfills, clears, undo, imports, edits of a
habit's start and archiving, stored checkpoints included."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from habit_tracker import engine, interchange, recent, tracker
from habit_tracker import models as m
from habit_tracker.store import CheckinInput, Store, open_store

FIRST = date(2024, 3, 1)

HABITS = [
    {"slug": "nc", "name": "NC", "kind": "abstain", "since": FIRST.isoformat()},
    {"slug": "daily", "name": "D", "kind": "daily"},
    {"slug": "pages", "name": "P", "kind": "daily", "daily_min": 20},
    {"slug": "gym", "name": "G", "kind": "weekly", "per_week": 3},
    {"slug": "once", "name": "O", "kind": "weekly", "per_week": 1},
    {"slug": "goal", "name": "Goal", "kind": "goal", "target": 900},
    {"slug": "cap", "name": "Cap", "kind": "daily", "daily_max": 3},  # at most 3 a day
]
VALUES = {
    "nc": ["kept", "kept", "broken"],
    "daily": ["done", "done", "done", "skip", "missed"],
    "pages": ["25", "20", "5", "skip", "missed"],
    "gym": ["done", "done", "skip", "missed"],
    "once": ["done", "skip", "missed"],
    "goal": ["1.5", "3", "0", "0.1", "0.2"],
    "cap": ["2", "3", "5", "0", "skip", "missed", "done", "7"],
}


def assert_same(fast: m.HabitStats, full: m.HabitStats, as_of: date, week_start: int = 0,
                found_from: date | None = None) -> None:
    where = f"{full.habit.slug} as of {as_of}"
    assert fast.start == full.start, where
    assert fast.current == full.current, where
    assert fast.longest == full.longest, where
    assert fast.next_milestone == full.next_milestone, where
    assert fast.strength == full.strength, where
    assert fast.open_today == full.open_today, where
    assert fast.goal == full.goal, where  # floats bit for bit
    assert fast.goal_milestones == full.goal_milestones, where
    # The milestones found after the checkpoint: a week's is found when the week closes.
    cut = date.fromordinal(recent.checkpoint_day(as_of, found_from))

    def found_on(x: m.Milestone) -> date:
        if full.habit.kind != m.WEEKLY:
            return x.date
        return engine.week_start_of(x.date, week_start) + timedelta(days=6)

    assert fast.milestones == [x for x in full.milestones if found_on(x) > cut], where


def check(store: Store, as_of: date, week_start: int, today: date | None = None,
          reach: tuple[int, int] = (0, 0)) -> None:
    """``today``: the real day; when ``as_of`` is earlier, its last day is missed, not open.
    ``reach``: days before ``as_of`` the entries and the streaks found must reach back."""
    habits = store.habits(include_archived=True)
    entries_from, found_from = (as_of - timedelta(days=n) for n in reach)
    found = recent.analyze_habits(store.conn, habits, as_of, week_start=week_start, today=today,
                                  entries_from=entries_from, found_from=found_from)
    for habit in habits:
        full = engine.analyze(habit, store.entries(habit), as_of, week_start=week_start,
                              today=today)
        assert_same(found[habit.slug].stats, full, as_of, week_start, found_from)
        if full.start is not None and full.start <= as_of:
            assert found[habit.slug].window_start <= max(full.start, entries_from)
        # the streaks closed before the window are counted (an abstain habit's attempts)
        before = found[habit.slug].runs_before
        assert found[habit.slug].stats.streaks == full.streaks[before:]
        window = found[habit.slug].entries
        assert window == store.entries(habit, found[habit.slug].window_start, as_of)


@st.composite
def runs(draw: st.DrawFn, slug: str, length: int) -> list[str | None]:
    values: list[str | None] = []
    while len(values) < length:
        value = draw(st.sampled_from([*VALUES[slug], None]))
        values += [value] * draw(st.sampled_from([1, 1, 3, 20, 60, 200]))
    return values[:length]


OPS = st.one_of(
    st.tuples(st.just("checkin"), st.sampled_from([h["slug"] for h in HABITS]),
              st.integers(0, 700), st.integers(0, 4)),
    st.tuples(st.just("clear"), st.sampled_from([h["slug"] for h in HABITS]), st.integers(0, 700)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("since"), st.sampled_from(["nc", "daily", "gym", "goal"]),
              st.integers(-30, 400)),
    st.tuples(st.just("archive"), st.sampled_from(["daily", "goal"])),
    st.tuples(st.just("import"), st.sampled_from([h["slug"] for h in HABITS]),
              st.integers(0, 650), st.integers(1, 60)),
)


def apply(store: Store, op: tuple, today: date) -> None:  # type: ignore[type-arg]
    from habit_tracker.errors import HabitTrackerError

    kind = op[0]
    try:
        if kind == "checkin":
            _, slug, back, pick = op
            value = VALUES[slug][pick % len(VALUES[slug])]
            store.checkin(CheckinInput(today - timedelta(days=back), {slug: value}), today)
        elif kind == "clear":
            _, slug, back = op
            store.checkin(CheckinInput(today - timedelta(days=back), {slug: "clear"}), today)
        elif kind == "undo":
            store.undo()
        elif kind == "since":
            _, slug, offset = op
            tracker.edit_habit(store, slug, since=FIRST + timedelta(days=offset))
        elif kind == "archive":
            _, slug = op
            tracker.archive_habit(store, slug, restore=store.habit(slug).archived)
        else:
            _, slug, back, count = op
            value = VALUES[slug][back % len(VALUES[slug])]
            entries = [{"date": (today - timedelta(days=back + n)).isoformat(), "habit": slug,
                        "value": value} for n in range(count)]
            interchange.import_data(store, {"entries": entries}, today=today)
    except HabitTrackerError:
        pass  # refused (e.g. a break before the start): nothing written


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.integers(30, 720), st.data(), st.lists(OPS, max_size=8),
       st.sampled_from([m.MONDAY, m.SUNDAY]), st.lists(st.integers(0, 90), min_size=1, max_size=3),
       st.tuples(st.integers(0, 40), st.integers(0, 40)))
def test_resumed_walk_equals_the_engine_through_every_kind_of_write(
    length: int, data: st.DataObject, ops: list[tuple], week_start: int,  # type: ignore[type-arg]
    backs: list[int], reach: tuple[int, int],
) -> None:
    today = FIRST + timedelta(days=length)
    entries = []
    for habit in HABITS:
        values = data.draw(runs(str(habit["slug"]), length))
        entries += [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": habit["slug"],
                     "value": v} for n, v in enumerate(values) if v is not None]
    habits = [{**h, "created": FIRST.isoformat()} for h in HABITS]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": habits, "entries": entries}, today=today)
        for back in backs:  # the first pass builds checkpoints, later ones resume
            check(store, today - timedelta(days=back), week_start)
            check(store, today - timedelta(days=back), week_start, today)  # a past day
            check(store, today - timedelta(days=back), week_start, today, reach)
        for op in ops:
            apply(store, op, today)
            for back in backs:
                check(store, today - timedelta(days=back), week_start)
                check(store, today - timedelta(days=back), week_start, today, reach)


def test_a_checkpoint_is_stored_and_dropped_by_a_backfill(tmp_path: Path) -> None:
    today = FIRST + timedelta(days=400)
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "daily", "value": "done"}
               for n in range(401)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [{**HABITS[1], "created": FIRST.isoformat()}],
                                        "entries": entries}, today=today)

        def stored() -> list[str]:
            return [r[0] for r in store.conn.execute("SELECT through FROM streak_checkpoints")]

        habit = store.habit("daily")
        first = recent.analyze_habits(store.conn, [habit], today)["daily"].stats
        assert first.current is not None and first.current.length == 401
        assert stored() == [date.fromordinal(recent.checkpoint_day(today)).isoformat()]
        # Resumed from the checkpoint: the window is short, the answer the same.
        again = recent.analyze_habits(store.conn, [habit], today)["daily"]
        assert len(again.entries) < 61 and again.stats == first
        # A miss long ago splits the streak: the checkpoint after it goes.
        store.checkin(CheckinInput(FIRST + timedelta(days=100), {"daily": "missed"}), today)
        assert stored() == []
        after = recent.analyze_habits(store.conn, [habit], today)["daily"].stats
        assert after.current is not None and after.current.length == 300
        assert after.longest == after.current
        store.undo()
        assert stored() == []
        assert recent.analyze_habits(store.conn, [habit], today)["daily"].stats.current == first.current


def test_a_checkpoint_of_another_definition_is_ignored(tmp_path: Path) -> None:
    today = FIRST + timedelta(days=200)
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "gym", "value": "done"}
               for n in range(0, 201, 2)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [{**HABITS[3], "created": FIRST.isoformat()}],
                                        "entries": entries}, today=today)
        habit = store.habit("gym")
        recent.analyze_habits(store.conn, [habit], today)
        # Written behind the triggers' back (as a newer habit row would look):
        other = habit._replace(per_week=4)
        fast = recent.analyze_habits(store.conn, [other], today)["gym"].stats
        assert_same(fast, engine.analyze(other, store.entries(habit), today), today)


def test_an_unknown_kind_goes_to_the_full_engine(tmp_path: Path) -> None:
    today = FIRST + timedelta(days=100)
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "daily", "value": "done"}
               for n in range(101)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [{**HABITS[1], "created": FIRST.isoformat()}],
                                        "entries": entries}, today=today)
        strange = store.habit("daily")._replace(kind="frequency")
        found = recent.analyze_habits(store.conn, [strange], today)["daily"]
        assert found.stats == engine.analyze(strange, store.entries(strange), today)
        assert len(found.entries) == 101


# ---------------------------------------------------------------- the views


@contextlib.contextmanager
def no_full_load() -> Iterator[None]:
    """Reading the whole history fails the test: the views must answer from the
    recent window."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole history was loaded")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Store, "load_dataset", refuse)
        yield


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.integers(1, 500), st.data(), st.lists(st.integers(0, 60), min_size=1, max_size=4),
       st.sampled_from(["monday", "sunday"]))
def test_status_and_streaks_from_the_window_equal_the_full_views(
    length: int, data: st.DataObject, backs: list[int], week_start: str
) -> None:
    from habit_tracker import views

    today = FIRST + timedelta(days=length)
    entries = []
    for habit in HABITS:
        values = data.draw(runs(str(habit["slug"]), length))
        entries += [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": habit["slug"],
                     "value": v} for n, v in enumerate(values) if v is not None]
    days = [{"date": (FIRST + timedelta(days=n)).isoformat(), "mood": 1 + n % 10,
             "note": f"n{n}" if n % 3 == 0 else None, "reached_out": n % 7 == 0}
            for n in range(0, length, 2)]
    habits = [{**h, "created": FIRST.isoformat()} for h in HABITS]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "h.db", create=True) as store:
        interchange.import_data(store, {"settings": {"week_start": week_start}, "habits": habits,
                                        "entries": entries, "days": days}, today=today)
        tracker.archive_habit(store, "once")
        full = store.load_dataset()
        full_all = store.load_dataset(include_archived=True)
        for back in backs:  # several weekdays, and past days
            as_of = today - timedelta(days=back)
            # as_of seen as today (its last day open), and as a past day (missed)
            for now in (as_of, today):
                with no_full_load():
                    dataset, analysed, _ = recent.views_data(store, as_of, now)
                assert views.status_view(dataset, as_of, analysed=analysed, today=now) == \
                    views.status_view(full, as_of, today=now)
                assert views.streaks_view(dataset, as_of, analysed=analysed, today=now) == \
                    views.streaks_view(full, as_of, today=now)
                with no_full_load():
                    dataset, analysed, _ = recent.views_data(store, as_of, now,
                                                             include_archived=True)
                assert views.streaks_view(dataset, as_of, "once", analysed=analysed, today=now) == \
                    views.streaks_view(full_all, as_of, "once", today=now)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.integers(1, 500), st.data(), st.lists(st.integers(0, 40), min_size=1, max_size=3),
       st.integers(0, 6), st.sampled_from(["monday", "sunday"]))
def test_the_report_from_the_window_equals_the_full_report(
    length: int, data: st.DataObject, backs: list[int], shift: int, week_start: str
) -> None:
    from habit_tracker import report

    today = FIRST + timedelta(days=length)
    entries = []
    for habit in HABITS:
        values = data.draw(runs(str(habit["slug"]), length))
        entries += [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": habit["slug"],
                     "value": v, "note": "why" if n % 5 == 0 else None}
                    for n, v in enumerate(values) if v is not None]
    days = [{"date": (FIRST + timedelta(days=n)).isoformat(), "mood": 1 + n % 10,
             "note": f"n{n}" if n % 3 == 0 else None, "reached_out": n % 7 == 0}
            for n in range(0, length + 1, 2)]
    habits = [{**h, "created": FIRST.isoformat()} for h in HABITS]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "h.db", create=True) as store:
        interchange.import_data(store, {"settings": {"week_start": week_start}, "habits": habits,
                                        "entries": entries, "days": days}, today=today)
        full = store.load_dataset()
        for back in backs:  # this week on several weekdays, and past weeks
            now = today - timedelta(days=back)
            week_day = now - timedelta(days=shift * (back % 3))
            for fmt in ("json", "text", "markdown"):
                with no_full_load():  # the window answers, goals and past weeks included
                    fast = report.weekly_report_from_store(store, week_day, now, fmt)
                assert fast == report.weekly_report(full, week_day, now, fmt)
            # the figures themselves, the attempts' numbers (counted, not walked) included
            t = report.report_as_of(week_day, now, full.week_start)
            found = recent.views_data(store, t, now, first=t - timedelta(days=13),
                                      found_from=engine.week_start_of(week_day, full.week_start))
            assert report.build_report(found.dataset, week_day, now, analysed=found.stats,
                                       runs_before=found.runs_before) == \
                report.build_report(full, week_day, now)


def test_no_checkpoint_is_kept_from_history_another_process_changed_meanwhile(tmp_path: Path) -> None:
    import pytest

    today = FIRST + timedelta(days=300)
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "daily", "value": "done"}
               for n in range(301)]
    path = tmp_path / "h.db"
    with open_store(path, create=True) as store:
        interchange.import_data(store, {"habits": [{**HABITS[1], "created": FIRST.isoformat()}],
                                        "entries": entries}, today=today)
        habit = store.habit("daily")
        real = recent._analyze

        def racing(*args: object) -> object:
            found = real(*args)  # type: ignore[arg-type]
            with open_store(path) as other:  # another process backfills a miss meanwhile
                other.checkin(CheckinInput(FIRST + timedelta(days=10), {"daily": "missed"}), today)
            return found

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(recent, "_analyze", racing)
            recent.analyze_habits(store.conn, [habit], today)
        assert list(store.conn.execute("SELECT * FROM streak_checkpoints")) == []
        fast = recent.analyze_habits(store.conn, [habit], today)["daily"].stats
        assert_same(fast, engine.analyze(habit, store.entries(habit), today), today)
        assert fast.longest is not None and fast.longest.length == 290


@pytest.mark.parametrize("extra", [
    {"kind": "weekly", "per_week": 3, "per_days": 10},  # X times in Y days
    {"kind": "daily", "daily_max": 3.0, "per_days": 3},  # at most, summed over days
    {"kind": "daily", "daily_min": 5.0, "per_days": 3},  # a minimum summed over days
])
def test_rolling_habits_go_to_the_full_engine(tmp_path: Path, extra: dict) -> None:  # type: ignore[type-arg]
    today = FIRST + timedelta(days=300)
    values = ["done", "2", "6", "skip", "missed"] if extra["kind"] == "daily" else ["done", "skip"]
    if "daily_max" in extra or "daily_min" in extra:
        values = ["2", "6", "0", "skip", "4"]
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "h",
                "value": values[(n * 7) % len(values)]} for n in range(0, 301, 1)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [{"slug": "h", "name": "H", "created": FIRST.isoformat(),
                                                    **extra}], "entries": entries}, today=today)
        habit = store.habit("h")
        assert not recent.resumable(habit)
        for back in (0, 3, 40):
            as_of = today - timedelta(days=back)
            found = recent.analyze_habits(store.conn, [habit], as_of)["h"]
            assert found.stats == engine.analyze(habit, store.entries(habit), as_of)
        assert list(store.conn.execute("SELECT * FROM streak_checkpoints")) == []


@pytest.mark.parametrize("back", [2, 300])  # inside the window, behind a checkpoint
def test_an_amount_edited_by_hand_is_refused_by_the_views_even_after_a_checkin(
    tmp_path: Path, back: int
) -> None:
    from habit_tracker.errors import DatabaseError

    today = FIRST + timedelta(days=400)
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": "goal", "value": "3"}
               for n in range(401)]
    with open_store(tmp_path / "h.db", create=True) as store:
        interchange.import_data(store, {"habits": [{**HABITS[5], "created": FIRST.isoformat()}],
                                        "entries": entries}, today=today)
        recent.views_data(store, today, today)  # checkpoints stored
        odd = (today - timedelta(days=back)).isoformat()
        store.conn.execute("UPDATE entries SET amount = 1e308 WHERE date = ?", (odd,))
        store.conn.commit()
        # The check-in's own look (no check) walks over it but keeps no checkpoint of it.
        tracker.glance(store, store.habit("goal"), today)
        for as_of in (today, today - timedelta(days=1)):
            with pytest.raises(DatabaseError, match=f"an amount on {odd} of 1e.308"):
                recent.views_data(store, as_of, today)
        store.conn.execute("UPDATE entries SET amount = 3 WHERE date = ?", (odd,))
        store.conn.commit()
        analysed = recent.views_data(store, today, today).stats
        full = engine.analyze(store.habit("goal"), store.entries(store.habit("goal")), today)
        assert_same(analysed["goal"], full, today)


def test_years_of_checkpoints_resume_from_the_latest_one(tmp_path: Path) -> None:
    today = FIRST + timedelta(days=700)
    entries = [{"date": (FIRST + timedelta(days=n)).isoformat(), "habit": slug, "value": value}
               for n in range(701) for slug, value in (("daily", "done"), ("goal", "3"))]
    with open_store(tmp_path / "h.db", create=True) as store:
        habits = [{**h, "created": FIRST.isoformat()} for h in (HABITS[1], HABITS[5])]
        interchange.import_data(store, {"habits": habits, "entries": entries}, today=today)
        for back in range(700, -1, -5):  # a view every few days for two years
            recent.analyze_habits(store.conn, store.habits(), today - timedelta(days=back))
        (count,) = store.conn.execute("SELECT COUNT(*) FROM streak_checkpoints").fetchone()
        assert count > 60
        read: list[tuple[int, int]] = []
        real = recent._entries

        def spy(conn: object, habit_id: int | None, first: int, last: int) -> list[m.Entry]:
            read.append((first, last))
            return real(conn, habit_id, first, last)  # type: ignore[arg-type]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(recent, "_entries", spy)
            for as_of in (today, today - timedelta(days=33)):
                found = recent.analyze_habits(store.conn, store.habits(), as_of)
                for habit in store.habits():
                    full = engine.analyze(habit, store.entries(habit), as_of)
                    assert_same(found[habit.slug].stats, full, as_of)
                    low = recent.checkpoint_day(as_of) + 1
                    if habit.kind == m.GOAL:  # its pace's 28 days
                        low = min(low, as_of.toordinal() - 27)
                    assert found[habit.slug].window_start == date.fromordinal(low)
        assert read == []  # nothing walked but the windows: each resumed at its own D


@settings(max_examples=200, deadline=None)
@given(st.builds(
    m.Habit, slug=st.text(min_size=1, max_size=5), name=st.text(max_size=5),
    kind=st.sampled_from(m.KINDS), since=st.none() | st.dates(), created=st.none() | st.dates(),
    per_week=st.none() | st.integers(1, 7), daily_min=st.none() | st.floats(0, 100),
    target=st.none() | st.floats(1, 1000), unit=st.none() | st.text(max_size=3),
    deadline=st.none() | st.dates(), archived=st.booleans(), position=st.integers(0, 9),
    id=st.none() | st.integers(1, 99), per_days=st.none() | st.integers(1, 60),
    daily_max=st.none() | st.floats(0, 100), question=st.none() | st.text(max_size=4),
    description=st.none() | st.text(max_size=4),
    role=st.none() | st.sampled_from(sorted(m.ROLES))))
def test_a_habits_definition_is_its_analysed_fields(habit: m.Habit) -> None:
    """What keys a checkpoint: every field but the name, slug, place and id."""
    assert recent.definition(habit) == repr(tuple(habit._replace(
        slug="", name="", archived=False, position=0, id=None)))
