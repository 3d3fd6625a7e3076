"""Encryption in the standard age format (https://age-encryption.org), through pyrage.

We design nothing here: a file we write opens with the ``age`` or ``rage``
command-line tools (``age -d file``), and a file they write opens here.  Two ways
to lock a file, as age has them: a passphrase (scrypt), or one or more X25519
public keys (``age1...``), whose secret keys (``AGE-SECRET-KEY-1...``, in an
identity file made by ``age-keygen``) open it.

pyrage is imported only when something is encrypted or decrypted.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import HabitTrackerError, UsageError

BINARY_MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
PASSPHRASE_ENV = "HABIT_TRACKER_PASSPHRASE"


def _pyrage() -> Any:
    try:
        import pyrage
    except ImportError:
        raise HabitTrackerError(
            "encryption needs the pyrage package: pip install pyrage"
        ) from None
    return pyrage


def is_age(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts an age file."""
    return head.startswith(BINARY_MAGIC) or head.lstrip().startswith(ARMOR_BEGIN)


def _header(data: bytes) -> bytes:
    if data.startswith(BINARY_MAGIC):
        return data[:4096]
    lines = data.strip().splitlines()[1:]
    body = b"".join(line.strip() for line in lines if not line.startswith(b"-----"))
    try:
        return base64.b64decode(body)[:4096]
    except ValueError:
        return b""


def wants_passphrase(data: bytes) -> bool:
    """True when the age file was locked with a passphrase (an scrypt stanza)."""
    return b"\n-> scrypt " in _header(data)


def parse_recipient(text: str) -> Any:
    pyrage = _pyrage()
    text = text.strip()
    try:
        return pyrage.x25519.Recipient.from_str(text)
    except Exception:  # pyrage raises its own error types (and ValueError)
        raise UsageError(
            f"'{text[:70]}' is not an age public key (it looks like age1..., from age-keygen)"
        ) from None


def read_identities(path: Path) -> list[str]:
    """The secret keys of an age identity file (lines AGE-SECRET-KEY-1...; # comments)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the identity file {path}: {exc}") from None
    keys = [line.strip() for line in text.splitlines()
            if line.strip().upper().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise UsageError(f"{path} holds no age secret key (AGE-SECRET-KEY-1...)")
    return keys


def encrypt(data: bytes, *, passphrase: str | None = None, recipients: Iterable[str] = ()) -> bytes:
    """``data`` as a binary age file, for a passphrase or for public keys."""
    pyrage = _pyrage()
    keys = [parse_recipient(r) for r in recipients]
    if bool(keys) == bool(passphrase):
        raise UsageError("encrypt with a passphrase or with recipients' public keys (one of the two)")
    try:
        if passphrase:
            return bytes(pyrage.passphrase.encrypt(data, passphrase))
        return bytes(pyrage.encrypt(data, keys))
    except Exception as exc:  # pyrage.EncryptError and friends
        raise HabitTrackerError(f"encryption failed: {exc}") from None


def decrypt(data: bytes, *, passphrase: str | None = None, identities: Iterable[str] = ()) -> bytes:
    """Open an age file (binary or armored) with a passphrase or secret keys."""
    pyrage = _pyrage()
    if wants_passphrase(data):
        if not passphrase:
            raise UsageError("this file is locked with a passphrase: give it (prompt, "
                             f"--passphrase-file or ${PASSPHRASE_ENV})")
        try:
            return bytes(pyrage.passphrase.decrypt(data, passphrase))
        except Exception:
            raise UsageError("cannot decrypt: wrong passphrase, or the file is damaged") from None
    keys = []
    for text in identities:
        try:
            keys.append(pyrage.x25519.Identity.from_str(text.strip()))
        except Exception:
            raise UsageError("the identity file holds a key that is not an age secret key") from None
    if not keys:
        raise UsageError("this file is encrypted to a public key: give its secret key with "
                         "--identity FILE (made by age-keygen)")
    try:
        return bytes(pyrage.decrypt(data, keys))
    except Exception:
        raise UsageError("cannot decrypt: none of the given keys opens this file, or it is "
                         "damaged") from None
