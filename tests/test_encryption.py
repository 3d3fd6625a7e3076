"""Encrypted exports and backups in the standard age format, checked against the
reference `age` command-line tool (Debian package `age`; CI installs it)."""

from __future__ import annotations

import os
import pty
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Invoke

from habit_tracker import crypto
from habit_tracker.cli import cli
from habit_tracker.errors import UsageError

needs_age = pytest.mark.skipif(shutil.which("age") is None or shutil.which("age-keygen") is None,
                               reason="the age command line tool is not installed (apt install age)")

PASSPHRASE = "correct horse battery staple"
NOTE = "Kept my phone in the drawer; «ça va» 🙂"


def age_with_tty(args: list[str], passphrase: str, answers: int) -> None:
    """Run `age`, which reads passphrases from its terminal only, on a pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: age with the pty as its terminal
        os.execvp("age", ["age", *args])
    seen = b""
    sent = 0
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if sent < answers and seen.count(b"assphrase") > sent:
            os.write(fd, passphrase.encode() + b"\r")
            sent += 1
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, str]:
    """An age identity file made by age-keygen, and its public key."""
    path = tmp_path / "key.txt"
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    public = subprocess.run(["age-keygen", "-y", str(path)], check=True, capture_output=True,
                            text=True).stdout.strip()
    return path, public


@pytest.fixture
def filled(initialised: Invoke) -> Invoke:
    run = initialised
    run("checkin", "--date", "2026-11-20", "--no-contact", "--workout", "--mood", "6",
        "--note", NOTE)
    run("checkin", "--date", "2026-11-21", "--progress", "12.5", "--they-reached-out")
    return run


def plain_export(run: Invoke, fmt: str) -> bytes:
    return run("export", "--format", fmt).stdout_bytes


# -------------------------------------------------------------------- exports


@needs_age
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_to_a_recipient_opens_with_age_and_imports_byte_identically(
        filled: Invoke, tmp_path: Path, key: tuple[Path, str], fmt: str) -> None:
    identity, public = key
    sealed = tmp_path / f"backup.{fmt}.age"
    filled("export", "--recipient", public, "--output", str(sealed))
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")
    assert NOTE.encode() not in sealed.read_bytes()
    opened = subprocess.run(["age", "-d", "-i", str(identity), str(sealed)], check=True,
                            capture_output=True).stdout
    assert opened == plain_export(filled, fmt)
    # import the encrypted file into an empty database: exporting again gives the same bytes
    fresh = tmp_path / "fresh.db"
    filled("--db", str(fresh), "import", str(sealed), "--identity", str(identity))
    assert filled("--db", str(fresh), "export", "--format", fmt).stdout_bytes == opened


@needs_age
def test_export_with_a_passphrase_opens_with_age_and_imports(filled: Invoke, tmp_path: Path) -> None:
    sealed = tmp_path / "backup.json.age"
    filled("export", "--encrypt", "--output", str(sealed), HABIT_TRACKER_PASSPHRASE=PASSPHRASE)
    assert b"\n-> scrypt " in sealed.read_bytes()[:200]
    opened = tmp_path / "opened.json"
    age_with_tty(["-d", "-o", str(opened), str(sealed)], PASSPHRASE, answers=1)
    assert opened.read_bytes() == plain_export(filled, "json")
    fresh = tmp_path / "fresh.db"
    filled("--db", str(fresh), "import", str(sealed), HABIT_TRACKER_PASSPHRASE=PASSPHRASE)
    assert filled("--db", str(fresh), "export").stdout_bytes == opened.read_bytes()


def test_export_prompts_twice_and_import_prompts_once(filled: Invoke, tmp_path: Path,
                                                      env: dict[str, str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import habit_tracker.cli.privacy as cli_privacy

    monkeypatch.setattr(cli_privacy, "interactive", lambda: True)
    sealed = tmp_path / "x.json.age"
    runner = CliRunner()
    mismatch = runner.invoke(cli, ["export", "--encrypt", "--output", str(sealed)],
                             input="one\ntwo\none\none\n", env=env)
    assert mismatch.exit_code == 0, mismatch.output
    assert "do not match" in mismatch.output.lower()
    fresh = tmp_path / "fresh.db"
    wrong = runner.invoke(cli, ["--db", str(fresh), "import", str(sealed)], input="two\n", env=env)
    assert wrong.exit_code == 2 and "wrong passphrase" in wrong.stderr
    assert not fresh.exists()
    right = runner.invoke(cli, ["--db", str(fresh), "import", str(sealed)], input="one\n", env=env)
    assert right.exit_code == 0, right.output
    assert NOTE in runner.invoke(cli, ["--db", str(fresh), "history"], env=env).stdout


def test_passphrase_from_a_pipe_or_missing_in_a_script(filled: Invoke, tmp_path: Path) -> None:
    sealed = tmp_path / "x.json.age"
    err = filled("export", "--encrypt", "-o", str(sealed), input="", code=2).stderr
    assert "--passphrase-file" in err and not sealed.exists()
    filled("export", "--encrypt", "-o", str(sealed), input=PASSPHRASE + "\n")
    assert crypto.decrypt(sealed.read_bytes(), passphrase=PASSPHRASE) == plain_export(filled, "json")


def test_passphrase_file_for_scripts(filled: Invoke, tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    sealed = tmp_path / "x.csv.age"
    filled("export", "--passphrase-file", str(secret), "--output", str(sealed))
    assert crypto.decrypt(sealed.read_bytes(), passphrase=PASSPHRASE) == plain_export(filled, "csv")
    fresh = tmp_path / "fresh.db"
    filled("--db", str(fresh), "import", str(sealed), "--passphrase-file", str(secret))


@needs_age
def test_files_encrypted_by_the_age_tool_import(filled: Invoke, tmp_path: Path,
                                                key: tuple[Path, str]) -> None:
    identity, public = key
    plain = tmp_path / "plain.json"
    plain.write_bytes(plain_export(filled, "json"))
    armored = tmp_path / "by-age.json.age"
    subprocess.run(["age", "-a", "-r", public, "-o", str(armored), str(plain)], check=True)
    assert armored.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    one = tmp_path / "one.db"
    filled("--db", str(one), "import", str(armored), "--identity", str(identity))
    assert filled("--db", str(one), "export").stdout_bytes == plain.read_bytes()
    # passphrase-locked by age, with a name that says nothing of the format
    locked = tmp_path / "by-age-locked"
    age_with_tty(["-p", "-o", str(locked), str(plain)], PASSPHRASE, answers=2)
    two = tmp_path / "two.db"
    filled("--db", str(two), "import", str(locked), HABIT_TRACKER_PASSPHRASE=PASSPHRASE)
    assert filled("--db", str(two), "export").stdout_bytes == plain.read_bytes()


def test_encrypted_import_without_the_key_says_what_is_needed(filled: Invoke, tmp_path: Path,
                                                              key: tuple[Path, str]) -> None:
    _, public = key
    sealed = tmp_path / "x.json.age"
    filled("export", "--recipient", public, "--output", str(sealed))
    err = filled("--db", str(tmp_path / "n.db"), "import", str(sealed), code=2).stderr
    assert "--identity" in err
    other = tmp_path / "other.txt"
    other.write_text("# not it\n" + str(crypto._pyrage().x25519.Identity.generate()) + "\n")
    err = filled("--db", str(tmp_path / "n.db"), "import", str(sealed), "--identity", str(other),
                 code=2).stderr
    assert "none of the given keys" in err
    assert "not an age public key" in filled("export", "--recipient", "age1nope", "-o",
                                             str(tmp_path / "y.age"), code=2).stderr
    assert not (tmp_path / "y.age").exists()


def test_encrypted_export_can_go_to_a_pipe(filled: Invoke,
                                                                  key: tuple[Path, str]) -> None:
    _, public = key
    out = filled("export", "--recipient", public).stdout_bytes
    assert crypto.is_age(out)


def test_crypto_library_round_trips_and_detects() -> None:
    identity = crypto._pyrage().x25519.Identity.generate()
    sealed = crypto.encrypt(b"data", recipients=[str(identity.to_public())])
    assert crypto.is_age(sealed) and not crypto.wants_passphrase(sealed)
    assert crypto.decrypt(sealed, identities=[str(identity)]) == b"data"
    assert not crypto.is_age(b'{"format": "habit-tracker"}')
    with pytest.raises(UsageError):
        crypto.encrypt(b"data")  # neither a passphrase nor a recipient


# -------------------------------------------------------------------- backups


@needs_age
def test_automatic_backups_encrypted_to_a_recipient(initialised: Invoke, db_path: Path,
                                                    tmp_path: Path, key: tuple[Path, str]) -> None:
    identity, public = key
    run = initialised
    run("config", "backup_recipient", public)
    assert "not an age public key" in run("config", "backup_recipient", "hello", code=2).stderr
    run("checkin", "--no-contact", "--note", NOTE, HABIT_TRACKER_NOW="2026-11-23T20:00:00")
    folder = db_path.parent / "backups"
    sealed = folder / "habits-2026-11-23.db.age"
    assert sealed.is_file() and stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert not list(folder.glob(".snapshot-*"))  # no plaintext left behind
    opened = tmp_path / "opened.db"
    subprocess.run(["age", "-d", "-i", str(identity), "-o", str(opened), str(sealed)], check=True)
    assert sqlite3.connect(opened).execute("SELECT note FROM days").fetchone() == (NOTE,)
    assert "(encrypted)" in run("backup", "--list").stdout
    # restore straight from the encrypted backup
    run("checkin", "--note", "changed", HABIT_TRACKER_NOW="2026-11-23T21:00:00")
    run("restore", str(sealed), "--identity", str(identity), "--yes",
        HABIT_TRACKER_NOW="2026-11-23T21:10:00")
    assert NOTE in run("history").stdout
    err = run("restore", str(sealed), code=2).stderr
    assert "--identity" in err
    run("config", "backup_recipient", "none")
    assert run("config", "backup_recipient").stdout == "backup_recipient = \n"
