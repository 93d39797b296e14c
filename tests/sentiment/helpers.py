"""Shared helpers of the sentiment tests."""

from __future__ import annotations

import csv
from itertools import chain, zip_longest
from pathlib import Path

from sentiment.training import NEWS_DIR


def labelled_rows(n: int) -> list[dict[str, str]]:
    """`n` rows of the shipped written news passages, the three labels taking turns."""
    with (NEWS_DIR / "written.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_label = [[r for r in rows if r["label"] == label]
                for label in ("positif", "netral", "negatif")]
    mixed = [r for r in chain.from_iterable(zip_longest(*by_label)) if r is not None]
    return mixed[:n]


def write_labelled(path: Path, n: int = 120) -> Path:
    """A CSV training file (text,label) of `n` rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows((r["text"], r["label"]) for r in labelled_rows(n))
    return path
