"""Rebuild the bundled default model from the project's own corpora.

    python -m sentiment.corpus.generate     # (optional) rewrite corpus/pantau-id.csv
    python -m sentiment.build_default       # retrain sentiment/model/ from corpus/

Training data: corpus/pantau-id.csv (the house corpus, generated) and
corpus/smsa-train.tsv (SmSA train, Apache-2.0; see MODEL_CARD.md). Deterministic: the
same files give the same weights.
"""

from __future__ import annotations

from sentiment.registry import BUNDLED_DIR
from sentiment.training import DEFAULT_CORPORA, MODEL_NAME, train_files

VERSION = "1.0.0"


def main() -> None:
    model = train_files(DEFAULT_CORPORA, BUNDLED_DIR, name=MODEL_NAME, version=VERSION)
    model.info.pop("created", None)
    # Reproducible artefact: no timestamp in the shipped metadata.
    model.save(BUNDLED_DIR)


if __name__ == "__main__":
    main()
