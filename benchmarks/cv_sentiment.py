"""Model choice on real news: cross-validation over the news-tone train split, by article.

    python benchmarks/cv_sentiment.py [--add FILE:WEIGHT ...] [--weight FILE:WEIGHT ...]
                                      [--folds 5] [--c C] [--full]

The real toned news passages are few (train 190, valid 36, test 37), so a choice made on
valid alone follows its noise. This tool trains the default recipe (`DEFAULT_TRAINING`
plus any `--add` files; `--weight` changes a default file's weight, 0 drops it) five
times, each time without one fifth of the real train split's article blocks (the same
blocks of 50 sentences that keep the splits apart), and scores the passages left out:
macro-F1 over the pooled out-of-fold predictions, and positif-vs-negatif F1. With
`--full` it also trains once on everything and prints news-tone valid macro-F1 and the
article validation set's macro-F1 at its calibrated margin. `--c` sets the inverse L2
strength (default: the recipe's, `sentiment.training.C`). Never reads a test split.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sentiment.corpus.merge_enriched import block_of  # noqa: E402
from sentiment.data import read_labelled  # noqa: E402
from sentiment.features import HashedFeaturizer  # noqa: E402
from sentiment.linear import fit_logistic  # noqa: E402
from sentiment.metrics import evaluate  # noqa: E402
from sentiment.targets import marked_text  # noqa: E402
from sentiment.training import (  # noqa: E402
    DEFAULT_TRAINING,
    FEATURES,
    NEWS_DIR,
    VALIDATION_FILE,
    C,
    TrainingFile,
    train_files,
)

REAL_TRAIN = NEWS_DIR / "train.csv"


def _file_weight(spec: str) -> TrainingFile:
    path, _, weight = spec.rpartition(":")
    return TrainingFile(Path(path).resolve(), float(weight))


def fold_of(example_id: str, folds: int) -> int:
    prefix, block = block_of(example_id)
    return int(hashlib.sha1(f"{prefix}:{block}".encode()).hexdigest(), 16) % folds


def training_files(add: list[str], weights: list[str]) -> list[TrainingFile]:
    changed = {f.path: f.weight for f in map(_file_weight, weights)}
    files = [TrainingFile(f.path, changed.pop(f.path.resolve(), f.weight))
             for f in DEFAULT_TRAINING]
    if changed:
        raise SystemExit(f"--weight names no default file: {', '.join(map(str, changed))}")
    return [f for f in files if f.weight > 0] + [_file_weight(spec) for spec in add]


def cross_validate(files: list[TrainingFile], folds: int, c: float = C) -> tuple[float, float]:
    texts, labels, weights, fold = [], [], [], []
    for f in files:
        examples = read_labelled(f.path)
        ids = _ids(f.path) if f.path == REAL_TRAIN else [None] * len(examples)
        for example, example_id in zip(examples, ids, strict=True):
            texts.append(marked_text(example.text, example.target))
            labels.append(example.label)
            weights.append(f.weight)
            fold.append(-1 if example_id is None else fold_of(example_id, folds))
    features = HashedFeaturizer(FEATURES).transform(texts)
    y, w, fold_array = np.asarray(labels), np.asarray(weights), np.asarray(fold)
    predicted = np.empty(len(y), dtype=object)
    for k in range(folds):
        train = fold_array != k
        held = fold_array == k
        used = np.unique(features[train].indices)
        estimator = fit_logistic(features[train][:, used], y[train], c=c,
                                 sample_weight=w[train])
        predicted[held] = estimator.predict(features[held][:, used])
    real = fold_array >= 0
    gold, guess = list(y[real]), list(predicted[real])
    toned = [i for i, g in enumerate(gold) if g != "netral"]
    polar = evaluate([gold[i] for i in toned],
                     ["positif" if guess[i] == "positif" else "negatif" for i in toned])
    return evaluate(gold, guess).macro_f1, polar.macro_f1


def _ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def full_model(files: list[TrainingFile], c: float = C) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        model = train_files(files, Path(tmp) / "model", version="cv", c=c,
                            echo=lambda _: None)
    valid = read_labelled(VALIDATION_FILE)
    probabilities = model.predict_proba([marked_text(e.text, e.target) for e in valid])
    guess = [model.classes[i] for i in probabilities.argmax(axis=1)]
    calibration = model.info["calibration"]
    return (evaluate([e.label for e in valid], guess).macro_f1,
            calibration["article_macro_f1"], calibration["margin"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", action="append", default=[], metavar="FILE:WEIGHT")
    parser.add_argument("--weight", action="append", default=[], metavar="FILE:WEIGHT")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=C, help="inverse L2 strength")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)
    files = training_files(args.add, args.weight)
    started = time.perf_counter()
    macro, polar = cross_validate(files, args.folds, args.c)
    print(f"real-news cross-validation ({args.folds} folds by article block): "
          f"macro-F1 {macro:.3f}, positif vs negatif {polar:.3f} "
          f"({time.perf_counter() - started:.0f} s)")
    if args.full:
        valid, articles, margin = full_model(files, args.c)
        print(f"news-tone valid macro-F1 {valid:.3f}; article validation macro-F1 "
              f"{articles:.3f} at margin {margin}")


if __name__ == "__main__":
    main()
