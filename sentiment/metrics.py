"""Evaluation figures over gold and predicted labels: plain functions over plain lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sentiment.labels import LABELS


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    count: int
    accuracy: float
    macro_f1: float
    labels: list[str]  # the labels the macro average runs over
    per_class: dict[str, ClassScores]
    confusion: list[list[int]]  # rows = gold, columns = predicted, in `labels` order

    def to_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "labels": self.labels,
            "per_class": {
                label: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                        "f1": round(s.f1, 4), "support": s.support}
                for label, s in self.per_class.items()
            },
            "confusion": self.confusion,
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(gold: Sequence[str], predicted: Sequence[str]) -> Evaluation:
    """Accuracy, macro-F1 over the labels seen in gold or predictions (in `LABELS` order),
    per-class precision/recall/F1 and the confusion matrix."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    seen = set(gold) | set(predicted)
    labels = [label for label in LABELS if label in seen] + sorted(seen - set(LABELS))
    index = {label: i for i, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        confusion[index[g]][index[p]] += 1
    per_class = {}
    for label, i in index.items():
        tp = confusion[i][i]
        predicted_n = sum(row[i] for row in confusion)
        gold_n = sum(confusion[i])
        precision, recall = _ratio(tp, predicted_n), _ratio(tp, gold_n)
        f1 = _ratio(2 * tp, predicted_n + gold_n)
        per_class[label] = ClassScores(precision, recall, f1, gold_n)
    correct = sum(confusion[i][i] for i in range(len(labels)))
    return Evaluation(
        count=len(gold),
        accuracy=_ratio(correct, len(gold)),
        macro_f1=sum(s.f1 for s in per_class.values()) / len(per_class) if per_class else 0.0,
        labels=labels,
        per_class=per_class,
        confusion=confusion,
    )
