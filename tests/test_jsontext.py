"""jsontext.dumps writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habit_tracker import jsontext

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(), st.sampled_from(["", "é", "日本", "\x00\x1f\x7f", '"\\/', "\u2028", "🇫🇷", "\ud800"]),
    st.dates(),
)
KEYS = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=30,
)


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_the_same_text_as_the_standard_encoder(value: Any) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False, default=_default)
    assert jsontext.dumps(value, default=_default) == expected


def test_special_floats_subclasses_and_refusals() -> None:
    class Count(int):
        pass

    class Name(str):
        pass

    value = {"nan": math.nan, "inf": [math.inf, -math.inf], "n": Count(3), "s": Name("x"),
             1.5: None, True: False, None: 0}
    assert jsontext.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    with pytest.raises(TypeError):
        jsontext.dumps({"when": date(2026, 1, 1)})
    with pytest.raises(TypeError):
        jsontext.dumps({(1, 2): "tuple key"})
