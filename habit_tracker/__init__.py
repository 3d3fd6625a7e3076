"""habit-tracker: no-contact counter, habit streaks, charts and weekly summaries."""

__version__ = "0.1.0"
