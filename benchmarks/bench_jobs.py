"""Benchmark of the jobs domain: the run recorder's overhead, alert rules over a busy day,
and delivery of alerts to a local webhook. Prints figures and the targets they are held to.

    python benchmarks/bench_jobs.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TMP = tempfile.mkdtemp(prefix="pantau-bench-jobs-")
os.environ.setdefault("PANTAU_DATABASE_URL", f"sqlite:///{TMP}/bench.db")
os.environ["PANTAU_HOME"] = TMP
os.environ.pop("PANTAU_CONFIG", None)

from sqlalchemy import insert  # noqa: E402

from collectors.models import Match, Mention, MentionKey, Profile  # noqa: E402
from indicators.config import IndicatorsConfig  # noqa: E402
from jobs.alerts import Alert, deliver, evaluate  # noqa: E402
from jobs.config import AlertRule, WebhookChannel  # noqa: E402
from jobs.runs import record_run  # noqa: E402
from pantau.core.db import get_engine, session_scope  # noqa: E402
from pantau.core.timeutil import JAKARTA  # noqa: E402
from sentiment.models import SentimentLabel  # noqa: E402

DAY = date(2026, 3, 4)
MATCHES_PER_DAY = 20_000
TRAILING_PER_DAY = 2_000
OUTLETS = [f"Media {i}" for i in range(200)]


def seed() -> None:
    engine = get_engine()
    with session_scope() as s:
        profile = Profile(name="Pemprov", query="pemprov")
        s.add(profile)
        s.flush()
        profile_id = profile.id
    mentions, matches, labels = [], [], []
    n = 0
    for back in range(0, 8):
        day = DAY - timedelta(days=back)
        per_day = MATCHES_PER_DAY if back == 0 else TRAILING_PER_DAY
        base = datetime(day.year, day.month, day.day, tzinfo=JAKARTA)
        for i in range(per_day):
            n += 1
            mentions.append({"id": n, "url_key": f"u{n}", "title": f"t{n}", "text": "",
                             "outlet": OUTLETS[n % len(OUTLETS)], "media_type": "online",
                             "published_at": base + timedelta(seconds=(i * 4) % 86_000),
                             "collected_at": base, "content_hash": f"h{n}", "extra": {}})
            matches.append({"id": n, "mention_id": n, "profile_id": profile_id,
                            "published_at": mentions[-1]["published_at"],
                            "matched_terms": [], "passages": [], "matched_at": base})
            labels.append({"match_id": n, "evidence": [],
                           "model_label": ("negatif", "netral", "positif", "netral")[n % 4]})
    with engine.begin() as conn:
        conn.execute(insert(MentionKey), [{"id": m["id"], "url_key": m["url_key"]}
                                          for m in mentions])
        conn.execute(insert(Mention), mentions)
        conn.execute(insert(Match), matches)
        conn.execute(insert(SentimentLabel), labels)


def bench_recorder(runs: int = 200) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        with record_run("bench") as run:
            run.add(fetched=3)
            run.add(new=1)
    return (time.perf_counter() - started) / runs * 1000


def bench_rules() -> tuple[float, int]:
    rules = [
        AlertRule(kind="negative_outlet", outlets=OUTLETS[:20]),
        AlertRule(kind="negative_share", threshold=20),
        AlertRule(kind="volume_spike", trailing_days=7),
        AlertRule(kind="source_failing"),
    ]
    started = time.perf_counter()
    with session_scope() as s:
        alerts = evaluate(s, rules, day=DAY, indicators=IndicatorsConfig())
    return time.perf_counter() - started, len(alerts)


def bench_delivery(count: int = 300) -> tuple[float, int]:
    received: list[Any] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    channel = WebhookChannel(name="bench", kind="webhook",
                             url=f"http://127.0.0.1:{server.server_address[1]}/hook")  # type: ignore[arg-type]
    alerts = [Alert(key=f"bench:{i}", rule="bench", subject=f"s{i}", body="b", day=DAY)
              for i in range(count)]
    started = time.perf_counter()
    summary = deliver(alerts, [channel], backoff_seconds=0)
    elapsed = time.perf_counter() - started
    again = deliver(alerts, [channel], backoff_seconds=0)
    server.shutdown()
    assert summary.sent == count and again.already == count and len(received) == count
    return count / elapsed, again.already


def main() -> int:
    t = time.perf_counter()
    seed()
    print(f"seeded {MATCHES_PER_DAY + 7 * TRAILING_PER_DAY} matches in "
          f"{time.perf_counter() - t:.1f} s ({os.environ['PANTAU_DATABASE_URL'].split(':')[0]})")
    per_run = bench_recorder()
    print(f"run recorder: {per_run:.1f} ms per recorded run with 2 count updates "
          f"(target < 50 ms)")
    seconds, found = bench_rules()
    print(f"alert rules over a day of {MATCHES_PER_DAY} matches + 7 trailing days: "
          f"{seconds:.2f} s, {found} alerts (target < 5 s)")
    rate, already = bench_delivery()
    print(f"webhook delivery: {rate:.0f} alerts/s to a local receiver; "
          f"re-check skipped {already} already sent")
    ok = per_run < 50 and seconds < 5
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
