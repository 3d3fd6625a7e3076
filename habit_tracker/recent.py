"""Streaks, strength and goal progress at day T without reading all of history.

``engine.analyze`` walks every day from a habit's start to T.  Its walk carries
little state from one day to the next: the running streak (length, first and
last day, the next milestone), the longest streak closed so far, the strength
score, for weekly habits the current week and the last fourteen done flags, for
goals the running total.  This module keeps that state as a *checkpoint*: the
walk's state at the end of a day D, stored per habit in ``streak_checkpoints``.
Answering for T then means resuming the walk at D + 1 and reading only the
entries of (D, T], where D is the latest multiple of 8 days before T: at most
8 days per habit, whatever the length of the history.  A caller that needs more
recent entries than that (this week's for status, two weeks' for the report, 28
days' for a goal's pace) or the streaks and milestones of more days (the
report's week) says so, and D moves back or the entries read go further.

Exactness: resuming performs the same float operations in the same order as the
full walk, so current and longest streaks, milestones, strength and goal totals
are bit for bit what ``engine.analyze`` gives (``tests/test_recent.py`` pits the
two against each other on random histories with backfills, undo, edits and
imports).  What the result leaves out: ``streaks`` and ``milestones`` hold only
those ending or reached after D (the longest streak is whole).

A checkpoint stays valid while nothing it depends on changes: triggers in the
schema (migration ``m006_streak_checkpoints``) delete a habit's checkpoints at
or after the day of any entry written, changed or deleted, and all of them when
the habit's row changes, whoever writes (check-in, backfill, undo, import, edit,
archive).  Each checkpoint also records the habit's definition and a format
version, and is ignored when either differs.  Habits counted over a rolling
window (``resumable``) and kinds other than the four known here go to the full
engine.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from . import engine, jsonc
from . import models as m
from .records import maker
from .store import BUSY_TIMEOUT_MS, MAX_AMOUNT, MIN_AMOUNT, Store, _out_of_range

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from .records import NamedTuple

#: Bumped whenever the walk or the stored state changes meaning.
VERSION = 2
KINDS = (m.ABSTAIN, m.DAILY, m.WEEKLY, m.GOAL)


def resumable(habit: m.Habit) -> bool:
    """The habits this walk knows: the four kinds, weekly ones counted in calendar
    weeks, numeric ones with a daily minimum or maximum ("at most").  Rolling
    windows (X times in Y days, limits summed over days) and any kind added later
    go to the full engine instead."""
    if habit.kind not in KINDS:
        return False
    if getattr(habit, "rolling", False):
        return False
    return habit.kind != m.WEEKLY or bool(getattr(habit, "by_week", True))


SPACING = 8  # days between checkpoints: a view walks at most this many

_COUNTED = (engine.STATE_KEPT, engine.STATE_DONE)
_TRANSPARENT = (engine.STATE_SKIP, engine.STATE_OPEN)


class Recent(NamedTuple):
    """A habit's stats at T and the entries of the window they were resumed over."""

    stats: m.HabitStats
    entries: list[m.Entry]  # every entry dated in [window_start, T], oldest first
    window_start: date  # first day whose entries are all in ``entries``
    runs_before: int = 0  # streaks closed before window_start: those not in stats.streaks


def checkpoint_day(as_of: date, found_from: date | None = None) -> int:
    """D for T: the latest multiple of SPACING (as an ordinal) before ``found_from``
    (default T, at most T): the streaks and milestones found from that day on are
    all in the result."""
    day = as_of if found_from is None else min(found_from, as_of)
    return (day.toordinal() - 1) // SPACING * SPACING


def definition(habit: m.Habit) -> str:
    """What the analysis depends on: every field but the name, slug, place and id."""
    # repr(tuple(habit._replace(slug="", name="", archived=False, position=0, id=None))),
    # without building the replaced habit (a test holds the two equal)
    return repr(("", "", *habit[2:10], False, 0, None, *habit[13:]))


# ------------------------------------------------------------------ the walk


class Walk:
    """``engine.analyze``'s walk, resumable: ``advance`` over days, ``finish`` at T."""

    def __init__(self, habit: m.Habit, start: int, week_start: int, t_open: bool = True) -> None:
        self.habit = habit
        self.t_open = t_open  # day T can still be open (T is today, see engine.analyze)
        self.weekly = habit.kind == m.WEEKLY
        self.table = engine._milestone_table(engine.WEEKS if self.weekly else engine.DAYS)
        self.start = start
        self.day = start - 1  # the last day walked
        # Loop starts an "at most" habit at full strength (engine._walk_days)
        self.score = 1.0 if getattr(habit, "at_most", False) else 0.0
        self.length = self.first = self.last = self.next_index = 0
        self.next_value = self.table[0]
        self.best: tuple[int, int, int] | None = None  # longest closed streak (first, last, length)
        self.closed = 0  # streaks closed so far (an abstain habit's attempts that ended)
        self.flags: list[int] = []
        self.window = 0
        self.week_first = engine.week_start_of(date.fromordinal(start), week_start).toordinal()
        self.done = 0
        self.reached: int | None = None
        self.total = 0.0
        self.goal_hits: list[tuple[int, int]] = []  # (percent, day)
        # Found while walking (not kept in a checkpoint):
        self.streaks: list[m.Streak] = []
        self.milestones: list[m.Milestone] = []
        self._classes: dict[tuple[str | None, float | None] | None, tuple[str, float | None]] = {}
        if self.weekly:
            target = habit.per_week if habit.per_week is not None else 1
            if target < 1:
                raise ValueError(f"a weekly habit needs a target of at least 1, not {target}")
            self.target = target
            self.decay = engine._decay(target / 7)
            self.numerator, self.denominator = target, 7
            if target < 7:
                self.numerator, self.denominator = 2 * target, 14
        else:
            self.target = 0
            self.decay = engine._decay(1.0)
        self.gain = 1.0 - self.decay

    # -- state in and out

    def state(self) -> list[Any]:
        return [self.day, self.score, self.length, self.first, self.last, self.next_index,
                self.next_value, self.best, self.flags, self.window, self.week_first, self.done,
                self.reached, self.total, self.goal_hits, self.closed]

    def restore(self, state: list[Any]) -> None:
        (self.day, self.score, self.length, self.first, self.last, self.next_index,
         self.next_value, best, self.flags, self.window, self.week_first, self.done,
         self.reached, self.total, hits, self.closed) = state
        self.best = (best[0], best[1], best[2]) if best is not None else None
        self.goal_hits = [(hit[0], hit[1]) for hit in hits]

    # -- streak bookkeeping (engine._Runs)

    def _add(self, first: int, last: int, on: int) -> None:
        if self.length == 0:
            self.first = first
        self.length += 1
        self.last = last
        if self.length == self.next_value:
            self._reached(on)

    def _reached(self, on: int) -> None:
        self.milestones.append(m.Milestone(self.length, date.fromordinal(on)))
        self.next_index += 1
        self.next_value = engine._milestone(self.next_index, self.table)

    def _close(self) -> None:
        if self.length:
            self.streaks.append(
                m.Streak(date.fromordinal(self.first), date.fromordinal(self.last), self.length)
            )
            if self.best is None or self.length >= self.best[2]:
                self.best = (self.first, self.last, self.length)
            self.closed += 1
        self.length = 0
        self.next_index = 0
        self.next_value = self.table[0]

    # -- days

    def advance(self, by_day: dict[int, m.Entry], through: int, t: int) -> None:
        """Walk the days after ``self.day`` up to ``through``; day ``t`` is T.

        The same steps as ``engine._walk_days`` / ``_walk_weeks`` and ``_goal``, in
        the same order (the strength's floats come out bit for bit), written out
        with local names: this loop is most of a view's work."""
        low = self.day + 1
        if low > through:
            return
        if self.weekly:
            self._walk_weeks(by_day, low, through, t)
        else:
            self._walk_days(by_day, low, through, t)
        habit = self.habit
        target = habit.target
        if habit.kind == m.GOAL and target is not None and math.isfinite(target) and target > 0:
            slack = engine._EPSILON * target
            shares = engine.GOAL_MILESTONES
            hits = self.goal_hits
            for ordinal in sorted(o for o in by_day if low <= o <= through):
                amount = by_day[ordinal].amount
                if amount and amount > 0:
                    self.total += amount
                    while (len(hits) < len(shares)
                           and self.total + slack >= target * shares[len(hits)] / 100):
                        hits.append((shares[len(hits)], ordinal))
        self.day = through

    def _state(self, entry: m.Entry | None, ordinal: int, t: int) -> tuple[str, float | None]:
        """engine._classify, worked out once per distinct value (day T apart)."""
        if self.t_open and ordinal == t:
            return engine._classify(self.habit, entry, True)
        key = None if entry is None else (entry.status, entry.amount)
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = engine._classify(self.habit, entry, False)
        return found

    def _walk_days(self, by_day: dict[int, m.Entry], low: int, through: int, t: int) -> None:
        get = by_day.get
        state_of = self._state
        counted, transparent = _COUNTED, _TRANSPARENT
        score, decay, gain = self.score, self.decay, self.gain
        for ordinal in range(low, through + 1):
            state, completion = state_of(get(ordinal), ordinal, t)
            if state in counted:
                # engine._Runs.add(ordinal, ordinal, ordinal), inline
                if self.length == 0:
                    self.first = ordinal
                self.length += 1
                self.last = ordinal
                if self.length == self.next_value:
                    self._reached(ordinal)
            elif state not in transparent:
                self._close()
            if completion is not None:
                score = score * decay + completion * gain
        self.score = score

    def _walk_weeks(self, by_day: dict[int, m.Entry], low: int, through: int, t: int) -> None:
        get = by_day.get
        state_of = self._state
        done_state, transparent = engine.STATE_DONE, _TRANSPARENT
        score, decay, gain = self.score, self.decay, self.gain
        flags, window, denominator, numerator = self.flags, self.window, self.denominator, \
            self.numerator
        target, done, reached, week_first = self.target, self.done, self.reached, self.week_first
        t_open = self.t_open
        for ordinal in range(low, through + 1):
            state = state_of(get(ordinal), ordinal, t)[0]
            flag = 1 if state == done_state else 0
            flags.append(flag)
            window += flag
            if len(flags) > denominator:
                window -= flags[-1 - denominator]
                del flags[0]
            if state not in transparent:
                score = score * decay + min(1.0, window / numerator) * gain
            if flag:
                done += 1
                if done == target:
                    reached = ordinal
            if ordinal == week_first + 6 or ordinal == t:
                success = done >= target
                if success and reached is not None:
                    self._add(week_first, week_first + 6, reached)
                elif not (t_open and ordinal == t and not success):
                    self._close()
                week_first += 7
                done = 0
                reached = None
        self.score, self.window, self.done, self.reached, self.week_first = \
            score, window, done, reached, week_first

    # -- T

    def finish(self, as_of: date, window: Sequence[m.Entry]) -> m.HabitStats:
        """The stats at T = the last day walked; ``window`` holds the entries of
        at least the last 28 days (the goal's pace)."""
        t = self.day
        alive = self.length > 0
        self._close()
        current = self.streaks[-1] if alive else None
        longest = None
        if self.best is not None:
            first, last, length = self.best
            longest = m.Streak(date.fromordinal(first), date.fromordinal(last), length)
        unit = engine.WEEKS if self.weekly else engine.DAYS
        goal = None
        goal_milestones: list[m.Milestone] = []
        habit = self.habit
        if habit.kind == m.GOAL and habit.target is not None and math.isfinite(habit.target) \
                and habit.target > 0:
            goal_milestones = [m.Milestone(p, date.fromordinal(d), kind="goal")
                               for p, d in self.goal_hits]
            goal = self._goal(habit.target, goal_milestones, window, t)
        return m.HabitStats(
            habit=habit,
            as_of=as_of,
            start=date.fromordinal(self.start),
            unit=unit,
            streaks=self.streaks,
            current=current,
            longest=longest,
            next_milestone=engine.next_milestone(current.length if current else 0, unit),
            milestones=self.milestones,
            strength=round(100.0 * self.score, 1),
            open_today=(self.t_open and habit.kind != m.ABSTAIN
                        and not any(e.date == as_of for e in window[-1:])
                        and not (goal is not None and goal.total >= goal.target)),
            goal=goal,
            goal_milestones=goal_milestones,
        )

    def _goal(self, target: float, reached: list[m.Milestone], window: Sequence[m.Entry],
              t: int) -> m.GoalProgress:
        # engine._goal, from the running total
        low = max(self.start, t - engine.PACE_DAYS + 1)
        amounts = [
            entry.amount
            for entry in window
            if low <= entry.date.toordinal() <= t and entry.amount is not None and entry.amount > 0
        ]
        pace_days = t - low + 1
        pace = sum(amounts) / pace_days
        done = bool(reached) and reached[-1].value == 100
        too_early = not done and (t - self.start + 1 < engine.PACE_MIN_DAYS
                                  or len(amounts) < engine.PACE_MIN_LOGGED)
        projected: date | None = None
        if done:
            projected = reached[-1].date
        elif pace > 0 and not too_early:
            days = math.ceil((target - self.total) / pace - engine._EPSILON)
            if t + days <= date.max.toordinal():
                projected = date.fromordinal(t + days)
        return m.GoalProgress(target=target, unit=self.habit.unit, total=self.total,
                              percent=100.0 * self.total / target, deadline=self.habit.deadline,
                              pace=pace, projected_finish=projected, pace_days=pace_days,
                              too_early=too_early)


def _by_day(entries: Iterable[m.Entry], first: int, last: int) -> dict[int, m.Entry]:
    return {o: e for e in entries if first <= (o := e.date.toordinal()) <= last}


def analyze_window(habit: m.Habit, start: date, entries: Sequence[m.Entry], as_of: date,
                   *, week_start: int = m.MONDAY, today: date | None = None) -> m.HabitStats:
    """The walk from ``start`` (the habit's real start) to ``as_of`` over ``entries``:
    what ``engine.analyze`` gives, for the four known kinds."""
    walk = Walk(habit, start.toordinal(), week_start, today is None or as_of >= today)
    t = as_of.toordinal()
    walk.advance(_by_day(entries, start.toordinal(), t), t, t)
    return walk.finish(as_of, [e for e in entries if start <= e.date <= as_of])


# ------------------------------------------------------------------ the store side


def _per_habit(days: dict[int, int]) -> tuple[str, list[object]]:
    """A ``VALUES`` list of (habit id, ISO day) pairs and its parameters: one
    statement asks for every habit's own day."""
    params: list[object] = []
    for habit_id, day in days.items():
        params += (habit_id, date.fromordinal(day).isoformat())
    return ", ".join("(?, ?)" for _ in days), params


def _load_checkpoints(conn: sqlite3.Connection, upto: dict[int, int],
                      week_start: int) -> dict[int, tuple[int, str]]:
    """The latest stored checkpoint of each habit id at or before its day in ``upto``
    (JSON text): one index look-up per habit, however many checkpoints years of use
    have stored."""
    found: dict[int, tuple[int, str]] = {}
    if not upto:
        return found
    values, params = _per_habit(upto)
    rows = conn.execute(
        f"WITH wanted(id, upto) AS (VALUES {values}) "
        "SELECT w.id, (SELECT c.through || c.state FROM streak_checkpoints AS c "
        "WHERE c.habit_id = w.id AND c.week_start = ? AND c.through <= w.upto "
        "ORDER BY c.through DESC LIMIT 1) FROM wanted AS w",
        [*params, week_start],
    )
    for habit_id, text in rows:
        if text is not None:  # an ISO day is ten characters, the state follows
            found[habit_id] = (date.fromisoformat(text[:10]).toordinal(), text[10:])
    return found


def _save_checkpoints(conn: sqlite3.Connection, rows: list[tuple[int, int, str, str]],
                      version: int) -> None:
    """Store new checkpoints if the database can be written right now and nobody
    else has written since ``version`` (``PRAGMA data_version``, read before the
    history they come from); a cache never waits for a lock nor fails a command."""
    if not rows or conn.in_transaction:
        return
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        # A cache: losing it to a power cut costs a recomputation, so its commit
        # does not wait for the disk (in WAL mode the file stays consistent).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _data_version(conn) != version:
                conn.execute("ROLLBACK")
                return
            conn.executemany(
                "INSERT OR REPLACE INTO streak_checkpoints (habit_id, week_start, through, state) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        pass
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = FULL")


def _data_version(conn: sqlite3.Connection) -> int:
    (version,) = conn.execute("PRAGMA data_version").fetchone()
    return int(version)


def _entries(conn: sqlite3.Connection, habit_id: int | None, first: int, last: int) -> list[m.Entry]:
    fromiso = date.fromisoformat
    make = maker(m.Entry)
    return [
        make((fromiso(day), status, amount, note))
        for day, status, amount, note in conn.execute(
            "SELECT date, status, amount, note FROM entries WHERE habit_id = ? AND date >= ? "
            "AND date <= ? ORDER BY date",
            (habit_id, date.fromordinal(first).isoformat(), date.fromordinal(last).isoformat()),
        )
    ]


def _windows(conn: sqlite3.Connection, lows: dict[int, int], t: int) -> dict[int, list[m.Entry]]:
    """The entries of each habit id in [its low, T], oldest first: one statement for
    every habit (they share their dates, each parsed once)."""
    found: dict[int, list[m.Entry]] = {habit_id: [] for habit_id in lows}
    if not lows:
        return found
    values, params = _per_habit(lows)
    rows = conn.execute(
        f"WITH wanted(id, low) AS (VALUES {values}) "
        "SELECT e.habit_id, e.date, e.status, e.amount, e.note FROM wanted AS w "
        "JOIN entries AS e ON e.habit_id = w.id AND e.date >= w.low AND e.date <= ? "
        "ORDER BY e.habit_id, e.date",
        [*params, date.fromordinal(t).isoformat()],
    )
    parsed: dict[str, date] = {}
    fromiso = date.fromisoformat
    make = maker(m.Entry)
    for habit_id, day, status, amount, note in rows:
        when = parsed.get(day)
        if when is None:
            when = parsed[day] = fromiso(day)
        found[habit_id].append(make((when, status, amount, note)))
    return found


def _odd_amount(entries: Iterable[m.Entry]) -> m.Entry | None:
    """The first entry whose amount could not have been logged (``Store.check_amounts``'s
    rule): text, or a number outside [MIN_AMOUNT, MAX_AMOUNT] other than 0."""
    for entry in entries:
        amount = entry.amount
        if amount is not None and amount != 0 and not (
            type(amount) in (float, int) and MIN_AMOUNT <= amount <= MAX_AMOUNT
        ):
            return entry
    return None


def _refuse_odd(entries: Iterable[m.Entry]) -> None:
    odd = _odd_amount(entries)
    if odd is not None:
        raise _out_of_range(f"an amount on {odd.date.isoformat()} of", odd.amount)


def _habit_start(conn: sqlite3.Connection, habit: m.Habit) -> date | None:
    if habit.kind == m.ABSTAIN and habit.since is not None:
        return habit.since
    (first,) = conn.execute("SELECT MIN(date) FROM entries WHERE habit_id = ?", (habit.id,)).fetchone()
    return engine.habit_start(habit, [m.Entry(date.fromisoformat(first))] if first else [])


def analyze_habits(conn: sqlite3.Connection, habits: Sequence[m.Habit], as_of: date,
                   *, week_start: int = m.MONDAY, save: bool = True,
                   today: date | None = None, check: bool = False,
                   entries_from: date | None = None,
                   found_from: date | None = None) -> dict[str, Recent]:
    """Each habit's stats at ``as_of`` and its recent entries, resumed from checkpoints.

    ``entries_from`` (default T): each ``Recent.entries`` holds at least the entries
    from that day on (a goal's, its last 28 days).  ``found_from`` (default T): the
    stats' ``streaks`` and ``milestones`` hold at least those ending or reached from
    that day on (``runs_before`` counts the streaks closed before those listed).

    ``today`` (default ``as_of``): as in ``engine.analyze``, day T can still be open
    only when it is today; an earlier T's last day without an entry is missed.
    Habits of an unknown kind are analysed by the full engine over all their entries.
    ``save``: store the checkpoints this had to build (when the file can be written).
    ``check``: refuse (DatabaseError) an amount that could not have been logged among
    the entries read; checkpoints are built only from entries without one, so the
    entries read and the checkpoints resumed from cover all that the stats depend on.
    """
    # One snapshot for every read (a deferred transaction), and no checkpoint saved
    # when another process wrote meanwhile: a checkpoint never outlives its history.
    version = _data_version(conn)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        found, new_rows = _analyze(conn, habits, as_of, week_start, today, check,
                                   entries_from or as_of, found_from)
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")
    if save:
        _save_checkpoints(conn, new_rows, version)
    return found


def _analyze(conn: sqlite3.Connection, habits: Sequence[m.Habit], as_of: date,
             week_start: int, today: date | None, check: bool, entries_from: date,
             found_from: date | None,
             ) -> tuple[dict[str, Recent], list[tuple[int, int, str, str]]]:
    t = as_of.toordinal()
    t_open = today is None or as_of >= today
    d = checkpoint_day(as_of, found_from)
    need = min(entries_from.toordinal(), t)
    stored = _load_checkpoints(
        conn, {h.id: d for h in habits if h.id is not None and resumable(h)}, week_start)
    found: dict[str, Recent] = {}
    new_rows: list[tuple[int, int, str, str]] = []
    walks: list[tuple[m.Habit, Walk]] = []
    for habit in habits:
        if not resumable(habit) or habit.id is None:
            entries = _entries(conn, habit.id, 1, t)
            if check:
                _refuse_odd(entries)
            stats = engine.analyze(habit, entries, as_of, week_start=week_start, today=today)
            found[habit.slug] = Recent(stats, entries, date.min)
            continue
        key = definition(habit)
        walk: Walk | None = None
        start: date | None = None
        cached = stored.get(habit.id)
        if cached is not None:
            through, text = cached
            state = jsonc.loads(text)
            if (state.get("version") == VERSION and state.get("habit") == key
                    and state["walk"][0] == through):
                start = date.fromordinal(state["start"])
                walk = Walk(habit, state["start"], week_start, t_open)
                walk.restore(state["walk"])
        if walk is None:
            start = _habit_start(conn, habit)
            if start is None or start > as_of:
                stats = engine.analyze(habit, [], as_of, week_start=week_start, today=today)
                found[habit.slug] = Recent(stats, [], date.fromordinal(t + 1))
                continue
            walk = Walk(habit, start.toordinal(), week_start, t_open)
        assert start is not None
        if walk.day < d and start.toordinal() <= d:
            # Bring the checkpoint up to D (from an older one, or from the start).
            older = _entries(conn, habit.id, walk.day + 1, d)
            odd = _odd_amount(older)
            if odd is not None and check:
                _refuse_odd([odd])
            walk.advance(_by_day(older, walk.day + 1, d), d, t)
            walk.streaks, walk.milestones = [], []
            if odd is None:  # a checkpoint never holds what a view would refuse
                state = {"version": VERSION, "habit": key, "start": walk.start,
                         "walk": walk.state()}
                new_rows.append((habit.id, week_start, date.fromordinal(d).isoformat(),
                                 jsonc.dumps(state)))
        walks.append((habit, walk))
    # The entries read: those the walk resumes over, from D + 1, and those the
    # caller (or a goal's pace) needs from further back; none before the start.
    lows = {
        habit.id or 0: max(walk.start, min(
            walk.day + 1, need, t - engine.PACE_DAYS + 1 if habit.kind == m.GOAL else need))
        for habit, walk in walks
    }
    windows = _windows(conn, lows, t)
    for habit, walk in walks:
        window = windows[habit.id or 0]
        if check:
            _refuse_odd(window)
        before = walk.closed
        walk.advance(_by_day(window, walk.day + 1, t), t, t)
        found[habit.slug] = Recent(walk.finish(as_of, window), window,
                                   date.fromordinal(lows[habit.id or 0]), before)
    return {h.slug: found[h.slug] for h in habits}, new_rows


class Views(NamedTuple):
    """What status, streaks and the report read (``views_data``)."""

    dataset: m.Dataset  # the recent window's entries, the days, urges and writings from first
    stats: dict[str, m.HabitStats]  # each habit's, exactly the full engine's
    runs_before: dict[str, int]  # streaks each habit closed before those in its stats


def views_data(store: Store, as_of: date, today: date, *, first: date | None = None,
               include_archived: bool = False, found_from: date | None = None) -> Views:
    """The data status, streaks and the report read at ``as_of`` (``today``: the
    real day, the only one that can still be open), from each habit's recent window
    (see ``dataset_at``): exactly what the full engine gives on the whole history,
    for today and past days, goals included (rolling-window habits are analysed by the
    full engine on their own entries).  ``found_from``: the streaks
    and milestones found from that day on are in the stats (default: ``as_of``'s)."""
    return _views(store, as_of, first, include_archived, today, found_from)


def dataset_at(store: Store, as_of: date, *, first: date | None = None,
               include_archived: bool = False,
               today: date | None = None) -> tuple[m.Dataset, dict[str, m.HabitStats]]:
    """What the views need at ``as_of`` without reading all of history: each habit's
    stats (``analyze_habits``, exactly the engine's) and a Dataset holding the
    entries of their recent window, with each habit's start written into its
    ``since`` and ``created`` so that the engine sees the same start on the window.
    An abstain habit's runs (attempts) before the window are not in it: they are
    counted (``Views.runs_before``) instead.
    ``first``: also hold the days, urges and writings from ``first`` on (default:
    six days before ``as_of``, this week at least).  ``today`` (default ``as_of``):
    the only day that can still be open."""
    found = _views(store, as_of, first, include_archived, today, None)
    return found.dataset, found.stats


def _views(store: Store, as_of: date, first: date | None, include_archived: bool,
           today: date | None, found_from: date | None) -> Views:
    settings = store.settings()
    habits = store.habits(include_archived=include_archived)
    # The amounts of what is read are checked as it is read (not the whole table).
    store.check_amounts(habits, entries=False)
    first = first or as_of - timedelta(days=6)
    found = analyze_habits(store.conn, habits, as_of, week_start=settings.week_start, today=today,
                           check=True, entries_from=first, found_from=found_from)
    anchored = []
    for habit in habits:
        start = found[habit.slug].stats.start
        if start is not None and resumable(habit):
            habit = habit._replace(since=start, created=start)
        anchored.append(habit)
    dataset = m.Dataset(
        habits=anchored,
        entries={slug: r.entries for slug, r in found.items()},
        days=store.days(first, as_of),
        week_start=settings.week_start,
        day_start=settings.day_start,
        since_time=settings.since_time,
        urges=store.urges(first, as_of),
        writings=store.writings(first, as_of),
    )
    stats = {h.slug: found[h.slug].stats._replace(habit=h) for h in anchored}
    return Views(dataset, stats, {slug: r.runs_before for slug, r in found.items()})
