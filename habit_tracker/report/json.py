"""The report as JSON (SPEC's machine-readable shape)."""

from __future__ import annotations

import json

from .model import WeeklyReport


def render_json(report: WeeklyReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------- HTML

