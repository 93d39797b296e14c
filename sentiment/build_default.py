"""Rebuild the bundled default model from the labelled data shipped in `sentiment/data/`.

    python -m sentiment.build_default       # retrain sentiment/model/

Training data (see data/README.md and MODEL_CARD.md): the news-tone train split and the
passages written in its style (weight 6), SmSA train and the IndoLEM training part (both
without the texts that overlap an evaluation set). Calibrated on the news-tone valid split.
Deterministic: the same files give the same weights.
"""

from __future__ import annotations

from sentiment.registry import BUNDLED_DIR
from sentiment.training import DEFAULT_TRAINING, MODEL_NAME, train_files

VERSION = "2.1.0"


def main() -> None:
    model = train_files(DEFAULT_TRAINING, BUNDLED_DIR, name=MODEL_NAME, version=VERSION)
    model.info.pop("created", None)
    # Reproducible artefact: no timestamp in the shipped metadata.
    model.save(BUNDLED_DIR)


if __name__ == "__main__":
    main()
