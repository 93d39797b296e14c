"""Calibrating a model on validation data: the temperature that makes its passage
probabilities honest (fitted on the news-tone valid split), and the article rule's netral
margin that gives the best article-level macro-F1 (chosen on the written article-level
validation set, `sentiment.articles`).

Both are fitted on validation data (never a test split, never the demo's sample) and
stored with the model, so `[sentiment] margin` need not be set by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar

from sentiment.aggregate import aggregate
from sentiment.metrics import evaluate

MARGINS = tuple(round(0.01 * i, 2) for i in range(0, 41))
Passages = Sequence[dict[str, float]]


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


def choose_margin(articles: Sequence[Passages], gold: Sequence[str]) -> tuple[float, float]:
    """(margin, macro-F1): the article rule's margin with the best macro-F1 over articles
    (each a list of passage probabilities); when several margins tie, the middle one of
    them (not an edge of the range that happens to fit)."""
    scores = [(margin, evaluate(list(gold), [aggregate(a, margin=margin).label
                                             for a in articles]).macro_f1)
              for margin in MARGINS]
    best = max(f1 for _, f1 in scores)
    tied = [margin for margin, f1 in scores if f1 > best - 1e-12]
    return tied[len(tied) // 2], best
