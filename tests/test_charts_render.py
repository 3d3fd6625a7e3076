"""Chart drawing and files: what is on the page, not only that a file exists.

Pixel colours of heatmap cells are read back from the PNG at the places the
figure's own transforms say the cells are; SVG marks are counted by their ids.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from chart_history import AS_OF, dataset, nov
from matplotlib import cbook
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.patches import Patch

from habit_tracker import engine
from habit_tracker.charts import data as d
from habit_tracker.charts import draw, render, render_chart
from habit_tracker.charts import style as s
from habit_tracker.errors import HabitTrackerError, UsageError
from habit_tracker.models import Dataset, DayInfo, Entry, Habit


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rendered(kind: str, ds: Dataset, path: Path, **options: Any) -> Figure:
    """Build and save a figure, keeping it so that tests can use its transforms."""
    with render.chart_context():
        figure = render.build_figure(kind, ds, **options)
        render.save_figure(figure, path, path.suffix.lstrip("."))
    return figure


def pixel_at_cell(figure: Figure, pixels: Any, ax_index: int, row: int, column: int) -> Any:
    ax = figure.axes[ax_index]
    x, y = ax.transData.transform((column + 0.5, row + 0.5))
    height = pixels.shape[0]
    return pixels[height - 1 - round(y), round(x), :3]


def assert_colour(actual: Any, expected: str) -> None:
    assert tuple(actual) == pytest.approx(rgb(expected), abs=2 / 255), (actual, expected)


# ------------------------------------------------------------------ heatmap pixels


def test_heatmap_pixels_show_kept_broken_and_before_start(tmp_path: Path) -> None:
    ds = dataset()
    path = tmp_path / "nc.png"
    figure = rendered("heatmap", ds, path, habit="no-contact", first=nov(1), as_of=AS_OF)
    pixels = imread(path)
    grid: d.CalendarGrid[str] = d.calendar_grid({}, nov(1), AS_OF)
    for day, colour in (
        (nov(2), s.GREEN),  # kept (unlogged)
        (nov(9), s.GREEN),
        (nov(10), s.VERMILLION),  # broken
        (AS_OF, s.GREEN),
        (nov(1), s.BACKGROUND),  # before the start: outlined only, white inside
    ):
        row, column = grid.position(day)
        assert_colour(pixel_at_cell(figure, pixels, 0, row, column), colour)
    assert s.CELL_COLOURS["kept"] == s.GREEN and s.CELL_COLOURS["broken"] == s.VERMILLION


def test_heatmap_pixels_show_done_skip_missed_and_rest(tmp_path: Path) -> None:
    ds = dataset()
    path = tmp_path / "workout.png"
    figure = rendered("heatmap", ds, path, habit="workout", first=nov(2), as_of=AS_OF)
    pixels = imread(path)
    grid: d.CalendarGrid[str] = d.calendar_grid({}, nov(2), AS_OF)
    expected = {
        nov(2): s.CELL_COLOURS["done"],
        nov(3): s.CELL_COLOURS["skip"],
        nov(5): s.CELL_COLOURS["missed"],
        nov(7): s.CELL_COLOURS["rest"],
        nov(11): s.CELL_COLOURS["rest"],
        nov(21): s.CELL_COLOURS["done"],
    }
    for day, colour in expected.items():
        assert colour is not None
        row, column = grid.position(day)
        assert_colour(pixel_at_cell(figure, pixels, 0, row, column), colour)
    # The four states are four visibly different colours.
    colours = {s.CELL_COLOURS[c] for c in ("done", "skip", "missed", "rest", "broken")}
    assert len(colours) == 5


def test_combined_heatmap_shades_by_share(tmp_path: Path) -> None:
    ds = dataset()
    path = tmp_path / "all.png"
    figure = rendered("heatmap", ds, path, first=nov(1), as_of=AS_OF)
    pixels = imread(path)
    grid: d.CalendarGrid[str] = d.calendar_grid({}, nov(1), AS_OF)
    share = d.completion_share(ds.habits, ds.entries, nov(1), AS_OF, as_of=AS_OF)
    for day in (nov(2), nov(3), nov(10)):
        row, column = grid.position(day)
        expected = draw.share_colour(share[day] or 0.0)
        actual = pixel_at_cell(figure, pixels, 0, row, column)
        assert tuple(actual) == pytest.approx(expected[:3], abs=2 / 255)
    # A full day is darker than a half day.
    full = pixel_at_cell(figure, pixels, 0, *grid.position(nov(3)))
    half = pixel_at_cell(figure, pixels, 0, *grid.position(nov(10)))
    assert sum(full) < sum(half)


def test_long_heatmap_has_one_panel_per_year(tmp_path: Path) -> None:
    ds = dataset()
    figure = rendered("heatmap", ds, tmp_path / "long.png", habit="no-contact",
                      first=date(2024, 11, 23), as_of=AS_OF)
    assert [ax.get_ylabel() for ax in figure.axes] == ["2024", "2025", "2026"]
    # Month labels are on top and readable: the first one names its year.
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels()]
    assert labels[0] == "Jan 2025" and labels[1:4] == ["Feb", "Mar", "Apr"]


# ------------------------------------------------------------------ SVG content


def count_ids(svg: str, prefix: str) -> int:
    return len(re.findall(rf'id="{prefix}\d+"', svg))


@pytest.mark.parametrize("slug", ["no-contact", "workout", "journal"])
def test_svg_has_one_mark_per_streak(tmp_path: Path, slug: str) -> None:
    ds = dataset()
    path = tmp_path / f"{slug}.svg"
    rendered("streaks", ds, path, habit=slug, as_of=AS_OF)
    svg = path.read_text(encoding="utf-8")
    streaks = engine.analyze(ds.habit(slug), ds.entries_for(slug), AS_OF).streaks
    assert count_ids(svg, "streak-") == len(streaks) == 2


def test_svg_streak_marks_for_many_streaks(tmp_path: Path) -> None:
    # done, done, missed, repeated for 90 days: 30 streaks of 2 days.
    first = date(2026, 8, 1)
    habit = Habit("read", "Read", "daily", created=first)
    entries = [
        Entry(first + timedelta(days=n), status="missed" if n % 3 == 2 else "done")
        for n in range(90)
    ]
    ds = Dataset(habits=[habit], entries={"read": entries})
    path = tmp_path / "many.svg"
    figure = rendered("streaks", ds, path, habit="read", as_of=first + timedelta(days=89))
    svg = path.read_text(encoding="utf-8")
    # Every streak on the calendar strip; the eight longest (current included) as bars.
    assert count_ids(svg, "streak-run-") == 30
    assert count_ids(svg, "streak-") == 8
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels[0] == "27 – 28 Oct 2026"  # all of 2 days: the most recent first
    assert len(set(labels)) == 8


def test_user_text_is_escaped_in_svg(tmp_path: Path) -> None:
    ds = dataset()
    path = tmp_path / "goal.svg"
    rendered("goal", ds, path, habit="goal", as_of=AS_OF)
    svg = path.read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    assert "Half &lt;marathon&gt; &amp; co" in svg
    assert "<marathon>" not in svg and "& co" not in svg
    # The same name in every kind that shows it.
    for kind in ("weekly", "dashboard"):
        out = tmp_path / f"{kind}.svg"
        rendered(kind, ds, out, as_of=AS_OF)
        text = out.read_text(encoding="utf-8")
        ET.fromstring(text)
        assert "<marathon>" not in text


def test_svg_output_is_deterministic(tmp_path: Path) -> None:
    ds = dataset()
    first = render_chart("streaks", ds, as_of=AS_OF, output_path=tmp_path / "a.svg")
    second = render_chart("streaks", ds, as_of=AS_OF, output_path=tmp_path / "b.svg")
    assert first.read_bytes() == second.read_bytes()
    assert b"<dc:date>" not in first.read_bytes()


def test_dollar_signs_in_names_are_not_mathematics(tmp_path: Path) -> None:
    ds = dataset()
    ds.habits[0] = Habit("no-contact", "Save $5 and $10", "abstain", since=nov(2), created=nov(2))
    figure = rendered("streaks", ds, tmp_path / "dollar.png", habit="no-contact", as_of=AS_OF)
    title = figure.axes[0].get_title(loc="left")
    assert not cbook.is_math_text(title)
    assert title.replace("\\$", "$").startswith("Save $5 and $10")


# ------------------------------------------------------------------ every kind, tiny data


def new_habit_dataset() -> Dataset:
    """The first day: habits created today, nothing logged."""
    habits = [
        Habit("no-contact", "No contact", "abstain", since=AS_OF, created=AS_OF),
        Habit("workout", "Workout", "weekly", created=AS_OF, per_week=3, position=1),
        Habit("goal", "Goal", "goal", created=AS_OF, target=10.0, unit="km", position=2),
    ]
    return Dataset(habits=habits, entries={h.slug: [] for h in habits})


@pytest.mark.parametrize("kind", ["heatmap", "streaks", "goal", "weekly", "dashboard"])
def test_first_day_draws_a_clear_chart(tmp_path: Path, kind: str) -> None:
    path = render_chart(kind, new_habit_dataset(), as_of=AS_OF, output_path=tmp_path / "c.svg")
    svg = path.read_text(encoding="utf-8")
    ET.fromstring(svg)
    assert "<g id=\"axes_1\">" in svg  # an actual chart, not an empty page


def test_first_day_heatmap_cells(tmp_path: Path) -> None:
    ds = new_habit_dataset()
    heat = d.heatmap_data(ds, ds.habit("workout"), nov(1), AS_OF, as_of=AS_OF)
    assert heat.counts == {d.BEFORE: 21, d.OPEN: 1}


def test_habit_without_entries_has_no_streak_message(tmp_path: Path) -> None:
    ds = dataset()
    ds.habits.append(Habit("run", "Run", "daily", created=nov(20), position=9))
    path = render_chart("streaks", ds, habit="run", as_of=AS_OF, output_path=tmp_path / "r.svg")
    assert 'id="empty-message"' in path.read_text(encoding="utf-8")


def test_habit_not_started_yet(tmp_path: Path) -> None:
    ds = dataset()
    path = render_chart("goal", ds, habit="goal", as_of=date(2026, 10, 1),
                        output_path=tmp_path / "g.svg")
    assert 'id="empty-message"' in path.read_text(encoding="utf-8")


def test_no_mood_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HabitTrackerError, match="no mood logged from 2026-11-09 to 2026-11-22"):
        render_chart("mood", new_habit_dataset(), as_of=AS_OF, output_path=tmp_path / "m.png")
    assert not (tmp_path / "m.png").exists()


def test_no_habits_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HabitTrackerError, match="no habits yet"):
        render_chart("heatmap", Dataset(habits=[]), as_of=AS_OF, output_path=tmp_path / "x.png")


def test_kind_and_habit_mismatch(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="goal chart needs a goal habit"):
        render_chart("goal", dataset(), habit="workout", as_of=AS_OF,
                     output_path=tmp_path / "x.png")
    with pytest.raises(UsageError, match="unknown chart kind 'pie'"):
        render_chart("pie", dataset(), as_of=AS_OF, output_path=tmp_path / "x.png")


# ------------------------------------------------------------------ files


def test_formats_from_the_extension(tmp_path: Path) -> None:
    ds = dataset()
    magic = {"png": b"\x89PNG\r\n", "svg": b"<?xml", "pdf": b"%PDF-"}
    for fmt, start in magic.items():
        path = render_chart("weekly", ds, as_of=AS_OF, output_path=tmp_path / f"w.{fmt.upper()}")
        assert path.read_bytes().startswith(start)
        assert path.stat().st_mode & 0o777 == 0o600


def test_default_output_name_in_the_current_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = render_chart("streaks", dataset(), as_of=AS_OF)
    assert path == Path("habit-tracker-streaks-no-contact-2026-11-22.png")
    assert (tmp_path / path).read_bytes().startswith(b"\x89PNG")


def test_unwritable_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(HabitTrackerError, match="no folder"):
        render_chart("weekly", dataset(), as_of=AS_OF, output_path=tmp_path / "nope" / "w.png")
    folder = tmp_path / "dir.png"
    folder.mkdir()
    with pytest.raises(HabitTrackerError, match="it is a folder"):
        render_chart("weekly", dataset(), as_of=AS_OF, output_path=folder)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              fmt: str) -> None:
    target = tmp_path / f"w.{fmt}"
    target.write_bytes(b"old chart")

    def broken(self: Figure, *args: Any, **kwargs: Any) -> None:
        args[0].write(b"half a chart")
        raise OSError(28, "No space left on device")

    if fmt == "png":  # written through PIL, not savefig
        monkeypatch.setattr(render, "write_png", broken)
    else:
        monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(HabitTrackerError, match="No space left on device"):
        render_chart("weekly", dataset(), as_of=AS_OF, output_path=target)
    assert target.read_bytes() == b"old chart"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"w.{fmt}"]


# ------------------------------------------------------------------ matplotlib hygiene


def test_the_chart_data_layer_loads_no_dataclasses() -> None:
    """Every chart's data shaping is imported at its start: fourteen frozen
    dataclasses cost 8 ms there (their methods are compiled as they are made)."""
    code = ("import sys\nimport habit_tracker.charts.data\n"
            "assert 'dataclasses' not in sys.modules, 'dataclasses loaded'\n")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=Path(__file__).resolve().parents[1])


def test_day_formatter_names_the_day_each_mark_falls_on() -> None:
    """At the start of a day and in its middle (daily marks), across years, leap
    days and matplotlib's epoch: the day num2date gives."""
    import matplotlib.dates as mdates

    days = [date(1999, 12, 31), date(2000, 2, 29), date(1970, 1, 1), nov(16), nov(19), AS_OF,
            date(2041, 3, 1)]
    values = [draw._num(day) + half for day in days for half in (0.0, 0.5, 0.999)]
    expected = d.day_tick_labels([mdates.num2date(v).date() for v in values])
    assert draw.DayFormatter().format_ticks(values) == expected
    assert d.day_tick_labels([day for day in days for _ in range(3)]) == expected


def test_a_steady_legend_measures_each_text_once_and_draws_the_same(tmp_path: Path) -> None:
    """draw.steady keeps each legend text's box for the drawing's renderer: the same
    pixels and SVG as matplotlib's own legend, each text laid out once or twice per
    drawing instead of six times, and measured again for another renderer."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D

    def made(steady: bool) -> tuple[Figure, Any]:
        figure = Figure(figsize=(4, 3), dpi=120)
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        handles = [Line2D([], [], color=c) for c in ("red", "blue", "green")]
        legend = ax.legend(handles, ["one", "two (2)", "three is long"], ncols=2)
        return figure, (draw.steady(legend) if steady else legend)

    with render.chart_context():
        ours, legend = made(True)
        theirs, _ = made(False)
        calls: list[str] = []
        for text in legend.get_texts():
            layout = text._get_layout

            def counted(renderer: Any, layout: Any = layout, text: Any = text) -> Any:
                calls.append(text.get_text())
                return layout(renderer)

            text._get_layout = counted  # type: ignore[method-assign]
        ours.canvas.draw()
        theirs.canvas.draw()
        assert 3 <= len(calls) <= 6
        assert bytes(ours.canvas.buffer_rgba()) == bytes(theirs.canvas.buffer_rgba())
        svgs = []
        for figure in (ours, theirs):
            out = io.BytesIO()
            figure.savefig(out, format="svg", metadata={"Date": None})
            svgs.append(out.getvalue())
        assert svgs[0] == svgs[1]


def test_drawing_functions_return_their_axes() -> None:
    ds = dataset()
    figure = Figure()
    with render.chart_context():
        checks = [
            (draw.draw_calendar, d.calendar_grid(
                d.day_categories(ds.habit("workout"), ds.entries_for("workout"), nov(2), AS_OF,
                                 as_of=AS_OF), nov(2), AS_OF)),
            (draw.draw_share_calendar, d.calendar_grid(
                d.completion_share(ds.habits, ds.entries, nov(2), AS_OF, as_of=AS_OF),
                nov(2), AS_OF)),
            (draw.draw_streaks, d.streak_data(ds.habit("no-contact"),
                                              ds.entries_for("no-contact"), as_of=AS_OF)),
            (draw.draw_goal, d.goal_data(ds.habit("goal"), ds.entries_for("goal"), as_of=AS_OF)),
            (draw.draw_weekly_grouped, d.weekly_data(ds, ds.habits, as_of=AS_OF)),
            (draw.draw_mood, d.mood_data(ds, nov(1), AS_OF, as_of=AS_OF)),
        ]
        for function, data in checks:
            ax = figure.add_subplot()
            assert function(ax, data) is ax  # type: ignore[operator]


def test_rendering_leaves_global_settings_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    render_chart("dashboard", dataset(), as_of=AS_OF, output_path=tmp_path / "d.png")
    assert dict(matplotlib.rcParams) == before


def test_rendering_never_loads_pyplot(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "sys.path.insert(0, 'tests')\n"
        "from chart_history import dataset, AS_OF\n"
        "from habit_tracker.charts import render_chart\n"
        f"render_chart('dashboard', dataset(), as_of=AS_OF, output_path={str(tmp_path / 'd.png')!r})\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo)
    assert (tmp_path / "d.png").exists()


def test_streak_chart_states_current_longest_and_next_milestone(tmp_path: Path) -> None:
    ds = dataset()
    figure = rendered("streaks", ds, tmp_path / "j.png", habit="journal", as_of=AS_OF)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "no current streak · longest: 2 days, 12 – 14 Nov 2026 · next milestone: 1 day" in texts
    figure = rendered("streaks", ds, tmp_path / "n.png", habit="no-contact", as_of=AS_OF)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert ("current: 12 days since 11 Nov 2026 (the longest) · next milestone: 14 days"
            in texts)
    # Milestone lines are the length axis's marks.
    figure.canvas.draw()
    ticks = {t.get_text() for t in figure.axes[0].get_xticklabels()}
    assert {"1", "3", "7", "14"} <= ticks
    assert "12 days · current (next: 14) · longest" in texts


# ------------------------------------------------------------------ share legend


def _fills(collection: Any) -> set[tuple[float, ...]]:
    return {tuple(round(float(c), 3) for c in rgba[:3]) for rgba in collection.get_facecolors()}


@pytest.mark.parametrize("kind", ["heatmap", "dashboard"])
def test_share_legend_has_every_colour_the_cells_show(tmp_path: Path, kind: str) -> None:
    """Days with 1/3 and 2/3 of the habits done (rest days leave three habits counted)
    take a colour that the legend names."""
    ds = dataset()
    share = d.completion_share(d.active_habits(ds), ds.entries, nov(2), AS_OF, as_of=AS_OF)
    values = {round(v, 3) for v in share.values() if v is not None}
    assert {0.333, 0.667} & values, values  # the history has the awkward shares
    figure = rendered(kind, ds, tmp_path / f"{kind}.png", first=nov(2), as_of=AS_OF)
    drawn: set[tuple[float, ...]] = set()
    for ax in _all_axes(figure):
        for collection in ax.collections:
            if collection.get_gid() == "cells-share":
                drawn |= _fills(collection)
    assert len(drawn) >= 3
    legends = [*figure.legends, *(ax.get_legend() for ax in _all_axes(figure))]
    listed: set[tuple[float, ...]] = set()
    for legend in legends:
        if legend is None:
            continue
        for handle in legend.legend_handles:
            if isinstance(handle, Patch):
                listed |= {tuple(round(float(c), 3) for c in handle.get_facecolor()[:3])}
    assert drawn <= listed, drawn - listed


def _all_axes(figure: Any) -> list[Any]:
    axes = list(figure.axes)
    for sub in figure.subfigs:
        axes += _all_axes(sub)
    return axes


@pytest.mark.parametrize(("share", "step"), [(0.0, 0), (0.01, 1), (1 / 4, 1), (1 / 3, 1),
                                             (0.5, 2), (2 / 3, 3), (0.99, 3), (0.999, 3),
                                             (1.0, 4)])
def test_share_steps_place_each_share_under_its_label(share: float, step: int) -> None:
    assert s.share_step(share) == step
    assert len(s.SHARE_STEPS) == len({colour for _, colour in s.SHARE_STEPS})


# ------------------------------------------------------------------ date axes


@pytest.mark.parametrize("last", [date(2026, 11, 22), date(2026, 11, 25), date(2027, 1, 1)])
@pytest.mark.parametrize("days", [1, 2, 7, 10, 31, 92, 365, 3 * 365 + 1, 12 * 365])
def test_date_axis_marks_each_day_once(days: int, last: date) -> None:
    """1 day, 1 week, 1 month, 3 months, 1, 3 and 12 years: the marks are whole days,
    inside the axis, at most 8, and no two neighbours read the same."""
    first = last - timedelta(days=days - 1)
    with render.chart_context():
        figure = render._figure(6.0, 3.0)
        ax = figure.add_subplot()
        draw._date_axis(ax, first, last)
        figure.canvas.draw()
        ticks = list(ax.get_xticks())
        labels = [t.get_text() for t in ax.get_xticklabels()]
    low, high = ax.get_xlim()
    assert 1 <= len(ticks) <= 8
    assert all(low <= tick <= high for tick in ticks)
    shown = d.date_ticks(first, last)
    assert len(set(shown)) == len(shown) == len(ticks)
    assert all(first <= day <= last for day in shown)
    assert all(a != b for a, b in itertools.pairwise(labels)), labels
    assert all(labels), labels
    if days >= 2:
        assert len(ticks) >= 2
    if days == 1:
        assert labels == [f"{last.day} {d.MONTH_NAMES[last.month - 1]} {last.year}"]


def test_date_ticks_follow_the_calendar() -> None:
    assert d.date_ticks(date(2026, 11, 19), date(2026, 11, 25)) == [
        date(2026, 11, n) for n in range(19, 26)]
    assert d.date_ticks(date(2026, 11, 1), date(2026, 11, 30)) == [
        date(2026, 11, n) for n in (1, 8, 15, 22)]
    assert d.date_ticks(date(2023, 11, 26), date(2026, 11, 25)) == [
        date(2024, 1, 1), date(2024, 7, 1), date(2025, 1, 1), date(2025, 7, 1),
        date(2026, 1, 1), date(2026, 7, 1)]


def _daily_history(days: int, as_of: date) -> Dataset:
    """A daily habit over ``days`` days: runs of 1 to 40 days between missed days."""
    first = as_of - timedelta(days=days - 1)
    habit = Habit("read", "Read", "daily", created=first)
    entries, run, length = [], 0, 1
    for n in range(days):
        day = first + timedelta(days=n)
        if run == length:
            entries.append(Entry(day, status="missed"))
            run, length = 0, (length * 7) % 40 + 1
        else:
            entries.append(Entry(day, status="done"))
            run += 1
    return Dataset(habits=[habit], entries={"read": entries})


@pytest.mark.parametrize("days", [1, 31, 3 * 365])
def test_streak_chart_reads_at_every_scale(tmp_path: Path, days: int) -> None:
    """One day, a month, three years: at most eight bars, each a readable size, the
    longest a good part of the plot (the next milestone shows too), each named by its own dates."""
    ds = _daily_history(days, AS_OF)
    figure = rendered("streaks", ds, tmp_path / "s.png", habit="read", as_of=AS_OF)
    ax = figure.axes[0]
    bars = [p for p in ax.patches if (p.get_gid() or "").startswith("streak-")]
    streaks = engine.analyze(ds.habit("read"), ds.entries_for("read"), AS_OF).streaks
    assert len(bars) == min(8, len(streaks))
    width = ax.get_window_extent().width
    extents = [bar.get_window_extent() for bar in bars]
    assert all(e.height >= 12 for e in extents)  # pixels, at 120 dpi
    assert max(e.width for e in extents) >= 0.2 * width
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(set(labels)) == len(labels) == len(bars)
    # The strip under it shows every streak on the calendar.
    assert len([p for p in figure.axes[1].patches if p.get_gid()]) == len(streaks)


@pytest.mark.parametrize("as_of", [nov(16), nov(19), AS_OF])  # Mon, Thu, Sun
def test_weekly_bars_show_each_week_in_the_png(tmp_path: Path, as_of: date) -> None:
    """Each habit has a band, the first on top; each week that is over is a bar of the
    habit's colour up to its figure (one collection per habit), as high as its
    figure against the band's own scale; the week still running is paler."""
    from matplotlib.collections import PolyCollection

    ds = dataset()
    figure = rendered("weekly", ds, tmp_path / "w.png", as_of=as_of)
    pixels = imread(tmp_path / "w.png")
    height = pixels.shape[0]
    weekly = d.weekly_data(ds, d.active_habits(ds), as_of=as_of)
    (ax,) = figure.axes
    titles = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("title-")}
    assert [titles[f"title-{hw.habit.slug}"].get_text() for hw in weekly] == [
        s.plain_text(hw.habit.name) for hw in weekly]
    tops = [titles[f"title-{hw.habit.slug}"].get_window_extent().y0 for hw in weekly]
    assert tops == sorted(tops, reverse=True)  # in habit order, top down
    for index, hw in enumerate(weekly):
        colour = s.habit_colour(index)
        (bars,) = [c for c in ax.collections if c.get_gid() == f"weeks-{hw.habit.slug}"]
        assert isinstance(bars, PolyCollection)
        closed = [week for week in hw.weeks if not week.open and week.rate is not None]
        paths = bars.get_paths()
        assert len(paths) == len(closed)
        scales = set()
        for path, week in zip(paths, closed, strict=True):
            (x0, y0), (x1, y1) = path.get_extents().get_points()
            value = week.done if hw.counts_sessions else 100 * (week.rate or 0)
            if value:
                scales.add(round((y1 - y0) / value, 9))
                px, py = ax.transData.transform(((x0 + x1) / 2, (y0 + y1) / 2))
                assert_colour(pixels[height - 1 - round(py), round(px), :3], colour)
        assert len(scales) <= 1  # one scale per band
        running = [p for p in ax.patches if p.get_gid() == f"week-{hw.habit.slug}-open"]
        assert hw.weeks[-1].open
        value = hw.weeks[-1].done if hw.counts_sessions else 100 * (hw.weeks[-1].rate or 0)
        if value >= 0.5:
            (patch,) = running
            box = patch.get_window_extent()
            found = pixels[height - 1 - round(box.y0 + box.height / 2),
                           round(box.x0 + box.width / 4), :3]
            assert tuple(found) != pytest.approx(rgb(colour), abs=2 / 255)
            assert min(found) > min(rgb(colour))  # paler: drawn at 0.45


@pytest.mark.parametrize(("habits", "weeks"), [(1, 12), (4, 12), (10, 12), (10, 40), (50, 12)])
def test_weekly_bands_keep_their_texts_apart(habits: int, weeks: int) -> None:
    """Every band's title, figures, axis label, bar figures and target stay on the
    page and apart from each other (the bands share one Axes, so the check across
    Axes of assert_texts_apart does not see them)."""
    first = AS_OF - timedelta(weeks=weeks)
    made = [Habit(f"h{i}", f"Habit number {i} with a long name", "weekly" if i % 3 == 1 else
                  "daily", created=first, per_week=3 if i % 3 == 1 else None, position=i)
            for i in range(habits)]
    entries = {h.slug: [Entry(first + timedelta(days=n), status="done")
                        for n in range(0, weeks * 7, 1 + i % 3)] for i, h in enumerate(made)}
    ds = Dataset(habits=made, entries=entries)
    with render.chart_context():
        figure = render.build_figure("weekly", ds, first=first, as_of=AS_OF)
        figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    (ax,) = figure.axes
    texts = [t for t in [*figure.texts, *ax.texts, ax.xaxis.label, *ax.get_xticklabels()]
             if t.get_visible() and t.get_text().strip()]
    assert any(t.get_text().startswith("Week by week · ") for t in texts)  # the title too
    assert sum(t.get_gid() == "band-tick-label" for t in texts) >= 3 * habits
    page = figure.bbox
    boxes = []
    for text in texts:
        box = text.get_window_extent(renderer)
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, text.get_text()
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, text.get_text()
        boxes.append((text.get_text(), box.shrunk(0.98, 0.9)))
    for index, (text, box) in enumerate(boxes):
        for other, other_box in boxes[index + 1:]:
            assert not box.overlaps(other_box), (text, other)


# ------------------------------------------------------------------ goal: the whole plan


@pytest.mark.parametrize("as_of", [nov(16), nov(19), AS_OF])  # Mon, Thu, Sun
@pytest.mark.parametrize("to_today", [False, True])
def test_goal_chart_draws_the_plan_to_its_end(tmp_path: Path, as_of: date,
                                              to_today: bool) -> None:
    """Deadline and projected finish are on the chart, also when the period shown
    ends today (--to, the dashboard, the report)."""
    ds = dataset()
    options: dict[str, Any] = {"last": as_of} if to_today else {}
    figure = rendered("goal", ds, tmp_path / "g.png", habit="goal", as_of=as_of, **options)
    ax = figure.axes[0]
    low, high = ax.get_xlim()
    deadline = draw._num(date(2026, 12, 31)) + 1
    assert low < deadline <= high
    assert [line for line in ax.lines if line.get_gid() == "goal-deadline"]
    goal = d.goal_data(ds.habit("goal"), ds.entries_for("goal"), as_of=as_of, **options)
    assert goal.projected_finish is not None
    (projection,) = [line for line in ax.lines if line.get_gid() == "goal-projection"]
    assert max(projection.get_xdata()) <= high  # drawn to its end, not cut at today
    texts = [t.get_text() for t in ax.texts]
    assert "deadline 31 Dec 2026" in texts and "today" in texts


def test_goal_chart_says_when_there_is_no_projection(tmp_path: Path) -> None:
    ds = dataset()
    goal = d.goal_data(ds.habit("goal"), ds.entries_for("goal"), as_of=AS_OF)
    figure = Figure()
    for pace, expected in ((3.0, "too early to tell a pace"), (0.0, "no recent progress")):
        ax = figure.add_subplot()
        with render.chart_context():
            draw.draw_goal(ax, goal._replace(projected_finish=None, pace=pace))
        assert not [line for line in ax.lines if line.get_gid() == "goal-projection"]
        legend = ax.get_legend()
        assert legend is not None
        assert any(expected in t.get_text() for t in legend.get_texts())


# ------------------------------------------------------------------ dashboard: one range


def _long_dataset(as_of: date, years: int = 3) -> Dataset:
    """Years of four habits: breaks every 97 days, workouts Mon/Wed/Fri, a daily habit
    with runs of varying length, a goal, a mood every day."""
    first = as_of - timedelta(days=365 * years)
    base = _daily_history((as_of - first).days + 1, as_of)
    habits = [
        Habit("no-contact", "No contact", "abstain", since=first, created=first, position=0),
        Habit("workout", "Workout", "weekly", created=first, per_week=3, position=1),
        Habit("goal", "Run", "goal", created=first, target=5000.0, unit="km",
              deadline=as_of + timedelta(days=200), position=2),
        Habit("read", "Read", "daily", created=first, position=3),
    ]
    days = d.days_between(first, as_of)
    entries = {
        "no-contact": [Entry(day, status="broken") for day in days[::97]],
        "workout": [Entry(day, status="done") for day in days if day.weekday() in (0, 2, 4)],
        "goal": [Entry(day, amount=4.0) for day in days[::2]],
        "read": base.entries["read"],
    }
    moods = {day: DayInfo(day, mood=3 + day.toordinal() % 6) for day in days}
    return Dataset(habits=habits, entries=entries, days=moods)


def _axes_titled(figure: Any, start: str) -> Any:
    found = [ax for ax in _all_axes(figure) if ax.get_title(loc="left").startswith(start)]
    assert len(found) == 1, [ax.get_title(loc="left") for ax in _all_axes(figure)]
    return found[0]


def _figure_texts(figure: Any) -> list[str]:
    texts = [t.get_text() for t in figure.texts]
    for ax in _all_axes(figure):
        texts += [t.get_text() for t in ax.texts]
    return texts


@pytest.mark.parametrize(("as_of", "first", "weeks"), [
    (nov(16), None, 3),  # Monday: the history began two weeks before
    (nov(19), None, 3),
    (AS_OF, None, 3),
    (AS_OF, date(2023, 11, 23), 157),  # three years asked for
])
def test_dashboard_panels_share_one_stated_range(tmp_path: Path, as_of: date,
                                                 first: date | None, weeks: int) -> None:
    ds = dataset() if first is None else _long_dataset(AS_OF)
    options: dict[str, Any] = {"first": first} if first else {}
    figure = rendered("dashboard", ds, tmp_path / "d.png", as_of=as_of, **options)
    span = d.dashboard_range(ds, first, None, as_of)
    assert f"Every panel: {d.range_text(span.first, span.last)}" in "\n".join(
        _figure_texts(figure))
    # Five panels, each an Axes; the summary is texts of the figure (no Axes of its own).
    assert len(figure.axes) == 5
    assert [t.get_gid() for t in figure.texts].count("dashboard-range") == 1
    # The calendar: one column per week of the range.
    heat = next(ax for ax in _all_axes(figure)
                if any(c.get_gid() == "cells-share" for c in ax.collections))
    assert round(heat.get_xlim()[1] - heat.get_xlim()[0]) == weeks
    mood = _axes_titled(figure, "Mood")
    assert mood.get_xlim() == (draw._num(span.first), draw._num(span.last) + 1)
    goal = _axes_titled(figure, "Half" if first is None else "Run")
    goal_start = d.habit_start(ds, ds.habit("goal"))
    assert goal_start is not None
    assert goal.get_xlim()[0] == draw._num(max(span.first, goal_start))
    weekly = _axes_titled(figure, "Week by week")
    streaks = _axes_titled(figure, "No contact: streaks")
    shown = d.streak_data(ds.habit("no-contact"), ds.entries_for("no-contact"), as_of=as_of,
                          first=span.first, last=span.last)
    assert all(bar.end >= span.first for bar in shown.bars)
    assert len(streaks.get_yticklabels()) == min(5, len(shown.bars))
    if weeks > 26:  # a table of squares, not four tangled lines
        assert any(c.get_gid() == "weekly-cells" for c in weekly.collections)
        assert not weekly.lines
        assert round(weekly.get_xlim()[1] - weekly.get_xlim()[0]) == weeks
    else:
        assert weekly.get_xlim() == (-0.6, weeks - 0.4)


@pytest.mark.parametrize(("habits", "table"), [(8, False), (9, True), (10, True), (50, True)])
def test_dashboard_weeks_of_more_habits_than_colours_are_a_table(habits: int,
                                                                 table: bool) -> None:
    """Bars side by side while each habit has a colour of its own; beyond (the
    palette's eight), a table with a row per habit, named, the names apart."""
    first = AS_OF - timedelta(weeks=11)
    made = [Habit(f"h{i}", f"Habit {i}", "daily", created=first, position=i)
            for i in range(habits)]
    entries = {h.slug: [Entry(first + timedelta(days=n), status="done")
                        for n in range(0, 77, 1 + i % 4)] for i, h in enumerate(made)}
    ds = Dataset(habits=made, entries=entries)
    with render.chart_context():
        figure = render.build_figure("dashboard", ds, as_of=AS_OF)
        figure.canvas.draw()
    weekly = _axes_titled(figure, "Week by week")
    assert any(c.get_gid() == "weekly-cells" for c in weekly.collections) is table
    if not table:
        assert len({tuple(c.get_facecolor()[0]) for c in weekly.collections}) == habits
        return
    names = [t for t in weekly.get_yticklabels() if t.get_text()]
    assert names[0].get_text() == "Habit 0"
    if habits <= 10:
        assert [t.get_text() for t in names] == [f"Habit {i}" for i in range(habits)]
    boxes = [t.get_window_extent() for t in names]
    assert not any(a.overlaps(b) for a, b in itertools.pairwise(boxes))


@pytest.mark.parametrize("weeks", [3, 12, 157])
def test_week_ticks_name_the_year_of_the_first_week(weeks: int) -> None:
    ds = _long_dataset(AS_OF)
    first = AS_OF - timedelta(weeks=weeks - 1)
    (data, *_) = d.weekly_data(ds, ds.habits[:1], as_of=AS_OF, first=first)
    positions, labels = draw._week_ticks(data.weeks, 7)
    assert labels[0].endswith(f"\n{data.weeks[positions[0]].start.year}")
    assert positions[-1] == len(data.weeks) - 1
    assert len(set(labels)) == len(labels) <= 8


def test_the_goal_legend_sits_where_the_lines_are_not() -> None:
    """Without a deadline the axis ends today: a low total runs along the bottom to
    the right edge, so the legend goes upper left; with the axis running on past
    today (a deadline ahead), lower right is free as before."""
    from habit_tracker.charts import data as d
    from habit_tracker.charts.draw import goal_legend_corner

    habit = Habit("goal", "Save", "goal", target=500.0, unit="EUR")
    today = date(2026, 11, 30)
    base = d.GoalData(habit=habit, as_of=today, start=date(2026, 11, 25),
                      series=[(date(2026, 11, 25), 20.0), (today, 100.0)], target=500.0,
                      unit="EUR", total=100.0, percent=20.0, deadline=None, pace=0.0,
                      projected_finish=None, marks=[], first=date(2026, 11, 25), last=today)
    assert goal_legend_corner(base, 560.0) == "upper left"
    ahead = base._replace(deadline=date(2027, 3, 1), last=date(2027, 3, 1))
    assert goal_legend_corner(ahead, 560.0) == "lower right"
    near_done = base._replace(total=450.0)
    assert goal_legend_corner(near_done, 560.0) == "lower right"


@pytest.mark.parametrize("days", [3, 90, 1100])
def test_the_calendar_strips_name_clears_every_break_and_trigger(days: int) -> None:
    """The strip's name sits in the left margin with the bars' dates: marks of
    breaks, early ones included, and their triggers never run into it; it fits
    on the page."""
    start = AS_OF - timedelta(days=days - 1)
    habit = Habit("nc", "No contact", "abstain", since=start, created=start)
    broken = sorted({start + timedelta(days=n) for n in (1, 2, days // 3, days // 2)
                     if n < days - 1})
    entries = [Entry(day, status="broken") for day in broken]
    triggers = {day: "an evening alone with wine" for day in broken}
    data = d.streak_data(habit, entries, as_of=AS_OF, triggers=triggers)
    figure = render.streaks_figure(data)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    strip = figure.axes[1]
    (name,) = [t for t in strip.texts if t.get_text() == draw.STRIP_LABEL]
    box = name.get_window_extent(renderer)
    assert box.x0 >= figure.bbox.x0 and box.x1 <= strip.get_window_extent(renderer).x0
    marks = [a for a in strip.get_children() if (getattr(a, "get_gid", lambda: None)() or "")
             .startswith("break-")]
    ended = [b for b in data.bars if b.ended_by is not None]
    assert len(marks) == len(ended) >= 1 and ended[0].ended_by == start + timedelta(days=1)
    others = [a.get_window_extent(renderer) for a in marks]
    others += [t.get_window_extent(renderer) for t in strip.texts if t is not name]
    assert not any(box.overlaps(other) for other in others)
    assert strip.get_title() == ""


@pytest.mark.parametrize("as_of", [nov(16), nov(19), AS_OF])  # Mon, Thu, Sun
def test_the_weekly_table_frames_the_week_still_running(as_of: date) -> None:
    """In the table of squares (more habits than colours), the running week's
    column is framed and the axis says so; a period that ended has no frame."""
    first = as_of - timedelta(weeks=11)
    made = [Habit(f"h{i}", f"Habit {i}", "daily", created=first, position=i) for i in range(9)]
    entries = {h.slug: [Entry(first + timedelta(days=n), status="done")
                        for n in range(0, 80, 1 + i % 3)] for i, h in enumerate(made)}
    ds = Dataset(habits=made, entries=entries)
    for last, running in ((None, True), (as_of - timedelta(weeks=2), False)):
        with render.chart_context():
            figure = render.build_figure("dashboard", ds, as_of=as_of, last=last)
            figure.canvas.draw()
        weekly = _axes_titled(figure, "Week by week")
        frames = [p for p in weekly.patches if p.get_gid() == "weekly-running"]
        assert len(frames) == (1 if running else 0)
        assert ("this week so far" in weekly.get_xlabel()) is running
        if running:
            (frame,) = frames
            columns = round(weekly.get_xlim()[1])
            assert frame.get_x() == columns - 1 and frame.get_width() == 1.0
