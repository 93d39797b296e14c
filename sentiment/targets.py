"""Tone toward a target: the institution's names and aliases become one marker token.

The model reads `_TARGET_` where the passage names the institution it is labelling for,
so "KPK menetapkan pejabat Kementan sebagai tersangka" is negatif toward Kementan and not
toward KPK: what the marker does (or suffers) is what counts. Names are matched whole,
ignoring case, longest first. Without a target the passage is judged as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

MARKER = "_TARGET_"

NAMES_FILE = Path(__file__).parent / "data" / "institution-names.txt"


# Regional bodies: the press shortens the type and keeps the place.
_REGIONAL = (
    ("Pemerintah Provinsi ", "Pemprov "), ("Pemerintah Kabupaten ", "Pemkab "),
    ("Pemerintah Kota ", "Pemkot "), ("Kepolisian Daerah ", "Polda "),
    ("Kepolisian Resor ", "Polres "), ("Kejaksaan Tinggi ", "Kejati "),
    ("Kejaksaan Negeri ", "Kejari "), ("Pengadilan Negeri ", "PN "),
    ("Dinas Kependudukan dan Pencatatan Sipil ", "Disdukcapil "),
    ("Dinas Kesehatan ", "Dinkes "), ("Dinas Perhubungan ", "Dishub "),
    ("Dinas Pendidikan ", "Disdik "), ("Dinas Sosial ", "Dinsos "),
)


@lru_cache(maxsize=1)
def _known() -> dict[str, tuple[str, ...]]:
    """Every known name (case-folded) -> the names of its body."""
    table: dict[str, tuple[str, ...]] = {}
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group = tuple(name.strip() for name in line.split("|") if name.strip())
        for name in group:
            table.setdefault(name.casefold(), group)
    return table


def target_names(target: str, aliases: Iterable[str] = ()) -> list[str]:
    """The target, its given aliases and the short forms Pantau knows, longest first."""
    names: dict[str, str] = {}
    for name in (target, *aliases):
        name = " ".join(name.split())
        if not name:
            continue
        candidates = [name, *_known().get(name.casefold(), ())]
        folded = name.casefold()
        for long, short in _REGIONAL:
            if folded.startswith(long.casefold()):
                candidates.append(short + name[len(long):])
            elif folded.startswith(short.casefold()):
                candidates.append(long + name[len(short):])
        for candidate in candidates:
            names.setdefault(candidate.casefold(), candidate)
    return sorted(names.values(), key=lambda n: (-len(n), n))


def profile_target_names(institution: str | None, terms: Iterable[str] = ()) -> list[str]:
    """A profile's target: its institution and the names among its query terms (those the
    bureau writes capitalised, like `Kemensos` or `"Menteri Sosial"`; a topic word such as
    `bansos` or a prefix `bansos*` is not the institution), with the short forms Pantau
    knows."""
    names = [n.strip().strip('"').strip()
             for n in (institution, *(t for t in terms if _is_name(t))) if n]
    names = [n for n in names if n]
    if not names:
        return []
    return target_names(names[0], names[1:])


def _is_name(term: str) -> bool:
    term = term.strip().strip('"')
    return bool(term) and not term.endswith("*") and term[0].isupper()


@lru_cache(maxsize=256)
def _compiled(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def target_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for all the names (longest first, whole words, any case)."""
    if not names:
        return None
    return _compiled(tuple(sorted(set(names), key=lambda n: (-len(n), n))))


def mark_target(text: str, pattern: re.Pattern[str] | None) -> str:
    """The text with every name of the target replaced by the marker token."""
    if pattern is None:
        return text
    return pattern.sub(f" {MARKER} ", text)


def marked_text(text: str, target: str | None) -> str:
    """`text` with `target` (and its known short forms) marked; unchanged without one."""
    if not target:
        return text
    return mark_target(text, target_pattern(target_names(target)))
