"""safe_text and safe_line skip their patterns for plain ASCII (the check-in's
text); for every text they must give what the patterns alone give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from habit_tracker import text


def by_pattern_text(value: str) -> str:
    return re.sub(text._CONTROL, "\ufffd", value.replace("\t", "    ").replace("\r\n", "\n"))


def by_pattern_line(value: str) -> str:
    return re.sub(text._UNSAFE_IN_LINE, "\ufffd", " ".join(value.split()))


ANY = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x2100)
              | st.sampled_from(["\x1b", "\x7f", "\x9b", "\u202e", "\u2066", "\ud800", "\n", "\r", "\t"]))


@settings(max_examples=2000)
@given(ANY)
def test_the_fast_path_changes_nothing(value: str) -> None:
    assert text.safe_text(value) == by_pattern_text(value)
    assert text.safe_line(value) == by_pattern_line(value)


def test_escapes_are_still_replaced() -> None:
    assert text.safe_text("a\x1b[31mb\nc") == "a\ufffd[31mb\nc"
    assert text.safe_line("x\u202ey\nz") == "x\ufffdy z"
