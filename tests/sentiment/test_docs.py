"""The docs cover the sentiment config keys and commands."""

from __future__ import annotations

from pathlib import Path

from pantau.cli.sentiment import sentiment_group
from sentiment.config import SentimentConfig

REPO = Path(__file__).resolve().parents[2]


def test_readme_documents_every_sentiment_key_and_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Sentiment", 1)[1].split("\n### ", 1)[0]
    for key in SentimentConfig.model_fields:
        assert f"`{key}`" in section, key
    for name in sentiment_group.commands:
        assert f"pantau sentiment {name}" in section, name
    assert "docs/labelling-guide.md" in section


def test_guide_states_the_aggregation_rule() -> None:
    guide = (REPO / "docs" / "labelling-guide.md").read_text(encoding="utf-8")
    for needle in ("TOWARD THE MONITORED INSTITUTION", "positif", "netral", "negatif",
                   "Margin", "toned passages decide", "never overwritten"):
        assert needle in guide, needle


def test_readme_states_the_bundled_models_margin() -> None:
    import json
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Sentiment", 1)[1].split("\n### ", 1)[0]
    stated = re.findall(r"\(bundled: `([0-9.]+)`\)", section)
    model = json.loads((REPO / "sentiment" / "model" / "model.json").read_text(encoding="utf-8"))
    assert stated == [str(model["margin"])]
