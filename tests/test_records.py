"""habit_tracker.records.NamedTuple makes what typing.NamedTuple makes, cheaper."""

from __future__ import annotations

import pickle
import typing
from datetime import date

import pytest

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
