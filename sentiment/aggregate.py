"""From passage scores to the article's label (the rule in docs/labelling-guide.md).

1. Each passage that mentions the institution gets class probabilities.
2. The article's probabilities are the mean over its passages.
3. The label is the class with the highest mean probability, except that when the lead
   of the winner over the runner-up is below `margin`, the article is `netral` (a mixed
   or undecided article is not counted as positive or negative coverage).
4. The score is the mean probability of the chosen label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sentiment.labels import LABELS


@dataclass(frozen=True)
class ArticleTone:
    label: str
    score: float
    probabilities: dict[str, float]


def aggregate(passages: Sequence[dict[str, float]], *, margin: float = 0.1) -> ArticleTone:
    """Passage probabilities ({label: p}) -> the article's tone."""
    if not passages:
        raise ValueError("at least one passage is needed")
    mean = {label: sum(p.get(label, 0.0) for p in passages) / len(passages) for label in LABELS}
    ranked = sorted(LABELS, key=lambda label: mean[label], reverse=True)
    winner, runner_up = ranked[0], ranked[1]
    if mean[winner] - mean[runner_up] < margin:
        winner = "netral"
    return ArticleTone(label=winner, score=mean[winner], probabilities=mean)
