"""Plain value types shared by the store, the engine, the report and the charts.

Nothing here touches a database, a clock or the terminal.  The store builds these
from SQLite rows; the engine, the report and the charts take them as arguments.

The immutable ones are NamedTuples rather than frozen dataclasses: the check-in
imports this module on every run, and a NamedTuple class is about four times
cheaper to create (0.3 ms against 1.1 ms each, measured).
"""


import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from .errors import UnknownHabitError

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from .records import NamedTuple

ABSTAIN = "abstain"
DAILY = "daily"
WEEKLY = "weekly"
GOAL = "goal"
KINDS: tuple[str, ...] = (ABSTAIN, DAILY, WEEKLY, GOAL)

KEPT = "kept"
BROKEN = "broken"
DONE = "done"
SKIP = "skip"
MISSED = "missed"

#: The statuses a day of each kind may hold.  A ``None`` status means the entry
#: carries a number in ``amount`` (goal progress, or a numeric daily habit).
STATUSES: dict[str, tuple[str, ...]] = {
    ABSTAIN: (KEPT, BROKEN),
    DAILY: (DONE, SKIP, MISSED),
    WEEKLY: (DONE, SKIP, MISSED),
    GOAL: (),
}

MONDAY = 0
SUNDAY = 6

# The three habits `init` creates.
NO_CONTACT = "no-contact"
WORKOUT = "workout"
GOAL_SLUG = "goal"

#: Roles: what the check-in flags (--contact/--no-contact, --workout/--rest,
#: --progress), the reached-out question and the "Day N of no contact" texts
#: follow, whatever the habit is called.  At most one habit holds each role.
ROLE_NO_CONTACT = "no-contact"
ROLE_WORKOUT = "workout"
ROLE_GOAL = "goal"
ROLES: dict[str, str] = {ROLE_NO_CONTACT: ABSTAIN, ROLE_WORKOUT: WEEKLY, ROLE_GOAL: GOAL}


class Habit(NamedTuple):
    """A habit's definition.

    ``since``: for ``abstain`` the first day without the behaviour (required); for
    other kinds an optional explicit start.  ``created``: the local date the habit
    was created.  The engine works out the real start (see ``engine.habit_start``).
    """

    slug: str
    name: str
    kind: str
    since: date | None = None
    created: date | None = None
    per_week: int | None = None  # weekly: X, the sessions due in each period of per_days
    daily_min: float | None = None  # daily: numeric habit with this minimum per day
    target: float | None = None  # goal: total to reach
    unit: str | None = None  # goal / numeric daily: unit of the amounts
    deadline: date | None = None  # goal: optional
    archived: bool = False
    position: int = 0
    id: int | None = None
    #: weekly: Y of "X times in Y days" (None: 7, calendar weeks); numeric daily:
    #: the days the minimum or maximum is summed over (None: 1, each day alone).
    per_days: int | None = None
    daily_max: float | None = None  # daily: numeric habit with this maximum per day
    question: str | None = None  # asked at the interactive check-in (Loop's question)
    description: str | None = None
    role: str | None = None  # one of ROLES: the core habit the check-in flags follow

    @property
    def numeric(self) -> bool:
        """True when a day's value is a number rather than a status."""
        return self.kind == GOAL or (
            self.kind == DAILY and (self.daily_min is not None or self.daily_max is not None)
        )

    @property
    def at_most(self) -> bool:
        """A numeric daily habit with a maximum rather than a minimum."""
        return self.kind == DAILY and self.daily_max is not None

    @property
    def by_week(self) -> bool:
        """A weekly habit counted in calendar weeks (N per week: X in 7 days)."""
        return self.kind == WEEKLY and self.per_days in (None, 7)

    @property
    def rolling(self) -> bool:
        """Counted over a rolling window of ``per_days`` days: X times in Y days
        (Y other than 7), or a numeric daily limit summed over several days."""
        if self.kind == WEEKLY:
            return not self.by_week
        return self.numeric and self.kind == DAILY and (self.per_days or 1) > 1

    @property
    def frequency(self) -> tuple[int, int]:
        """Loop's frequency (times, days): what the habit strength is computed from."""
        if self.kind == WEEKLY:
            return (self.per_week or 1, self.per_days or 7)
        if self.kind == DAILY and self.numeric:
            return (1, self.per_days or 1)
        return (1, 1)

    @property
    def streak_unit(self) -> str:
        return "weeks" if self.by_week else "days"


class Entry(NamedTuple):
    """One habit's value on one day.

    ``status`` is one of the kind's STATUSES, or ``None`` for a numeric value held
    in ``amount``.  A numeric daily habit may also hold ``skip`` or ``missed``.
    """

    date: date
    status: str | None = None
    amount: float | None = None
    note: str | None = None

    def value_text(self) -> str:
        """The value as written in CSV and JSON: a status word or a number."""
        if self.status is not None:
            return self.status
        return format_amount(self.amount if self.amount is not None else 0.0)


class DayInfo(NamedTuple):
    """What belongs to a day rather than to one habit."""

    date: date
    mood: int | None = None  # 1..10
    note: str | None = None
    reached_out: bool = False  # they reached out and the user did not answer
    necessary_contact: str | None = None  # logistics with them (kids, lease): day stays kept
    break_trigger: str | None = None  # what led to a break logged that day


class Urge(NamedTuple):
    """A moment the user wanted to reach out and did not.  ``day`` is the day it
    counts for (``at`` with the ``day_start`` setting applied)."""

    at: datetime  # local time, to the minute
    day: date
    intensity: int  # 1..10
    triggers: tuple[str, ...] = ()
    note: str | None = None
    id: int | None = None


class Writing(NamedTuple):
    """A journal entry or an unsent letter."""

    at: datetime
    day: date
    text: str
    id: int | None = None


class Record:
    """A plain mutable record: equality and repr from its ``__slots__`` (what a
    dataclass would give, without importing dataclasses on the check-in's path)."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"


class Dataset(Record):
    """Everything the engine, report and charts need, as plain values.

    ``entries`` maps a habit slug to its entries sorted by date (no duplicates).
    ``week_start`` is a ``date.weekday()`` number: 0 Monday (default) or 6 Sunday.
    ``since_time``: HH:MM the no-contact run began on its first day, or "".
    ``urges`` and ``writings``: oldest first.
    (A plain class, not a dataclass: the check-in imports this module every run.)
    """

    __slots__ = (
        "day_start",
        "days",
        "entries",
        "habits",
        "since_time",
        "urges",
        "week_start",
        "writings",
    )

    def __init__(self, habits: list[Habit], entries: dict[str, list[Entry]] | None = None,
                 days: dict[date, DayInfo] | None = None, week_start: int = MONDAY,
                 day_start: int = 0, since_time: str = "", urges: list[Urge] | None = None,
                 writings: list[Writing] | None = None) -> None:
        self.habits = habits
        self.entries = {} if entries is None else entries
        self.days = {} if days is None else days
        self.week_start = week_start
        self.day_start = day_start
        self.since_time = since_time
        self.urges = [] if urges is None else urges
        self.writings = [] if writings is None else writings


    def habit(self, slug: str) -> Habit:
        """The habit called ``slug`` (archived too); UnknownHabitError with a suggestion."""
        for habit in self.habits:
            if habit.slug == slug:
                return habit
        raise UnknownHabitError(slug, choices=[h.slug for h in self.habits])

    def entries_for(self, slug: str) -> list[Entry]:
        return self.entries.get(slug, [])


def default_role(slug: str, kind: str) -> str | None:
    """The role a habit gets from its name and kind alone: for databases from
    before roles existed, and imports that do not say (the slugs `init` used)."""
    return slug if ROLES.get(slug) == kind else None


def role_of(habit: Habit) -> str | None:
    """A habit's role.  One read from a database (it has an id) has exactly the
    role stored; one built in code without a role gets the slug's default."""
    if habit.role is not None or habit.id is not None:
        return habit.role
    return default_role(habit.slug, habit.kind)


def role_habit(habits: Iterable[Habit], role: str) -> Habit | None:
    """The habit holding ``role``, or None."""
    return next((h for h in habits if role_of(h) == role), None)


def no_contact_habit(habits: Iterable[Habit]) -> Habit | None:
    """The habit the "Day N of no contact" counter follows: the one holding the
    no-contact role, else (a database with no such habit) the first abstain habit."""
    listed = list(habits)
    found = role_habit(listed, ROLE_NO_CONTACT)
    if found is not None:
        return found
    return next((h for h in listed if h.kind == ABSTAIN), None)


# ----------------------------------------------------------------- engine output


class Streak(NamedTuple):
    """A run of successes.  ``length`` is in days or weeks (``Habit.streak_unit``).

    Day streaks: ``start``/``end`` are the first and last counted days.  Week
    streaks: the first day of the first week and the last day of the last week.
    """

    start: date
    end: date
    length: int


class Attempt(NamedTuple):
    """One run of an ``abstain`` habit: from its first kept day to its last.

    ``ended_by`` is the day of the break that closed it (None: still running);
    ``trigger`` what the user said led to that break.
    """

    number: int  # 1 for the first run
    start: date
    end: date
    length: int  # days
    ended_by: date | None = None
    trigger: str | None = None

    @property
    def current(self) -> bool:
        return self.ended_by is None


class Milestone(NamedTuple):
    """A milestone reached: ``value`` days/weeks (or percent, for goal progress)."""

    value: int
    date: date
    kind: str = "streak"  # "streak" or "goal" (percent of the goal's target)


class GoalProgress(NamedTuple):
    target: float
    unit: str | None
    total: float  # all progress within [start, T]
    percent: float  # 100 * total / target
    deadline: date | None
    pace: float  # average per day over the last 28 days (days before start excluded)
    projected_finish: date | None  # None when pace is 0 or too early; the day reached if done
    pace_days: int = 0  # the days the pace is averaged over (28, or fewer for a young goal)
    too_early: bool = False  # too little history for a pace (see engine.PACE_MIN_DAYS)


class HabitStats(NamedTuple):
    """The engine's view of one habit at the end of day ``as_of``."""

    habit: Habit
    as_of: date
    start: date | None  # None: the habit has no days up to as_of
    unit: str  # "days" or "weeks"
    streaks: list[Streak]  # every streak within [start, as_of], oldest first
    current: Streak | None  # None when the current streak is 0
    longest: Streak | None  # the most recent of the longest, None when none
    next_milestone: int
    milestones: list[Milestone]  # every streak milestone reached, oldest first
    strength: float  # 0..100, one decimal
    open_today: bool  # as_of (or, weekly, its week) still open: not logged yet
    goal: GoalProgress | None = None
    goal_milestones: list[Milestone] = []  # noqa: RUF012 (a NamedTuple default, never mutated)

    @property
    def current_length(self) -> int:
        return self.current.length if self.current else 0

    @property
    def longest_length(self) -> int:
        return self.longest.length if self.longest else 0

    @property
    def to_next_milestone(self) -> int:
        return self.next_milestone - self.current_length


def habit_rule(habit: Habit) -> str:
    """What a habit asks for, in words: ``3 per week``, ``2 times in 30 days``,
    ``at most 1 glasses a day``, ``at least 50 km in 7 days``."""
    if habit.kind == ABSTAIN:
        return f"since {habit.since:%Y-%m-%d}" if habit.since else ""
    if habit.kind == WEEKLY:
        times, days = habit.frequency
        if habit.by_week:
            return f"{times} per week"
        said = "once" if times == 1 else f"{times} times"
        return f"{said} in {days} days" if days > 1 else "every day"
    if habit.kind == GOAL:
        text = f"{format_amount(habit.target or 0)} {habit.unit or ''}".rstrip()
        return text + (f" by {habit.deadline:%Y-%m-%d}" if habit.deadline else "")
    limit = habit.daily_max if habit.daily_max is not None else habit.daily_min
    if limit is None:
        return "every day"
    days = habit.per_days or 1
    span = "a day" if days == 1 else f"in {days} days"
    word = "at most" if habit.daily_max is not None else "at least"
    unit = f" {habit.unit}" if habit.unit else ""
    return f"{word} {format_amount(limit)}{unit} {span}"


def format_amount(value: float) -> str:
    """Numbers as people write them: 3 rather than 3.0, 2.5 stays 2.5."""
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(float(value))
