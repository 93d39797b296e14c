"""Rebuild the bundled default model from the labelled data shipped in `sentiment/data/`.

    python -m sentiment.build_default                # retrain sentiment/model/
    python -m sentiment.build_default --recalibrate  # keep its weights, calibrate again

Training data (see data/README.md and MODEL_CARD.md): the news-tone train split (weight
12), the passages written in its style (`written.csv` weight 6; `written-train.csv` and
`economy/written-train.csv` weight 2; `written-subtle-train.csv` weight 1), SmSA train
and the IndoLEM training part (both without the texts that overlap an evaluation set);
L2 with C = 2.5. Calibrated on validation data: the
temperature on the news-tone valid split, the article rule's netral margin on the written
article-level validation set (`news-tone/articles-valid.csv`). The same files give the
same features, and the solver runs to convergence (`sentiment.linear.fit_logistic`), so the
order of the rows does not matter; the last digits can still differ between machines
(numpy/BLAS builds), so `--recalibrate` changes only the calibration of the shipped weights.
"""

from __future__ import annotations

import sys

from sentiment.data import read_labelled
from sentiment.linear import LinearModel
from sentiment.registry import BUNDLED_DIR
from sentiment.training import (
    DEFAULT_TRAINING,
    MODEL_NAME,
    VALIDATION_FILE,
    calibrate,
    train_files,
)

VERSION = "2.5.1"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--recalibrate"]:
        model = LinearModel.load(BUNDLED_DIR)
        model.version = VERSION
        calibrate(model, read_labelled(VALIDATION_FILE), source="news-tone/valid.csv")
    elif not args:
        model = train_files(DEFAULT_TRAINING, BUNDLED_DIR, name=MODEL_NAME, version=VERSION)
    else:
        raise SystemExit("usage: python -m sentiment.build_default [--recalibrate]")
    model.info.pop("created", None)
    # Reproducible artefact: no timestamp in the shipped metadata.
    model.save(BUNDLED_DIR)


if __name__ == "__main__":
    main()
