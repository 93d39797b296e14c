"""Sentiment's part of `pantau demo`: label the stored matches and list them in a CSV."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlmodel import select

from collectors.models import Match, Mention
from pantau.core.db import session_scope
from sentiment.models import SentimentLabel
from sentiment.service import label_pending

CSV_NAME = "sentimen-kecocokan.csv"


def run_sentiment_demo(out_dir: Path, echo: Callable[[str], None] = print) -> list[Path]:
    """Label every pending match with the active model; write one row per match."""
    with session_scope() as session:
        count = label_pending(session)
        rows = session.exec(
            select(Match, Mention, SentimentLabel)
            .join(Mention, Mention.id == Match.mention_id)  # type: ignore[arg-type]
            .join(SentimentLabel, SentimentLabel.match_id == Match.id)  # type: ignore[arg-type]
            .order_by(Mention.published_at, Match.id)  # type: ignore[arg-type]
        ).all()
        path = out_dir / CSV_NAME
        tones: Counter[str] = Counter()
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id_kecocokan", "judul", "media", "label", "skor", "model", "versi",
                             "bukti"])
            for match, mention, label in rows:
                tone = label.human_label or label.model_label or ""
                tones[tone] += 1
                evidence = label.evidence[0]["passage"] if label.evidence else ""
                writer.writerow([match.id, mention.title, mention.outlet or "", tone,
                                 label.model_score, label.model_name, label.model_version,
                                 evidence])
    summary = ", ".join(f"{tones[t]} {t}" for t in ("positif", "netral", "negatif"))
    echo(f"Sentimen: {count} kecocokan baru dilabeli; total {len(rows)} ({summary}).")
    return [path]
