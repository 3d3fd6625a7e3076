"""The HTML report in a real browser: headless Chromium driven over the DevTools
protocol (``--remote-debugging-pipe``: JSON messages on file descriptors 3 and 4,
standard library only).

Checked at a desktop and a phone width: the page loads with no console message of
level error or warning, no exception and no network request besides the file
itself; a note holding ``<script>`` shows as text and runs nothing; the page is no
wider than the screen; a screenshot is taken (kept in the test's tmp folder, and
copied to $REPORT_SCREENSHOTS when that is set, for a person to look at).

Without Chromium the test is skipped, unless $CI is set: then it fails.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from habit_tracker import interchange, report
from habit_tracker.demo import sample_data
from habit_tracker.store import open_store

HOSTILE_NOTE = '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">'
HOSTILE_NAME = "Gym <b>&amp; co</b>"
TIMEOUT = 90.0
#: The smallest text in a chart panel (7.5 pt) in CSS pixels at the image's own size.
SMALLEST_CHART_TEXT_PX = 7.5 * 96 / 72



# Headless, and nothing reaching out on its own (this machine has no network:
# background fetches would only fail noisily).
QUIET_HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser test")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found


class DevTools:
    """A headless Chromium and a synchronous DevTools session over a pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4
            read_end = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [
                binary,
                *QUIET_HEADLESS,
                "--disable-extensions",
                "--disable-default-apps",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,  # a test helper: no threads here
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, RuntimeError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self.events.append(answer)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(index)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def visit(self, url: str, width: int, height: int, *, mobile: bool) -> dict[str, Any]:
        """Open ``url`` in a fresh tab of the given size; return what was seen."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.events.clear()
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{domain}.enable", session)
        self.send("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                  deviceScaleFactor=2 if mobile else 1, mobile=mobile)  # fmt: skip
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        probe = """JSON.stringify({
            text: document.body.innerText,
            scripts: document.scripts.length,
            pwned: window.__pwned === undefined ? null : window.__pwned,
            images: Array.from(document.images).map(i => [i.complete, i.naturalWidth]),
            boxes: Array.from(document.images).map(i => {
                const r = i.getBoundingClientRect();
                return {left: r.left, right: r.right, width: r.width,
                        natural: i.naturalWidth, alt: i.alt};
            }),
            pageWidth: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            fontSize: parseFloat(getComputedStyle(document.body).fontSize),
        })"""
        value = self.send("Runtime.evaluate", session, expression=probe, returnByValue=True)
        seen: dict[str, Any] = json.loads(value["result"]["value"])
        shot = self.send("Page.captureScreenshot", session, format="png",
                         captureBeyondViewport=True)  # fmt: skip
        seen["screenshot"] = base64.b64decode(shot["data"])
        time.sleep(0.2)  # let late console or network events arrive
        self.send("Runtime.evaluate", session, expression="1")
        mine = [e for e in self.events if e.get("sessionId") == session]
        seen["requests"] = [
            e["params"]["request"]["url"] for e in mine if e["method"] == "Network.requestWillBeSent"
        ]
        seen["console"] = [
            e["params"] for e in mine
            if e["method"] == "Runtime.consoleAPICalled"
            and e["params"]["type"] in ("error", "warning", "assert")
        ]  # fmt: skip
        seen["exceptions"] = [e["params"] for e in mine if e["method"] == "Runtime.exceptionThrown"]
        seen["log"] = [
            e["params"]["entry"] for e in mine
            if e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning")
        ]  # fmt: skip
        self.send("Target.closeTarget", targetId=target)
        return seen


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    binary = chromium_binary()
    tools = DevTools(binary, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield tools
    finally:
        tools.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's last week as HTML, with a hostile note and habit name added."""
    folder = tmp_path_factory.mktemp("report-html")
    data = sample_data()
    for day in data["days"]:
        if day["date"] == "2026-11-20":
            day["note"] = HOSTILE_NOTE
    data["habits"][1]["name"] = HOSTILE_NAME
    today = date(2026, 11, 22)
    with open_store(folder / "h.db", create=True) as store:
        interchange.import_data(store, data, today=today)
        dataset = store.load_dataset()
    path = folder / "report.html"
    path.write_text(report.weekly_report(dataset, today, today, "html"), encoding="utf-8")
    return path


def keep(name: str, png: bytes, tmp_path: Path) -> Path:
    path = tmp_path / name
    path.write_bytes(png)
    wanted = os.environ.get("REPORT_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(wanted) / name)
    return path


@pytest.mark.parametrize(
    ("name", "width", "height", "mobile"),
    [("desktop", 1280, 900, False), ("small-laptop", 1024, 768, False),
     ("tablet", 800, 1000, True), ("phone", 390, 844, True)],
)
def test_report_in_chromium(
    browser: DevTools, page: Path, tmp_path: Path, name: str, width: int, height: int,
    mobile: bool,
) -> None:  # fmt: skip
    seen = browser.visit(page.as_uri(), width, height, mobile=mobile)

    assert seen["console"] == []
    assert seen["exceptions"] == []
    assert seen["log"] == []
    # the only request is the file itself; the chart is a data URI
    assert [u for u in seen["requests"] if not u.startswith("data:")] == [page.as_uri()]

    # user text shows as text and runs nothing
    assert seen["scripts"] == 0
    assert seen["pwned"] is None
    assert "<script>window.__pwned = 1</script>" in seen["text"]
    assert 'onerror="window.__pwned = 2"' in seen["text"]
    assert HOSTILE_NAME in seen["text"]

    assert "16–22 November 2026" in seen["text"]
    assert "60 days in a row" in seen["text"]
    assert "心が軽い" in seen["text"] and "🥟" in seen["text"]
    try:
        from habit_tracker.charts import render_chart  # noqa: F401
    except ImportError:
        assert seen["images"] == []
    else:
        assert seen["images"] and all(done and w > 0 for done, w in seen["images"])
        # One image per panel, each inside the screen and drawn at least at 85% of its
        # own size: its smallest text (7.5 pt, 10 CSS px at full size) stays >= 8.5 px.
        assert len(seen["boxes"]) == 5
        for box in seen["boxes"]:
            assert box["alt"].endswith("12 weeks to Sun 22 Nov 2026"), box
            assert box["left"] >= 0 and box["right"] <= width, box
            scale = box["width"] / box["natural"]
            assert SMALLEST_CHART_TEXT_PX * scale >= 8.5, (box, scale)

    # readable on a phone: nothing wider than the screen, text not shrunk
    assert seen["pageWidth"] <= seen["viewport"] == width
    assert seen["fontSize"] >= 16

    shot = keep(f"report-{name}.png", seen["screenshot"], tmp_path)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_chromium_command_line_dump_dom(page: Path, tmp_path: Path) -> None:
    """The same page through the plain command line (what CI logs show on failure)."""
    binary = chromium_binary()
    result = subprocess.run(
        [
            binary,
            *QUIET_HEADLESS,
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    dom = result.stdout
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in dom
    assert "<script" not in dom
