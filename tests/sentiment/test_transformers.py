"""The transformers backend end to end with a tiny BERT built here (no download)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

torch = pytest.importorskip("torch", reason="torch tidak terpasang (extra [transformers])")
transformers = pytest.importorskip("transformers", reason="transformers tidak terpasang")
tokenizers = pytest.importorskip("tokenizers", reason="tokenizers tidak terpasang")

from collectors.models import Match, Mention, Profile  # noqa: E402
from pantau.config import get_config  # noqa: E402
from pantau.core.errors import ConfigError  # noqa: E402
from sentiment.api import label_pending  # noqa: E402
from sentiment.models import SentimentLabel  # noqa: E402
from sentiment.transformers_backend import TransformersClassifier  # noqa: E402

TRAIN = [
    ("pelayanan bagus cepat ramah", 2), ("petugas ramah bagus sekali", 2),
    ("bantuan cepat bagus", 2), ("pelayanan buruk lambat pungli", 0),
    ("petugas kasar buruk sekali", 0), ("antrean lambat buruk", 0),
    ("rapat koordinasi digelar senin", 1), ("jadwal sidang pekan depan", 1),
    ("data dicatat bulan ini", 1),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    folder = tmp_path_factory.mktemp("tiny-bert")
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(
        [t for t, _ in TRAIN] * 3,
        trainers.WordLevelTrainer(special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]"]),
    )
    from tokenizers.processors import TemplateProcessing

    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", model_max_length=64,
    )
    torch.manual_seed(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: one thread is fastest on a busy machine
    config = transformers.BertConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=1,
        num_attention_heads=2, intermediate_size=64, max_position_embeddings=64,
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
        num_labels=3, id2label={0: "NEG", 1: "NEU", 2: "POS"},
        label2id={"NEG": 0, "NEU": 1, "POS": 2},
    )
    model = transformers.BertForSequenceClassification(config)
    batch = fast([t for t, _ in TRAIN], padding=True, return_tensors="pt")
    labels = torch.tensor([y for _, y in TRAIN])
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    model.train()
    for _ in range(150):
        optimizer.zero_grad()
        model(**batch, labels=labels).loss.backward()
        optimizer.step()
    torch.set_num_threads(threads)
    model.save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


LABEL_MAP = {"NEG": "negatif", "NEU": "netral", "POS": "positif"}


@pytest.mark.slow
def test_predicts_and_maps_labels(tiny_model: Path) -> None:
    classifier = TransformersClassifier(str(tiny_model), label_map=LABEL_MAP, device="cpu",
                                        batch_size=2, max_length=32)
    labels = [p.label for p in classifier.predict(
        ["pelayanan bagus cepat", "petugas buruk lambat", "rapat digelar senin"])]
    assert labels == ["positif", "negatif", "netral"]
    assert classifier.name == str(tiny_model)


@pytest.mark.slow
def test_long_texts_are_read_in_windows(tiny_model: Path) -> None:
    classifier = TransformersClassifier(str(tiny_model), label_map=LABEL_MAP, device="cpu",
                                        batch_size=4, max_length=8)
    long_text = " ".join(["pelayanan bagus cepat ramah"] * 30)
    encoded, owners = classifier._windows([long_text, "buruk"])
    assert owners.count(0) > 5 and owners.count(1) == 1
    probabilities = classifier.predict_proba([long_text, "buruk", ""])
    assert probabilities.shape == (3, 3)
    assert probabilities.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0])
    assert classifier.predict([long_text])[0].label == "positif"


@pytest.mark.slow
def test_label_names_are_recognised_or_mapped(tiny_model: Path) -> None:
    # NEG/NEU/POS are known spellings: no label_map needed.
    classifier = TransformersClassifier(str(tiny_model), device="cpu")
    assert classifier.columns == [2, 1, 0]  # NEG -> negatif, NEU -> netral, POS -> positif
    with pytest.raises(ConfigError, match="label_map"):
        TransformersClassifier(str(tiny_model), label_map={"NEG": "jelek"}, device="cpu")


def test_missing_model_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tidak dapat dimuat"):
        TransformersClassifier(str(tmp_path / "tidak-ada"), device="cpu")


@pytest.mark.slow
def test_configured_backend_labels_stored_matches(
    tiny_model: Path, session: Session, write_config, cli_runner  # type: ignore[no-untyped-def]
) -> None:
    write_config(
        '[sentiment]\nbackend = "transformers"\n'
        f"model = {json.dumps(str(tiny_model))}\n"
        'label_map = { NEG = "negatif", NEU = "netral", POS = "positif" }\n'
        'device = "cpu"\nbatch_size = 2\nmax_length = 16\n'
    )
    profile = Profile(name="uji", query="pelayanan")
    session.add(profile)
    session.flush()
    mention = Mention(url_key="https://contoh.id/1", title="judul", text="isi",
                      published_at=datetime(2026, 5, 1, tzinfo=UTC),
                      content_hash=hashlib.sha256(b"1").hexdigest())
    session.add(mention)
    session.flush()
    match = Match(mention_id=mention.id, profile_id=profile.id,  # type: ignore[arg-type]
                  passages=["pelayanan buruk lambat pungli", "petugas kasar buruk"])
    session.add(match)
    session.commit()
    assert label_pending(session, sentiment=get_config().sentiment) == 1
    session.commit()
    row = session.exec(select(SentimentLabel)).one()
    assert row.model_label == "negatif"
    assert row.model_name == str(tiny_model)
    assert row.model_version
    assert len(row.evidence) == 2

    out = cli_runner(["sentiment", "predict", "--json"], input="pelayanan bagus cepat\n").output
    assert json.loads(out)["label"] == "positif"
