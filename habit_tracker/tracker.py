"""Use cases over the store and the engine: set up, check in, history, habits.

Each function takes the store and, where the day matters, ``today``; none reads
the clock.  The CLI calls one of these per command and prints what comes back.
"""


from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import engine, recent
from . import models as m
from .errors import UsageError
from .store import CheckinInput, Store, parse_value, validate_since_time, validate_slug

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, made without typing's costly __bases__ assignment
    from .records import NamedTuple


def initialise(
    store: Store,
    *,
    today: date,
    since: date,
    workouts_per_week: int = 3,
    goal: tuple[str, float, str | None, date | None] | None = None,
    day_start: int | None = None,
    week_start: str | None = None,
    since_time: str | None = None,
) -> list[m.Habit]:
    """Create the starting habits (and settings) in one transaction."""
    existing = store.habits(include_archived=True)
    if existing:
        raise UsageError(
            f"{store.path} is set up already ({len(existing)} habits); change things with "
            "'habit edit' and 'config', or use another --db"
        )
    if since > today:
        raise UsageError(f"--since {since.isoformat()} is in the future")
    habits = [
        m.Habit(slug=m.NO_CONTACT, name="No contact", kind=m.ABSTAIN, since=since, created=today,
                position=1, role=m.ROLE_NO_CONTACT),
        m.Habit(slug=m.WORKOUT, name="Workout", kind=m.WEEKLY, per_week=workouts_per_week,
                created=today, position=2, role=m.ROLE_WORKOUT),
    ]
    if goal is not None:
        name, target, unit, deadline = goal
        if deadline is not None and deadline < today:
            raise UsageError(
                f"--by {deadline.isoformat()} has passed already (today is {today.isoformat()}); "
                "give a deadline from today on, or none"
            )
        habits.append(m.Habit(slug=m.GOAL_SLUG, name=name, kind=m.GOAL, target=target, unit=unit,
                              deadline=deadline, created=today, position=3, role=m.ROLE_GOAL))
    with store.transaction("init") as tx:
        if day_start is not None:
            tx.put("settings", {"key": "day_start", "value": str(day_start)})
        if week_start is not None:
            tx.put("settings", {"key": "week_start", "value": week_start})
        if since_time:
            tx.put("settings", {"key": "since_time", "value": validate_since_time(since_time)})
        return [store.add_habit(h, tx=tx) for h in habits]


# -------------------------------------------------------------------- habits


def default_name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def add_habit(
    store: Store,
    slug: str,
    kind: str,
    *,
    today: date,
    name: str | None = None,
    since: date | None = None,
    per_week: int | None = None,
    daily_min: float | None = None,
    target: float | None = None,
    unit: str | None = None,
    deadline: date | None = None,
    times: int | None = None,
    per_days: int | None = None,
    daily_max: float | None = None,
) -> m.Habit:
    """Add a habit.  Weekly: ``per_week`` N is N times per calendar week; ``times`` X
    with ``per_days`` Y is X times in any Y days (Loop's frequency)."""
    validate_slug(slug)
    if kind == m.ABSTAIN and since is None:
        since = today
    per_week, per_days = _frequency(kind, per_week, times, per_days)
    if kind == m.WEEKLY and per_week is None:
        per_week = 3
    if deadline is not None and deadline < today:
        raise UsageError(f"--by {deadline.isoformat()} has passed already (today is "
                         f"{today.isoformat()}); give a deadline from today on, or none")
    # A core habit added later (e.g. the goal init was not given) takes its role
    # when no habit holds it yet: by its slug, or, for a goal, being the first one.
    role = m.default_role(slug, kind) or (m.ROLE_GOAL if kind == m.GOAL else None)
    if role is not None and store.role_habit(role) is not None:
        role = None
    habit = m.Habit(slug=slug, name=name or default_name(slug), kind=kind, since=since,
                    created=today, per_week=per_week, daily_min=daily_min, target=target,
                    unit=unit, deadline=deadline, per_days=per_days, daily_max=daily_max,
                    role=role)
    return store.add_habit(habit)


def _frequency(kind: str, per_week: int | None, times: int | None,
               per_days: int | None) -> tuple[int | None, int | None]:
    """(X, Y) from ``--per-week N`` (N in 7) or ``--times X --per Y``."""
    if per_week is not None and (times is not None or per_days is not None):
        raise UsageError("give --per-week N, or --times X --per Y, not both")
    if per_week is not None:
        return per_week, None
    if kind == m.WEEKLY and per_days is not None and times is None:
        raise UsageError("--per Y needs --times X: X times in any Y days")
    if times is not None and per_days is None:
        raise UsageError("--times X needs --per Y: X times in any Y days")
    return times, per_days


#: ``edit_habit(..., deadline=CLEAR)`` removes the value.
CLEAR: Any = object()


def edit_habit(store: Store, slug: str, *, new_slug: str | None = None, **changes: Any) -> m.Habit:
    habit = store.habit(slug)
    per_week, per_days = changes.pop("per_week", None), changes.pop("per_days", None)
    times = changes.pop("times", None)
    if per_week is not None or times is not None or per_days is not None:
        if per_days is not None and times is None and per_week is None and habit.kind == m.WEEKLY:
            times = habit.per_week  # --per alone keeps the number of times
        per_week, per_days = _frequency(habit.kind, per_week, times, per_days)
        changes["per_week"] = per_week
        if habit.kind == m.WEEKLY:
            changes["per_days"] = per_days if per_days is not None else 7
        else:
            changes["per_days"] = per_days
    updates: dict[str, Any] = {k: (None if v is CLEAR else v) for k, v in changes.items()
                               if v is not None}
    if new_slug:
        updates["slug"] = validate_slug(new_slug)
    if not updates:
        raise UsageError("nothing to change: give --name, --since, --per-week, --min, --target ...")
    edited = habit._replace(**updates)
    return store.update_habit(edited, f"habit edit {slug}")


def archive_habit(store: Store, slug: str, *, restore: bool = False) -> m.Habit:
    habit = store.habit(slug)
    if habit.archived != restore:
        raise UsageError(f"{slug} is {'not ' if restore else ''}archived already")
    return store.update_habit(habit._replace(archived=not restore),
                              f"habit {'restore' if restore else 'archive'} {slug}")


# ------------------------------------------------------------------- checkin


_FLAGS = {
    m.ROLE_NO_CONTACT: "--contact/--no-contact",
    m.ROLE_WORKOUT: "--workout/--rest/--no-workout",
    m.ROLE_GOAL: "--progress",
}


def role_target(store: Store, role: str, listed: list[m.Habit] | None = None) -> m.Habit:
    """The habit a check-in flag writes to: the one holding ``role``, whatever it
    is called.  UsageError with advice that works when there is none, it is
    archived, or (--progress) several goals could be meant.  ``listed``: every
    habit, archived ones included, when the caller has read them already."""
    flag = _FLAGS[role]
    if listed is None:
        listed = store.habits(include_archived=True)
    habit = m.role_habit(listed, role)
    if habit is not None and not habit.archived:
        return habit
    if habit is not None:
        raise UsageError(
            f"{flag} writes to '{habit.name}' ({habit.slug}), which is archived; bring it back "
            f"with 'habit-tracker habit archive {habit.slug} --restore', or log another habit "
            "with --set SLUG=VALUE"
        )
    kind = m.ROLES[role]
    candidates = [h for h in listed if h.kind == kind and not h.archived]
    if len(candidates) == 1:  # no habit holds the role: the only one of its kind
        return candidates[0]
    if candidates:
        names = ", ".join(h.slug for h in candidates)
        raise UsageError(
            f"{flag}: no habit is set as your {role} habit and {len(candidates)} could be "
            f"meant ({names}); use --set {candidates[0].slug}=VALUE"
        )
    taken = {h.slug for h in listed}
    slug = role if role not in taken else f"my-{role}"
    example = {
        m.ROLE_NO_CONTACT: f"habit-tracker habit add {slug} --kind abstain --since DATE",
        m.ROLE_WORKOUT: f"habit-tracker habit add {slug} --kind weekly --per-week 3",
        m.ROLE_GOAL: f"habit-tracker habit add {slug} --kind goal --name 'Half marathon' "
        "--target 300 --unit km",
    }[role]
    raise UsageError(f"{flag} needs a {kind} habit for it: add one with '{example}'")


def build_input(
    store: Store,
    *,
    day: date,
    contact: bool | None = None,
    reached_out: bool | None = None,
    workout: str | None = None,
    progress: str | None = None,
    mood: int | None = None,
    note: str | None = None,
    sets: dict[str, str] | Iterable[tuple[str, str]] | None = None,
    necessary_contact: str | None = None,
    break_trigger: str | None = None,
    note_append: bool = False,
    mood_clear: bool = False,
) -> CheckinInput:
    """Turn the check-in flags into one CheckinInput.  The flags follow the habits'
    roles (no-contact, workout, goal), whatever those habits are called.

    Every value given is checked, also one that another option would replace, and
    two options giving one habit different values are refused: nothing given is
    dropped unseen.
    """
    values: dict[str, str] = {}
    given: dict[str, tuple[str, tuple[str | None, float | None] | None]] = {}
    listed = store.habits(include_archived=True)  # one read for every flag and --set
    by_slug = {h.slug: h for h in listed}

    def give(habit: m.Habit, value: str, option: str) -> None:
        parsed = None if value.strip().lower() == "clear" else parse_value(habit, value)
        if habit.slug in given and given[habit.slug][1] != parsed:
            raise UsageError(f"{habit.slug} is given twice ({given[habit.slug][0]} and {option}); "
                             "give it once")
        given[habit.slug] = (option, parsed)
        values[habit.slug] = value

    if contact is not None:
        give(role_target(store, m.ROLE_NO_CONTACT, listed), m.BROKEN if contact else m.KEPT,
             "--contact" if contact else "--no-contact")
    if workout is not None:
        give(role_target(store, m.ROLE_WORKOUT, listed), workout, {m.DONE: "--workout", m.SKIP: "--rest"}.get(
            workout, "--no-workout"))
    if progress is not None:
        give(role_target(store, m.ROLE_GOAL, listed), progress, f"--progress {progress}")
    pairs = sets.items() if isinstance(sets, dict) else (sets or ())
    for slug, value in pairs:
        # unknown slugs fail here (store.habit), with a suggestion
        give(by_slug[slug] if slug in by_slug else store.habit(slug), value,
             f"--set {slug}={value}")
    nc = m.role_habit(listed, m.ROLE_NO_CONTACT)
    if break_trigger is not None and (nc is None or values.get(nc.slug) != m.BROKEN):
        raise UsageError("--what-led goes with --contact: it says what led to a break")
    return CheckinInput(day=day, values=values, mood=mood, note=note, reached_out=reached_out,
                        necessary_contact=necessary_contact, break_trigger=break_trigger,
                        note_append=note_append, mood_clear=mood_clear)


from .hours import HOURS_SHOWN_UP_TO_DAY as HOURS_SHOWN_UP_TO_DAY  # noqa: E402
from .hours import run_hours as run_hours  # noqa: E402


class Line(NamedTuple):
    text: str
    style: dict[str, Any] = {}  # noqa: RUF012 (never mutated)


class Glance(NamedTuple):
    """What a check-in shows of one habit: the current streak and what it just reached."""

    habit: m.Habit
    unit: str
    current: int
    current_start: date | None
    next_milestone: int
    reached: list[m.Milestone]  # milestones dated on the checked-in day
    goal_total: float | None = None

    @property
    def goal_percent(self) -> float | None:
        if self.goal_total is None or not self.habit.target:
            return None
        return 100 * self.goal_total / self.habit.target

    def as_json(self) -> dict[str, Any]:
        return {
            "habit": self.habit.slug,
            "kind": self.habit.kind,
            "unit": self.unit,
            "current": self.current,
            "current_start": self.current_start.isoformat() if self.current_start else None,
            "next_milestone": self.next_milestone,
            "to_next_milestone": self.next_milestone - self.current,
            **({"goal_total": self.goal_total, "goal_percent": round(self.goal_percent or 0, 1)}
               if self.goal_total is not None else {}),
        }


#: A mood this low (1-10) several days running gets a gentle line at check-in.
LOW_MOOD = 3
LOW_MOOD_DAYS = 3


def glance(store: Store, habit: m.Habit, day: date, *, week_start: int = m.MONDAY) -> Glance:
    """The current streak of ``habit`` at the end of ``day``, reading only recent history
    (``recent.analyze_habits``: exactly what ``engine.analyze`` gives)."""
    found = recent.analyze_habits(store.conn, [habit], day, week_start=week_start)
    return _glance(habit, day, found[habit.slug].stats)


def _glance(habit: m.Habit, day: date, stats: m.HabitStats) -> Glance:
    # A goal has day streaks (as daily) and so day milestones, plus its shares.
    reached = [ms for ms in stats.milestones if ms.date == day]
    total = None
    if habit.kind == m.GOAL and habit.target:
        total = stats.goal.total if stats.goal is not None else 0.0
        reached += [ms for ms in stats.goal_milestones if ms.date == day]
    run = stats.current
    return Glance(habit, stats.unit, run.length if run else 0, run.start if run else None,
                  stats.next_milestone, reached, total)


class CheckinOutcome(m.Record):
    """What a check-in saved and what to say about it.  ``break_words``: the kind
    answer to a break logged by this check-in; ``hours``: hours of a no-contact run
    in its first week, checked in today; ``replaced_note``: the day's earlier note
    this check-in replaced; ``low_mood_days``: days running up to this one with a
    mood of LOW_MOOD or less.  (A plain class: no dataclasses import.)"""

    __slots__ = (
        "break_words",
        "day",
        "given",
        "glances",
        "hours",
        "info",
        "low_mood_days",
        "replaced_note",
        "saved",
    )

    def __init__(self, day: date, given: CheckinInput, saved: dict[str, m.Entry | None],
                 info: m.DayInfo | None, glances: list[Glance], break_words: str | None = None,
                 hours: int | None = None, replaced_note: str | None = None,
                 low_mood_days: int = 0) -> None:
        self.day = day
        self.given = given
        self.saved = saved
        self.info = info
        self.glances = glances
        self.break_words = break_words
        self.hours = hours
        self.replaced_note = replaced_note
        self.low_mood_days = low_mood_days

    @property
    def reached(self) -> list[tuple[m.Habit, m.Milestone]]:
        return [(g.habit, ms) for g in self.glances for ms in g.reached]

    def no_contact(self) -> Glance | None:
        habit = m.no_contact_habit(g.habit for g in self.glances)
        return next((g for g in self.glances if g.habit is habit), None)

    def as_json(self) -> dict[str, Any]:
        nc = self.no_contact()
        return {
            "date": self.day.isoformat(),
            "saved": {s: (e.value_text() if e else None) for s, e in self.saved.items()},
            "mood": self.info.mood if self.info else None,
            "note": self.info.note if self.info else None,
            "note_replaced": self.replaced_note is not None,
            "reached_out": bool(self.info and self.info.reached_out),
            "necessary_contact": self.info.necessary_contact if self.info else None,
            "break_trigger": self.info.break_trigger if self.info else None,
            "break_message": self.break_words,
            "no_contact_day": nc.current if nc else None,
            "no_contact_hours": self.hours,
            "habits": [g.as_json() for g in self.glances],
            "milestones": [
                {"habit": h.slug, "milestone": ms.value, "kind": ms.kind,
                 "date": ms.date.isoformat(), "message": _message(h, ms)}
                for h, ms in self.reached
            ],
        }

    def lines(self) -> list[Line]:
        from .units import value_text

        habits = {g.habit.slug: g.habit for g in self.glances}
        parts = []
        for slug, entry in self.saved.items():
            habit = habits.get(slug)
            name = habit.name if habit else slug
            if entry is None or habit is None:
                value = entry.value_text() if entry else "cleared"
            else:
                value = value_text(habit, entry.status if entry.status is not None else entry.amount)
            parts.append(f"{name} {value}")
        # What this check-in gave, not everything the day holds.
        if self.given.mood is not None:
            parts.append(f"mood {self.given.mood}")
        if self.given.reached_out is not None:
            parts.append("they reached out" if self.given.reached_out else "no reaching out")
        if self.given.necessary_contact is not None:
            parts.append("necessary contact" if self.given.necessary_contact
                         else "necessary contact cleared")
        if self.given.break_trigger:
            parts.append("what led to it")
        if self.given.mood_clear:
            parts.append("mood cleared")
        note = self.given.note
        if note is not None:
            if self.given.note_append:
                parts.append("added to the note")
            elif self.replaced_note is not None:
                parts.append(("note replaced" if note else "note cleared")
                             + " (undo brings it back)")
            else:
                parts.append("note" if note else "note cleared")
        out = [Line(f"Saved {self.day:%a} {self.day.day} {self.day:%b %Y}: {', '.join(parts)}.")]
        nc = self.no_contact()
        if nc is not None and not (nc.habit.since and self.day < nc.habit.since):
            if nc.current:
                hours = f" · {self.hours} hours" if self.hours is not None else ""
                out.append(Line(f"Day {nc.current}{hours} of no contact. Next milestone: "
                                f"{nc.next_milestone} days ({nc.next_milestone - nc.current} to go).",
                                {"bold": True}))
            elif self.break_words:
                out.append(Line(self.break_words, {"bold": True}))
            else:
                out.append(Line("No contact was broken that day. It happens: the count starts "
                                "again from the next day.", {"bold": True}))
        for g in self.glances:
            if g is nc:
                continue
            if g.goal_total is not None:
                if not g.goal_total and g.habit.slug not in self.saved:
                    continue
                from . import units

                out.append(Line(f"{g.habit.name}: {m.format_amount(round(g.goal_total, 2))} of "
                                f"{units.amount(g.habit.target or 0, g.habit.unit)} "
                                f"({units.percent(g.goal_percent or 0)})."))
            elif g.current:
                out.append(Line(f"{g.habit.name}: {g.current}-{g.unit[:-1]} streak, next milestone "
                                f"{g.next_milestone} ({g.next_milestone - g.current} to go)."))
        for habit, milestone in self.reached:
            out.append(Line(f"* {_message(habit, milestone)}", {"fg": "green", "bold": True}))
        if self.low_mood_days >= LOW_MOOD_DAYS:
            out.append(Line(f"Your mood has been low for {self.low_mood_days} days running. "
                            "Be gentle with yourself tonight, and think of telling someone you "
                            "trust how you are."))
        return out


def _message(habit: m.Habit, milestone: m.Milestone) -> str:
    from .views import milestone_message

    return milestone_message(habit, milestone)


def record(store: Store, data: CheckinInput, *, today: date,
           now: datetime | None = None) -> CheckinOutcome:
    """Write one check-in; then the streaks and the milestones reached that day.

    Announced: the milestones this check-in reached, for the habits it gave a
    value to.  Not those of habits it left alone, and not again on a second
    check-in of the same day: what the day held before is taken away.
    """
    settings = store.settings()
    week_start = settings.week_start
    touched = [h for h in store.habits() if h.slug in data.values]
    # A day checked in again: what it had reached already is not announced twice.
    logged = store.logged_on(data.day) if touched else set()
    again = [h for h in touched if h.id in logged]
    found = recent.analyze_habits(store.conn, again, data.day, week_start=week_start) \
        if again else {}
    before = {h.slug: set(_glance(h, data.day, found[h.slug].stats).reached) for h in again}
    earlier = store.days(data.day, data.day).get(data.day) if data.note is not None else None
    replaced = None
    if earlier and earlier.note and not data.note_append and data.note != earlier.note:
        replaced = earlier.note
    saved = store.checkin(data, today)
    info = store.days(data.day, data.day).get(data.day)
    habits = store.habits()
    found = recent.analyze_habits(store.conn, habits, data.day, week_start=week_start)
    glances = []
    for habit in habits:
        seen = _glance(habit, data.day, found[habit.slug].stats)
        if habit.slug not in data.values:
            seen = seen._replace(reached=[])
        elif habit.slug in before:
            seen = seen._replace(reached=[ms for ms in seen.reached if ms not in before[habit.slug]])
        glances.append(seen)
    low = 0
    if data.mood is not None and data.mood <= LOW_MOOD:
        moods = store.days(data.day - timedelta(days=13), data.day)
        probe = data.day
        while (mood := moods[probe].mood if probe in moods else None) is not None and (
            mood <= LOW_MOOD
        ):
            low += 1
            probe -= timedelta(days=1)
    words = None
    broke = next((s for s, e in saved.items() if e is not None and e.status == m.BROKEN), None)
    if broke is not None and store.habit(broke).role == m.ROLE_NO_CONTACT:
        from .companion import break_message, break_triggers

        habit = store.habit(broke)
        runs = engine.attempts(habit, store.entries(habit), data.day,
                               break_triggers(store.days(None, data.day).values()))
        words = break_message(runs, data.day, today)
    outcome = CheckinOutcome(day=data.day, given=data, saved=saved, info=info, glances=glances,
                             break_words=words, replaced_note=replaced,
                             low_mood_days=low)
    nc = outcome.no_contact()
    if (now is not None and data.day == today and nc is not None and nc.current_start
            and nc.current <= HOURS_SHOWN_UP_TO_DAY):
        outcome.hours = run_hours(nc.current_start, nc.habit, settings.since_time, now)
    return outcome
