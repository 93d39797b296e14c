"""The top-level names Pantau ships resolve to Pantau's own files (see DEVELOPERS.md: why
`pantau.web`, and the top-level domain names)."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOMAINS = ("collectors", "sentiment", "survey", "indicators", "jobs")


def test_the_distribution_ships_the_five_domains_and_pantau_only() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = project["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(n.rstrip("*") for n in include) == sorted(("pantau", *DOMAINS))
    assert not (REPO / "web").exists(), "the web app is wiring: it lives at pantau/web"


def test_every_top_level_name_is_pantaus_own() -> None:
    for name in ("pantau", *DOMAINS):
        module = importlib.import_module(name)
        assert module.__file__ is not None
        assert Path(module.__file__).resolve().is_relative_to(REPO), (
            f"`import {name}` resolves outside Pantau ({module.__file__}): another "
            "distribution provides this name; install Pantau in its own environment")
