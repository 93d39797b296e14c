"""Pure parts of sentiment: metrics, label spellings, file readers, the article rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.core.errors import InputError
from sentiment.aggregate import aggregate
from sentiment.calibration import choose_margin
from sentiment.data import read_labelled
from sentiment.labels import normalize_label, parse_label
from sentiment.metrics import evaluate
from sentiment.passages import lead, match_texts

FIXTURES = Path(__file__).parent / "fixtures"


def test_metrics_on_a_hand_made_example() -> None:
    gold = ["positif", "positif", "positif", "netral", "netral", "negatif", "negatif", "negatif"]
    pred = ["positif", "positif", "netral", "netral", "negatif", "negatif", "negatif", "positif"]
    result = evaluate(gold, pred)
    assert result.count == 8
    assert result.accuracy == pytest.approx(5 / 8)
    # positif: tp 2, predicted 3, gold 3 -> p 2/3 r 2/3 f1 2/3
    # netral: tp 1, predicted 2, gold 2 -> 1/2 each
    # negatif: tp 2, predicted 3, gold 3 -> 2/3 each
    assert result.per_class["positif"].precision == pytest.approx(2 / 3)
    assert result.per_class["netral"].recall == pytest.approx(1 / 2)
    assert result.per_class["negatif"].f1 == pytest.approx(2 / 3)
    assert result.per_class["negatif"].support == 3
    assert result.macro_f1 == pytest.approx((2 / 3 + 1 / 2 + 2 / 3) / 3)
    assert result.labels == ["positif", "netral", "negatif"]
    assert result.confusion == [[2, 1, 0], [0, 1, 1], [1, 0, 2]]
    assert result.to_json()["confusion"] == result.confusion


def test_metrics_binary_gold_counts_netral_predictions_as_errors() -> None:
    result = evaluate(["positif", "negatif"], ["netral", "negatif"])
    assert result.labels == ["positif", "netral", "negatif"]
    assert result.per_class["positif"].f1 == 0.0
    assert result.accuracy == 0.5


@pytest.mark.parametrize(
    ("spelling", "label"),
    [("positive", "positif"), ("POSITIF", "positif"), ("neutral", "netral"), (" Netral ", "netral"),
     ("negative", "negatif"), ("neg", "negatif"), ("bagus", None)],
)
def test_label_spellings(spelling: str, label: str | None) -> None:
    assert normalize_label(spelling) == label


def test_unknown_label_is_an_indonesian_input_error() -> None:
    with pytest.raises(InputError, match="tidak dikenal"):
        parse_label("bagus")


def test_read_csv_with_header_and_english_labels() -> None:
    examples = read_labelled(FIXTURES / "tiny-eval.csv")
    assert [e.label for e in examples] == ["positif", "negatif", "netral", "negatif", "positif"]
    assert examples[0].text.startswith("Pelayanan Dukcapil")


def test_read_tsv_without_header() -> None:
    examples = read_labelled(FIXTURES / "tiny-eval.tsv")
    assert [e.label for e in examples] == ["positif", "negatif", "netral"]
    assert examples[2].text == "jadwal sidang di PN Jaksel ditunda ke pekan depan"


def test_read_tsv_by_content_when_the_extension_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("bagus sekali\tpositive\njelek\tnegatif\n", encoding="utf-8")
    assert [e.label for e in read_labelled(path)] == ["positif", "negatif"]


def test_bad_rows_are_reported_with_file_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('text,label\n"oke",positif\n"hmm",bagus\n"",netral\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_labelled(path)
    message = str(info.value)
    assert "baris 3 kolom label: 'bagus'" in message
    assert "baris 4 kolom text: teks kosong" in message


def test_csv_without_label_column(tmp_path: Path) -> None:
    path = tmp_path / "nolabel.csv"
    path.write_text("text,sentimen\nhalo,positif\n", encoding="utf-8")
    with pytest.raises(InputError, match="tidak ada kolom: label"):
        read_labelled(path)


def test_tsv_row_without_tab(tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("bagus\tpositive\ntanpa tab\n", encoding="utf-8")
    with pytest.raises(InputError, match="baris 2: tidak ada tab"):
        read_labelled(path)


def _p(pos: float, neu: float, neg: float) -> dict[str, float]:
    return {"positif": pos, "netral": neu, "negatif": neg}


@pytest.mark.parametrize(
    ("passages", "label"),
    [
        ([_p(0.8, 0.1, 0.1)], "positif"),
        ([_p(0.1, 0.1, 0.8), _p(0.2, 0.6, 0.2)], "negatif"),
        # a critical core among factual passages: the factual ones do not vote
        ([_p(0.05, 0.9, 0.05), _p(0.1, 0.3, 0.6), _p(0.05, 0.9, 0.05), _p(0.1, 0.85, 0.05)],
         "negatif"),
        ([_p(0.9, 0.05, 0.05), _p(0.05, 0.05, 0.9)], "netral"),  # praise = criticism
        ([_p(0.45, 0.4, 0.15)], "positif"),  # toned: 0.45 vs 0.15 leads by 0.3
        ([_p(0.42, 0.2, 0.38)], "netral"),  # toned, but 0.42 vs 0.38 is below the margin
        ([_p(0.1, 0.8, 0.1), _p(0.3, 0.4, 0.3), _p(0.1, 0.8, 0.1)], "netral"),  # none toned
    ],
)
def test_article_rule(passages: list[dict[str, float]], label: str) -> None:
    tone = aggregate(passages, margin=0.1)
    assert tone.label == label
    assert tone.probabilities["netral"] == pytest.approx(
        sum(p["netral"] for p in passages) / len(passages))


def test_article_score_is_the_toned_passages_mean_of_the_label() -> None:
    tone = aggregate([_p(0.05, 0.9, 0.05), _p(0.1, 0.3, 0.6), _p(0.1, 0.2, 0.7)], margin=0.1)
    assert (tone.label, tone.score) == ("negatif", pytest.approx(0.65))
    tone = aggregate([_p(0.1, 0.8, 0.1)], margin=0.1)
    assert (tone.label, tone.score) == ("netral", pytest.approx(0.8))


def test_margin_zero_decides_every_imbalance_but_not_a_tie() -> None:
    assert aggregate([_p(0.42, 0.2, 0.38)], margin=0.0).label == "positif"
    assert aggregate([_p(0.5, 0.0, 0.5)], margin=0.0).label == "netral"


def test_margin_is_chosen_on_articles_ties_go_to_the_middle() -> None:
    mixed = [_p(0.55, 0.05, 0.4)]  # toned positif, lead 0.15
    margin, f1 = choose_margin([mixed, [_p(0.1, 0.1, 0.8)]], ["netral", "negatif"])
    # every margin above 0.15 gets both right: the middle of 0.16-0.40
    assert f1 == pytest.approx(1.0) and margin == pytest.approx(0.28)


def test_match_texts_prefer_passages_then_title_and_lead() -> None:
    assert match_texts([" a ", "", "b"], "Judul", "Isi.", None) == ["a", "b"]
    body = "Kalimat satu. Kalimat dua! Kalimat tiga."
    assert match_texts([], "Judul", body, None) == ["Judul Kalimat satu. Kalimat dua!"]
    assert match_texts(None, "", "", "Ringkasan.") == ["Ringkasan."]
    assert match_texts([], "", "", None) == []
    assert lead("Satu. Dua. Tiga.", 1) == "Satu."
