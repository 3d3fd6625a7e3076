"""User text on its way to a terminal.

Notes and names are stored exactly as typed; only when printed are control
characters (terminal escape sequences among them) shown as a replacement mark,
so that a pasted message cannot recolour, move or clear the user's terminal.
"""

from __future__ import annotations

import re

# Patterns, not compiled objects: re compiles (and caches) them on first use, so
# the check-in, whose text is plain ASCII, never pays for compiling them.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# Control characters, bidi overrides, line/paragraph separators and lone
# surrogates (bytes that were not UTF-8, as Python hands them over).
_UNSAFE_IN_LINE = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _plain(text: str) -> bool:
    """Printable ASCII (newlines allowed): nothing for the patterns to replace."""
    return text.isascii() and text.replace("\n", "").isprintable()


def safe_text(text: str) -> str:
    """Tabs become spaces, CRLF a newline, other control characters U+FFFD."""
    text = text.replace("\t", "    ").replace("\r\n", "\n")
    return text if _plain(text) else re.sub(_CONTROL, "\ufffd", text)


# ------------------------------------------------------------- display width

# Characters that join the one before them into one symbol on screen: combining
# marks, variation selectors, emoji skin tones, the zero-width joiner (and the
# character after it), tag characters of flag sequences.
_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    import unicodedata  # here, not at the top: the check-in path never measures widths

    code = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Me")
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or 0xE0100 <= code <= 0xE01EF
        or ch == _ZWJ
    )


def clusters(text: str) -> list[str]:
    """``text`` cut where a terminal may cut it: a base character with everything
    joined to it (accents, VS16, skin tones, ZWJ sequences, flag pairs) stays whole."""
    out: list[str] = []
    for ch in text:
        if out and (_extends(ch) or out[-1].endswith(_ZWJ) or _pairs_flag(out[-1], ch)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _pairs_flag(previous: str, ch: str) -> bool:
    return len(previous) == 1 and _is_regional(previous) and _is_regional(ch)


#: Printable characters below U+0300 (Latin, no combining marks) take one column
#: each, and so do these, which the views and reports print themselves.
NARROW = frozenset("–—‘’“”…•·═★✓✗")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal, measured with wcwidth: wide East Asian
    characters and emoji take two (also "❤️" with its VS16 and a ZWJ family),
    combining marks none.  Control characters count as one, like the mark
    ``safe_text`` shows in their place."""
    if text.isprintable() and (text.isascii() or all(ch < "\u0300" or ch in NARROW for ch in text)):
        # One column each (wcwidth agrees: tests/test_width.py), without importing
        # wcwidth, which costs more than a status line takes to work out.
        return len(text)
    from wcwidth import wcswidth

    width = wcswidth(text)
    if width >= 0:
        return int(width)
    return sum(max(1, int(wcswidth(part))) if wcswidth(part) >= 0 else 1 for part in clusters(text))


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in "…" when cut; never mid-symbol."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = "", 0
    for part in clusters(text):
        size = display_width(part)
        if used + size > width - 1:
            break
        out += part
        used += size
    return out + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` columns (on the left when ``right``)."""
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by display width; a word longer than a line is cut
    between symbols.  Each newline in ``text`` starts a new line."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            plain = word.isascii() and word.isprintable()
            size = len(word) if plain else display_width(word)
            if size > width and plain:
                # The same cut as below, by slices: a note of a megabyte without a
                # space wraps in linear time (one symbol at a time took seconds).
                if line and used + 2 <= width:
                    line, used = line + " ", used + 1
                elif line:
                    lines.append(line)
                    line, used = "", 0
                pos = 0
                while pos < size:
                    if line and used >= width:
                        lines.append(line.rstrip(" "))
                        line, used = "", 0
                    chunk = word[pos:pos + width - used]
                    line, used, pos = line + chunk, used + len(chunk), pos + len(chunk)
                continue
            if size > width:
                # Too long for any line: it goes where it stands, cut between symbols.
                if line and used + 2 <= width:
                    line, used = line + " ", used + 1
                elif line:
                    lines.append(line)
                    line, used = "", 0
                for part in clusters(word):
                    part_size = display_width(part)
                    if line and used + part_size > width:
                        lines.append(line.rstrip(" "))
                        line, used = "", 0
                    line, used = line + part, used + part_size
                continue
            if line and used + 1 + size > width:
                lines.append(line)
                line, used = word, size
            else:
                line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
        lines.append(line)
    return lines


def safe_line(text: str) -> str:
    """A message as one printable line: whitespace runs become one space, every
    control character, bidi override and undecodable byte a U+FFFD mark."""
    line = " ".join(str(text).split())
    return line if _plain(line) else re.sub(_UNSAFE_IN_LINE, "\ufffd", line)
