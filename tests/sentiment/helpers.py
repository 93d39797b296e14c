"""Shared helpers of the sentiment tests (no test functions here)."""

from __future__ import annotations

import csv
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "sentiment" / "corpus" / "pantau-id.csv"


def write_corpus_sample(path: Path, n: int = 150) -> Path:
    """The first `n` rows of the house corpus as a labelled CSV (text,label)."""
    with CORPUS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:n]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows((r["text"], r["label"]) for r in rows)
    return path
