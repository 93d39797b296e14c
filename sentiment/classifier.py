"""One interface for every classifier backend.

A classifier turns texts into probabilities over the three labels in `LABELS` order
(positif, netral, negatif) and carries the `name` and `version` stored with every label.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sentiment.labels import LABELS
from sentiment.linear import LinearModel


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    probabilities: dict[str, float]

    def to_json(self) -> dict[str, object]:
        return {"label": self.label, "score": round(self.score, 4),
                "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()}}


def predictions_from(probabilities: np.ndarray) -> list[Prediction]:
    result = []
    for row in probabilities:
        best = int(np.argmax(row))
        result.append(Prediction(
            label=LABELS[best], score=float(row[best]),
            probabilities={label: float(p) for label, p in zip(LABELS, row, strict=True)},
        ))
    return result


DEFAULT_MARGIN = 0.1


class Classifier(ABC):
    name: str
    version: str
    # The article rule's netral margin this model was calibrated with (article-level
    # validation data, `sentiment.articles`).
    margin: float = DEFAULT_MARGIN

    @abstractmethod
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Texts -> probabilities, rows = texts, columns = `LABELS` order."""

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return predictions_from(self.predict_proba(list(texts)))


class LinearClassifier(Classifier):
    """The default backend: `sentiment.linear.LinearModel` read from a folder."""

    def __init__(self, model: LinearModel, path: Path | None = None) -> None:
        self.model = model
        self.path = path
        self.name = model.name
        self.version = model.version
        self.margin = float(model.info.get("margin", DEFAULT_MARGIN))
        self._columns = [model.classes.index(lb) if lb in model.classes else -1 for lb in LABELS]

    @classmethod
    def from_folder(cls, folder: Path) -> LinearClassifier:
        return cls(LinearModel.load(folder), folder)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        raw = self.model.predict_proba(list(texts))
        out = np.zeros((len(raw), len(LABELS)))
        for target, column in enumerate(self._columns):
            if column >= 0:
                out[:, target] = raw[:, column]
        return out
