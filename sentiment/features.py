"""Hashed word and character n-gram features, fast on article-length texts.

The vector of a text is the l2-normalised count vector of
- word unigrams and bigrams, and
- character n-grams inside each word padded with spaces (like scikit-learn's `char_wb`),
hashed with MurmurHash3 into `n_features` buckets, divided by the square root of the
text's total feature count. A word's features are computed once and
cached, so long texts cost little more than a dictionary look-up per word. Everything the
featurizer needs is in its JSON settings: a stored model never executes code when loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

_TOKEN = re.compile(r"\w+|[!?]", re.UNICODE)
_BIGRAM_MIX = np.uint64(0x9E3779B1)
_CACHE_LIMIT = 300_000


@dataclass(frozen=True)
class FeatureSettings:
    n_features: int = 2**20
    char_min: int = 2
    char_max: int = 5
    word_bigrams: bool = True
    lowercase: bool = True
    seed: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSettings:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


class HashedFeaturizer:
    def __init__(self, settings: FeatureSettings | None = None) -> None:
        self.settings = settings or FeatureSettings()
        self._cache: dict[str, tuple[int, np.ndarray]] = {}

    def _hash(self, value: str) -> int:
        return int(murmurhash3_32(value, seed=self.settings.seed, positive=True))

    def _word(self, word: str) -> tuple[int, np.ndarray]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        s = self.settings
        word_hash = self._hash("w:" + word)
        padded = f" {word} "
        grams = {
            padded[i : i + n]
            for n in range(s.char_min, s.char_max + 1)
            for i in range(max(len(padded) - n + 1, 0))
        }
        indices = [word_hash % s.n_features]
        indices.extend(self._hash(g) % s.n_features for g in grams)
        entry = (word_hash, np.asarray(indices, dtype=np.int64))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    def tokens(self, text: str) -> list[str]:
        return _TOKEN.findall(text.lower() if self.settings.lowercase else text)

    def word_features(self, word: str) -> tuple[int, np.ndarray]:
        """(the word's hash, the bucket indices of its unigram and character n-grams)."""
        return self._word(word)

    def bigram_indices(self, word_hashes: np.ndarray) -> np.ndarray:
        if not self.settings.word_bigrams or len(word_hashes) < 2:
            return np.empty(0, dtype=np.int64)
        h = word_hashes.astype(np.uint64)
        bigrams = (h[:-1] * _BIGRAM_MIX) ^ (h[1:] + np.uint64(0x7F4A7C15))
        return (bigrams % np.uint64(self.settings.n_features)).astype(np.int64)

    def _indices(self, text: str) -> np.ndarray:
        tokens = self.tokens(text)
        if not tokens:
            return np.empty(0, dtype=np.int64)
        entries = [self._word(t) for t in tokens]
        parts = [e[1] for e in entries]
        hashes = np.fromiter((e[0] for e in entries), dtype=np.uint64, count=len(entries))
        parts.append(self.bigram_indices(hashes))
        return np.concatenate(parts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Texts -> a sparse matrix (rows = texts): feature counts divided by the square
        root of the row's total count (so a text of distinct features has unit length)."""
        rows = [self._indices(t) for t in texts]
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        scale = 1.0 / np.sqrt(np.maximum(lengths, 1))
        data = np.repeat(scale, lengths).astype(np.float32)
        matrix = sp.csr_matrix(
            (data, indices, indptr), shape=(len(rows), self.settings.n_features)
        )
        matrix.sum_duplicates()
        return matrix
