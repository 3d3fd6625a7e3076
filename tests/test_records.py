"""habit_tracker.records.NamedTuple makes what typing.NamedTuple makes, cheaper."""

from __future__ import annotations

import pickle
import typing
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habit_tracker import models as m
from habit_tracker import records


def make(base: type) -> type:
    class Point(base):  # type: ignore[valid-type, misc]
        """A point."""

        x: int
        y: int = 0
        when: date | None = None

        def total(self) -> int:
            return int(self.x + self.y)

    return Point


def test_the_class_matches_typings() -> None:
    ours, theirs = make(records.NamedTuple), make(typing.NamedTuple)
    for attr in ("_fields", "_field_defaults", "__doc__", "__qualname__", "__module__",
                 "__bases__"):
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    a, b = ours(1, 2), theirs(1, 2)
    assert tuple(a) == tuple(b) and repr(a) == repr(b).replace("theirs", "ours")
    assert a._replace(y=5) == (1, 5, None) and a.total() == 3 and a._asdict() == b._asdict()
    assert ours(3) == (3, 0, None)


def test_the_same_mistakes_are_refused() -> None:
    with pytest.raises(TypeError, match="Non-default"):
        class Bad(records.NamedTuple):
            x: int = 0
            y: int
    with pytest.raises(AttributeError, match="_replace"):
        class Worse(records.NamedTuple):
            x: int

            def _replace(self) -> None: ...


def test_the_models_are_plain_namedtuples_that_pickle() -> None:
    habit = m.Habit(None, "read", "Read", m.DAILY)
    assert type(habit).__mro__ == (m.Habit, tuple, object)
    assert pickle.loads(pickle.dumps(habit)) == habit
    assert habit._replace(slug="walk").slug == "walk"


def outcome(make_it: typing.Callable[[], typing.Any]) -> tuple[str, typing.Any]:
    try:
        return "made", tuple(make_it())
    except TypeError as exc:
        return "refused", str(exc).replace("__new__()", "")


@settings(max_examples=500, deadline=None)
@given(fields=st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=6, unique=True),
       defaults=st.integers(0, 6), args=st.lists(st.integers(), max_size=8),
       kwargs=st.dictionaries(st.sampled_from("abcdefghz"), st.integers(), max_size=6))
def test_any_call_makes_or_refuses_what_namedtuple_does(
        fields: list[str], defaults: int, args: list[int], kwargs: dict[str, int]) -> None:
    """Positional, keyword, mixed, missing, unknown and too many arguments: our
    fast __new__ gives the same tuple, or the same TypeError, as namedtuple's."""
    import collections

    default_values = list(range(100, 100 + min(defaults, len(fields))))
    ours = records.namedtuple_class("P", fields, default_values, __name__)
    theirs = collections.namedtuple("P", fields, defaults=default_values)  # type: ignore[misc]
    assert outcome(lambda: ours(*args, **kwargs)) == outcome(lambda: theirs(*args, **kwargs))
    assert ours._field_defaults == theirs._field_defaults and ours._fields == theirs._fields
    assert ours.__doc__ == theirs.__doc__


def test_a_model_made_by_keyword_and_by_position_is_the_same() -> None:
    by_keyword = m.Habit(slug="read", name="Read", kind=m.DAILY, per_week=None, id=4)
    by_position = m.Habit("read", "Read", m.DAILY, None, None, None, None, None, None, None,
                          False, 0, 4)
    assert by_keyword == by_position and type(by_keyword) is m.Habit
    assert repr(m.Entry(date(2026, 11, 2), "done")) == (
        "Entry(date=datetime.date(2026, 11, 2), status='done', amount=None, note=None)")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        m.Habit(slug="read", name="Read", kind=m.DAILY, colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'kind'"):
        m.Habit(slug="read", name="Read")  # type: ignore[call-arg]


def test_maker_builds_the_same_value_as_the_class() -> None:
    make = records.maker(m.Entry)
    built = make((date(2026, 11, 2), "done", None, "a note"))
    assert built == m.Entry(date(2026, 11, 2), "done", None, "a note")
    assert type(built) is m.Entry and built.note == "a note"
