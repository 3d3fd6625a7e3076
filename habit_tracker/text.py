"""User text on its way to a terminal.

Notes and names are stored exactly as typed; only when printed are control
characters (terminal escape sequences among them) shown as a replacement mark,
so that a pasted message cannot recolour, move or clear the user's terminal.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """Tabs become spaces, CRLF a newline, other control characters U+FFFD."""
    return _CONTROL.sub("\ufffd", text.replace("\t", "    ").replace("\r\n", "\n"))
