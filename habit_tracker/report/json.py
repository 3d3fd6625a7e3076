"""The report as JSON (SPEC's machine-readable shape)."""

from __future__ import annotations

from ..jsontext import dumps
from .model import WeeklyReport


def render_json(report: WeeklyReport) -> str:
    return dumps(report.to_dict()) + "\n"


# ---------------------------------------------------------------------- HTML

