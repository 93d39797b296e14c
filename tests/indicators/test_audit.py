"""The audit of the negative share end to end: `pantau sentiment audit draw/status`,
analysts' labels through `pantau sentiment correct --mention`, the estimate in the
indicator's inputs and in the media and indicator reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from indicators.estimate import Stratum, sample_size, stratified_estimate
from pantau.core import db
from pantau.core.audit import AuditEvent
from tests.indicators.helpers import add_mention, add_profile, wib

IKU = str(Path(__file__).parents[2] / "indicators" / "examples"
          / "iku-2023-biro-humas-kementerian-januari.yaml")


def populate(session: Session) -> dict[int, str]:
    """May 2023: 60 model-labelled mentions (36 netral, 14 negatif, 10 positif) of which
    6 netral are truly negative and 4 negatif truly netral, plus 5 analyst labels; returns
    the truth of each model-labelled mention."""
    pid = add_profile(session, "instansi")
    truth: dict[int, str] = {}
    for i in range(60):
        model = "netral" if i < 36 else "negatif" if i < 50 else "positif"
        true = "negatif" if i < 6 else "netral" if 36 <= i < 40 else model
        mid = add_mention(session, pid, wib(2023, 5, 1 + i % 28), model=model,
                          passages=[f"Kalimat bukti nomor {i} tentang instansi."])
        truth[mid] = true
    for i in range(5):
        add_mention(session, pid, wib(2023, 5, 3), model="netral",
                    human="negatif" if i < 2 else "netral")
    add_mention(session, pid, wib(2023, 6, 3), model="negatif")  # another period
    session.commit()
    return truth


def draw(cli_runner, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def]
    out = cli_runner(["sentiment", "audit", "draw", "--period", "2023-05", "--profile",
                      "instansi", "--json", *extra])
    return json.loads(out.output)


def test_draw_label_and_estimate(cli_runner, session: Session) -> None:  # type: ignore[no-untyped-def]
    truth = populate(session)
    items = draw(cli_runner, "--size", "30", "--seed", "7", "--by", "ana")
    assert len(items) == 30
    assert {tuple(sorted(i)) for i in items} == {("match_id", "mention_id", "model_label")}
    assert {i["mention_id"] for i in items} <= set(truth)  # never a human-labelled one
    by_label = {lab: sum(i["model_label"] == lab for i in items)
                for lab in ("positif", "netral", "negatif")}
    assert min(by_label.values()) >= 10 - 1 and sum(by_label.values()) == 30
    for i in items:
        assert truth[i["mention_id"]] in ("positif", "netral", "negatif")
    # Asking again gives the stored sample; a new draw with the same seed the same mentions.
    assert draw(cli_runner) == items
    assert sorted(map(str, draw(cli_runner, "--new", "--seed", "7", "--size", "30"))) == \
        sorted(map(str, items))

    status = json.loads(cli_runner(["sentiment", "audit", "status", "--period", "2023-05",
                                    "--profile", "instansi", "--json"]).output)
    assert status["sample"] == 30 and status["audited"] == 0
    assert status["negative_share_estimate"] is None and status["ci95"] is None
    # Model count: 14 negatif + 2 analysts' negatives of 65.
    assert status["negative_share_model"] == pytest.approx(round(16 / 65 * 100, 2))

    for i in items:
        cli_runner(["sentiment", "correct", str(i["mention_id"]), truth[i["mention_id"]],
                    "--mention", "--by", "ana"])
    status = json.loads(cli_runner(["sentiment", "audit", "status", "--period", "2023-05",
                                    "--profile", "instansi", "--json"]).output)
    assert status["audited"] == 30
    strata = [Stratum(lab, n, [truth[i["mention_id"]] for i in items
                               if i["model_label"] == lab])
              for lab, n in (("netral", 36), ("negatif", 14), ("positif", 10))]
    expected = stratified_estimate(strata, known_negative=2, known_total=5)
    assert expected is not None
    assert status["negative_share_estimate"] == pytest.approx(round(expected.share * 100, 2))
    low, high = status["ci95"]
    assert low < status["negative_share_estimate"] < high
    assert low >= 0 and high <= 100
    assert set(status["precision"]) == set(status["recall"]) == {"positif", "netral", "negatif"}
    assert status["precision"]["positif"] == 1.0
    text = cli_runner(["sentiment", "audit", "status", "--period", "2023-05", "--profile",
                       "instansi"]).output
    assert "Perkiraan terkoreksi" in text and "selang kepercayaan 95%" in text

    with Session(db.get_engine()) as s:
        actions = {e.action for e in s.exec(select(AuditEvent))}
    assert {"audit.draw", "label.correct"} <= actions

    # The indicator carries the estimate; both reports print it.
    cli_runner(["plan", "import", IKU])
    values = json.loads(cli_runner(["indicators", "compute", "--year", "2023", "--period",
                                    "2023-05", "--json"]).output)
    neg = next(v for v in values if v["source"] == "negative_share")
    assert "perkiraan_terkoreksi" in neg["inputs"], json.dumps(neg["inputs"])
    assert neg["inputs"]["perkiraan_terkoreksi"] == status["negative_share_estimate"]
    assert neg["inputs"]["selang_95"] == status["ci95"]
    assert neg["inputs"]["audit_pemberitaan"] == 30
    out = Path("laporan")
    cli_runner(["report", "indicators", "--year", "2023", "--period", "2023-05", "--format",
                "html", "--out", str(out)])
    cli_runner(["report", "media", "--kind", "bulanan", "--date", "2023-05-31", "--format",
                "html", "--out", str(out)])
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "perkiraan terkoreksi" in html and "audit 30 pemberitaan" in html, page.name


def test_draw_refuses_what_it_cannot_do(cli_runner, session: Session) -> None:  # type: ignore[no-untyped-def]
    populate(session)
    result = cli_runner(["sentiment", "audit", "draw", "--period", "2023-01"], expect_ok=False)
    assert "Galat:" in result.output and "Tidak ada pemberitaan berlabel model" in result.output
    result = cli_runner(["sentiment", "audit", "status", "--period", "2023-05"],
                        expect_ok=False)
    assert "Belum ada sampel audit" in result.output
    result = cli_runner(["sentiment", "audit", "draw", "--period", "2023-05", "--size", "0"],
                        expect_ok=False)
    assert "Ukuran sampel audit" in result.output
    # Default size: chosen for the target margin (with the finite-population correction).
    assert len(draw(cli_runner)) == sample_size({"netral": 36, "negatif": 14, "positif": 10},
                                                known_total=5) == 37


def test_review_queue_on_the_command_line(cli_runner, session: Session) -> None:  # type: ignore[no-untyped-def]
    pid = add_profile(session, "instansi")
    sure = add_mention(session, pid, wib(2023, 5, 2), model="netral", passages=["Yakin."])
    doubtful = add_mention(session, pid, wib(2023, 5, 2), model="positif",
                           passages=["Ragu-ragu."])
    from sentiment.models import SentimentLabel

    for row in session.exec(select(SentimentLabel)):
        row.model_score = 0.45 if row.match_id == doubtful else 0.95  # match id = mention id
        session.add(row)
    session.commit()
    listing = json.loads(cli_runner(["sentiment", "review", "--period", "2023-05",
                                     "--json"]).output)
    assert [i["mention_id"] for i in listing["items"]] == [doubtful, sure]
    assert listing["items"][0]["reasons"] == ["model ragu (keyakinan 45%)"]
    out = cli_runner(["sentiment", "review", "--period", "2023-05", "--decide", "--by", "ana"],
                     input="gq").output
    assert "Ragu-ragu." in out and "-> negatif" in out and "1 keputusan disimpan." in out
    left = json.loads(cli_runner(["sentiment", "review", "--json"]).output)
    assert [i["mention_id"] for i in left["items"]] == [sure]
