"""Rules the views share, kept in one place in models."""

from __future__ import annotations

from datetime import date

import pytest

from habit_tracker import models as m
from habit_tracker.errors import UnknownHabitError

D = date(2026, 11, 1)


def test_no_contact_habit_prefers_the_named_abstain_habit() -> None:
    sober = m.Habit("no-alcohol", "No alcohol", m.ABSTAIN, since=D)
    nc = m.Habit("no-contact", "No contact", m.ABSTAIN, since=D)
    fake = m.Habit("no-contact", "Not abstain", m.DAILY)
    gym = m.Habit("gym", "Gym", m.WEEKLY, per_week=3)
    assert m.no_contact_habit([gym, sober, nc]) is nc
    assert m.no_contact_habit([gym, sober]) is sober  # the first abstain habit
    assert m.no_contact_habit([fake, gym]) is None  # the name alone does not count
    assert m.no_contact_habit([]) is None


def test_dataset_lookup_suggests_the_closest_slug() -> None:
    data = m.Dataset(habits=[m.Habit("workout", "Workout", m.WEEKLY, per_week=3)])
    assert data.habit("workout").name == "Workout"
    with pytest.raises(UnknownHabitError, match="did you mean 'workout'"):
        data.habit("wrokout")
    with pytest.raises(UnknownHabitError) as info:
        data.habit("zzz")
    assert info.value.suggestion is None
