"""Labelling stored matches, analysts' corrections and retraining, on a real database."""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from collectors.models import Match, Mention, Profile
from pantau.core.errors import InputError, NotFoundError
from sentiment.api import SentimentConfig, correct, label_pending, load_classifier
from sentiment.build_default import VERSION as BUNDLED_VERSION
from sentiment.models import LabelCorrection, SentimentLabel
from sentiment.registry import active_version
from sentiment.training import NEWS_DIR
from tests.sentiment.helpers import write_labelled

DEFAULT = SentimentConfig()


def add_profile(session: Session, name: str = "kemensos") -> Profile:
    profile = Profile(name=name, query='"Kementerian Sosial" OR Kemensos',
                      institution="Kementerian Sosial")
    session.add(profile)
    session.flush()
    return profile


def add_mention(
    session: Session,
    profile: Profile,
    *,
    title: str,
    text: str = "",
    passages: list[str] | None = None,
    published: datetime = datetime(2026, 5, 2, 3, 0, tzinfo=UTC),
    group: int | None = None,
    media_type: str = "online",
) -> Match:
    key = f"https://contoh.id/{hashlib.sha1((title + text + str(group)).encode()).hexdigest()}"
    mention = Mention(url_key=key, url=key, title=title, text=text, published_at=published,
                      media_type=media_type, content_hash=hashlib.sha256(key.encode()).hexdigest())
    session.add(mention)
    session.flush()
    mention.duplicate_group = group if group is not None else mention.id
    match = Match(mention_id=mention.id, profile_id=profile.id, passages=passages or [],  # type: ignore[arg-type]
                  matched_terms=["Kemensos"])
    session.add(match)
    session.flush()
    return match


def label_of(session: Session, match: Match) -> SentimentLabel:
    row = session.exec(select(SentimentLabel).where(SentimentLabel.match_id == match.id)).one()
    session.refresh(row)
    return row


def test_a_social_media_post_is_read_whole(session: Session) -> None:
    """A post's sentences carry each other's tone (sarcasm: the guide's rule 9): a post is
    also read whole, one more passage beside its sentences that name the institution;
    news, and a post too long to be read as one, are read by those sentences only."""
    profile = add_profile(session)
    text = "Bansos telat tiga bulan lagi? Kemensos memang hebat ya. #bansos"
    stored = ["Kemensos memang hebat ya."]
    post = add_mention(session, profile, title=text[:40] + "…", text=text, passages=stored,
                       media_type="media sosial")
    news = add_mention(session, profile, title="Bansos", text=text, passages=stored)
    long_text = text + " Antrean mengular." * 80  # 170 words
    long_post = add_mention(session, profile, title="", text=long_text, passages=stored,
                            media_type="media sosial")
    session.commit()
    assert label_pending(session, sentiment=DEFAULT) == 3
    assert [e["passage"] for e in label_of(session, post).evidence] == [*stored, text]
    assert [e["passage"] for e in label_of(session, news).evidence] == stored
    assert [e["passage"] for e in label_of(session, long_post).evidence] == stored


def test_label_pending_stores_label_evidence_and_model(session: Session) -> None:
    profile = add_profile(session)
    negative = add_mention(
        session, profile, title="Sorotan bansos",
        text="Panjang sekali. Kalimat yang tidak menyebut institusi.",
        passages=["KPK menetapkan pejabat Kemensos sebagai tersangka korupsi bansos.",
                  "Ombudsman menemukan maladministrasi penyaluran bansos oleh Kemensos."],
    )
    fallback = add_mention(
        session, profile, title="Kemensos salurkan bantuan cepat untuk korban banjir",
        text="Warga mengapresiasi Kemensos yang menyalurkan sembako kurang dari 24 jam. "
             "Bantuan tiba sore hari. Kalimat ketiga tidak ikut.",
    )
    session.commit()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))

    assert label_pending(session, sentiment=DEFAULT, progress=progress) == 2
    session.commit()
    assert calls[-1] == (2, 2)

    row = label_of(session, negative)
    assert row.model_label == "negatif"
    assert row.model_name == "pantau-linear-id" and row.model_version == BUNDLED_VERSION
    assert row.labelled_at is not None and 0.33 < (row.model_score or 0) <= 1
    assert [e["passage"] for e in row.evidence] == negative.passages
    assert all(e["label"] == "negatif" and set(e["probabilities"]) == {"positif", "netral",
                                                                       "negatif"}
               for e in row.evidence)
    assert row.human_label is None

    row = label_of(session, fallback)
    assert row.model_label == "positif"
    assert row.evidence[0]["passage"] == (
        "Kemensos salurkan bantuan cepat untuk korban banjir Warga mengapresiasi Kemensos "
        "yang menyalurkan sembako kurang dari 24 jam. Bantuan tiba sore hari.")

    # Idempotent: nothing pending any more.
    assert label_pending(session, sentiment=DEFAULT) == 0


def test_since_and_relabel(session: Session) -> None:
    profile = add_profile(session)
    old = add_mention(session, profile, title="Kemensos menggelar rapat koordinasi",
                      published=datetime(2026, 1, 5, tzinfo=UTC))
    new = add_mention(session, profile, title="Kemensos menggelar rapat evaluasi",
                      published=datetime(2026, 5, 5, tzinfo=UTC))
    session.commit()
    assert label_pending(session, sentiment=DEFAULT, since=datetime(2026, 5, 1, tzinfo=UTC)) == 1
    session.commit()
    assert session.exec(select(SentimentLabel).where(SentimentLabel.match_id == old.id)).first() \
        is None
    first_time = label_of(session, new).labelled_at
    assert label_pending(session, sentiment=DEFAULT) == 1  # the older one
    assert label_pending(session, sentiment=DEFAULT, relabel=True) == 2
    session.commit()
    assert label_of(session, new).labelled_at >= first_time  # type: ignore[operator]


def test_human_label_is_never_overwritten(session: Session) -> None:
    profile = add_profile(session)
    match = add_mention(session, profile, title="x",
                        passages=["KPK menetapkan pejabat Kemensos sebagai tersangka korupsi."])
    session.commit()
    label_pending(session, sentiment=DEFAULT)
    assert correct(session, match_id=match.id, label="netral", by="Sari") == 1  # type: ignore[arg-type]
    session.commit()
    label_pending(session, sentiment=DEFAULT, relabel=True)
    session.commit()
    row = label_of(session, match)
    assert row.model_label == "negatif"
    assert (row.human_label, row.human_by) == ("netral", "Sari")


def test_correction_applies_to_the_duplicate_group_and_is_recorded(session: Session) -> None:
    profile = add_profile(session)
    other_profile = add_profile(session, "polri")
    original = add_mention(session, profile, title="Kemensos dikritik lamban",
                           passages=["Kemensos dikritik lamban menangani korban banjir."])
    group = session.get(Mention, original.mention_id).duplicate_group  # type: ignore[union-attr]
    reprint = add_mention(session, profile, title="Kemensos dikritik lamban (salinan)",
                          passages=["Kemensos dikritik lamban menangani korban banjir."],
                          group=group)
    other_story = add_mention(session, profile, title="Kemensos rapat",
                              passages=["Kemensos menggelar rapat."])
    # The same reprint matched by another profile: a different profile's tone, untouched.
    foreign = Match(mention_id=reprint.mention_id, profile_id=other_profile.id,  # type: ignore[arg-type]
                    passages=["Kemensos dikritik lamban."])
    session.add(foreign)
    session.commit()
    label_pending(session, sentiment=DEFAULT)
    session.commit()
    model_before = label_of(session, original).model_label

    changed = correct(session, match_id=reprint.id, label="positive", by="Budi",  # type: ignore[arg-type]
                      note="Isi berita memuji respons cepat")
    session.commit()
    assert changed == 2
    for match in (original, reprint):
        row = label_of(session, match)
        assert (row.human_label, row.human_by) == ("positif", "Budi")
        assert row.human_at is not None
    assert label_of(session, other_story).human_label is None
    assert label_of(session, foreign).human_label is None
    history = session.exec(select(LabelCorrection).order_by(LabelCorrection.id)).all()  # type: ignore[arg-type]
    assert {h.match_id for h in history} == {original.id, reprint.id}
    assert all(h.old_label == model_before and h.new_label == "positif" and
               h.corrected_by == "Budi" and h.note == "Isi berita memuji respons cepat"
               for h in history)

    # Correcting again to the same label changes nothing; to another label records the old.
    assert correct(session, match_id=original.id, label="positif", by="Budi") == 0  # type: ignore[arg-type]
    assert correct(session, match_id=original.id, label="netral", by="Ani") == 2  # type: ignore[arg-type]
    session.commit()
    last = session.exec(select(LabelCorrection).order_by(LabelCorrection.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None and (last.old_label, last.new_label) == ("positif", "netral")


def test_correction_of_an_unlabelled_match_creates_the_label(session: Session) -> None:
    profile = add_profile(session)
    match = add_mention(session, profile, title="Kemensos")
    session.commit()
    assert correct(session, match_id=match.id, label="negatif", by="Ani") == 1  # type: ignore[arg-type]
    row = label_of(session, match)
    assert row.model_label is None and row.human_label == "negatif"
    history = session.exec(select(LabelCorrection)).one()
    assert history.old_label is None


def test_correction_errors(session: Session) -> None:
    with pytest.raises(NotFoundError, match="id 999"):
        correct(session, match_id=999, label="positif", by="Ani")
    profile = add_profile(session)
    match = add_mention(session, profile, title="Kemensos")
    with pytest.raises(InputError, match="tidak dikenal"):
        correct(session, match_id=match.id, label="bagus", by="Ani")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="pengoreksi"):
        correct(session, match_id=match.id, label="positif", by=" ")  # type: ignore[arg-type]


def test_cli_label_and_correct_by_mention(session: Session, cli_runner) -> None:  # type: ignore[no-untyped-def]
    profile = add_profile(session)
    match = add_mention(session, profile, title="Kemensos dipuji warga",
                        passages=["Warga mengapresiasi bantuan cepat Kemensos."])
    session.commit()
    result = cli_runner(["sentiment", "label", "--since", "2026-05-01"])
    assert "1 kecocokan diberi label." in result.output
    assert "1/1 kecocokan diproses" in result.output
    result = cli_runner(["sentiment", "correct", str(match.mention_id), "negative", "--mention",
                         "--by", "Ani", "--note", "sindiran"])
    assert "1 kecocokan dikoreksi menjadi negatif" in result.output
    assert label_of(session, match).human_label == "negatif"
    bad = cli_runner(["sentiment", "label", "--since", "kemarin"], expect_ok=False)
    assert "Galat: --since 'kemarin' bukan tanggal" in bad.output


@pytest.mark.slow
def test_retrain_learns_a_correction(session: Session, tmp_path: Path, cli_runner) -> None:  # type: ignore[no-untyped-def]
    base = write_labelled(tmp_path / "base.csv", 150)

    phrase = "program sapa zorbalink kemensos diumumkan hari ini"
    profile = add_profile(session)
    match = add_mention(session, profile, title="x", passages=[phrase])
    session.commit()
    cli_runner(["sentiment", "retrain", "--data", str(base)])  # base model, no corrections
    before = load_classifier(DEFAULT).predict([phrase])[0].label
    target = next(label for label in ("negatif", "positif", "netral") if label != before)

    correct(session, match_id=match.id, label=target, by="Ani")  # type: ignore[arg-type]
    session.commit()
    first_version = active_version()
    result = cli_runner(["sentiment", "retrain", "--data", str(base)])
    assert "1 contoh dari koreksi" in result.output
    assert active_version() != first_version
    classifier = load_classifier(DEFAULT)
    assert classifier.version == active_version()
    assert classifier.predict([phrase])[0].label == target

    listing = cli_runner(["sentiment", "models"]).output
    assert f"* {active_version()}" in listing and first_version in listing
    label_pending(session, sentiment=DEFAULT, relabel=True)
    session.commit()
    row = label_of(session, match)
    assert row.model_version == active_version() and row.model_label == target
    cli_runner(["sentiment", "activate", "bawaan"])
    assert load_classifier(DEFAULT).version == BUNDLED_VERSION


def test_demo_labels_and_lists_matches(session: Session, tmp_path: Path) -> None:
    from sentiment.api import run_sentiment_demo

    profile = add_profile(session)
    add_mention(session, profile, title="Kemensos dipuji",
                passages=["Warga mengapresiasi bantuan cepat Kemensos."])
    session.commit()
    messages: list[str] = []
    [path] = run_sentiment_demo(session, tmp_path, sentiment=DEFAULT, echo=messages.append)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["label"] for r in rows] == ["positif"]
    assert rows[0]["bukti"] == "Warga mengapresiasi bantuan cepat Kemensos."
    assert "1 kecocokan baru dilabeli" in messages[0]


def test_demo_csv_writes_formulas_as_text(session: Session, tmp_path: Path) -> None:
    from sentiment.api import run_sentiment_demo

    add_mention(session, add_profile(session), title='=HYPERLINK("http://contoh.id")',
                passages=["+cmd|' /C calc'!A0"])
    session.commit()
    [path] = run_sentiment_demo(session, tmp_path, sentiment=DEFAULT, echo=lambda _m: None)
    with path.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["judul"] == "'" + '=HYPERLINK("http://contoh.id")'
    assert row["bukti"] == "'+cmd|' /C calc'!A0"


def test_label_pending_judges_tone_toward_each_profile(session: Session) -> None:
    """One story, two monitored institutions: the suspect's ministry gets negatif, the KPK
    that names him does not; each match is labelled toward its own profile's names."""
    story = "KPK menetapkan seorang pejabat Kementan sebagai tersangka suap pengadaan pupuk."
    ministry = Profile(name="kementan", query='Kementan OR "Kementerian Pertanian"',
                       institution="Kementerian Pertanian")
    kpk = Profile(name="kpk", query='KPK', institution="Komisi Pemberantasan Korupsi")
    session.add_all([ministry, kpk])
    session.flush()
    toward_ministry = add_mention(session, ministry, title="x", passages=[story], group=1)
    toward_ministry.matched_terms = ["Kementan"]
    toward_kpk = add_mention(session, kpk, title="y", passages=[story], group=2)
    toward_kpk.matched_terms = ["KPK"]
    session.flush()
    label_pending(session, sentiment=DEFAULT)
    assert label_of(session, toward_ministry).model_label == "negatif"
    assert label_of(session, toward_kpk).model_label != "negatif"
    # the evidence shows the passage as written, not with the marker
    assert label_of(session, toward_kpk).evidence[0]["passage"] == story


@pytest.mark.slow
def test_retrain_keeps_audited_mentions_out_and_logs_held_out_scores(  # type: ignore[no-untyped-def]
        session: Session, tmp_path: Path, cli_runner, pantau_env: Path) -> None:
    from sentiment.models import AuditItem, AuditSample

    base = write_labelled(tmp_path / "base.csv", 150)
    heldout = write_labelled(tmp_path / "uji-kantor.csv", 30)
    profile = add_profile(session)
    corrected = add_mention(session, profile, title="a", passages=["Kemensos dipuji warga."])
    audited = add_mention(session, profile, title="b",
                          passages=["Kemensos dikritik lambat menyalurkan bansos."])
    sample = AuditSample(period="2026-05", seed=1, size=1, basis="all_copies",
                         drawn_by="Ani", strata={"netral": 1})
    session.add(sample)
    session.flush()
    session.add(AuditItem(sample_id=sample.id or 0, match_id=audited.id or 0,
                          mention_id=audited.mention_id, model_label="netral"))
    correct(session, match_id=corrected.id or 0, label="positif", by="Ani")
    correct(session, match_id=audited.id or 0, label="negatif", by="Ani")
    session.commit()
    for _ in range(2):
        out = cli_runner(["sentiment", "retrain", "--data", str(base), "--heldout",
                          str(heldout)]).output
        assert "1 contoh dari koreksi" in out  # the audited mention is not trained on
        assert "Macro-F1 audited mentions (1)" in out and "uji-kantor.csv (30)" in out
    card = (pantau_env / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert card.startswith("# Model card") and card.count("## Retraining log") == 1
    log = card.split("## Retraining log")[1]
    lines = [line for line in log.splitlines() if line.startswith("| 20")]
    assert len(lines) == 2
    assert "(bawaan) | 1 |" in lines[0] and "uji-kantor.csv (30): " in lines[0]
    assert " -> " in lines[1] and "audited mentions (1): " in lines[1]


def test_retrain_log_scores_the_shipped_held_out_splits() -> None:
    from sentiment.retrain_log import heldout_files

    names = [p.relative_to(NEWS_DIR.parent).as_posix() for p in heldout_files()]
    assert names == ["news-tone/test.csv", "smsa/valid.tsv", "indolem/held-out.tsv"]
    assert all(p.is_file() for p in heldout_files())
