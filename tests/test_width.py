"""Terminal width: text measured as a terminal shows it (wcwidth), tables that fill
the terminal (COLUMNS / its size) and stay aligned with emoji, CJK and combining
marks, at 60, 80 and 160 columns."""

from __future__ import annotations

import re

import pytest
from wcwidth import wcswidth

from habit_tracker.cli.kit import terminal_width
from habit_tracker.text import clusters, display_width, pad, truncate, wrap

ANSI = re.compile(r"\x1b\[[0-9;]*m")

HEART = "❤️ love"  # U+2764 + VS16: two columns, then " love"
FAMILY = "👨‍👩‍👧‍👦"  # four people joined by ZWJ: one symbol, two columns
CJK = "日本語の勉強"
COMBINING = "Cafe\u0301 cre\u0300me"  # e + combining acute, e + combining grave

NAMES = {
    "love": HEART,
    "family": f"{FAMILY} family time",
    "japanese": CJK + "を毎日する",
    "cafe": COMBINING + " brûlée",
    "long": "Reading every single evening before bed 📚 without fail, whatever happens",
}


@pytest.mark.parametrize(
    ("text", "columns"),
    [(HEART, 7), (FAMILY, 2), (CJK, 12), (COMBINING, 10), ("abc", 3), ("", 0),
     ("🇫🇷", 2), ("👍🏽", 2), ("e\u0301", 1)],
)
def test_display_width_is_what_wcwidth_measures(text: str, columns: int) -> None:
    assert wcswidth(text) == columns  # the expectation itself comes from wcwidth
    assert display_width(text) == columns


def test_the_one_column_shortcut_agrees_with_wcwidth() -> None:
    # Latin text and the few symbols the views print are measured without wcwidth.
    from habit_tracker.text import NARROW

    narrow = [chr(c) for c in range(0x300) if chr(c).isprintable()] + sorted(NARROW)
    for ch in narrow:
        assert wcswidth(ch) == 1 == display_width(ch), hex(ord(ch))
    line = "".join(narrow)
    assert display_width(line) == wcswidth(line) == len(line)
    # anything else still goes to wcwidth: a combining mark, a wide symbol
    assert display_width("Cafe\u0301 ✓") == 6
    assert display_width("日本 ·") == 6


def test_measuring_latin_text_does_not_import_wcwidth() -> None:
    from conftest import modules_after

    assert "wcwidth" not in modules_after(
        "from habit_tracker.text import display_width, pad\n"
        "pad('Day 3 · no contact – Crème brûlée…', 40)")


def test_control_characters_count_one_column_each() -> None:
    # wcwidth says -1 ("unprintable"); safe_text prints a mark there, one column.
    assert display_width("a\x1bb") == 3


def test_clusters_keep_joined_symbols_whole() -> None:
    assert clusters(f"a{FAMILY}b") == ["a", FAMILY, "b"]
    assert clusters(HEART)[0] == "❤️"
    assert clusters("e\u0301x") == ["e\u0301", "x"]
    assert clusters("🇫🇷🇩🇪") == ["🇫🇷", "🇩🇪"]


@pytest.mark.parametrize("text", [HEART * 5, f"{FAMILY} " * 9, CJK * 4, COMBINING * 4])
@pytest.mark.parametrize("width", [1, 2, 5, 9, 13])
def test_truncate_and_wrap_fit_and_never_split_a_symbol(text: str, width: int) -> None:
    cut = truncate(text, width)
    assert wcswidth(cut) <= width
    assert cut == text or cut.endswith("…")
    assert cut.removesuffix("…") == "".join(clusters(text)[: len(clusters(cut.removesuffix("…")))])
    lines = wrap(text, width)
    for line in lines:
        assert wcswidth(line) <= max(width, 2), (line, width)  # a 2-column symbol in 1 column
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_pad_fills_to_display_columns() -> None:
    assert wcswidth(pad(HEART, 10)) == 10
    assert pad(CJK, 14, right=True) == "  " + CJK
    assert pad(FAMILY, 1) == FAMILY


def test_terminal_width_reads_columns_else_80_off_a_terminal() -> None:
    assert terminal_width({"COLUMNS": "132"}) == 132
    assert terminal_width({"COLUMNS": "x"}) == 80  # stdout is not a terminal under pytest
    assert terminal_width({}) == 80


# ------------------------------------------------------------- the commands


@pytest.fixture
def wide(initialised):
    run = initialised
    for slug, name in NAMES.items():
        run("habit", "add", slug, "--kind", "daily", "--name", name)
    for at in ("2026-11-17 22:40", "2026-11-18 07:10", "2026-11-18 21:00"):
        run("urge", "-i", "6", "--at", at)  # the status line grows "· 3 urges resisted"
    for day in ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20", "2026-11-22"):
        run("checkin", "--date", day, "--no-contact", "--workout", "--mood", "6",
            "--note", f"{HEART} {FAMILY} {CJK}を話した {COMBINING} " * 3,
            *[arg for slug in NAMES for arg in ("--set", f"{slug}=done")])
    return run


def assert_fits(text: str, width: int) -> list[str]:
    lines = ANSI.sub("", text).splitlines()
    assert lines
    for line in lines:
        assert wcswidth(line) <= width, f"{wcswidth(line)} > {width}: {line!r}"
    return lines


def column_at(line: str, col: int) -> int:
    """The character index where display column ``col`` starts; fails if a symbol
    straddles it (the columns would not line up)."""
    for i in range(len(line) + 1):
        if wcswidth(line[:i]) == col:
            return i
        assert wcswidth(line[:i]) < col, f"column {col} falls inside a symbol: {line!r}"
    raise AssertionError(f"line shorter than {col} columns: {line!r}")


def table_rows(lines: list[str], header_start: str, count: int) -> tuple[str, list[str]]:
    head = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return lines[head], lines[head + 1 : head + 1 + count]


# Sunday evening (the whole week) and Wednesday (a week so far).
@pytest.mark.parametrize("now", ["2026-11-22T20:00:00", "2026-11-18T21:00:00"])
@pytest.mark.parametrize("width", [60, 80, 160])
def test_report_text_fits_and_aligns(wide, width: int, now: str) -> None:
    text = wide("report", COLUMNS=str(width), HABIT_TRACKER_NOW=now).stdout
    lines = assert_fits(text, width)
    header = next(line for line in lines if line.strip().startswith("Mon"))
    name_width = len(header) - len(header.lstrip()) - 1  # "Mon" is right-aligned in 4
    rows = [line for line in lines if any(line.startswith(n[:3]) for n in NAMES.values())]
    assert len(rows) == len(NAMES)
    for row in rows:
        # the name column ends at the same display column in every row ...
        i = column_at(row, name_width)
        # ... and the rest is the fixed-width cells, exactly as wide as the header's
        assert wcswidth(row[i:]) == wcswidth(header) - name_width, row
        assert wcswidth(row) == wcswidth(header)
    long_row = next(row for row in rows if row.startswith("Reading"))
    if width >= 160:
        assert NAMES["long"] in long_row  # room for the whole name
    else:
        assert NAMES["long"] not in long_row and "…" in long_row
    if width < 80:
        assert "Before" not in header  # the narrow table gives up a column
    else:
        assert "Before" in header


@pytest.mark.parametrize("now", ["2026-11-22T20:00:00", "2026-11-18T21:00:00"])
@pytest.mark.parametrize("width", [60, 80, 160])
def test_streaks_and_status_fit_and_align(wide, width: int, now: str) -> None:
    for command, first, second in (("streaks", "HABIT", "CURRENT"), ("status", "HABIT", "STREAK")):
        text = wide(command, COLUMNS=str(width), HABIT_TRACKER_NOW=now).stdout
        lines = assert_fits(text, width)
        header, rows = table_rows(lines, first, 3 + len(NAMES))
        col = wcswidth(header[: header.index(second)])
        for row in rows:
            i = column_at(row, col)
            assert row[i - 2 : i] == "  " and row[i] != " ", (command, row)
        if width >= 160 and command == "status":
            assert NAMES["long"] in text
        if width <= 80:
            assert NAMES["long"] not in text


def test_without_columns_text_is_80_wide(wide) -> None:
    text = wide("report").stdout
    header = next(line for line in text.splitlines() if line.strip().startswith("Mon"))
    assert wcswidth(header) == 80
