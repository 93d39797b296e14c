"""The three tone labels, their names, the spellings accepted for them in files and commands,
and the effective tone of a match.

The effective tone of a match is the analyst's `human_label` when set, else the model's
`model_label`; None (shown as "belum") until either exists. Every query and page that shows
or counts tone uses `effective_tone_expr()` (SQL) or `effective_tone()` (Python), so an
analyst's correction wins everywhere at once.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import ColumnElement, func
from sqlmodel import col

from pantau.core.errors import InputError
from sentiment.models import SentimentLabel

__all__ = [
    "LABELS",
    "LABEL_NAMES",
    "UNLABELLED",
    "UNLABELLED_NAME",
    "effective_tone",
    "effective_tone_expr",
    "normalize_label",
    "parse_label",
]

LABELS = ("positif", "netral", "negatif")
LABEL_NAMES = {"positif": "Positif", "netral": "Netral", "negatif": "Negatif"}
# A match with neither an analyst's nor a model's label (a filter value, e.g. `nada=belum`).
UNLABELLED = "belum"
UNLABELLED_NAME = "Belum berlabel"

_ALIASES = {
    "positif": "positif", "positive": "positif", "pos": "positif", "p": "positif",
    "netral": "netral", "neutral": "netral", "neu": "netral", "net": "netral",
    "negatif": "negatif", "negative": "negatif", "neg": "negatif",
}


def normalize_label(value: str) -> str | None:
    """`positif`/`positive`/`POS` ... -> `positif`; None when the spelling is unknown."""
    return _ALIASES.get(value.strip().lower())


def parse_label(value: str) -> str:
    """Like `normalize_label`, but an unknown spelling is an input error."""
    label = normalize_label(value)
    if label is None:
        raise InputError(
            f"Sentimen '{value}' tidak dikenal: pilih positif, netral atau negatif "
            "(atau positive, neutral, negative)."
        )
    return label


class LabelRow(Protocol):
    """A `SentimentLabel` or anything carrying its two labels."""

    @property
    def human_label(self) -> str | None: ...

    @property
    def model_label(self) -> str | None: ...


def effective_tone(row: LabelRow | None) -> str | None:
    """The analyst's label when set, else the model's; None without a label row."""
    if row is None:
        return None
    return row.human_label or row.model_label


def effective_tone_expr() -> ColumnElement[str | None]:
    """`effective_tone` in SQL, over the `sentiment_label` table (outer-join it on the match:
    a match without a label row is NULL, unlabelled)."""
    return func.coalesce(col(SentimentLabel.human_label), col(SentimentLabel.model_label))
