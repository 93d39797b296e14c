"""Hashed word and character n-gram features, fast on article-length texts.

The vector of a text is the l2-normalised count vector of
- word unigrams and bigrams, and
- character n-grams inside each word padded with spaces (like scikit-learn's `char_wb`),
hashed with MurmurHash3 into `n_features` buckets, divided by the square root of the
text's total feature count; plus, when the text carries the target marker
(`sentiment.targets.MARKER`), the words within `target_window` tokens of it as features
of their own ("near the target"), divided by the square root of their count and scaled
by `target_weight`: what is said right next to the institution weighs more. With a tone
lexicon in the settings, a lexicon word also counts as its class's shared feature
(`lex:<label>`) and, near the target, as `nearlex:<label>`. A word's
features are computed once and cached, so long texts cost little more than a dictionary
look-up per word. Everything the featurizer needs is in its JSON settings: a stored model
never executes code when loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import mmh3
import numpy as np
import scipy.sparse as sp

_TOKEN = re.compile(r"\w+|[!?]", re.UNICODE)
MARKER_TOKEN = "_target_"  # sentiment.targets.MARKER as the tokenizer sees it
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
    target_window: int = 0
    target_weight: float = 1.0
    # Tone lexicon (`data/lexicon.txt`): a word of the list also counts as the shared
    # feature of its class, `lex:<label>`. Empty: no lexicon feature (models before 2.1).
    lexicon: dict[str, list[str]] = field(default_factory=dict)

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
        # Multi-word entries ("tepat-waktu") are written with hyphens; only single words
        # can match a token, so those stay for documentation and future use.
        self._lexicon = {word: label for label, words in sorted(self.settings.lexicon.items())
                         for word in words}
        self._lexicon_index = {
            label: (self._hash("lex:" + label) % self.settings.n_features,
                    self._hash("nearlex:" + label) % self.settings.n_features)
            for label in self.settings.lexicon}

    def _hash(self, value: str) -> int:
        # MurmurHash3 (x86, 32 bits, unsigned) of the UTF-8 text: the same numbers as
        # scikit-learn's murmurhash3_32(positive=True), which the models were built with
        # (tests/sentiment/test_features.py), without loading scikit-learn where a process
        # only labels.
        return mmh3.hash(value, self.settings.seed, signed=False)

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
        label = self.lexicon_label(word)
        if label is not None:
            indices.append(self._lexicon_index[label][0])
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

    def lexicon_label(self, word: str) -> str | None:
        """The lexicon class of a word (`-nya` stripped), if it is in the lexicon."""
        label = self._lexicon.get(word)
        if label is None and word.endswith("nya"):
            label = self._lexicon.get(word[:-3])
        return label

    def near_indices(self, word: str) -> list[int]:
        """The buckets of a word seen near the target: its own, plus its lexicon class's
        near-the-target feature when it is a lexicon word (so a tone word said of the
        target weighs apart from one said of another party)."""
        indices = [self._hash("n:" + word) % self.settings.n_features]
        label = self.lexicon_label(word)
        if label is not None:
            indices.append(self._lexicon_index[label][1])
        return indices

    def near_mask(self, is_marker: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Which tokens lie within `target_window` of a marker (the marker itself not),
        never reaching across the end of a text (`ends`: cumulative text lengths)."""
        window = self.settings.target_window
        if not window or not is_marker.any():
            return np.zeros(len(is_marker), dtype=bool)
        positions = np.flatnonzero(is_marker)
        text_of = np.searchsorted(ends, positions, side="right")
        text_start = np.concatenate([[0], ends])[text_of]
        text_end = ends[text_of]
        delta = np.zeros(len(is_marker) + 1, dtype=np.int64)
        np.add.at(delta, np.maximum(positions - window, text_start), 1)
        np.add.at(delta, np.minimum(positions + window + 1, text_end), -1)
        return (np.cumsum(delta[:-1]) > 0) & ~is_marker

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

    def _near_row(self, text: str) -> tuple[np.ndarray, int]:
        """The near-the-target buckets of a text and the number of words near it."""
        tokens = self.tokens(text)
        is_marker = np.asarray([t == MARKER_TOKEN for t in tokens], dtype=bool)
        mask = self.near_mask(is_marker, np.array([len(tokens)]))
        near = [t for t, m in zip(tokens, mask, strict=True) if m]
        indices = [i for t in near for i in self.near_indices(t)]
        return np.asarray(indices, dtype=np.int64), len(near)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Texts -> a sparse matrix (rows = texts): feature counts divided by the square
        root of the row's total count (so a text of distinct features has unit length),
        plus the near-target features scaled the same way on their own."""
        matrix = self._counts([self._indices(t) for t in texts], 1.0)
        if self.settings.target_window:
            near = [self._near_row(t) for t in texts]
            matrix = matrix + self._counts([n[0] for n in near], self.settings.target_weight,
                                           [n[1] for n in near])
            matrix.sum_duplicates()
        return matrix

    def _counts(self, rows: list[np.ndarray], weight: float,
                norms: list[int] | None = None) -> sp.csr_matrix:
        """Rows of bucket indices -> counts times `weight`, divided by the square root of
        `norms` (default: each row's length)."""
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        base = lengths if norms is None else np.asarray(norms, dtype=np.int64)
        scale = weight / np.sqrt(np.maximum(base, 1))
        data = np.repeat(scale, lengths).astype(np.float32)
        matrix = sp.csr_matrix(
            (data, indices, indptr), shape=(len(rows), self.settings.n_features)
        )
        matrix.sum_duplicates()
        return matrix
