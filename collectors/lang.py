"""A light language check: Indonesian or English by their commonest function words.

Enough to drop foreign-language copies from Indonesian monitoring; texts too short to
judge come back as None (kept).
"""

from __future__ import annotations

from collectors.query import words

_ID = frozenset("""
    yang dan di ke dari ini itu dengan untuk pada dalam tidak akan adalah juga oleh
    sebagai karena atau bahwa kami kita mereka telah sudah bisa dapat saat lebih para
    tersebut kata ujar menurut tahun ada agar bagi hingga secara serta sejumlah masih
    namun setelah belum
""".split())  # noqa: SIM905
_EN = frozenset("""
    the and of to in is that for on with as was by are it at from this be have has were
    which an not but they their will said would been its who after also about more
""".split())  # noqa: SIM905
_MS = frozenset("""
    ialah iaitu kerana boleh sahaja kerajaan bahawa daripada beliau
""".split())  # noqa: SIM905


def detect_language(text: str, *, min_hits: int = 5) -> str | None:
    """'id', 'en' or None when the text has too few function words to tell."""
    id_hits = en_hits = ms_hits = 0
    for w in words(text[:2500]):
        if w in _ID:
            id_hits += 1
        elif w in _EN:
            en_hits += 1
        elif w in _MS:
            ms_hits += 1
    if max(id_hits, en_hits) < min_hits:
        return None
    if en_hits > id_hits:
        return "en"
    if ms_hits * 4 > id_hits:
        return "ms"
    return "id"
