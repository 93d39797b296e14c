"""Seed N synthetic mentions (one profile match and a model label each) into the database of
PANTAU_HOME / PANTAU_DATABASE_URL, for bench_web.py's search and paging figures; prints a
login session cookie for an analyst and the key of the row at the middle of the list.

    python benchmarks/seed_mentions.py 200000

Bodies are about 80 words from a vocabulary of 5,000 made-up words plus marker words with
known frequencies: "bansos" in 10% of mentions, "banjir" in 1%, "vaksinasi" in 0.1%.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from collectors.models import Match, Mention, MentionKey, Profile
from pantau.core.db import get_engine, session_scope
from pantau.web.models import User
from pantau.web.users import get_user, start_session
from sentiment.api import MentionFilter, PageKey, list_mentions
from sentiment.models import SentimentLabel

BATCH = 5000
MARKERS = (("bansos", 0.10), ("banjir", 0.01), ("vaksinasi", 0.001))


def main() -> None:
    n = int(sys.argv[1])
    rng = random.Random(15)
    syll = ["ba", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "di", "ki", "li", "mi", "ni",
            "ri", "si", "ti", "bu", "ku", "lu", "mu", "nu", "ru", "su", "tu", "ng", "an", "er"]
    vocab = sorted({"".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
                    for _ in range(6000)})[:5000]
    engine = get_engine()
    with session_scope() as s:
        profile = Profile(name="instansi", query="x")
        s.add(profile)
        s.add(User(username="analis", role="analis", password_hash="-"))
        s.flush()
        profile_id = profile.id
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        next_id = conn.execute(select(MentionKey.id).order_by(MentionKey.id.desc())).scalar() or 0
    for base in range(0, n, BATCH):
        mentions, matches, labels = [], [], []
        for i in range(base, min(n, base + BATCH)):
            words = rng.choices(vocab, k=80)
            for word, share in MARKERS:
                if rng.random() < share:
                    words[rng.randrange(80)] = word
            ident = next_id + i + 1
            mentions.append({
                "id": ident, "url_key": f"contoh.id/berita/{i}", "url": f"https://contoh.id/berita/{i}",
                "title": " ".join(words[:8]).capitalize(), "text": " ".join(words[8:]) + ".",
                "outlet": f"Media {i % 300}", "media_type": "online", "language": "id",
                "published_at": start + timedelta(minutes=5 * i + rng.randint(0, 3)),
                "collected_at": start, "content_hash": f"{i:064d}", "duplicate_group": ident,
                "extra": {}})
            matches.append({"id": ident, "mention_id": ident, "profile_id": profile_id,
                            "published_at": mentions[-1]["published_at"],
                            "matched_terms": ["x"], "passages": [mentions[-1]["title"]],
                            "matched_at": start})
            labels.append({"match_id": ident, "model_label": rng.choice(
                ("positif", "netral", "negatif")), "model_score": 0.8, "evidence": []})
        with engine.begin() as conn:
            conn.execute(insert(MentionKey), [{"id": m["id"], "url_key": m["url_key"]}
                                              for m in mentions])
            conn.execute(insert(Mention), mentions)
            conn.execute(insert(Match), matches)
            conn.execute(insert(SentimentLabel), labels)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in ("mention_key", "mention_match", "sentiment_label"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))")
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
    with session_scope() as s:
        token = start_session(s, get_user(s, "analis"), 12)
        middle = list_mentions(s, MentionFilter(), limit=1, offset=n // 2)
    print(token)
    print(PageKey.of(middle[0]).encode() if middle else "")


if __name__ == "__main__":
    main()
