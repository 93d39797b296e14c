"""The default classifier: multinomial logistic regression over hashed n-grams.

Stored as two files in a folder, neither of which can execute code when loaded:
- `model.json`: name, version, classes, feature settings, training provenance and metrics;
- `weights.npz`: `coef` (classes x n_features, float32, sparse-stored) and `intercept`,
  read with `allow_pickle=False`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pantau.core.errors import InputError
from sentiment.features import MARKER_TOKEN, FeatureSettings, HashedFeaturizer

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
FORMAT = "pantau-linear/1"
DEFAULT_C = 20.0
# The solver runs to convergence: at sklearn's default tolerance (1e-4) lbfgs stopped early
# enough that the order of the training rows alone moved real-news figures by about 0.013
# (MODEL_CARD.md); at 1e-6 every row order gives the same model (to 4 decimals of its
# figures), in about twice the time.
TOLERANCE = 1e-6
MAX_ITERATIONS = 5000


def fit_logistic(features: Any, labels: Sequence[str], *, c: float,
                 sample_weight: Sequence[float] | None = None) -> LogisticRegression:
    """The one fit of the default recipe (the build, retraining and cross-validation):
    multinomial logistic regression, L2 with inverse strength `c`, solved to convergence.
    scikit-learn's solvers are imported here: a process that only labels (the web app, a
    worker) never loads them."""
    from sklearn.linear_model import LogisticRegression
    estimator = LogisticRegression(C=c, max_iter=MAX_ITERATIONS, tol=TOLERANCE)
    return estimator.fit(features, list(labels), sample_weight=None if sample_weight is None
                         else np.asarray(sample_weight))


@dataclass
class LinearModel:
    name: str
    version: str
    classes: list[str]
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,) float32
    settings: FeatureSettings
    info: dict[str, Any] = field(default_factory=dict)
    temperature: float = 1.0  # logits are divided by it (calibration on validation data)

    def __post_init__(self) -> None:
        self._featurizer = HashedFeaturizer(self.settings)
        self._coef_t = np.ascontiguousarray(self.coef.T, dtype=np.float64)
        self._reset_words()

    def _reset_words(self) -> None:
        # One row per word: its summed logits, its near-the-target logits, its feature
        # count and its hash.
        self._word_ids: dict[str, int] = {}
        self._word_table = np.zeros((4096, 2 * len(self.classes) + 2))

    # -- prediction -------------------------------------------------------------------
    def _word_id(self, word: str) -> int:
        """A row of the word table. Linear scores add up, so a word's contribution is
        computed once."""
        word_id = self._word_ids.get(word)
        if word_id is None:
            word_id = len(self._word_ids)
            if word_id == len(self._word_table):
                self._word_table = np.vstack([self._word_table, np.zeros_like(self._word_table)])
            word_hash, indices = self._featurizer.word_features(word)
            row = self._word_table[word_id]
            n_classes = len(self.classes)
            row[:n_classes] = self._coef_t[indices].sum(axis=0)
            if self.settings.target_window:
                row[n_classes:-2] = self._coef_t[self._featurizer.near_indices(word)].sum(axis=0)
            row[-2] = len(indices)
            row[-1] = word_hash
            self._word_ids[word] = word_id
        return word_id

    def _batch_logits(self, texts: Sequence[str]) -> np.ndarray:
        """Logits of many texts with a handful of array operations for the whole batch."""
        n_classes = len(self.classes)
        token_lists = [self._featurizer.tokens(t) for t in texts]
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(texts))
        logits = np.tile(self.intercept.astype(np.float64), (len(texts), 1))
        if not lengths.any():
            return logits
        if len(self._word_ids) >= 300_000:  # bound memory on endless streams
            self._reset_words()
        tokens = list(chain.from_iterable(token_lists))
        ids = list(map(self._word_ids.get, tokens))
        if None in ids:
            ids = [self._word_id(t) if i is None else i for i, t in zip(ids, tokens, strict=True)]
        id_array = np.fromiter(ids, dtype=np.int64, count=len(ids))
        rows = self._word_table[id_array]
        # Every token's logits and feature count, plus its bigram with the next token when
        # both belong to the same text.
        pair_ok = np.ones(len(tokens), dtype=bool)
        ends = np.cumsum(lengths)
        pair_ok[ends[lengths > 0] - 1] = False
        bigrams = self._featurizer.bigram_indices(rows[:, -1].astype(np.uint64))
        per_token = np.concatenate([rows[:, :n_classes], rows[:, -2:-1]], axis=1)
        if len(bigrams):
            valid = pair_ok[:-1]
            per_token[:-1, :n_classes] += np.where(
                valid[:, None], self._coef_t[bigrams], 0.0)
            per_token[:-1, n_classes] += valid
        present = lengths > 0
        starts = (ends - lengths)[present]
        sums = np.add.reduceat(per_token, starts, axis=0)
        logits[present] += sums[:, :n_classes] / np.sqrt(sums[:, n_classes])[:, None]
        marker = self._word_ids.get(MARKER_TOKEN)
        if self.settings.target_window and marker is not None:
            is_marker = id_array == marker
            logits += self._near_logits(is_marker, rows, lengths, ends)
        return logits

    def _near_logits(self, is_marker: np.ndarray, rows: np.ndarray, lengths: np.ndarray,
                     ends: np.ndarray) -> np.ndarray:
        """The near-the-target part: the near logits of the words around each marker,
        divided by the square root of their count, times `target_weight`."""
        n_classes = len(self.classes)
        out = np.zeros((len(lengths), n_classes))
        near = self._featurizer.near_mask(is_marker, ends)
        if not near.any():
            return out
        text_of = np.searchsorted(ends, np.flatnonzero(near), side="right")
        sums = np.zeros((len(lengths), n_classes))
        np.add.at(sums, text_of, rows[near, n_classes : 2 * n_classes])
        counts = np.bincount(text_of, minlength=len(lengths))
        has = counts > 0
        out[has] = self.settings.target_weight * sums[has] / np.sqrt(counts[has])[:, None]
        return out

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Texts -> raw scores before the temperature (rows = texts, columns = `classes`)."""
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float64)
        return self._batch_logits(texts)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Texts -> probabilities (rows = texts, columns = `classes`)."""
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float64)
        logits = self._batch_logits(texts) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        return logits

    # -- training ---------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        name: str,
        version: str,
        sample_weight: Sequence[float] | None = None,
        c: float = DEFAULT_C,
        settings: FeatureSettings | None = None,
        info: dict[str, Any] | None = None,
    ) -> LinearModel:
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise InputError("Data latih harus memuat paling sedikit dua label berbeda.")
        settings = settings or FeatureSettings()
        features = HashedFeaturizer(settings).transform(texts)
        # Fit on the buckets that occur only (an unused bucket's L2-optimal weight is 0),
        # then scatter back: the same solution, much faster on small data.
        used = np.unique(features.indices)
        estimator = fit_logistic(features[:, used], labels, c=c, sample_weight=sample_weight)
        coef = np.zeros((estimator.coef_.shape[0], settings.n_features), dtype=np.float32)
        coef[:, used] = estimator.coef_
        intercept = np.asarray(estimator.intercept_, dtype=np.float32)
        if len(estimator.classes_) == 2:  # binary: sklearn gives one row; make it softmax form
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
        return cls(
            name=name, version=version, classes=[str(c_) for c_ in estimator.classes_],
            coef=coef, intercept=intercept, settings=settings,
            info={**(info or {}), "c": c, "examples": len(texts)},
        )

    # -- storage ----------------------------------------------------------------------
    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        columns = np.flatnonzero(np.any(self.coef != 0, axis=0)).astype(np.int32)
        np.savez_compressed(
            folder / WEIGHTS_FILE,
            columns=columns,
            values=self.coef[:, columns].astype(np.float32),
            intercept=self.intercept.astype(np.float32),
        )
        meta = {
            "format": FORMAT,
            "name": self.name,
            "version": self.version,
            "classes": self.classes,
            "features": self.settings.to_json(),
            "temperature": self.temperature,
            **{k: v for k, v in self.info.items()
               if k not in {"format", "features", "temperature"}},
        }
        (folder / MODEL_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return folder

    @classmethod
    def load(cls, folder: Path) -> LinearModel:
        meta_path = folder / MODEL_FILE
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise InputError(f"Model tidak ditemukan: {meta_path} tidak ada.") from exc
        except json.JSONDecodeError as exc:
            raise InputError(f"Model {meta_path} rusak: {exc}") from exc
        if meta.get("format") != FORMAT:
            raise InputError(
                f"Model {meta_path} berformat '{meta.get('format')}', bukan {FORMAT}."
            )
        settings = FeatureSettings.from_json(meta["features"])
        with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as weights:
            columns = weights["columns"]
            values = weights["values"]
            intercept = weights["intercept"]
        coef = np.zeros((len(meta["classes"]), settings.n_features), dtype=np.float32)
        coef[:, columns] = values
        info = {
            k: v for k, v in meta.items()
            if k not in {"format", "name", "version", "classes", "features", "temperature"}
        }
        return cls(
            name=meta["name"], version=meta["version"], classes=list(meta["classes"]),
            coef=coef, intercept=intercept, settings=settings, info=info,
            temperature=float(meta.get("temperature", 1.0)),
        )
