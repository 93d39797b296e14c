"""Calibrating a model on validation data: the temperature that makes its probabilities
honest, and the article rule's netral margin that gives the best macro-F1.

Both are fitted on a held-out validation split (never the test split) and stored with the
model, so `[sentiment] margin` need not be set by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar

from sentiment.aggregate import aggregate
from sentiment.labels import LABELS
from sentiment.metrics import evaluate

MARGINS = tuple(round(0.01 * i, 2) for i in range(0, 41))


def fit_temperature(logits: np.ndarray, gold: Sequence[str], classes: Sequence[str]) -> float:
    """The temperature T minimising the negative log-likelihood of softmax(logits / T)."""
    index = np.asarray([list(classes).index(label) for label in gold])

    def nll(log_t: float) -> float:
        scaled = logits / np.exp(log_t)
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(scaled).sum(axis=1))
        return float(np.mean(log_z - scaled[np.arange(len(index)), index]))

    result = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return round(float(np.exp(result.x)), 4)


def choose_margin(probabilities: np.ndarray, gold: Sequence[str]) -> tuple[float, float]:
    """(margin, macro-F1): the article rule's margin with the best macro-F1 on single
    passages (probabilities in `LABELS` order); ties go to the smaller margin."""
    best = (0.0, -1.0)
    for margin in MARGINS:
        predicted = [aggregate([dict(zip(LABELS, row, strict=True))], margin=margin).label
                     for row in probabilities]
        f1 = evaluate(list(gold), predicted).macro_f1
        if f1 > best[1] + 1e-12:
            best = (margin, f1)
    return best
