"""The README's companion examples, run: each shown output is what the program
prints for the state the README describes (no contact since 1 October, a break
on 12 October after 'saw our photos', three urges before the one shown)."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, Invoke

README = (REPO / "README.md").read_text(encoding="utf-8")


def shown(command: str) -> str:
    """The output the README shows under ``$ command`` (up to the next prompt)."""
    for block in re.findall(r"```text\n(.*?)```", README, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.split("  #")[0].rstrip() == f"$ {command}":
                out = []
                for rest in lines[i + 1:]:
                    if rest.startswith("$ "):
                        break
                    out.append(rest)
                return "\n".join(out).strip("\n") + "\n"
    raise AssertionError(f"the README shows no '$ {command}'")


@pytest.fixture
def story(run: Invoke) -> Invoke:
    run("init", "--since", "2026-10-01")
    run("checkin", "--date", "2026-10-12", "--contact", "--what-led", "saw our photos")
    for at, strength, trigger in (("2026-11-12 21:20", "5", "photo"),
                                  ("2026-11-16 22:10", "6", "photo"),
                                  ("2026-11-18 21:40", "8", "song in the car")):
        run("urge", "--intensity", strength, "--trigger", trigger, "--at", at)
    return run


def test_the_urge_examples(story: Invoke) -> None:
    command = 'urge --intensity 7 --trigger photo --at "yesterday 22:40"'
    assert story("urge", "--intensity", "7", "--trigger", "photo", "--at",
                 "yesterday 22:40").output == shown(f"habit-tracker {command}")
    assert story("urge", "--list").output == shown("habit-tracker urge --list")


def test_the_attempts_example_after_the_break(story: Invoke) -> None:
    day = {"HABIT_TRACKER_NOW": "2026-11-23T21:30:00"}
    out = story("checkin", "--contact", "--mood", "4", "--what-led", "the anniversary", **day).output
    assert out in shown("habit-tracker checkin --contact").split("...\n")[1].split("\n", 1)[1]
    assert story("streaks", "--attempts", **day).output == shown("habit-tracker streaks --attempts")


def test_the_demo_lists_every_file_it_writes() -> None:
    listed = re.findall(r"^  habit-tracker-demo/(\S+)", shown("habit-tracker demo"), re.M)
    from habit_tracker import demo

    expected = ["demo.db", "report.html", "report.md"]
    expected += [f"chart-{kind}.png" for kind in demo._chart_kinds()]
    assert listed == expected


def test_the_one_line_view_and_the_reminder(story: Invoke) -> None:
    story("urge", "--intensity", "7", "--trigger", "photo", "--at", "yesterday 22:40")
    assert story("status", "--short").output == shown("habit-tracker status --short")
    assert story("status", "--short", "--ascii").output == shown(
        "habit-tracker status --short --ascii")
    out = story("checkin", "--necessary-contact", "handed over the keys", "--no-contact").output
    assert out == shown('habit-tracker checkin --necessary-contact "handed over the keys" --no-contact')
    assert story("remind").output == shown("habit-tracker remind")
