"""The corpus is reproducible from its generator, and the docs cover config and commands."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from pantau.cli.sentiment import sentiment_group
from sentiment.config import SentimentConfig
from sentiment.corpus.generate import OUT, generate

REPO = Path(__file__).resolve().parents[2]


def test_committed_corpus_is_what_the_generator_writes() -> None:
    rows = generate()
    assert rows == generate()  # deterministic
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["text", "label", "style"])
    writer.writerows(rows)
    assert OUT.read_text(encoding="utf-8") == buffer.getvalue()


def test_corpus_is_large_and_balanced() -> None:
    rows = generate()
    assert len(rows) >= 5000
    assert len({text.lower() for text, _, _ in rows}) == len(rows)
    by_label = Counter(label for _, label, _ in rows)
    assert set(by_label) == {"positif", "netral", "negatif"}
    assert max(by_label.values()) == min(by_label.values())
    by_style = Counter((label, style) for _, label, style in rows)
    assert {style for _, style in by_style} == {"news", "lead", "social"}
    assert len(set(by_style.values())) == 3  # every label has the same mix of styles


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
                   "Margin", "mean over its passages", "never overwritten"):
        assert needle in guide, needle
