"""Storing each story once: content hashes for exact repeats, 64-bit SimHash for
near-duplicates (syndicated copies across outlets).

SimHash: word 3-shingles of the story body (dateline, "Baca juga" links and credit lines
removed), each hashed to 64 bits, combined bit by
bit. Two texts are copies of one story when their SimHashes differ in at most
`max_distance` bits (default 3, the value Manku et al. used for web pages; configurable as
``[collect] near_duplicate_distance``). Texts shorter than `MIN_WORDS` words get no
SimHash (too short to judge) and are grouped by exact content only.

The index splits the 64 bits into ``max_distance + 1`` bands: by the pigeonhole principle
two hashes within the distance agree exactly on at least one band, so a lookup only
compares the few hashes that share a band.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np

from collectors.query import words

MIN_WORDS = 40
SHINGLE = 3
_MASK64 = (1 << 64) - 1
_word_hashes: dict[str, int] = {}


def content_hash(title: str, text: str) -> str:
    """Hash of the normalised words: equal for copies differing only in case, accents,
    punctuation or whitespace."""
    joined = " ".join(words(title)) + "\n" + " ".join(words(text))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _word_hash(word: str) -> int:
    h = _word_hashes.get(word)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        if len(_word_hashes) < 2_000_000:
            _word_hashes[word] = h
    return h


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_BIT_WEIGHTS = np.uint64(1) << np.arange(64, dtype=np.uint64)


_BOILERPLATE = re.compile(
    r"^\s*(baca juga|lihat juga|simak juga|simak video|pewarta|editor|reporter|penulis|"
    r"sumber|foto|ikuti berita|dapatkan update|artikel ini telah tayang)\b", re.IGNORECASE)
# "JAKARTA - ", "Jakarta (ANTARA) - ", "JAKARTA, KOMPAS.com - ", "BANDUNG, SINARPAGI -- "
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}(\([^)]{1,40}\))?(,\s*[A-Za-z0-9.]{1,30})?"
                       r"\s*[-\u2013\u2014]{1,2}\s+")


def story_body(title: str, text: str) -> str:
    """The body without what outlets change when they reprint a story: the dateline,
    the repeated headline, "Baca juga" links and reporter/editor lines."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    lines = [ln for ln in lines if not _BOILERPLATE.match(ln) and ln != title.strip()]
    if lines:
        lines[0] = _DATELINE.sub("", lines[0], count=1)
    return "\n".join(lines)


def simhash(title: str, text: str) -> int | None:
    """64-bit SimHash (unsigned) of the story body (`story_body`), or None for bodies
    under MIN_WORDS words. Headlines are left out: editors rewrite them."""
    toks = words(story_body(title, text))
    if len(toks) < MIN_WORDS:
        return None
    get = _word_hashes.get
    values = [get(t) for t in toks]
    if None in values:
        values = [v if v is not None else _word_hash(t) for v, t in zip(values, toks, strict=True)]
    hashes = np.array(values, dtype=np.uint64)
    with np.errstate(over="ignore"):
        shingles = hashes[:-2] ^ _mix(hashes[1:-1] + np.uint64(0x9E3779B97F4A7C15))
        shingles = _mix(shingles ^ _mix(hashes[2:] * np.uint64(0xC2B2AE3D27D4EB4F)))
    bits = np.unpackbits(shingles.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    ones = bits.sum(axis=0, dtype=np.int64)
    mask = (ones * 2 > len(shingles)).astype(np.uint64)
    return int((mask * _BIT_WEIGHTS).sum())


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


def to_signed(value: int) -> int:
    """Unsigned 64-bit -> signed (the database BIGINT range)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value & _MASK64


@dataclass
class NearDuplicateIndex:
    """In-memory SimHash index: `find` returns the group of the closest earlier copy."""

    max_distance: int = 3
    _bands: list[dict[int, list[tuple[int, int]]]] = field(default_factory=list)
    _shifts: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = self.max_distance + 1
        width = 64 // n
        self._shifts = []
        start = 0
        for i in range(n):
            w = width + (1 if i < 64 % n else 0)
            self._shifts.append((start, (1 << w) - 1))
            start += w
        self._bands = [{} for _ in range(n)]

    def __len__(self) -> int:
        return sum(len(v) for v in self._bands[0].values()) if self._bands else 0

    def find(self, value: int) -> int | None:
        best: tuple[int, int] | None = None  # (distance, group)
        for band, (shift, mask) in zip(self._bands, self._shifts, strict=True):
            for other, group in band.get((value >> shift) & mask, ()):
                d = hamming(value, other)
                if d <= self.max_distance and (best is None or (d, group) < best):
                    best = (d, group)
        return None if best is None else best[1]

    def add(self, value: int, group: int) -> None:
        for band, (shift, mask) in zip(self._bands, self._shifts, strict=True):
            band.setdefault((value >> shift) & mask, []).append((value, group))


def group_near_duplicates(
    items: list[tuple[int, int | None]], max_distance: int = 3
) -> dict[int, int]:
    """Group (id, simhash) pairs in id order: id -> id of the first copy of its story."""
    index = NearDuplicateIndex(max_distance)
    groups: dict[int, int] = {}
    for item_id, value in sorted(items):
        if value is None:
            groups[item_id] = item_id
            continue
        group = index.find(value)
        groups[item_id] = item_id if group is None else group
        index.add(value, groups[item_id])
    return groups
