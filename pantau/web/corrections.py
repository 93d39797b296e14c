"""Tone corrections as the pages and the JSON API apply them: one or many matches at once."""

from __future__ import annotations

from sqlmodel import Session

from pantau.core.errors import InputError
from sentiment.corrections import correct
from sentiment.models import LABELS


def correct_many(s: Session, match_ids: list[int], label: str, by: str,
                 note: str | None) -> int:
    """Apply an analyst's tone to matches; sentiment applies it to the copies of the same
    story too. Returns how many matches changed."""
    if label not in LABELS:
        raise InputError(f"Nada '{label}' tidak dikenal: pilih positif, netral atau negatif.")
    if not match_ids:
        raise InputError("Pilih minimal satu pemberitaan untuk dikoreksi.")
    changed = 0
    for mid in dict.fromkeys(match_ids):
        changed += correct(s, match_id=mid, label=label, by=by, note=note or None)
    return changed
