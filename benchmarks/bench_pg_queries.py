"""The counting queries of the dashboard, the indicators and the mention list on
PostgreSQL, each run for real and shown with `EXPLAIN (ANALYZE, BUFFERS)`.

    python benchmarks/bench_pg_queries.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
        [--mentions 100000]   # --mentions 10000000 for the national figure
        [--name NAME]         # the scratch database's name (default pantau_explain_<random>)
        [--plans]             # print every plan in full, not only its summary
        [--keep]              # keep the database (name printed) to run again with --reuse NAME
        [--pantau]            # then Pantau's own code paths instead of the statements

A new database is created, migrated, and filled inside PostgreSQL (`generate_series`, a
million rows a statement): mentions spread over a year in publication order, one profile
match each (carrying its mention's time when the schema has `mention_match.published_at`),
a label for 98% of them (5% by an analyst), a third of the copies reprints of a story a
little earlier, and a year of job runs. The full-text index is dropped before the load
(none of these queries reads it; building it is most of the load time) and named in the
output; the other secondary indexes, unique and foreign-key constraints of the four big
tables are dropped too and made again after the load (2,000,000 mentions in 91 s instead
of 160 s keeping them up row by row). Then VACUUM (ANALYZE), as autovacuum would have done
by then. The statements that `count_tones` (a month: every profile and one profile; the
year), `compute_indicators` (year) and the first page of the mention list (its rows and
its count; every row, and one copy per story) send are captured as they run (best and
first of three runs timed) and explained: per statement the execution time, the shared
buffers touched, the `mention` partitions read, and any sequential scan of `mention` or
`mention_match` in a month's plan (flagged: those counts must come from the indexes and,
with monthly partitions, from the month's partition alone).

With --pantau, after the load Pantau's own code paths run instead (through the domain
surfaces, with the configuration a deployment of this data would have: the institution
Kementerian Sosial, its profile `instansi`, an IKU plan whose negative-share indicators
target that profile), each timed with the process's CPU and its peak RSS during the step:
`compute_indicators` for June and for the year (what `pantau indicators compute` and the
indicators API do), an audit sample of June drawn and labelled by an analyst (`draw_sample`,
`correct`), June's indicators again with the audited estimate, and the monthly media report
of June (`write_media_report`, as `pantau report media --kind bulanan --date YEAR-06-30`),
HTML and PDF, then XLSX.

The same script runs against a schema without `mention_key` and partitions (an earlier
Pantau: copy `benchmarks/` elsewhere and put that Pantau on PYTHONPATH) for a before/after.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
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
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--name")
    ap.add_argument("--plans", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--reuse")
    ap.add_argument("--pantau", action="store_true")
    args = ap.parse_args()
    admin = make_url(args.postgres)
    name = args.reuse or args.name or f"pantau_explain_{uuid.uuid4().hex[:8]}"
    url = admin.set(database=name).render_as_string(hide_password=False)
    if not args.reuse:
        with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    os.environ["PANTAU_HOME"] = tempfile.mkdtemp(prefix="pantau-explain-")
    os.environ["PANTAU_DATABASE_URL"] = url
    try:
        run(url, args)
        if args.pantau:
            run_pantau(url, args)
    finally:
        if not args.keep and not args.reuse:
            from pantau.core import db

            db.dispose_engines()
            with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        else:
            print(f"database kept: {name}")


WORDS = (
    'bantuan', 'sosial', 'penyaluran', 'data', 'penerima', 'program', 'keluarga', 'harapan',
    'lansia', 'disabilitas', 'bencana', 'banjir', 'gempa', 'pengungsi', 'anggaran', 'subsidi',
    'pangan', 'beras', 'sembako', 'kartu', 'digital', 'verifikasi', 'pendamping', 'desa',
    'rehabilitasi', 'anak', 'yatim', 'sekolah', 'rakyat', 'kemiskinan',
)
MEDIA = ("online",) * 7 + ("cetak", "televisi", "radio", "media sosial")
CHUNK = 1_000_000
# The one monitoring profile of the loaded data, as the configuration names it.
PROFILE, QUERY, INSTITUTION = "instansi", '"kemensos"', "Kementerian Sosial"


def populate(url: str, n: int, year: int) -> None:
    """Fill the migrated database inside PostgreSQL (see the module docstring)."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from pantau.core import db
    from pantau.core.runlog import JobRun

    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_mention_fulltext")
        conn.exec_driver_sql("INSERT INTO profile (name, query, institution, comparison) "
                             f"VALUES ('{PROFILE}', '{QUERY}', '{INSTITUTION}', false)")
        runs = []
        for d in range(365):
            day = date(year, 1, 1) + timedelta(days=d)
            sched = datetime(day.year, day.month, day.day, tzinfo=UTC)  # 07:00 WIB
            for h in (7, 5, 11, 17, 23):
                t = sched + timedelta(hours=h - 7)
                runs.append({"job": "report:daily" if h == 7 else "collect:online",
                             "run_date": day.isoformat(), "scheduled_for": t, "started_at": t,
                             "finished_at": t + timedelta(minutes=10),
                             "status": "gagal" if (d * 5 + h) % 37 == 0 else "berhasil",
                             "counts": {}, "trigger": "schedule"})
        conn.execute(insert(JobRun.__table__), runs)  # type: ignore[attr-defined]
        keyed = conn.exec_driver_sql("SELECT to_regclass('mention_key') IS NOT NULL").scalar()
        carried = conn.exec_driver_sql(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = "
            "'mention_match' AND column_name = 'published_at'").scalar()
    words = "ARRAY[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    media = "ARRAY[" + ", ".join(f"'{m}'" for m in MEDIA) + "]"
    start = f"timestamptz '{year}-01-01 00:00:00+07'"
    # Publication order follows the ids (collection is), within a few minutes of jitter.
    step = 365 * 86400 / n
    published = f"{start} + make_interval(secs => i * {step} + mod(i * 104729, 600))"
    # A Pantau whose matches carry their mention's time (`Match.published_at`) gets it.
    match_time = ", published_at" if carried else ""
    match_time_value = f", {published}" if carried else ""
    statements = [
        f"""INSERT INTO mention (id, url_key, url, title, text, outlet, media_type,
              published_at, collected_at, content_hash, duplicate_group, extra)
            SELECT i, 'https://m' || mod(i, 250) || '.contoh.id/' || i,
                   'https://m' || mod(i, 250) || '.contoh.id/' || i, t.title,
                   t.title || '. ' || t.title || ' ' || md5(i::text) || ' ' || t.title || '.',
                   'Media ' || lpad((mod(i, 250))::text, 3, '0'), m[1 + mod(i * 7919, 11)],
                   {published}, {start}, lpad(to_hex(i), 16, '0'),
                   CASE WHEN i > 200 AND mod(i * 2654435761, 3) = 0
                        THEN i - 1 - mod(i * 40503, 200) ELSE i END, '{{}}'::json
            FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i,
                 (SELECT {words} AS w, {media} AS m) AS a,
                 LATERAL (SELECT initcap(w[1 + mod(i, 30)] || ' ' || w[1 + mod(i / 30, 30)] || ' '
                          || w[1 + mod(i / 900, 30)] || ' ' || w[1 + mod(i * 13, 30)]) AS title)
                         AS t""",
        f"""INSERT INTO mention_match (id, mention_id, profile_id, matched_terms, passages,
                                       matched_at{match_time})
           SELECT i, i, 1, '[]'::json, '["kemensos"]'::json, timestamptz '2020-01-01'
                  {match_time_value}
           FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i""",
        """INSERT INTO sentiment_label (match_id, model_label, model_score, human_label,
                                        labelled_at, evidence)
           SELECT i, CASE WHEN r < 22 THEN 'negatif' WHEN r < 52 THEN 'positif'
                          ELSE 'netral' END, 0.8,
                  CASE WHEN mod(i * 31, 100) < 5
                       THEN (ARRAY['negatif', 'netral', 'positif'])[1 + mod(i, 3)] END,
                  timestamptz '2020-01-01', '[]'::json
           FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i,
                LATERAL (SELECT mod(i * 2246822519, 100) AS r) AS x
           WHERE r >= 2""",
    ]
    tables = ["mention", "mention_match", "sentiment_label"]
    if keyed:
        statements.insert(0, """INSERT INTO mention_key (id, url_key)
            SELECT i, 'https://m' || mod(i, 250) || '.contoh.id/' || i
            FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i""")
        tables.insert(0, "mention_key")
    t0 = time.perf_counter()
    with engine.begin() as conn:
        rebuild = _drop_secondary(conn, tables)
    for lo in range(1, n + 1, CHUNK):
        hi = min(n, lo + CHUNK - 1)
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement, {"lo": lo, "hi": hi})
        print(f"  {hi:>11,} mentions stored ({time.perf_counter() - t0:.0f} s)",
              file=sys.stderr)
    t1 = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in rebuild:
            conn.exec_driver_sql(statement)
        invalid = conn.exec_driver_sql("SELECT string_agg(indexrelid::regclass::text, ', ') "
                                       "FROM pg_index WHERE NOT indisvalid").scalar()
        if invalid:
            raise SystemExit(f"indexes left invalid after the load: {invalid}")
    print(f"  rows {t1 - t0:.0f} s, then indexes and foreign keys {time.perf_counter() - t1:.0f} s",
          file=sys.stderr)
    # The ids were given: the sequences go on from the last one (the mention's id comes from
    # its key where there is one).
    serial = ("mention_key",) if keyed else ("mention",)
    with engine.begin() as conn:
        for table in (*serial, "mention_match", "sentiment_label", "job_run"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))")


def _drop_secondary(conn, tables: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Drop the unique and foreign-key constraints and the secondary indexes of `tables`
    (primary keys stay) and return the statements that make them again: built once after
    the load they cost a fraction of keeping them up row by row (2.5 minutes a million
    with them). On a partitioned table they are the parent's (the partitions' follow)."""
    constraints = conn.exec_driver_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
        "FROM pg_constraint WHERE conrelid = ANY(%(t)s::regclass[]) AND contype IN ('u', 'f') "
        "AND conparentid = 0 ORDER BY contype DESC, conname", {"t": tables}).all()
    indexes = conn.exec_driver_sql(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = ANY(%(t)s::regclass[]) AND NOT indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid) ORDER BY 1",
        {"t": tables}).all()
    for table, name, _definition, _kind in reversed(constraints):
        conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        conn.exec_driver_sql(f"DROP INDEX {name}")
    # A partitioned table's index is defined `ON ONLY` the parent: made again so, it would
    # be an invalid index with none on the partitions. `ON` makes the partitions' too.
    return ([f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
             for table, name, definition, _kind in constraints]
            + [definition.replace(" ON ONLY ", " ON ", 1) for _name, definition in indexes])


def partitions_of(connection) -> list[str]:  # type: ignore[no-untyped-def]
    return list(connection.exec_driver_sql(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'mention'::regclass ORDER BY 1").scalars())


def summary(plan: list[str]) -> str:
    """One line: execution time, buffers, the mention partitions read, sequential scans."""
    text = "\n".join(plan)
    ms = re.search(r"Execution Time: ([\d.]+) ms", text)
    top = next((line for line in plan if "Buffers:" in line), "")
    hit = sum(int(x) for x in re.findall(r"shared hit=(\d+)", top))
    read = sum(int(x) for x in re.findall(r"shared(?: hit=\d+)? read=(\d+)", top))
    parts = sorted(set(re.findall(r" on (mention_y\d+m\d+|mention_default)\b", text)))
    if not parts and re.search(r" on mention\b", text):
        parts = ["mention (one table)"]
    seq = sorted(set(re.findall(r"Seq Scan on (mention\w*)", text)))
    return (f"{float(ms.group(1)) if ms else float('nan'):9.1f} ms in the database; "
            f"buffers hit {hit:,} read {read:,}; mention read from "
            f"{len(parts)}: {', '.join(parts[:3])}{' ...' if len(parts) > 3 else ''}"
            + (f"; SEQ SCAN on {', '.join(seq)}" if seq else ""))


def run(url: str, args: argparse.Namespace) -> None:
    from indicators.api import compute_indicators, count_tones
    from indicators.config import IndicatorsConfig
    from pantau.core import db
    from pantau.core.periods import parse_period
    from sentiment.api import MentionFilter, paged_mentions
    from survey.config import SurveyConfig

    engine = db.get_engine(url)
    if not args.reuse:
        try:
            # deferred: an earlier Pantau (the plain table) has no partitions
            from collectors.api import ensure_month_partitions
        except ImportError:
            pass
        else:
            with db.session_scope(url) as session:  # the year's months, made ahead
                for month in range(1, 13):
                    ensure_month_partitions(session, today=date(args.year, month, 1),
                                            months_ahead=0)
        t = time.perf_counter()
        populate(url, args.mentions, args.year)
        print(f"populate {args.mentions:,} mentions: {time.perf_counter() - t:.1f} s "
              "(full-text index dropped)")
    # VACUUM as autovacuum would have by then (the visibility map lets index-only scans
    # skip the table), then the planner's statistics.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        t = time.perf_counter()
        conn.execute(text("VACUUM (ANALYZE)"))
        print(f"VACUUM (ANALYZE): {time.perf_counter() - t:.1f} s")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM mention")).scalar()
        parts = partitions_of(conn)
        size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))")
                            ).scalar()
    print(f"mentions stored: {stored:,}; database {size}; mention partitions: "
          f"{len(parts) or 'none (one table)'}")
    if args.pantau:
        return  # Pantau's code paths instead (run_pantau)

    captured: list[tuple[str, str, object]] = []
    label = {"now": ""}

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((label["now"], statement, parameters))

    indicators = IndicatorsConfig()
    cases = [
        ("count_tones, one month", lambda s: count_tones(
            s, period=parse_period(f"{args.year}-06"), indicators=indicators)),
        ("count_tones, one month, one profile", lambda s: count_tones(
            s, period=parse_period(f"{args.year}-06"), indicators=indicators,
            profile="instansi")),
        ("count_tones, the year", lambda s: count_tones(
            s, period=parse_period(str(args.year)), indicators=indicators)),
        ("compute_indicators, the year", lambda s: compute_indicators(
            s, year=args.year, indicators=indicators, survey=SurveyConfig())),
        ("mention list, first page of a month", lambda s: paged_mentions(
            s, MentionFilter(date_from=date(args.year, 6, 1), date_to=date(args.year, 6, 30)))),
        ("mention list, first page of a month, one copy per story", lambda s: paged_mentions(
            s, MentionFilter(date_from=date(args.year, 6, 1), date_to=date(args.year, 6, 30),
                             unique_only=True), count_at_most=50 * 200)),
    ]
    for title, call in cases:
        times = []
        for attempt in range(3):
            label["now"] = title
            if attempt == 0:
                event.listen(engine, "before_cursor_execute", capture)
            with db.session_scope(url) as session:
                t = time.perf_counter()
                call(session)
                times.append(time.perf_counter() - t)
            if attempt == 0:
                event.remove(engine, "before_cursor_execute", capture)
        print(f"{title}: best {min(times):.3f} s, first {times[0]:.3f} s")

    flagged = 0
    with engine.connect() as conn:
        for title, statement, parameters in captured:
            if ("job_run" in statement or "indicator" in statement.split("FROM", 1)[-1][:40]
                    or "mention" not in statement):
                continue
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}",
                                        parameters).scalars().all()  # type: ignore[arg-type]
            line = summary(list(plan))
            # A month's own partition may be read whole; the table, the default partition
            # or the matches may not.
            if "month" in title and re.search(r"SEQ SCAN on .*mention(_match|_default)?\b",
                                              line):
                flagged += 1
            print(f"\n=== {title}: {line}\n  {' '.join(statement.split())[:300]}")
            if args.plans:
                for row in plan:
                    print(f"  {row}")
    print(f"\nsequential scans of mention tables in month queries: {flagged}")


CONFIG = f"""
[institution]
name = "{INSTITUTION}"
short_name = "Kemensos"

[[profiles]]
name = "{PROFILE}"
query = '{QUERY}'
"""


def _reset_peak() -> None:
    """Start the peak resident set size (VmHWM) again from the current one (Linux)."""
    with contextlib.suppress(OSError):  # elsewhere the peak is the process's so far
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mib() -> float:
    import resource

    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def run_pantau(url: str, args: argparse.Namespace) -> None:
    """Pantau's own code paths over the loaded data (see the module docstring)."""
    from bench_indicators import PLAN

    from indicators.api import (
        compute_indicators,
        draw_sample,
        read_plan,
        sample_items,
        save_plan,
        write_media_report,
    )
    from pantau.config import get_config
    from pantau.core import db
    from pantau.core.periods import parse_period
    from pantau.core.settings import get_settings, reset_settings
    from sentiment.api import correct

    home = Path(os.environ["PANTAU_HOME"])
    (home / "pantau.toml").write_text(CONFIG, encoding="utf-8")
    reset_settings()
    assert get_settings().config_path == home / "pantau.toml"
    config = get_config()  # read once, as the CLI's root command does
    plan_file = home / "plan.yaml"
    plan_file.write_text(PLAN.format(year=args.year), encoding="utf-8")
    with db.session_scope(url) as session:
        save_plan(session, read_plan(plan_file))
    june = parse_period(f"{args.year}-06")
    out_dir = home / "laporan"
    print(f"\nPantau's code paths ({config.institution.name}, profile {PROFILE}, "
          f"counting basis {config.indicators.counting_basis}):")

    def step(title: str, call):  # type: ignore[no-untyped-def]
        _reset_peak()
        load = os.getloadavg()[0]
        with db.session_scope(url) as session:
            t, cpu = time.perf_counter(), time.process_time()
            result = call(session)
            took, cpu = time.perf_counter() - t, time.process_time() - cpu
        print(f"{title}: {took:.2f} s (CPU of this process {cpu:.2f} s; peak RSS "
              f"{_peak_mib():.0f} MiB; load average {load:.1f} before)")
        return result

    def indicators(period):  # type: ignore[no-untyped-def]
        def call(session):  # type: ignore[no-untyped-def]
            return compute_indicators(session, year=args.year, period=period,
                                      indicators=config.indicators, survey=config.survey)
        return call

    def show(values) -> None:  # type: ignore[no-untyped-def]
        for v in values:
            if v.source == "negative_share":
                audited = v.inputs.get("perkiraan_terkoreksi")
                print(f"    {v.code} {v.name}: realisasi {v.realisasi} capaian {v.capaian} "
                      f"({v.status})" + (f"; perkiraan terkoreksi {audited} "
                                         f"{v.inputs.get('selang_95')}" if audited else ""))

    show(step(f"indicators of June ({june.code}, {args.year} plan)", indicators(june)))
    show(step(f"indicators of the year {args.year}", indicators(None)))

    def draw(session):  # type: ignore[no-untyped-def]
        sample, _new = draw_sample(session, period=june, profile=PROFILE,
                                   indicators=config.indicators, by="analis", seed=7)
        return sample.id, sample.size

    sample_id, size = step("audit sample of June drawn (draw_sample)", draw)

    def label(session):  # type: ignore[no-untyped-def]
        # The analyst agrees with the model on four in five and calls the fifth neutral.
        return sum(correct(session, match_id=item.match_id, by="analis",
                           label="netral" if n % 5 == 0 else item.model_label)
                   for n, item in enumerate(sample_items(session, sample_id)))

    changed = step(f"audit sample labelled ({size} mentions, sentiment correct)", label)
    print(f"    {changed} labels changed (copies of the same stories included)")
    show(step("indicators of June with the audited estimate", indicators(june)))
    for formats in (["html", "pdf"], ["xlsx"]):
        paths = step(f"monthly media report of June ({', '.join(formats)})", lambda s, f=formats:
                     write_media_report(s, kind="monthly", day=june.end, formats=f,
                                        out_dir=out_dir, indicators=config.indicators,
                                        institution=config.institution,
                                        comparisons=config.comparisons))
        print("    " + ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in paths))
    print(f"(reports in {out_dir}; {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
