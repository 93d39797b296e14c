"""`pantau sentiment` commands through the CLI runner."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.sentiment.helpers import write_labelled

FIXTURES = Path(__file__).parent / "fixtures"


def write_sample(path: Path, n: int = 120) -> Path:
    return write_labelled(path, n)


def test_predict_plain_and_json(cli_runner) -> None:  # type: ignore[no-untyped-def]
    text = ("Warga mengapresiasi Dukcapil yang kini melayani perekaman KTP hingga malam.\n"
            "\n"
            "KPK menetapkan pejabat Kemensos sebagai tersangka korupsi bansos\n")
    # Tone toward Kemensos: its official named a suspect is negatif (the guide's rule 3); the
    # Dukcapil sentence does not name it and is judged as a whole.
    plain = cli_runner(["sentiment", "predict", "--target", "Kemensos"],
                       input=text).output.splitlines()
    assert len(plain) == 2
    assert plain[0].startswith("positif\t")
    assert plain[1].startswith("negatif\t")
    toward_kpk = cli_runner(["sentiment", "predict", "--target", "KPK"], input=text).output
    assert toward_kpk.splitlines()[1].startswith("netral\t")  # the enforcer (rule 6)
    lines = cli_runner(["sentiment", "predict", "--json", "--target", "Kemensos"],
                       input=text).output.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["label"] for o in objects] == ["positif", "negatif"]
    assert objects[1]["text"].startswith("KPK menetapkan")
    assert 0.33 < objects[0]["score"] <= 1.0
    assert set(objects[0]["probabilities"]) == {"positif", "netral", "negatif"}


def test_evaluate_text_and_json(cli_runner) -> None:  # type: ignore[no-untyped-def]
    out = cli_runner(["sentiment", "evaluate", "--data", str(FIXTURES / "tiny-eval.csv")]).output
    assert "Akurasi" in out and "Macro-F1" in out and "Matriks kebingungan" in out
    data = json.loads(cli_runner(
        ["sentiment", "evaluate", "--data", str(FIXTURES / "tiny-eval.tsv"), "--json"]).output)
    assert data["count"] == 3
    assert data["model"] == "pantau-linear-id"
    assert set(data["per_class"]) <= {"positif", "netral", "negatif"}
    assert sum(map(sum, data["confusion"])) == 3
    assert 0.0 <= data["macro_f1"] <= 1.0


def test_evaluate_bad_file_is_a_friendly_error(cli_runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nhalo,mantap\n", encoding="utf-8")
    result = cli_runner(["sentiment", "evaluate", "--data", str(bad)], expect_ok=False)
    assert result.exit_code != 0
    assert "Galat:" in result.output
    assert "baris 2 kolom label" in result.output
    assert "Traceback" not in result.output


def test_train_then_evaluate_with_that_model(cli_runner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = write_labelled(tmp_path / "train.csv")
    out = tmp_path / "model"
    # The fit reports no progress of its own: a message every few seconds (here every
    # millisecond) says it is still going.
    monkeypatch.setattr("pantau.core.heartbeat.EVERY_SECONDS", 0.001)
    trained = cli_runner(["sentiment", "train", "--data", str(data), "--data",
                          str(FIXTURES / "tiny-eval.tsv"), "--out", str(out)]).output
    assert re.search(r"masih melatih\.\.\. \(\d+ dtk\)", trained), trained
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["examples"] == 123
    assert [f["file"] for f in meta["training_data"]] == [str(data),
                                                          str(FIXTURES / "tiny-eval.tsv")]
    assert meta["calibration"]["data"] == "news-tone/valid.csv"
    result = json.loads(cli_runner(["sentiment", "evaluate", "--data", str(data), "--json",
                                    "--model", str(out)]).output)
    assert result["version"] == meta["version"]
    assert result["accuracy"] > 0.95


def test_models_lists_the_bundled_model_as_active(cli_runner) -> None:  # type: ignore[no-untyped-def]
    out = cli_runner(["sentiment", "models"]).output
    assert "* bawaan" in out and "pantau-linear-id" in out


def test_activate_unknown_version(cli_runner) -> None:  # type: ignore[no-untyped-def]
    result = cli_runner(["sentiment", "activate", "r-tidak-ada"], expect_ok=False)
    assert "Galat: Versi model 'r-tidak-ada' tidak ada" in result.output


def test_train_never_overwrites_a_folder_of_other_files(cli_runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    precious = tmp_path / "dokumen"
    precious.mkdir()
    (precious / "laporan.docx").write_text("penting", encoding="utf-8")
    result = cli_runner(["sentiment", "train", "--data", str(FIXTURES / "tiny-eval.tsv"),
                         "--data", str(FIXTURES / "tiny-eval.csv"), "--out", str(precious)],
                        expect_ok=False)
    assert "Galat:" in result.output and "sudah berisi berkas lain" in result.output
    assert (precious / "laporan.docx").read_text(encoding="utf-8") == "penting"


def test_predict_toward_a_target_or_a_profile(cli_runner, write_config) -> None:  # type: ignore[no-untyped-def]
    text = "KPK menetapkan seorang pejabat Kementan sebagai tersangka suap pengadaan pupuk.\n"

    def label(*options: str) -> str:
        line = cli_runner(["sentiment", "predict", "--json", *options], input=text).output
        return str(json.loads(line)["label"])

    assert label("--target", "Kementerian Pertanian") == "negatif"
    assert label("--target", "KPK") != "negatif"
    write_config('[institution]\nname = "Komisi Pemberantasan Korupsi"\n\n'
                 '[[profiles]]\nname = "kpk"\nquery = "KPK"\n\n'
                 '[[profiles]]\nname = "kementan"\nquery = \'Kementan OR "Menteri Pertanian"\'\n'
                 'institution = "Kementerian Pertanian"\n')
    assert label("--profile", "kementan") == "negatif"
    assert label("--profile", "kpk") != "negatif"
    missing = cli_runner(["sentiment", "predict", "--profile", "bpk"], input=text,
                         expect_ok=False)
    assert "Profil 'bpk' tidak ada di konfigurasi" in missing.output
