"""`pantau demo`: the whole service on bundled sample data, offline, with embedded SQLite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def run_demo(out_dir: Path, echo: Callable[[str], None] = print) -> list[Path]:
    """Run every step on the bundled sample and return the files a user would look at."""
    out_dir.mkdir(parents=True, exist_ok=True)
    echo(f"Demo Pantau: hasil ditulis ke {out_dir}")
    from survey.demo import run_survey_demo

    written: list[Path] = []
    written += run_survey_demo(out_dir, echo)
    return written
