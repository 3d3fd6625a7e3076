"""`habit-tracker chart`: every kind in every format from a database built by `import`."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from chart_history import write_interchange
from conftest import Invoke
from matplotlib.image import imread

from habit_tracker import charts
from habit_tracker.cli import chart as cli_chart

KINDS = ("heatmap", "streaks", "goal", "weekly", "mood", "dashboard", "urges")


@pytest.fixture
def history(run: Invoke, tmp_path: Path) -> Invoke:
    """The hand-worked history of chart_history, imported through the CLI."""
    run("import", str(write_interchange(tmp_path / "history.json")))
    return run


def check_file(path: Path, fmt: str) -> None:
    content = path.read_bytes()
    if fmt == "png":
        assert content.startswith(b"\x89PNG\r\n\x1a\n")
        pixels = imread(path)
        height, width = pixels.shape[:2]
        assert width >= 450 and height >= 250
        colours = {tuple(p) for p in pixels[::7, ::7, :3].reshape(-1, 3).round(2).tolist()}
        assert len(colours) > 8  # drawn, not a blank page
    elif fmt == "svg":
        root = ET.fromstring(content)
        assert root.tag.endswith("svg")
        assert len(re.findall(rb"<path ", content)) > 20
    else:
        assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
        assert b"/Type /Page" in content


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_in_every_format(history: Invoke, tmp_path: Path, kind: str, fmt: str) -> None:
    out = tmp_path / f"{kind}.{fmt}"
    result = history("chart", kind, "--output", str(out))
    assert result.stdout.strip() == f"Wrote the {kind} chart to {out}"
    check_file(out, fmt)


def test_default_file_name_and_path_printed(history: Invoke, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = history("chart", "heatmap", "--habit", "no-contact")
    name = "habit-tracker-heatmap-no-contact-2026-11-22.png"
    assert result.stdout.strip().endswith(name)
    check_file(tmp_path / name, "png")
    history("chart", "streaks", "--as-of", "2026-11-09")
    assert (tmp_path / "habit-tracker-streaks-no-contact-2026-11-09.png").exists()
    history("chart", "dashboard")
    assert (tmp_path / "habit-tracker-dashboard-2026-11-22.png").exists()


def test_options_reach_the_chart(history: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "h.svg"
    history("chart", "heatmap", "--habit", "workout", "--from", "2026-11-02", "--to",
            "2026-11-15", "-o", str(out))
    svg = out.read_text(encoding="utf-8")
    assert 'id="cells-skip"' in svg and 'id="cells-missed"' in svg
    assert 'id="cells-open"' not in svg  # the period ends before today
    history("chart", "heatmap", "--habit", "workout", "--from", "2026-11-16", "-o", str(out))
    svg = out.read_text(encoding="utf-8")
    assert 'id="cells-open"' in svg and 'id="cells-skip"' not in svg  # today: not logged yet
    history("chart", "heatmap", "--habit", "workout", "--from", "monday", "--as-of", "sat",
            "-o", str(out))
    assert 'id="cells-open"' not in out.read_text(encoding="utf-8")  # Saturday was logged


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("chart", "heatmap", "-o", "chart.jpg"), 2, "end the file name with .png, .svg or .pdf"),
        (("chart", "heatmap", "--habit", "no-contcat"), 2, "did you mean 'no-contact'"),
        (("chart", "goal", "--habit", "workout"), 2, "goal chart needs a goal habit"),
        (("chart", "heatmap", "--to", "2026-11-22", "--as-of", "2026-11-10"), 2,
         "is after --as-of"),
        (("chart", "heatmap", "--from", "2026-11-20", "--to", "2026-11-10"), 2,
         "--from 2026-11-20 is after --to 2026-11-10"),
        (("chart", "mood", "--as-of", "2026-11-01"), 1, "no mood logged"),
        (("chart", "heatmap", "--from", "tomorrow"), 2, "in the future"),
        (("chart", "pie"), 2, "'pie' is not one of"),
    ],
)
def test_errors_are_one_line(history: Invoke, tmp_path: Path, args: tuple[str, ...], code: int,
                             message: str) -> None:
    result = history(*args, code=code)
    assert message in result.stderr


def test_unwritable_output(history: Invoke, tmp_path: Path) -> None:
    result = history("chart", "weekly", "-o", str(tmp_path / "missing" / "w.png"), code=1)
    assert "no folder" in result.stderr


def test_the_first_day(run: Invoke, tmp_path: Path) -> None:
    """A database created today: every kind draws, mood says what is missing."""
    run("init", "--since", "today", "--goal", "10k", "--target", "10", "--unit", "km")
    for kind in ("heatmap", "streaks", "goal", "weekly", "dashboard"):
        out = tmp_path / f"{kind}.png"
        run("chart", kind, "-o", str(out))
        check_file(out, "png")
    result = run("chart", "mood", "-o", str(tmp_path / "m.png"), code=1)
    assert "checkin --mood" in result.stderr
    assert not (tmp_path / "m.png").exists()


def test_without_a_goal_habit(run: Invoke, tmp_path: Path) -> None:
    run("init", "--since", "2026-11-01")
    result = run("chart", "goal", "-o", str(tmp_path / "g.png"), code=1)
    assert "habit add SLUG --kind goal" in result.stderr


def test_help_has_examples(run: Invoke) -> None:
    text = run("chart", "--help").stdout
    assert "Examples:" in text and "habit-tracker chart heatmap --habit no-contact" in text
    for kind in KINDS:
        assert kind in text


def test_cli_and_library_agree_on_kinds() -> None:
    assert cli_chart.KINDS == charts.CHART_KINDS == KINDS


def test_cli_does_not_import_matplotlib_until_a_chart_is_drawn() -> None:
    code = (
        "import sys, click\n"
        "from habit_tracker.cli import cli\n"
        "command = cli.get_command(click.Context(cli), 'chart')\n"
        "assert command is not None and command.name == 'chart'\n"
        "assert 'habit_tracker.cli.chart' in sys.modules\n"
        "assert 'matplotlib' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(("as_of", "week"), [
    ("2026-11-16", None),  # Monday
    ("2026-11-18", None),  # Wednesday
    ("2026-11-22", None),  # Sunday
    ("2026-11-22", "2026-11-11"),  # a past week
])
def test_html_report_embeds_one_image_per_panel(history: Invoke, tmp_path: Path, as_of: str,
                                                week: str | None) -> None:
    out = tmp_path / "week.html"
    args = ["report", "--format", "html", "--output", str(out)]
    if week:
        args += ["--week", week]
    history(*args, HABIT_TRACKER_NOW=f"{as_of}T21:00:00")
    page = out.read_text(encoding="utf-8")
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', page)
    assert len(alts) == 5
    periods = {alt.rsplit(", ", 1)[1] for alt in alts}
    assert len(periods) == 1  # every panel over the same period, named on the page
    (period,) = periods
    assert f"<h2>Charts: {period}</h2>" in page
    day = date.fromisoformat(week or as_of)
    end = min(day + timedelta(days=6 - day.weekday()), date.fromisoformat(as_of))
    assert "weeks to" in period and period.endswith(f"{end:%a} {end.day} Nov 2026")


def test_chart_goal_to_today_still_shows_the_plan(history: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "goal.png"
    history("chart", "goal", "--to", "2026-11-22", "--output", str(out))
    pixels = imread(out)
    assert pixels.shape[1] >= 1000
    check_file(out, "png")


# What the program's own process reports of the garbage collector after a chart.
GC_PROBE = (
    "import gc, sys\n"
    "from habit_tracker.cli import main\n"
    "sys.argv = ['habit-tracker', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as done:\n"
    "    assert not done.code, done.code\n"
    "print('GC', gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)\n"
)


@pytest.mark.parametrize("kind", ["dashboard", "weekly", "streaks"])
def test_the_programs_own_process_sets_the_drawing_aside_from_the_collector(
        history: Invoke, db_path: Path, tmp_path: Path, kind: str) -> None:
    """As a whole process, the chart command loads matplotlib with the collector
    off and freezes what lives on (the same chart, written whole); through
    CliRunner (tests, library callers) nothing is frozen."""
    import gc
    import os

    from conftest import NOW

    out = tmp_path / f"{kind}.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HABIT_TRACKER_")}
    env.update(HABIT_TRACKER_DB=str(db_path), HABIT_TRACKER_NOW=NOW, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", GC_PROBE, "chart", kind, "-o", str(out)],
                          capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == f"Wrote the {kind} chart to {out}"
    assert "GC True True" in done.stderr
    check_file(out, "png")
    before = gc.get_freeze_count()
    history("chart", kind, "--output", str(tmp_path / f"again-{kind}.png"))
    assert gc.get_freeze_count() == before and gc.isenabled()
    assert (tmp_path / f"again-{kind}.png").read_bytes() == out.read_bytes()
