"""The counting queries of the dashboard, the indicators and the mention list on
PostgreSQL, each run for real and shown with `EXPLAIN (ANALYZE, BUFFERS)`.

    python benchmarks/bench_pg_queries.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
        [--mentions 200000]   # --mentions 10000000 for the national figure (about an hour)
        [--keep]              # keep the database (name printed) to run again with --reuse NAME

A new database is created and filled by `bench_indicators.populate` (mentions with profile
matches and labels over a year), then ANALYZEd. The statements that `count_tones` (month and
year), `compute_indicators` (year) and the first page of the mention list send are captured
as they run and explained. A line `Seq Scan on mention` / `on mention_match` in a plan over
a month is flagged: those counts must come from the indexes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", required=True)
    ap.add_argument("--mentions", type=int, default=200_000)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--reuse")
    args = ap.parse_args()
    admin = make_url(args.postgres)
    name = args.reuse or f"pantau_explain_{uuid.uuid4().hex[:8]}"
    url = admin.set(database=name).render_as_string(hide_password=False)
    if not args.reuse:
        with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    os.environ["PANTAU_HOME"] = tempfile.mkdtemp(prefix="pantau-explain-")
    os.environ["PANTAU_DATABASE_URL"] = url
    try:
        run(url, args)
    finally:
        if not args.keep and not args.reuse:
            from pantau.core import db

            db.dispose_engines()
            with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        else:
            print(f"database kept: {name}")


def run(url: str, args: argparse.Namespace) -> None:
    from bench_indicators import populate

    from indicators.api import compute_indicators, count_tones
    from indicators.config import IndicatorsConfig
    from pantau.core import db
    from pantau.core.periods import parse_period
    from sentiment.api import MentionFilter, paged_mentions
    from survey.config import SurveyConfig

    engine = db.get_engine(url)
    if not args.reuse:
        t = time.perf_counter()
        populate(url, args.mentions, args.year)
        print(f"populate {args.mentions:,} mentions: {time.perf_counter() - t:.1f} s")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        stored = conn.execute(text("SELECT count(*) FROM mention")).scalar()
    print(f"mentions stored: {stored:,}")

    captured: list[tuple[str, str, object]] = []
    label = {"now": ""}

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((label["now"], statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    indicators = IndicatorsConfig()
    cases = [
        ("count_tones, one month", lambda s: count_tones(
            s, period=parse_period(f"{args.year}-06"), indicators=indicators)),
        ("count_tones, the year", lambda s: count_tones(
            s, period=parse_period(str(args.year)), indicators=indicators)),
        ("compute_indicators, the year", lambda s: compute_indicators(
            s, year=args.year, indicators=indicators, survey=SurveyConfig())),
        ("mention list, first page of a month", lambda s: paged_mentions(
            s, MentionFilter(date_from=date(args.year, 6, 1), date_to=date(args.year, 6, 30)))),
    ]
    for title, call in cases:
        label["now"] = title
        with db.session_scope(url) as session:
            t = time.perf_counter()
            call(session)
            print(f"{title}: {time.perf_counter() - t:.3f} s")
    event.remove(engine, "before_cursor_execute", capture)

    flagged = 0
    with engine.connect() as conn:
        for title, statement, parameters in captured:
            if "job_run" in statement or "indicator" in statement.split("FROM", 1)[-1][:40]:
                continue
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}",
                                        parameters).scalars().all()  # type: ignore[arg-type]
            print(f"\n=== {title}\n{statement.strip()[:400]}")
            for line in plan:
                mark = ""
                if "month" in title and ("Seq Scan on mention " in line + " "
                                         or "Seq Scan on mention_match" in line):
                    mark = "   <-- sequential scan"
                    flagged += 1
                print(f"  {line}{mark}")
    print(f"\nsequential scans of mention tables in month queries: {flagged}")


if __name__ == "__main__":
    main()
