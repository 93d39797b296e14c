"""Sentiment's part of `pantau demo`: label the stored matches and list them in a CSV."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, col, select

from collectors.models import Match, Mention
from pantau.core.spreadsheet import write_csv
from sentiment.config import SentimentConfig
from sentiment.labels import LABELS, effective_tone
from sentiment.models import SentimentLabel
from sentiment.service import label_pending

CSV_NAME = "sentimen-kecocokan.csv"
CSV_HEADER = ("id_kecocokan", "judul", "media", "label", "skor", "model", "versi", "bukti")


def run_sentiment_demo(session: Session, out_dir: Path, *, sentiment: SentimentConfig,
                       echo: Callable[[str], None] = print) -> list[Path]:
    """Label every pending match with the classifier `sentiment` chooses; write one row per
    match."""
    count = label_pending(session, sentiment=sentiment)
    rows = session.exec(
        select(Match, Mention, SentimentLabel)
        .join(Mention, col(Mention.id) == col(Match.mention_id))
        .join(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .order_by(col(Mention.published_at), col(Match.id))
    ).all()
    tones: Counter[str] = Counter()
    table = []
    for match, mention, label in rows:
        tone = effective_tone(label) or ""
        tones[tone] += 1
        evidence = label.evidence[0]["passage"] if label.evidence else ""
        table.append([match.id, mention.title, mention.outlet or "", tone, label.model_score,
                      label.model_name, label.model_version, evidence])
    path = write_csv(out_dir / CSV_NAME, CSV_HEADER, table)
    summary = ", ".join(f"{tones[t]} {t}" for t in LABELS)
    echo(f"Sentimen: {count} kecocokan baru dilabeli; total {len(rows)} ({summary}).")
    return [path]
