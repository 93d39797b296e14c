"""The default linear model: its artefact, training round trip and quality floors."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import numpy as np
import pytest

from sentiment.classifier import LinearClassifier
from sentiment.data import read_labelled
from sentiment.features import HashedFeaturizer
from sentiment.linear import LinearModel
from sentiment.metrics import evaluate
from sentiment.registry import BUNDLED_DIR

REPO = Path(__file__).resolve().parents[2]
# CI keeps `shared/` beside the checkout; a worktree may sit one level deeper.
SHARED = next(
    (p / "shared" / "data" / "sentiment" for p in (REPO.parent, REPO.parent.parent)
     if (p / "shared" / "data" / "sentiment").is_dir()),
    REPO.parent / "shared" / "data" / "sentiment",
)
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = REPO / "sentiment" / "corpus" / "pantau-id.csv"


def corpus_sample(n: int) -> tuple[list[str], list[str]]:
    with CORPUS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:n]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def test_bundled_artifact_is_small_and_loads_without_pickle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = sorted(p.name for p in BUNDLED_DIR.iterdir())
    assert files == ["model.json", "weights.npz"]
    assert sum(p.stat().st_size for p in BUNDLED_DIR.iterdir()) < 25 * 1024 * 1024

    def forbidden(*_a: object, **_k: object) -> None:
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    classifier = LinearClassifier.from_folder(BUNDLED_DIR)
    assert classifier.name == "pantau-linear-id"
    assert classifier.version == "1.0.0"
    with np.load(BUNDLED_DIR / "weights.npz", allow_pickle=False) as weights:
        assert all(weights[k].dtype != object for k in weights.files)


def test_fast_scoring_equals_the_sparse_features() -> None:
    model = LinearModel.load(BUNDLED_DIR)
    texts = ["Pelayanan Samsat cepat sekali!", "", "oke", "antre lama bgt bgt bgt di imigrasi ?",
             "!", "oke oke"]
    fast = model.predict_proba(texts)
    features = HashedFeaturizer(model.settings).transform(texts)
    logits = np.asarray(features @ model.coef.T.astype(np.float64)) + model.intercept
    slow = np.exp(logits - logits.max(axis=1, keepdims=True))
    slow /= slow.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(fast, slow, atol=1e-6)
    np.testing.assert_allclose(fast.sum(axis=1), 1.0)


def test_train_save_load_round_trip(tmp_path: Path) -> None:
    texts, labels = corpus_sample(150)
    model = LinearModel.train(texts, labels, name="uji", version="0.1")
    model.save(tmp_path / "m")
    loaded = LinearModel.load(tmp_path / "m")
    assert loaded.classes == ["negatif", "netral", "positif"]
    np.testing.assert_allclose(loaded.predict_proba(texts[:20]), model.predict_proba(texts[:20]),
                               atol=1e-6)
    accuracy = np.mean([loaded.classes[i] == y for i, y in
                        zip(loaded.predict_proba(texts).argmax(axis=1), labels, strict=True)])
    assert accuracy > 0.95  # it fits its own training data


def test_binary_model_maps_to_three_columns(tmp_path: Path) -> None:
    texts = ["bagus sekali", "mantap jiwa", "jelek sekali", "buruk parah"] * 5
    labels = ["positif", "positif", "negatif", "negatif"] * 5
    model = LinearModel.train(texts, labels, name="biner", version="1")
    classifier = LinearClassifier(model)
    prediction = classifier.predict(["bagus mantap"])[0]
    assert prediction.label == "positif"
    assert prediction.probabilities["netral"] == 0.0


def test_guide_examples_floor() -> None:
    """The guide's own examples (hand-written, not generated): most must come out right."""
    examples = read_labelled(FIXTURES / "guide-examples.csv")
    predicted = [p.label for p in LinearClassifier.from_folder(BUNDLED_DIR).predict(
        [e.text for e in examples])]
    assert evaluate([e.label for e in examples], predicted).accuracy >= 0.7


def test_quality_floor_on_smsa_valid() -> None:
    """Regression guard, well below the 0.80 target (see benchmarks/bench_sentiment.py)."""
    path = SHARED / "smsa" / "valid.tsv"
    if not path.is_file():
        pytest.skip(f"SmSA valid tidak tersedia di {path.resolve()}")
    examples = read_labelled(path)
    predicted = [p.label for p in LinearClassifier.from_folder(BUNDLED_DIR).predict(
        [e.text for e in examples])]
    assert evaluate([e.label for e in examples], predicted).macro_f1 >= 0.6
