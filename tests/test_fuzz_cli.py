"""A property-based fuzz of the real CLI through CliRunner.

Random command sequences with hostile arguments (dates of every shape, numbers
from 5e-324 to 1e308, NaN, NUL, control characters, bytes that are not UTF-8 as
Python hands them over, i.e. lone surrogates, and long words).  After each step:

- no traceback, ever;
- a failure is exactly one ``Error:`` line on stderr and leaves the export identical;
- exit 0 only for valid input (where validity is plain: numbers, moods, NUL);
- after an accepted change, every read command still works, and one chart.

The default run is short, for CI.  ``HABIT_TRACKER_FUZZ_EXAMPLES=2000`` runs a long
one; ``-s`` prints the tallies (runs, tracebacks, refused-but-changed, crashes
after acceptance).
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from habit_tracker.cli import cli

NOW = "2026-11-22T20:00:00"
EXAMPLES = int(os.environ.get("HABIT_TRACKER_FUZZ_EXAMPLES", "8"))
TALLY: Counter[str] = Counter()
KINDS = ("heatmap", "streaks", "goal", "weekly", "mood", "dashboard")

# ------------------------------------------------------------------ strategies

nasty_chars = st.sampled_from(["\x00", "\x1b", "\x9b", "\x07", "\r", "\n", "\t", "\x7f",
                               "\u202e", "\udce9", "\udcff", "\ud800", "界", "é", "'", "=", ","])
words = st.one_of(
    st.text(alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)), nasty_chars),
            max_size=30),
    st.sampled_from(["\x1b[2J", "\x1b]0;title\x07", "caf\udce9", "=1+1", "-5"]),
)
long_words = st.integers(min_value=100, max_value=200_000).map(lambda n: "w" * n)
texts = st.one_of(words, long_words, st.sampled_from(["", " ", "clear", "done", "kept"]))

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=5e-324, max_value=1e308).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["5e-324", "4.9e-324", "1e-320", "1e308", "1.7976931348623157e308", "nan",
                     "NaN", "inf", "-inf", "-0", "0", "0.0001", "0.001", "1e9", "1000000001",
                     "1" * 5000, "0x10", "1_000", "٣", "5\x00", " 7 ", "1e", ""]),
    words,
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["today", "yesterday", "tomorrow", "mon", "sunday", "3 days ago",
                     "9999999 days ago", "2 weeks ago", "Nov 20", "Nov 20 1", "20 November 2025",
                     "01/02/2026", "0001-01-02", "9999-12-31", "1899-12-31", "1900-01-01",
                     "2026-02-29", "2024-02-29", "2026-11-22", "2026-11-23", "to\x00day",
                     "\x1b[2J", "", "  ", "2026-11-20T10:00", "yesterday\udce9"]),
    st.integers(min_value=-5, max_value=100_000).map(lambda n: f"{n} days ago"),
    words,
)
slugs = st.one_of(st.sampled_from(["no-contact", "workout", "goal", "reading", "x", "goal2"]), words)


def option(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda v: [name, v]))


def flag(*names: str) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), *(st.just([n]) for n in names))


def joined(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda pieces: [a for piece in pieces for a in piece])


checkin_cmd = joined(
    st.just(["checkin", "--no-interactive"]),
    option("--date", dates), flag("--contact", "--no-contact"), flag("--workout", "--rest",
                                                                     "--no-workout"),
    flag("--they-reached-out"), option("--progress", numbers), option("--mood", numbers),
    option("--note", texts), option("--necessary-contact", texts), option("--what-led", texts),
    st.lists(st.tuples(slugs, st.one_of(numbers, texts)).map(lambda p: ["--set", f"{p[0]}={p[1]}"]),
             max_size=3).map(lambda sets: [a for s in sets for a in s]),
)
habit_add_cmd = joined(
    st.just(["habit", "add"]), slugs.map(lambda s: [s]),
    st.sampled_from(["abstain", "daily", "weekly", "goal"]).map(lambda k: ["--kind", k]),
    option("--name", texts), option("--since", dates), option("--per-week", numbers),
    option("--min", numbers), option("--target", numbers), option("--unit", texts),
    option("--by", dates),
)
habit_edit_cmd = joined(
    st.just(["habit", "edit"]), slugs.map(lambda s: [s]), option("--name", texts),
    option("--since", dates), option("--per-week", numbers), option("--min", numbers),
    option("--target", numbers), option("--by", dates),
)
config_cmd = st.tuples(st.sampled_from(["day_start", "week_start", "other"]),
                       st.one_of(numbers, texts)).map(lambda p: ["config", p[0], p[1]])
view_cmd = st.one_of(
    joined(st.just(["status"]), option("--as-of", dates)),
    joined(st.just(["history"]), option("--from", dates), option("--to", dates)),
    joined(st.just(["report"]), option("--week", dates)),
    joined(st.just(["streaks"]), option("--as-of", dates)),
    st.just(["undo"]),
)
urge_cmd = joined(
    st.just(["urge"]), option("--intensity", numbers),
    st.lists(texts, max_size=2).map(lambda ts: [a for t in ts for a in ("--trigger", t)]),
    option("--at", dates), option("--note", texts),
)
commands = st.one_of(checkin_cmd, checkin_cmd, habit_add_cmd, habit_edit_cmd, config_cmd, view_cmd,
                     urge_cmd)

# --------------------------------------------------------------------- oracle


def plainly_invalid(args: list[str]) -> str | None:
    """A reason the command must not succeed, judged independently of the program."""
    pairs = dict(itertools.pairwise(args))
    if any("\x00" in pairs.get(name, "") for name in ("--date", "--as-of", "--from", "--to")):
        return "NUL in a date"
    if args[0] == "checkin":
        if "--progress" in pairs and not _amount_ok(pairs["--progress"]):
            return "progress out of range"
        if "--mood" in pairs:
            mood = pairs["--mood"].strip()
            if not (mood.isascii() and mood.lstrip("+-").isdigit() and 1 <= int(mood) <= 10):
                return "mood out of range"
        if "--note" in pairs and any(0xD800 <= ord(c) <= 0xDFFF for c in pairs["--note"]):
            return "note not UTF-8"
    if args[0] == "config" and args[1] == "day_start":
        value = args[2].strip()
        if not (value.isascii() and value.isdigit() and 0 <= int(value) <= 12):
            return "day_start out of range"
    return None


def _amount_ok(text: str) -> bool:
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return False
    return math.isfinite(value) and (value == 0 or 0.001 <= value <= 1e9)


# ------------------------------------------------------------------ the test


def check_read(result: Result, read: list[str], after: list[str]) -> None:
    """A read works on whatever was accepted (undoing ``init`` leaves no habits:
    the one refusal that is right then)."""
    if result.exit_code != 0 and "no habits" not in result.stderr:
        TALLY["crashes after acceptance"] += 1
        raise AssertionError(f"{read} fails after {after!r}: {result.stderr}")


def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-template-"))
    path = folder / "habits.db"
    env = {"HABIT_TRACKER_DB": str(path), "HABIT_TRACKER_NOW": NOW}
    for args in (["init", "--since", "2026-10-01", "--goal", "Run", "--target", "300",
                  "--unit", "km"],
                 ["habit", "add", "reading", "--kind", "daily", "--min", "10"],
                 ["checkin", "--no-contact", "--workout", "--progress", "5", "--mood", "6",
                  "--date", "2026-11-20", "--note", "seed"]):
        assert CliRunner().invoke(cli, args, env=env).exit_code == 0
    # Build matplotlib's font list once, outside the examples (it is slow the
    # first time in a process and is not what is under test).
    from matplotlib import font_manager

    font_manager.findfont("DejaVu Sans")
    return path


TEMPLATE: list[Path] = []


def run(env: dict[str, str], args: list[str]) -> Result:
    TALLY["runs"] += 1
    result = CliRunner().invoke(cli, args, env=env)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed or "Traceback" in result.output:
        TALLY["tracebacks"] += 1
        raise AssertionError(f"traceback for {args!r}: {result.exc_info!r}")
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)
    return result


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 8,
          suppress_health_check=list(HealthCheck))
@given(steps=st.lists(commands, min_size=1, max_size=5), chart_kind=st.sampled_from(KINDS))
# Findings of the first fuzz (issue 11), replayed on every run.
@example(steps=[["checkin", "--no-interactive", "--progress", "1e308"]], chart_kind="goal")
@example(steps=[["checkin", "--no-interactive", "--mood", "5", "--date", "0001-01-02"]],
         chart_kind="mood")
@example(steps=[["checkin", "--no-interactive", "--note", "caf\udce9"]], chart_kind="heatmap")
@example(steps=[["checkin", "--no-interactive", "--progress", "nan", "--set", "goal=3"]],
         chart_kind="goal")
def test_fuzz_the_cli(steps: list[list[str]], chart_kind: str) -> None:
    if not TEMPLATE:
        TEMPLATE.append(_template())
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        db = folder / "habits.db"
        shutil.copyfile(TEMPLATE[0], db)
        env: dict[str, Any] = {"HABIT_TRACKER_DB": str(db), "HABIT_TRACKER_NOW": NOW}
        accepted = False
        for args in steps:
            before = run(env, ["export"]).stdout
            result = run(env, args)
            after = run(env, ["export"]).stdout
            reason = plainly_invalid(args)
            if result.exit_code != 0:
                if after != before:
                    TALLY["refused but changed"] += 1
                    raise AssertionError(f"refused {args!r} but the data changed")
                continue
            if reason is not None:
                TALLY["accepted invalid"] += 1
                raise AssertionError(f"{args!r} succeeded although {reason}")
            accepted = accepted or after != before
            for read in (["status"], ["streaks"], ["history"], ["report"],
                         ["habit", "list", "--all"], ["export", "--format", "csv"],
                         ["urge", "--list"]):
                check_read(run(env, read), read, args)
        if accepted:
            check_read(run(env, ["report", "--format", "html", "--output",
                                 str(folder / "r.html")]), ["report", "html"], steps[-1])
            chart = run(env, ["chart", chart_kind, "--output", str(folder / "c.png")])
            # A chart may decline data it cannot draw (no goal, no mood yet) in one line.
            if chart.exit_code not in (0, 1, 2):
                TALLY["crashes after acceptance"] += 1
                raise AssertionError(f"chart {chart_kind} fails: {chart.stderr}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def teardown_module() -> None:
    for path in TEMPLATE:
        shutil.rmtree(path.parent, ignore_errors=True)
    if TALLY:
        print("\nfuzz tally:", dict(TALLY))
