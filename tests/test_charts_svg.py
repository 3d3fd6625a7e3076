"""The HTML report's chart panels, written as SVG without matplotlib (charts.svg),
and the bounded read they draw from (charts.window).

The window must draw exactly what the whole history draws: the panels are
compared byte for byte, on random long histories, on several days of the week
and for past weeks.
"""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from chart_history import AS_OF, GOAL_NAME, dataset

from habit_tracker import interchange
from habit_tracker import report as rp
from habit_tracker.charts import data as d
from habit_tracker.charts import render_panels, svg
from habit_tracker.charts.window import window_dataset
from habit_tracker.models import Dataset, Entry, Habit
from habit_tracker.store import open_store

SVG = "{http://www.w3.org/2000/svg}"


def random_history(seed: int, today: date, years: float) -> dict[str, Any]:
    """Habits of every kind the panels read (a rolling one too) over ``years``, with
    breaks, misses, skips, goal amounts, moods and reaching out at random."""
    rng = random.Random(seed)
    first = today - timedelta(days=int(365 * years))
    habits = [
        {"slug": "no-contact", "name": "No contact", "kind": "abstain",
         "since": first.isoformat(), "created": first.isoformat(), "position": 0},
        {"slug": "workout", "name": "Workout", "kind": "weekly", "per_week": 3,
         "created": (first + timedelta(days=40)).isoformat(), "position": 1},
        {"slug": "goal", "name": "Run <far> & long", "kind": "goal", "target": 3000,
         "unit": "km", "deadline": (today + timedelta(days=90)).isoformat(),
         "created": first.isoformat(), "position": 2},
        {"slug": "journal", "name": "📓 Journal 晨读", "kind": "daily",
         "created": (today - timedelta(days=30)).isoformat(), "position": 3},
        {"slug": "swim", "name": "Swim", "kind": "weekly", "per_week": 2, "per_days": 10,
         "created": first.isoformat(), "position": 4},
    ]
    entries = []
    days = []
    urges: list[dict[str, Any]] = []
    day = first
    while day <= today:
        iso = day.isoformat()
        broken = rng.random() < 0.01
        if broken:
            entries.append({"date": iso, "habit": "no-contact", "value": "broken"})
        if rng.random() < 0.5 and day >= first + timedelta(days=40):
            entries.append({"date": iso, "habit": "workout",
                            "value": rng.choice(["done", "done", "skip", "missed"])})
        if rng.random() < 0.4:
            entries.append({"date": iso, "habit": "goal", "value": rng.choice([0, 2.5, 5, 12])})
        if rng.random() < 0.25:
            entries.append({"date": iso, "habit": "swim", "value": "done"})
        if rng.random() < 0.7:
            entries.append({"date": iso, "habit": "journal",
                            "value": rng.choice(["done", "missed", "skip"])})
        if rng.random() < 0.2:
            at = f"{iso}T{rng.randint(0, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}"
            urges.append({"at": at, "date": iso, "intensity": rng.randint(1, 10),
                          "triggers": rng.choice([[], ["evening alone"]]), "note": None})
        if rng.random() < 0.6 or broken:
            days.append({"date": iso, "mood": rng.randint(1, 10), "note": None,
                         "reached_out": rng.random() < 0.03,
                         "break_trigger": rng.choice(["wine", "their story"]) if broken
                         else None})
        day += timedelta(days=1)
    return {"format": "habit-tracker", "version": 1,
            "settings": {"day_start": 0, "week_start": "monday"},
            "habits": habits, "entries": entries, "days": days, "urges": urges}


@pytest.fixture(scope="module")
def long_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("window") / "h.db"
    with open_store(path, create=True) as store:
        interchange.import_data(store, random_history(7, AS_OF, 3), today=AS_OF)
    return path


@pytest.mark.parametrize("back", [0, 40, 200, 700])  # days before AS_OF
def test_window_refuses_an_odd_amount_it_reads_and_only_those(tmp_path: Path,
                                                              back: int) -> None:
    """An amount no check-in could log (edited by hand) is refused where a chart
    reads it: in its window, or anywhere before it for the goal (summed); not
    when it lies outside what the chart reads (no scan of all history)."""
    import shutil
    import sqlite3

    from habit_tracker.charts import render_chart_from_store
    from habit_tracker.errors import DatabaseError

    first = AS_OF - timedelta(weeks=11)  # the weekly chart's first week
    odd = AS_OF - timedelta(days=back)
    read_by_weekly = odd >= first - timedelta(days=35)
    for slug in ("goal", "journal"):
        path = tmp_path / f"{slug}-{back}.db"
        shutil.copyfile(long_store_path(tmp_path), path)
        with sqlite3.connect(path) as conn:
            (habit_id,) = conn.execute("SELECT id FROM habits WHERE slug = ?", (slug,)).fetchone()
            conn.execute("INSERT OR REPLACE INTO entries (habit_id, date, status, amount) "
                         "VALUES (?, ?, NULL, 1e308)", (habit_id, odd.isoformat()))
        conn.close()
        # the goal chart reads its goal whole, and the others' last 35 days
        kinds = {"weekly": read_by_weekly or slug == "goal",
                 "goal": slug == "goal" or back <= 35}
        with open_store(path) as store:
            for kind, refused in kinds.items():
                out = tmp_path / f"{kind}.png"
                if refused:
                    with pytest.raises(DatabaseError, match=f"an amount on {odd} of 1e.308"):
                        render_chart_from_store(kind, store, as_of=AS_OF, output_path=out)
                else:
                    render_chart_from_store(kind, store, as_of=AS_OF, output_path=out)


_LONG: dict[str, Path] = {}


def long_store_path(tmp_path: Path) -> Path:
    """Three years of every kind of habit, made once for the tests that change a copy."""
    if "path" not in _LONG:
        path = tmp_path.parent / "long-window.db"
        with open_store(path, create=True) as store:
            interchange.import_data(store, random_history(7, AS_OF, 3), today=AS_OF)
        _LONG["path"] = path
    return _LONG["path"]


@pytest.mark.parametrize("as_of", [
    AS_OF,  # Sunday
    AS_OF - timedelta(days=6),  # Monday
    AS_OF - timedelta(days=3),  # Thursday
    AS_OF - timedelta(days=200),  # a past week
    date(2023, 12, 20),  # weeks after the history began (three years before AS_OF)
])
def test_window_draws_exactly_what_the_whole_history_draws(long_store: Path,
                                                           as_of: date) -> None:
    with open_store(long_store) as store:
        whole = store.load_dataset()
        report = rp.build_report(whole, as_of, as_of)
        expected = rp.week_chart_panels(whole, report)
        got = rp.week_chart_panels_from_store(store, report)
    assert expected is not None and got is not None
    assert got.heading == expected.heading
    for (text, image), (want_text, want) in zip(got.images, expected.images, strict=True):
        assert text == want_text
        assert image == want, text


def test_window_reads_only_recent_entries(long_store: Path) -> None:
    with open_store(long_store) as store:
        first = AS_OF - timedelta(weeks=11)
        window = window_dataset(store, first, AS_OF)
        whole = store.load_dataset()
    low = first - timedelta(days=35)
    # a daily habit: nothing before the margin; its real start kept
    assert all(e.date >= low for e in window.entries_for("workout"))
    assert window.habit("workout").created == min(e.date for e in whole.entries_for("workout"))
    # no contact: only its breaks from before
    assert all(e.status == "broken" for e in window.entries_for("no-contact") if e.date < low)
    # the goal: what came before as one amount, the total unchanged
    goal = [e for e in window.entries_for("goal") if e.date < low]
    assert len(goal) == 1 and goal[0].date == low - timedelta(days=1)
    assert sum(e.amount or 0 for e in window.entries_for("goal")) == pytest.approx(
        sum(e.amount or 0 for e in whole.entries_for("goal")))
    # a rolling habit: everything
    assert window.entries_for("swim") == whole.entries_for("swim")
    assert min(window.days) == min(whole.days)
    assert len(window.days) < len(whole.days) / 5
    # a chart without streaks: no contact's breaks from before are not read either
    with open_store(long_store) as store:
        plain = window_dataset(store, first, AS_OF, breaks=())
    assert plain.entries_for("no-contact") == [
        e for e in window.entries_for("no-contact") if e.date >= low]
    assert any(e.date < low for e in window.entries_for("no-contact"))
    assert plain.habit("no-contact") == window.habit("no-contact")


def _texts(image: bytes) -> list[ET.Element]:
    return list(ET.fromstring(image).iter(f"{SVG}text"))


@pytest.mark.parametrize("history", ["one day", "three weeks", "three years"])
def test_panels_are_narrow_titled_and_readable(history: str) -> None:
    if history == "one day":
        ds = Dataset(habits=[Habit("read", "Read", "daily", created=AS_OF)],
                     entries={"read": [Entry(AS_OF, status="done")]})
    elif history == "three weeks":
        ds = dataset()
    else:
        ds = _years(dataset())
    images = render_panels(ds, as_of=AS_OF)
    span = d.dashboard_range(ds, None, None, AS_OF)
    assert len(images) == 5
    for text, image in images:
        assert text.endswith(d.range_text(span.first, span.last))
        assert image.startswith(b"<?xml") and b"<script" not in image
        root = ET.fromstring(image)
        assert root.get("width") == str(svg.WIDTH)
        assert root.find(f"{SVG}title") is not None
        sizes = [float(t.get("font-size", "0")) for t in _texts(image)]
        assert sizes and min(sizes) >= svg.SMALL  # the browser test's 10 px at full size
        assert any(t.get("font-weight") == "bold" for t in _texts(image))  # a title
        for element in root.iter():  # everything drawn inside the image
            for name in ("x", "x1", "x2", "cx"):
                value = element.get(name)
                if value is not None:
                    assert -1 <= float(value) <= svg.WIDTH + 1, (text, element.attrib)


def _years(ds: Dataset) -> Dataset:
    first = AS_OF - timedelta(days=3 * 365)
    habits = [h._replace(since=first if h.kind == "abstain" else h.since, created=first)
              for h in ds.habits]
    entries = {slug: list(items) for slug, items in ds.entries.items()}
    entries["no-contact"] = [Entry(first + timedelta(days=n), status="broken")
                             for n in range(0, 3 * 365, 97)] + entries["no-contact"]
    return Dataset(habits=habits, entries=entries, days=ds.days)


def test_tick_labels_do_not_overlap() -> None:
    """Labels along one line (the same baseline) stay apart, by their estimated widths."""
    for _, image in render_panels(_years(dataset()), as_of=AS_OF):
        rows: dict[str, list[tuple[float, float]]] = {}
        for t in _texts(image):
            if t.get("transform"):
                continue
            width = svg.text_width(t.text or "", float(t.get("font-size", "0"))) * 0.8
            x = float(t.get("x", "0"))
            anchor = t.get("text-anchor", "start")
            left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
            rows.setdefault(t.get("y", ""), []).append((left, left + width))
        for spans in rows.values():
            spans.sort()
            for (_, right), (left, _) in itertools.pairwise(spans):
                assert right <= left + 1, spans


def test_user_text_is_escaped_and_kept() -> None:
    images = dict(render_panels(dataset(), as_of=AS_OF))
    goal = next(image for text, image in images.items() if text.startswith("Progress"))
    ET.fromstring(goal)
    assert "Half &lt;marathon&gt; &amp; co" in goal.decode()
    assert GOAL_NAME not in goal.decode()


def test_emoji_and_chinese_stay_text_for_the_browser_to_draw() -> None:
    ds = dataset()
    habits = [*ds.habits, Habit("h", "📓 晨读", "daily", created=AS_OF - timedelta(days=9),
                                position=9)]
    ds = Dataset(habits=habits, entries=ds.entries, days=ds.days)
    weekly = render_panels(ds, as_of=AS_OF)[1][1].decode()
    assert "📓 晨读" in weekly
    assert re.search(r'font-family="[^"]*sans-serif"', weekly)


@pytest.mark.parametrize("as_of", [AS_OF, AS_OF - timedelta(days=6), AS_OF - timedelta(days=2)])
def test_streak_panel_lists_the_streaks_of_the_period(as_of: date) -> None:
    image = svg.streak_panel(dataset(), date(2026, 11, 2), as_of, as_of).decode()
    # 2-9 Nov (8 days) ended by the break; 11 Nov to as_of is the current one
    current = (as_of - date(2026, 11, 11)).days + 1
    assert f"11 – {as_of.day} Nov 2026: {current} days" in image
    assert "2 – 9 Nov 2026: 8 days" in image


def test_without_a_goal_or_mood_the_panels_say_so() -> None:
    ds = Dataset(habits=[Habit("read", "Read", "daily", created=AS_OF)],
                 entries={"read": [Entry(AS_OF, status="done")]})
    texts = [image.decode() for _, image in render_panels(ds, as_of=AS_OF)]
    assert "No goal habit yet" in texts[2]
    assert "No mood logged" in texts[3]


def test_the_html_report_does_not_load_matplotlib(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from habit_tracker.charts import render_panels\n"
            "sys.path.insert(0, 'tests')\n"
            "from chart_history import dataset, AS_OF\n"
            "render_panels(dataset(), as_of=AS_OF)\n"
            "print('matplotlib' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "False"


# ------------------------------------------------------------------ PNG/SVG charts from the store


@pytest.mark.parametrize("kind", ["heatmap", "streaks", "goal", "weekly", "mood", "dashboard",
                                  "urges"])
@pytest.mark.parametrize("as_of", [AS_OF, AS_OF - timedelta(days=6), AS_OF - timedelta(days=410)])
def test_chart_from_the_store_is_the_chart_of_all_history(long_store: Path, tmp_path: Path,
                                                          kind: str, as_of: date) -> None:
    """Each kind read through its window draws exactly what the whole history draws
    (SVG output is deterministic: compared byte for byte)."""
    from habit_tracker.charts import render_chart, render_chart_from_store

    with open_store(long_store) as store:
        whole = store.load_dataset(include_archived=True)
        want = render_chart(kind, whole, as_of=as_of, output_path=tmp_path / "want.svg")
        got = render_chart_from_store(kind, store, as_of=as_of, output_path=tmp_path / "got.svg")
    assert got.read_bytes() == want.read_bytes()


@pytest.mark.parametrize(("kind", "habit"), [
    ("dashboard", None), ("streaks", None), ("streaks", "no-drinks"), ("weekly", None),
    ("heatmap", "no-drinks"), ("mood", "no-drinks"),
])
def test_charts_with_two_abstain_habits_read_only_the_shown_ones_breaks(
        tmp_path: Path, kind: str, habit: str | None) -> None:
    """With a second abstain habit, each chart from the store still draws exactly
    what the whole history draws, though it reads old breaks only of the habit
    whose streaks it shows."""
    from habit_tracker.charts import render_chart, render_chart_from_store

    data = random_history(11, AS_OF, 3)
    first = data["habits"][0]["since"]
    data["habits"].append({"slug": "no-drinks", "name": "No drinks", "kind": "abstain",
                           "since": first, "created": first, "position": 5})
    rng = random.Random(5)
    data["entries"] += [{"date": e["date"], "habit": "no-drinks", "value": "broken"}
                        for e in data["entries"] if e["habit"] == "journal" and rng.random() < 0.03]
    path = tmp_path / "two.db"
    with open_store(path, create=True) as store:
        interchange.import_data(store, data, today=AS_OF)
    for as_of in (AS_OF, AS_OF - timedelta(days=3), AS_OF - timedelta(days=300)):
        with open_store(path) as store:
            whole = store.load_dataset(include_archived=True)
            want = render_chart(kind, whole, habit=habit, as_of=as_of,
                                output_path=tmp_path / "want.svg")
            got = render_chart_from_store(kind, store, habit=habit, as_of=as_of,
                                          output_path=tmp_path / "got.svg")
        assert got.read_bytes() == want.read_bytes(), as_of


@pytest.mark.parametrize(("kind", "habit", "first"), [
    ("heatmap", "journal", date(2025, 2, 3)),
    ("streaks", "journal", None),
    ("weekly", "workout", date(2024, 6, 2)),
    ("mood", "no-contact", date(2026, 1, 1)),
])
def test_chart_from_the_store_with_a_habit_and_period(long_store: Path, tmp_path: Path, kind: str,
                                                      habit: str, first: date | None) -> None:
    from habit_tracker.charts import render_chart, render_chart_from_store

    options: dict[str, Any] = {"habit": habit, "first": first, "as_of": AS_OF}
    with open_store(long_store) as store:
        whole = store.load_dataset(include_archived=True)
        want = render_chart(kind, whole, output_path=tmp_path / "want.svg", **options)
        got = render_chart_from_store(kind, store, output_path=tmp_path / "got.svg", **options)
    assert got.read_bytes() == want.read_bytes()


@pytest.mark.parametrize(("years", "first"), [
    (1 / 365, None), (20 / 365, None), (0.25, None), (3, None), (3, date(2023, 12, 1)),
    (3, date(2025, 12, 1)),
])
@pytest.mark.parametrize("kind", ["dashboard", "weekly", "streaks", "goal", "mood", "urges"])
def test_fixed_layouts_keep_every_text_on_the_page_and_apart(tmp_path: Path, years: float,
                                                             first: date | None,
                                                             kind: str) -> None:
    """The dashboard, weekly, streaks, goal, mood and urges charts are laid out in inches (no
    constrained layout): every text stays on the page, and no text of one panel
    runs into another panel's (1 day, 3 months, 3 years; 12 weeks, 1 year, 3 years
    shown)."""
    from habit_tracker.charts import render

    path = tmp_path / "h.db"
    with open_store(path, create=True) as store:
        interchange.import_data(store, random_history(3, AS_OF, years), today=AS_OF)
        ds = store.load_dataset()
    with render.chart_context():
        assert_texts_apart(render.build_figure(kind, ds, first=first, as_of=AS_OF))


def assert_texts_apart(figure: Any) -> None:
    """Every text of ``figure`` on the page, and none running into another panel's."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    page = figure.bbox
    boxes = []
    for owner in [figure, *figure.axes]:
        texts = list(owner.texts)
        if owner is not figure:
            texts += [owner.title, owner._left_title, owner.xaxis.label, owner.yaxis.label]
            if owner.axison:  # an Axes used for text only draws no ticks
                # (a twin's shared axis is hidden: its labels are the other's)
                for axis in (owner.xaxis, owner.yaxis):
                    texts += axis.get_ticklabels() if axis.get_visible() else []
            legend = owner.get_legend()
            texts += legend.get_texts() if legend is not None else []
        for text in texts:
            if not text.get_visible() or not text.get_text().strip():
                continue
            box = text.get_window_extent(renderer)
            assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, text.get_text()
            assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, text.get_text()
            boxes.append((id(owner), text.get_text(), box.shrunk(0.98, 0.9)))
    for index, (owner, text, box) in enumerate(boxes):
        for other_owner, other, other_box in boxes[index + 1:]:
            if owner != other_owner:
                assert not box.overlaps(other_box), (text, other)


@pytest.mark.parametrize("age", [0, 20, 45])
def test_a_new_users_dashboard_keeps_its_texts_apart(tmp_path: Path, age: int) -> None:
    """A database made by init, as a new user has it (a few weeks shown): the
    calendar's title stayed under the summary beside it when few weeks were shown."""
    from habit_tracker import tracker
    from habit_tracker.charts import render
    from habit_tracker.store import CheckinInput

    with open_store(tmp_path / "h.db", create=True) as store:
        tracker.initialise(store, today=AS_OF, since=AS_OF - timedelta(days=age),
                           goal=("Save", 500.0, "EUR", None))
        for back in range(min(age, 6)):
            day = AS_OF - timedelta(days=back)
            store.checkin(CheckinInput(day, {"no-contact": "kept", "goal": "20"}, mood=6), AS_OF)
        ds = store.load_dataset()
    with render.chart_context():
        assert_texts_apart(render.build_figure("dashboard", ds, first=None, as_of=AS_OF))


@pytest.mark.parametrize("split", [0, 1, 4999, 5000, 10_000])
def test_png_data_deflated_in_halves_is_one_zlib_stream(split: int) -> None:
    """The two halves make one stream any zlib reads back whole (checksum too)."""
    import zlib

    from habit_tracker.charts.render import _deflate_in_halves

    data = bytes(random.Random(split).choice(b"\x00\xffab") for _ in range(10_000))
    packed = _deflate_in_halves(memoryview(data), split)
    assert zlib.decompress(packed) == data
    assert zlib.decompressobj().decompress(packed) == data


def test_png_is_rgb_with_the_pixels_matplotlib_draws(tmp_path: Path) -> None:
    """PNGs are written from the Agg buffer as RGB at a faster compression: the same
    picture as matplotlib's own RGBA PNG, at the charts' resolution."""
    import io

    import numpy as np
    from PIL import Image

    from habit_tracker.charts import render, render_chart
    from habit_tracker.charts import style as st

    path = render_chart("weekly", dataset(), as_of=AS_OF, output_path=tmp_path / "w.png")
    ours = Image.open(path)
    assert ours.mode == "RGB"
    assert round(ours.info["dpi"][0]) == st.DPI
    with render.chart_context():
        figure = render.build_figure("weekly", dataset(), as_of=AS_OF)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=st.DPI)
    theirs = Image.open(buffer).convert("RGB")
    assert ours.size == theirs.size
    assert np.array_equal(np.asarray(ours), np.asarray(theirs))


def test_without_no_contact_the_streak_panels_read_their_habit_whole(tmp_path: Path) -> None:
    """No abstain habit: the dashboard and the report show the first habit's streaks,
    which the window alone would cut at its first day."""
    from habit_tracker.charts import render_chart, render_chart_from_store

    data = random_history(11, AS_OF, 2)
    data["habits"] = [h for h in data["habits"] if h["slug"] not in ("no-contact", "workout")]
    data["entries"] = [e for e in data["entries"] if e["habit"] not in ("no-contact", "workout")]
    path = tmp_path / "h.db"
    with open_store(path, create=True) as store:
        interchange.import_data(store, data, today=AS_OF)
        whole = store.load_dataset(include_archived=True)
        assert whole.habits[0].kind == "goal" and whole.habits[0].slug == "goal"
        want = render_chart("dashboard", whole, as_of=AS_OF, output_path=tmp_path / "w.svg")
        got = render_chart_from_store("dashboard", store, as_of=AS_OF,
                                      output_path=tmp_path / "g.svg")
        assert got.read_bytes() == want.read_bytes()
        report = rp.build_report(store.load_dataset(), AS_OF, AS_OF)
        expected = rp.week_chart_panels(store.load_dataset(), report)
        panels = rp.week_chart_panels_from_store(store, report)
    assert expected is not None and panels is not None
    assert panels.images == expected.images
