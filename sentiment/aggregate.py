"""From passage scores to the article's label (the rule in docs/labelling-guide.md,
"From passages to the article's label").

1. Each passage that mentions the institution gets class probabilities.
2. A passage is *toned* when its most likely class is positif or negatif; the other
   passages are factual context and do not vote.
3. No toned passage: the article is `netral`.
4. Otherwise the mean positif and the mean negatif probability over the toned passages
   are compared: the larger one is the label, unless its lead is below `margin` (praise
   and criticism weigh about the same: `netral`, guide rule 8).
5. The score is that mean probability of the chosen label over the toned passages (for
   `netral`: the mean netral probability over all passages).

The mean over all passages (the rule before model 2.2.0) let the factual sentences around
a critical core pull a criticised story to netral; this rule was chosen on the written
article-level validation set (`sentiment.articles`), see the model card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sentiment.labels import LABELS


@dataclass(frozen=True)
class ArticleTone:
    label: str
    score: float
    probabilities: dict[str, float]  # the mean over all the article's passages


def _top(probabilities: dict[str, float]) -> str:
    return max(LABELS, key=lambda label: probabilities.get(label, 0.0))


def aggregate(passages: Sequence[dict[str, float]], *, margin: float = 0.1) -> ArticleTone:
    """Passage probabilities ({label: p}) -> the article's tone."""
    if not passages:
        raise ValueError("at least one passage is needed")
    mean = {label: sum(p.get(label, 0.0) for p in passages) / len(passages) for label in LABELS}
    toned = [p for p in passages if _top(p) != "netral"]
    if toned:
        positive = sum(p.get("positif", 0.0) for p in toned) / len(toned)
        negative = sum(p.get("negatif", 0.0) for p in toned) / len(toned)
        if positive != negative and abs(positive - negative) >= margin:
            label = "positif" if positive > negative else "negatif"
            return ArticleTone(label, max(positive, negative), mean)
    return ArticleTone("netral", mean["netral"], mean)
