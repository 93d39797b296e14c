"""The demo's sample news, labelled by the default model, against the tones a reviewer
gave every sample story (`collectors/sample/expected-tones.csv`, by the labelling guide).

The first report a head of bureau reads is the demo's daily report: every negative story
of the sample must be found, and no other story may be counted negative. When this test
fails, its message lists each wrong story with the expected and the model's tone.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from collectors.api import (
    collect,
    import_clippings,
    import_sample_broadcast_and_scan,
    sample_sources,
)
from collectors.models import Match, Mention
from pantau.config import get_config
from sentiment.api import label_pending
from sentiment.models import SentimentLabel

EXPECTED = Path(__file__).parents[2] / "collectors" / "sample" / "expected-tones.csv"


def _expected() -> list[dict[str, str]]:
    with EXPECTED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _review_for(mention: Mention, reviews: list[dict[str, str]]) -> dict[str, str] | None:
    for review in reviews:
        key = review["kunci"]
        if review["jenis"] == "artikel" and mention.url and f"/{key}" in mention.url:
            return review
        if review["jenis"] == "mastodon" and key in (mention.url_key or ""):
            return review
        if review["jenis"] == "kliping" and mention.title == key:
            return review
        if review["jenis"] == "instagram" and mention.url_key == f"instagram:{key}":
            return review
        if review["jenis"] == "siaran" and mention.url_key.startswith("siaran:") \
                and mention.title.startswith(key):
            return review
        if review["jenis"] == "pindaian" and mention.url_key.startswith("scan:") \
                and mention.title == key:
            return review
    return None


def test_every_sample_story_has_a_reviewed_tone() -> None:
    rows = _expected()
    assert len(rows) == 24 + 6 + 8 + 3 + 1 + 1  # articles, posts, clippings, Instagram, TV, scan
    assert {r["nada"] for r in rows} <= {"positif", "netral", "negatif", ""}
    assert all(r["alasan"] for r in rows)


# The sample's stories the default model is known to mislabel, by (medium, key) of
# expected-tones.csv, with why. Every other story must be labelled as reviewed; a gap that
# is fixed fails the test until it is taken off this list. (A strict xfail of the whole test
# hid a second, new mislabelled story: the list names each gap.)
KNOWN_GAPS = {
    ("siaran", "Nusantara Pagi"): (
        "issue 14: the TV transcript, reviewed blind as negatif: its only toned part is "
        "residents saying aid has not reached their posts. Its passage is the stretch of air "
        "time around the cues naming the ministry (the visit, the Tagana deployment, the "
        "complaint): netral. The complaint does not name the ministry, and the model does not "
        "yet read it as said of the ministry. Never tuned on this sample."),
}


@pytest.mark.slow
def test_the_default_model_labels_the_sample_as_reviewed(session: Session) -> None:
    reviews = _expected()
    with sample_sources() as sample:  # every medium, as `pantau demo` collects it
        config = sample.apply(get_config(), every_medium=True)
        collect(config=config)
        import_clippings(sample.clippings, profile="kemensos", config=config)
        import_sample_broadcast_and_scan(config, profile="kemensos", day=date(2026, 11, 16),
                                         echo=lambda _: None)
    label_pending(session, sentiment=config.sentiment)
    rows = session.exec(select(Mention, SentimentLabel)
                        .join(Match, Match.mention_id == Mention.id)  # type: ignore[arg-type]
                        .join(SentimentLabel, SentimentLabel.match_id == Match.id)  # type: ignore[arg-type]
                        ).all()
    assert len(rows) >= 30
    unreviewed: list[str] = []
    problems: dict[tuple[str, str], str] = {}
    other: list[str] = []
    media: set[str] = set()
    for mention, label in rows:
        review = _review_for(mention, reviews)
        if review is None or not review["nada"]:
            unreviewed.append(mention.title)
            continue
        media.add(review["jenis"])
        expected, got = review["nada"], label.model_label
        line = f"{mention.title!r}: diharapkan {expected}, model {got} ({review['alasan']})"
        key = (review["jenis"], review["kunci"])
        if got == "negatif" and expected != "negatif":
            problems[key] = f"salah dihitung negatif: {line}"
        elif expected == "negatif" and got != "negatif":
            problems[key] = f"negatif yang terlewat: {line}"
        elif got != expected:
            other.append(line)
    assert not unreviewed, f"stored stories without a reviewed tone: {unreviewed}"
    assert media == {r["jenis"] for r in reviews}, media  # every medium was collected
    new = [text for key, text in problems.items() if key not in KNOWN_GAPS]
    assert not new, (
        "The default model mislabels the demo's sample (known gaps: "
        f"{len(KNOWN_GAPS)}; other differences, not failing: {len(other)}):\n"
        + "\n".join(new + [f"(info) {line}" for line in other]))
    fixed = sorted(set(KNOWN_GAPS) - set(problems))
    assert not fixed, f"labelled as reviewed now: take {fixed} off KNOWN_GAPS"
