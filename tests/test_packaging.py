"""What a non-editable install ships: every package of the library.

The wheel's package list is written out by hand in pyproject.toml, so a new
subpackage (``habit_tracker/importers/``) is left out of ``pip install .``
unless it is named there: the editable install the tests use finds it anyway.
"""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_in_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "habit_tracker").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk, "no packages found: the test looks in the wrong place"
    assert on_disk - listed == set(), "packages missing from pyproject.toml's list"
