"""``json.dumps`` and ``json.loads`` for the check-in, without importing ``json``.

The check-in writes each row's undo image as JSON and reads and writes the
streak checkpoints as JSON.  Importing the ``json`` package compiles six regular
expressions: 5.3M instructions, 3% of a whole check-in (callgrind).  The work
itself is done by CPython's C accelerator (``_json``) either way; this module
calls it the way the ``json`` package does, so the text written and the values
read are the same (tests/test_jsonc.py compares both on random values).

Anything unusual goes to the ``json`` package itself: a document that does not
parse (so the error raised is json's own), bytes, and interpreters without the
accelerator.
"""

from __future__ import annotations

from typing import Any

_c: Any
try:
    _c = __import__("_json")  # the accelerator, typed loosely: its API is json's business
except ImportError:  # pragma: no cover - not CPython
    _c = None

_WHITESPACE = " \t\n\r"  # what JSON allows around a document


def _not_serializable(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


_INFINITY = float("inf")
_CONSTANTS = {"-Infinity": -_INFINITY, "Infinity": _INFINITY, "NaN": float("nan")}


class _Decoding:
    """What the C scanner reads off a ``json.JSONDecoder`` with its defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


_scan = _c.make_scanner(_Decoding()) if _c is not None else None


def dumps(value: Any, *, ensure_ascii: bool = True, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)``."""
    if _c is None:  # pragma: no cover - not CPython
        import json

        return json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    escape = _c.encode_basestring_ascii if ensure_ascii else _c.encode_basestring
    if isinstance(value, str):
        return str(escape(value))
    # json.JSONEncoder's own arguments to the C encoder, for its defaults:
    # check_circular (a fresh markers dict), allow_nan, no indent, ", " and ": ".
    return "".join(_c.make_encoder({}, _not_serializable, escape, None, ": ", ", ", sort_keys,
                                False, True)(value, 0))


def loads(text: str) -> Any:
    """``json.loads(text)``."""
    if _scan is not None and isinstance(text, str):
        start = len(text) - len(text.lstrip(_WHITESPACE))
        try:
            value, end = _scan(text, start)
        except StopIteration:
            pass  # no value there: json.loads says so, in its words
        else:
            if end == len(text) or not text[end:].strip(_WHITESPACE):
                return value
    import json

    return json.loads(text)
