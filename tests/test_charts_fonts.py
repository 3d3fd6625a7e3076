"""Names in any script: emoji and Chinese come from fallback fonts, not boxes.

Checked on pixels: each character is drawn alone in an empty figure and compared
with the drawing of a code point no font has (the missing-glyph box).  Without the
fallback fonts (``apt install fonts-droid-fallback fonts-symbola``) the pixel test
is skipped, unless $CI is set: then it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from chart_history import AS_OF, dataset, nov
from matplotlib.figure import Figure

from habit_tracker.charts import render, render_chart
from habit_tracker.charts import style as s
from habit_tracker.models import Dataset, DayInfo, Entry, Habit

MISSING = "\u0378"  # unassigned: no font has it, so it shows matplotlib's box
NAMES = ("📓 Journal", "Бег", "晨读")


def ink(text: str) -> np.ndarray:
    """Where a text drawn alone at 40 pt leaves dark pixels (chart settings applied)."""
    with render.chart_context():
        figure = Figure(figsize=(1.2, 1.0), dpi=100)
        render.FigureCanvasAgg(figure)
        figure.text(0.5, 0.5, text, fontsize=40, ha="center", va="center")
        figure.canvas.draw()
        pixels = np.asarray(figure.canvas.buffer_rgba())[..., :3]  # type: ignore[attr-defined]
    return pixels.min(axis=2) < 128


def need_fallbacks() -> None:
    if not render.fallback_fonts():
        if os.environ.get("CI"):
            pytest.fail("no fallback font found, and CI must draw emoji and Chinese")
        pytest.skip("no fallback font installed (apt install fonts-droid-fallback fonts-symbola)")


@pytest.mark.parametrize("character", sorted(set("".join(NAMES)) - set(" Journal")))
def test_each_character_draws_a_glyph_not_the_box(character: str) -> None:
    need_fallbacks()
    box = ink(MISSING)
    assert box.any()  # the box itself is drawn
    drawn = ink(character)
    assert drawn.any(), character
    assert not np.array_equal(drawn, box), f"{character!r} is drawn as the missing-glyph box"


def test_different_characters_draw_different_shapes() -> None:
    need_fallbacks()
    shapes = [ink(c) for c in ("晨", "读", "📓", "Б")]
    for index, shape in enumerate(shapes):
        for other in shapes[index + 1:]:
            assert not np.array_equal(shape, other)


def test_a_chart_with_such_names_draws_quietly(tmp_path: Path,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    """Through the real chart code: no warning on the console (fallback fonts have
    no bold face; matplotlib would say so for every title)."""
    ds = dataset()
    habits = list(ds.habits)
    entries = dict(ds.entries)
    for index, name in enumerate(NAMES):
        slug = f"h{index}"
        habits.append(Habit(slug, name, "daily", created=nov(16), position=10 + index))
        entries[slug] = [Entry(nov(16 + n), status="done") for n in range(7)]
    ds = Dataset(habits=habits, entries=entries, days=ds.days)
    for kind, habit in (("weekly", None), ("streaks", "h0"), ("heatmap", "h2")):
        render_chart(kind, ds, habit=habit, as_of=AS_OF, output_path=tmp_path / f"{kind}.png")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_without_fallback_fonts_charts_still_draw(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(s, "FONT_FALLBACKS", (("No Such Font", ("/nonexistent/x.ttf",)),))
    render.fallback_fonts.cache_clear()
    try:
        assert render.fallback_fonts() == ()
        with render.chart_context():
            import matplotlib

            assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        path = render_chart("streaks", dataset(), as_of=AS_OF, output_path=tmp_path / "s.png")
        assert path.stat().st_size > 0
    finally:
        monkeypatch.undo()
        render.fallback_fonts.cache_clear()


def test_fallbacks_are_used_after_the_main_font() -> None:
    need_fallbacks()
    import matplotlib

    with render.chart_context():
        family = list(matplotlib.rcParams["font.family"])
    assert family[0] == "DejaVu Sans" and family[1:] == list(render.fallback_fonts())


def test_fallback_fonts_are_left_out_only_when_no_text_needs_them() -> None:
    ds = dataset()
    assert not render.needs_fallbacks(ds)  # Latin names, "km", no triggers
    for name in ("📓 Journal", "晨读", "Бег ☕"):
        habits = [*ds.habits, Habit("x", name, "daily", created=nov(16), position=9)]
        assert render.needs_fallbacks(Dataset(habits=habits, entries=ds.entries))
    assert not render.needs_fallbacks(Dataset(
        habits=[*ds.habits, Habit("x", "Бег · Ελληνικά – ½ → ≤", "daily", position=9)]))
    days = dict(ds.days)
    days[nov(10)] = days.get(nov(10), DayInfo(nov(10)))._replace(break_trigger="酒")
    assert render.needs_fallbacks(Dataset(habits=ds.habits, entries=ds.entries, days=days))


def test_latin_text_draws_the_same_without_the_fallback_fonts() -> None:
    """Leaving the fallbacks out changes no pixel where no character needs them."""
    need_fallbacks()
    pictures = []
    for fallbacks in (True, False):
        with render.chart_context(fallbacks=fallbacks):
            figure = render.build_figure("dashboard", dataset(), as_of=AS_OF)
            figure.canvas.draw()
            pictures.append(np.asarray(figure.canvas.buffer_rgba()).copy())  # type: ignore[attr-defined]
    assert np.array_equal(*pictures)
