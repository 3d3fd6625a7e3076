#!/usr/bin/env python3
"""Write data/sample.json: twelve weeks of one person's first months of no contact.

The bundled sample behind `habit-tracker demo` and the benchmarks.  Deterministic:
the same file every run (a fixed seed drives the small day-to-day variation), so
the demo's figures can be quoted and tested.

The story, 31 August to Sunday 22 November 2026:
- no contact from Monday 31 August; on Wednesday 23 September they answer a message
  (one `broken` day), and start again the next day: day 60 on the last day;
- "they reached out" on four days, none of them answered;
- workouts, three a week, with rest days logged as `skip`, a shaky first week,
  the week of the break and a week off sick; then five weeks in a row on target;
- a goal, "Half marathon training": running kilometres towards 400 km before the race
  in March, one entry per run;
- a journal (a daily habit started in the second week) instead of venting;
- a mood most evenings, low at the start and around the break, slowly rising;
- a few notes, some in other scripts and with emoji;
- urges resisted, most in the late evening, fading week by week after the break;
  and three journal entries (the unsent letters), drawn with their own seed so
  that the rest of the story does not move.

`habit-tracker demo` moves every date of this file so that its last day is the
day the demo runs (habit_tracker.demo.shifted); the file itself keeps these dates.

Usage: python scripts/make_sample_data.py [OUTPUT]   (default: data/sample.json)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

FIRST = date(2026, 8, 31)  # a Monday
LAST = date(2026, 11, 22)  # a Sunday: twelve weeks
BREAK = date(2026, 9, 23)
SEED = 20261122

# fmt: off
HABITS = [
    {"slug": "no-contact", "name": "No contact", "kind": "abstain", "since": "2026-08-31",
     "created": "2026-08-31", "per_week": None, "daily_min": None, "target": None,
     "unit": None, "deadline": None, "archived": False, "position": 0},
    {"slug": "workout", "name": "Workout", "kind": "weekly", "since": None,
     "created": "2026-08-31", "per_week": 3, "daily_min": None, "target": None,
     "unit": None, "deadline": None, "archived": False, "position": 1},
    {"slug": "goal", "name": "Half marathon training", "kind": "goal", "since": None,
     "created": "2026-08-31", "per_week": None, "daily_min": None, "target": 400,
     "unit": "km", "deadline": "2027-03-14", "archived": False, "position": 2},
    {"slug": "journal", "name": "Journal instead of texting", "kind": "daily", "since": None,
     "created": "2026-09-07", "per_week": None, "daily_min": None, "target": None,
     "unit": None, "deadline": None, "archived": False, "position": 3},
]

# fmt: on

# Week by week (index 0 = the week of 31 August): the weekdays (0 Monday) with a
# run, and the weekdays logged as rest.  Other past days are logged `missed`, or
# not at all on the days without any check-in.
RUNS: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
    ((1, 3), (0, 2, 4, 6)),  # first week: two runs, Saturday missed
    ((0, 2, 5), (1, 3, 6)),
    ((1, 3, 6), (0, 2, 4)),
    ((0,), (1, 3)),  # the week of the break
    ((1, 3, 5), (0, 2, 6)),
    ((0, 2, 4, 6), (1, 3)),  # 4 October: first 10 km
    ((1,), (2, 3, 4, 5)),  # sick: Tuesday, then rest
    ((0, 2, 5), (1, 3, 6)),
    ((1, 3, 5), (0, 2, 4)),  # Sunday 1 November: no check-in at all
    ((0, 3, 5), (1, 4, 6)),
    ((1, 3, 5, 6), (0, 2)),
    ((0, 2, 5), (1, 3, 6)),
]

# Days without any check-in at all.
GAPS = {
    date(2026, 9, 5),
    date(2026, 9, 27),
    date(2026, 10, 15),
    date(2026, 10, 16),
    date(2026, 11, 1),
}
JOURNAL_MISSED = {
    date(2026, 9, 22),
    date(2026, 9, 23),
    date(2026, 9, 24),
    date(2026, 10, 3),
    date(2026, 11, 2),
}
JOURNAL_SKIPPED = {date(2026, 10, 14)}  # ill in bed: excused
REACHED_OUT = {date(2026, 9, 12), date(2026, 10, 10), date(2026, 10, 31), date(2026, 11, 19)}

DAY_NOTES = {
    date(2026, 8, 31): "Day one. Deleted the chat, archived the photos. Muted, not blocked — "
    "I'm not ready for that.",
    date(2026, 9, 3): "Long walk by the canal, then a café au lait with Léa ☕",
    date(2026, 9, 12): "They texted 'hope you're ok'. Didn't answer. Hands shaking a bit.",
    date(2026, 9, 24): "Day 1 again. Told Sam everything; no judgement, just tea. 💬",
    date(2026, 10, 4): "First 10 km ever! 🏃‍♀️",
    date(2026, 10, 10): "Their name lit up my phone. Put it face down and went for a run.",
    date(2026, 10, 13): "Fever. Rest days, no guilt.",
    date(2026, 10, 24): "Dinner at Zoë's, laughed until 11pm.",
    date(2026, 10, 31): "Halloween photo from them. Didn't reply. Proud of that <3",
    date(2026, 11, 7): "Signed up for the half marathon on 14 March. 21.1 km. Gulp.",
    date(2026, 11, 14): "Journal page ended with « je vais bien ». Meant it.",
    date(2026, 11, 17): "Quiet evening. Made Babcia's pierogi, ate far too many 🥟",
    date(2026, 11, 19): 'They asked to "catch up". Closed the app and called my sister instead.',
    date(2026, 11, 21): "12 km along the river, negative split! 心が軽い",
    date(2026, 11, 22): "Day 60. Sixty. I didn't think I'd get here.\n"
    "Next: 90, and the race in March.",
}
ENTRY_NOTES = {
    (date(2026, 9, 23), "no-contact"): "Answered their message. Forty minutes of going in "
    "circles. Starting again tomorrow.",
    (date(2026, 9, 2), "workout"): "Couch to 5K, week 1. Everything hurts.",
    (date(2026, 10, 28), "workout"): "Intervals: 6 × 400 m",
    (date(2026, 11, 18), "workout"): "Hill repeats with the running club",
    (date(2026, 10, 4), "goal"): "10 km, slow and happy",
    (date(2026, 11, 21), "goal"): "long run",
    (date(2026, 11, 16), "journal"): "Three pages about what I actually want.",
}


def _mood(day: date, rng: random.Random) -> int:
    """A slow climb from about 4 to about 7, a dip around the break, daily noise."""
    weeks = (day - FIRST).days / 7
    level = 3.8 + 0.3 * weeks
    since_break = (day - BREAK).days
    if 0 <= since_break < 5:
        level -= 2.0 - 0.4 * since_break
    if day in REACHED_OUT:
        level -= 1.0
    if day.weekday() >= 5:
        level += 0.4
    return max(1, min(10, round(level + rng.uniform(-1.0, 1.0))))


def _distance(week: int, weekday: int, rng: random.Random) -> float:
    """Kilometres for one run: short runs during the week, a longer one at the weekend."""
    base = (6.0 + 0.55 * week) if weekday >= 5 else (3.5 + 0.35 * week)
    return round(base + rng.uniform(-0.6, 0.6), 1)


URGE_TRIGGERS = ("photo", "evening alone", "song in the car", "their story", "wine", "weekend")
WRITINGS = [
    {"at": "2026-09-27T23:10", "date": "2026-09-27",
     "text": "I wrote you a whole message tonight and sent it here instead. It says I'm angry, "
             "and I miss you, and both are true.\n"},
    {"at": "2026-10-18T22:05", "date": "2026-10-18",
     "text": "Three weeks. The evenings are the hardest. Went for a walk instead of scrolling "
             "back through our chat.\n"},
    {"at": "2026-11-19T21:40", "date": "2026-11-19",
     "text": "I don't need an answer from you any more. I wanted to say that somewhere.\n"},
]


def _urges() -> list[dict[str, object]]:
    """About one urge a day after the break, thinning to one a week by November."""
    rng = random.Random(SEED + 12)
    found: list[dict[str, object]] = []
    for offset in range((LAST - BREAK).days):
        day = BREAK + timedelta(days=1 + offset)
        if rng.random() >= max(0.12, 0.9 - offset / 60):
            continue
        hour = rng.choice((21, 22, 22, 23, 21, 20, 8, 13, 0))
        minute = rng.randrange(0, 60, 5)
        level = max(1, min(10, round(rng.gauss(8 - offset / 12, 1.3))))
        triggers = rng.sample(URGE_TRIGGERS, rng.choice((0, 1, 1, 1, 2)))
        found.append({"at": f"{day.isoformat()}T{hour:02d}:{minute:02d}", "date": day.isoformat(),
                      "intensity": level, "triggers": triggers, "note": None})
    return [u for u in found if str(u["date"]) < LAST.isoformat()]


def build() -> dict[str, object]:
    rng = random.Random(SEED)
    entries: list[dict[str, object]] = []
    days: list[dict[str, object]] = []

    def add(day: date, habit: str, value: object) -> None:
        entries.append(
            {
                "date": day.isoformat(),
                "habit": habit,
                "value": value,
                "note": ENTRY_NOTES.get((day, habit)),
            }
        )

    day = FIRST
    while day <= LAST:
        week, weekday = (day - FIRST).days // 7, day.weekday()
        runs, rests = RUNS[week]
        mood = _mood(day, rng)  # drawn every day so a gap does not shift later moods
        km = _distance(week, weekday, rng)
        if day == date(2026, 10, 4):
            km = 10.0
        if day == date(2026, 11, 21):
            km = 12.0
        if day in GAPS:
            day += timedelta(days=1)
            continue
        add(day, "no-contact", "broken" if day == BREAK else "kept")
        if weekday in runs:
            add(day, "workout", "done")
            add(day, "goal", km)
        else:
            add(day, "workout", "skip" if weekday in rests else "missed")
        if day >= date(2026, 9, 7):
            if day in JOURNAL_SKIPPED:
                add(day, "journal", "skip")
            else:
                add(day, "journal", "missed" if day in JOURNAL_MISSED else "done")
        days.append(
            {
                "date": day.isoformat(),
                "mood": mood,
                "note": DAY_NOTES.get(day),
                "reached_out": day in REACHED_OUT,
            }
        )
        day += timedelta(days=1)

    order = {habit["slug"]: habit["position"] for habit in HABITS}
    entries.sort(key=lambda e: (e["date"], order[e["habit"]]))  # type: ignore[index]
    return {
        "format": "habit-tracker",
        "version": 1,
        "settings": {"day_start": 0, "week_start": "monday"},
        "habits": HABITS,
        "entries": entries,
        "days": days,
        "urges": _urges(),
        "writings": WRITINGS,
    }


def dump(data: dict[str, object]) -> str:
    """JSON with one habit, entry or day per line: small diffs, easy to read."""
    lines = ["{"]
    keys = list(data)
    for index, key in enumerate(keys):
        value = data[key]
        comma = "," if index < len(keys) - 1 else ""
        if isinstance(value, list):
            lines.append(f"  {json.dumps(key)}: [")
            items = [json.dumps(item, ensure_ascii=False) for item in value]
            lines.extend(f"    {item}," for item in items[:-1])
            lines.extend(f"    {item}" for item in items[-1:])
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    output = Path(argv[1]) if len(argv) > 1 else root / "data" / "sample.json"
    text = dump(build())
    json.loads(text)  # refuse to write anything that does not read back
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
