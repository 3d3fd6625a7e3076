"""Loop Habit Tracker's habit score, written here from its published description
(shared/reference/README.md and Loop's algorithm: per day ``score = previous * m +
c * (1 - m)``, ``m = 0.5 ** (sqrt(f) / 13)``, ``c`` the completion over a trailing
window, doubled for yes/no habits due less than daily, a skipped day leaving the
score unchanged, numeric habits summing amounts over the window against the target,
"at most" habits starting at full strength).  It works on Loop's own value codes
and shares no code with habit_tracker.engine; the tests compare the two.
"""

from __future__ import annotations

import math

YES, NO, SKIP_CODE, UNKNOWN = 2, 0, 3, -1


def loop_reference(
    codes: list[int], num: int, den: int, *, numeric: bool = False, at_most: bool = False,
    target: float = 0.0,
) -> list[float]:
    """Loop's score for each day (oldest first) of ``codes``: 2 yes, 0 no, 3 skip,
    -1 unknown; for numeric habits the amount times 1000 (-1 unknown)."""
    freq = num / den
    if not numeric and freq < 1:
        num, den = num * 2, den * 2
    mult = 0.5 ** (math.sqrt(freq) / 13)
    score = 1.0 if numeric and at_most else 0.0
    out: list[float] = []
    rolling = 0.0
    for i, code in enumerate(codes):
        if numeric:
            rolling += max(0, code)
            if i >= den:
                rolling -= max(0, codes[i - den])
            total = rolling / 1000
            if code != SKIP_CODE:
                over = min(1.0, max(0.0, 1 - (total - target) / target))
                c = over if at_most else min(1.0, total / target)
                score = score * mult + c * (1 - mult)
        else:
            if code == YES:
                rolling += 1
            if i >= den and codes[i - den] == YES:
                rolling -= 1
            if code != SKIP_CODE:
                score = score * mult + min(1.0, rolling / num) * (1 - mult)
        out.append(score)
    return out
