"""The default linear model: its artefact, training round trip, tone toward a target and
quality floors on the labelled data shipped in the repository."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from sentiment.articles import article_passages, read_articles
from sentiment.build_default import VERSION as BUNDLED_VERSION
from sentiment.calibration import choose_margin
from sentiment.classifier import LinearClassifier
from sentiment.data import read_labelled
from sentiment.features import FeatureSettings, HashedFeaturizer
from sentiment.linear import LinearModel
from sentiment.metrics import evaluate
from sentiment.registry import BUNDLED_DIR
from sentiment.targets import marked_text
from sentiment.training import DATA_DIR, NEWS_DIR
from tests.sentiment.helpers import labelled_rows

FIXTURES = Path(__file__).parent / "fixtures"


def corpus_sample(n: int) -> tuple[list[str], list[str]]:
    rows = labelled_rows(n)
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
    assert classifier.version == BUNDLED_VERSION
    with np.load(BUNDLED_DIR / "weights.npz", allow_pickle=False) as weights:
        assert all(weights[k].dtype != object for k in weights.files)


def test_fast_scoring_equals_the_sparse_features() -> None:
    model = LinearModel.load(BUNDLED_DIR)
    assert model.settings.target_window > 0
    texts = ["Pelayanan Samsat cepat sekali!", "", "oke", "antre lama bgt bgt bgt di imigrasi ?",
             "!", "oke oke",
             marked_text("Kemensos dinilai lamban, kata warga; Mensos berjanji", "Kemensos"),
             marked_text("Kemensos", "Kemensos"),
             marked_text("a b c d e f g h i j Kemensos k l m n o p q r s t Kemensos", "Kemensos")]
    fast = model.predict_proba(texts)
    features = HashedFeaturizer(model.settings).transform(texts)
    logits = np.asarray(features @ model.coef.T.astype(np.float64)) + model.intercept
    logits /= model.temperature
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


def test_tone_is_toward_the_target() -> None:
    """The same sentence is negatif toward the ministry whose official is named a suspect,
    and not toward the KPK that names him."""
    classifier = LinearClassifier.from_folder(BUNDLED_DIR)
    text = "KPK menetapkan seorang pejabat Kementerian Pertanian sebagai tersangka suap pupuk."
    toward_ministry, toward_kpk = classifier.predict(
        [marked_text(text, "Kementan"), marked_text(text, "Komisi Pemberantasan Korupsi")])
    assert toward_ministry.label == "negatif"
    assert toward_kpk.label != "negatif"


def test_bundled_model_is_calibrated_on_validation_data() -> None:
    model = LinearModel.load(BUNDLED_DIR)
    calibration = model.info["calibration"]
    assert calibration["data"] == "news-tone/valid.csv"
    assert model.temperature == calibration["temperature"] > 0
    # the article rule's margin: chosen on the written article-level validation set
    assert calibration["articles"] == "news-tone/articles-valid.csv"
    assert calibration["article_count"] == len(read_articles())
    assert 0 <= model.info["margin"] == calibration["margin"] <= 0.4


@pytest.mark.slow
def test_bundled_margin_is_the_one_its_article_validation_set_gives() -> None:
    classifier = LinearClassifier.from_folder(BUNDLED_DIR)
    articles = read_articles()
    scored = [[p.probabilities for p in classifier.predict(article_passages(a))]
              for a in articles]
    margin, f1 = choose_margin(scored, [a.label for a in articles])
    assert margin == classifier.margin
    assert round(f1, 4) == classifier.model.info["calibration"]["article_macro_f1"]


def score(path: Path) -> float:
    examples = read_labelled(path)
    predicted = [p.label for p in LinearClassifier.from_folder(BUNDLED_DIR).predict(
        [marked_text(e.text, e.target) for e in examples])]
    return evaluate([e.label for e in examples], predicted).macro_f1


def test_guide_examples_floor() -> None:
    """The guide's own examples, with the institution each is about: most come out right."""
    examples = read_labelled(FIXTURES / "guide-examples.csv")
    predicted = [p.label for p in LinearClassifier.from_folder(BUNDLED_DIR).predict(
        [marked_text(e.text, e.target) for e in examples])]
    assert evaluate([e.label for e in examples], predicted).accuracy >= 0.7


@pytest.mark.parametrize(("path", "floor"), [
    (NEWS_DIR / "test.csv", 0.35),  # measured 2.0.0: see MODEL_CARD.md
    (DATA_DIR / "smsa" / "valid.tsv", 0.80),
    (NEWS_DIR / "written-test.csv", 0.80),  # measured 2.5.1 0.892 (2.5.0 0.895): see MODEL_CARD.md
    (NEWS_DIR / "written-subtle-test.csv", 0.80),  # measured 2.5.1 0.854 (2.5.0 0.870)
    (NEWS_DIR / "written-stretch-test.csv", 0.65),  # measured 2.5.1 0.749 (2.5.0 0.717)
    (DATA_DIR / "economy" / "written-test.csv", 0.80),  # measured 2.5.1 0.847 (2.5.0 0.873)
])
def test_quality_floor(path: Path, floor: float) -> None:
    """Regression guards a little below the measured figures, on held-out data shipped in
    the repository (benchmarks/bench_sentiment.py prints the figures)."""
    assert score(path) >= floor


def test_lexicon_words_share_one_feature_per_class_and_travel_with_the_model(
    tmp_path: Path,
) -> None:
    settings = FeatureSettings(lexicon={"negatif": ["lamban", "pungli"], "positif": ["sigap"]})
    featurizer = HashedFeaturizer(settings)
    negative = featurizer._hash("lex:negatif") % settings.n_features
    assert negative in featurizer.word_features("lamban")[1]
    assert negative in featurizer.word_features("pungli")[1]
    assert negative in featurizer.word_features("lambannya")[1]  # -nya stripped
    assert negative not in featurizer.word_features("sigap")[1]
    assert negative not in HashedFeaturizer(FeatureSettings()).word_features("lamban")[1]
    # A word of the list never seen in training still gets the class's shared weight.
    texts, labels = ["layanan lamban", "layanan sigap", "layanan biasa"] * 3, [
        "negatif", "positif", "netral"] * 3
    model = LinearModel.train(texts, labels, name="t", version="1", settings=settings)
    plain = LinearModel.train(texts, labels, name="t", version="1", settings=FeatureSettings())
    model.save(tmp_path)
    loaded = LinearModel.load(tmp_path)
    assert loaded.settings.lexicon == settings.lexicon
    negatif = loaded.classes.index("negatif")
    with_lexicon = loaded.predict_proba(["layanan pungli"])[0]
    assert with_lexicon[negatif] > with_lexicon[loaded.classes.index("positif")]
    assert with_lexicon[negatif] > plain.predict_proba(["layanan pungli"])[0][negatif] + 0.02
    bundled = LinearModel.load(BUNDLED_DIR).settings.lexicon
    assert len(bundled["positif"]) > 50 and len(bundled["negatif"]) > 100
