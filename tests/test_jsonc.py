"""habit_tracker.jsonc writes and reads what the json package does."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habit_tracker import jsonc

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


def same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN (json reads it back as a new float)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=400, deadline=None)
@given(value=values, ensure_ascii=st.booleans(), sort_keys=st.booleans())
def test_dumps_writes_jsons_text(value: Any, ensure_ascii: bool, sort_keys: bool) -> None:
    assert jsonc.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys) == \
        json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)


@settings(max_examples=400, deadline=None)
@given(value=values, space=st.sampled_from(["", " ", "\n", " \t\r\n "]))
def test_loads_reads_what_json_reads(value: Any, space: str) -> None:
    text = space + json.dumps(value) + space
    assert same(jsonc.loads(text), json.loads(text))


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet='{}[]",:0123456789.eE+-truefalsnNIiy \\u\n', max_size=20))
def test_any_text_gives_jsons_value_or_jsons_error(text: str) -> None:
    try:
        expected: Any = ("value", json.loads(text))
    except ValueError as exc:
        expected = ("error", type(exc), str(exc))
    try:
        got: Any = ("value", jsonc.loads(text))
    except ValueError as exc:
        got = ("error", type(exc), str(exc))
    assert got[0] == expected[0] and (same(got[1], expected[1]) if got[0] == "value"
                                      else got == expected)


def test_what_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        jsonc.dumps({"a": {1}})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        jsonc.dumps(loop)


def test_the_check_in_path_does_not_import_json() -> None:
    from conftest import modules_after

    assert "json" not in modules_after(
        "import habit_tracker.store, habit_tracker.recent, habit_tracker.changelog\n"
        "from habit_tracker import jsonc; jsonc.loads(jsonc.dumps({'a': [1.5, None]}))")
