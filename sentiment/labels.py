"""The three tone labels and the spellings accepted for them in files and commands."""

from __future__ import annotations

from pantau.core.errors import InputError
from sentiment.models import LABELS

__all__ = ["LABELS", "normalize_label", "parse_label"]

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
            f"Label '{value}' tidak dikenal. Gunakan positif, netral atau negatif "
            "(atau positive, neutral, negative)."
        )
    return label
