"""Benchmark: indicators of a year and the monthly media report over 1,000,000 stored
mentions (with their profile matches and sentiment labels).

    python benchmarks/bench_indicators.py [--mentions 1000000] [--database-url URL]

Without --database-url a fresh SQLite file in a temporary folder is used. Targets: all
indicators of a year < 5 s; the monthly report with charts (HTML, PDF, XLSX) < 30 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_WORDS_TEXT = ("bantuan sosial penyaluran data penerima program keluarga harapan lansia "
               "disabilitas bencana banjir gempa pengungsi anggaran subsidi pangan beras "
               "sembako kartu digital verifikasi pendamping desa rehabilitasi anak yatim "
               "sekolah rakyat kemiskinan")
WORDS = _WORDS_TEXT.split()
NAMES = ("Menteri Sosial Tri Rismaharini", "Sekretaris Jenderal Harry Hikmat",
         "Kepala Biro Humas Andi Susanto", "Direktur Jenderal Pepen Nazaruddin",
         "Gubernur Jawa Barat Ridwan Kamil", "Bupati Bogor Iwan Setiawan")
VERBS = ("kata", "ujar", "ungkap", "tutur")
MEDIA = ("online",) * 7 + ("cetak", "televisi", "radio", "media sosial")


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=1_000_000)
    ap.add_argument("--database-url")
    ap.add_argument("--year", type=int, default=2023)
    return ap.parse_args()


def populate(url: str, n: int, year: int) -> None:
    from sqlalchemy import insert

    from collectors.models import Match, Mention, MentionKey, Profile
    from pantau.core import db
    from pantau.core.runlog import JobRun
    from sentiment.models import SentimentLabel

    engine = db.get_engine(url)
    rng = random.Random(7)
    start = datetime(year, 1, 1, tzinfo=UTC) - timedelta(hours=7)
    seconds = 365 * 86400
    outlets = [f"Media {i:03d}" for i in range(250)]
    with engine.begin() as conn:
        conn.execute(insert(Profile.__table__), [{"name": "instansi", "query": '"kemensos"'}])
        runs = []
        for d in range(365):
            day = date(year, 1, 1) + timedelta(days=d)
            sched = datetime(day.year, day.month, day.day, 0, 0, tzinfo=UTC)  # 07:00 WIB
            late = rng.random() < 0.04
            runs.append({"job": "report:daily", "run_date": day.isoformat(),
                         "scheduled_for": sched, "started_at": sched,
                         "finished_at": sched + timedelta(minutes=90 if late else 10),
                         "status": "gagal" if rng.random() < 0.01 else "berhasil",
                         "counts": {}, "trigger": "schedule"})
            for h in (5, 11, 17, 23):
                t = sched + timedelta(hours=h - 7)
                runs.append({"job": "collect:online", "run_date": day.isoformat(),
                             "scheduled_for": t, "started_at": t, "finished_at": t,
                             "status": "gagal" if rng.random() < 0.03 else "berhasil",
                             "counts": {}, "trigger": "schedule"})
        conn.execute(insert(JobRun.__table__), runs)
    batch = 50_000
    t0 = time.perf_counter()
    group_of: list[int] = []
    for lo in range(1, n + 1, batch):
        mentions, matches, labels = [], [], []
        for i in range(lo, min(n, lo + batch - 1) + 1):
            # About a third of the copies reprint an earlier story of the last ~200 ids.
            group = i
            if i > 200 and rng.random() < 0.33:
                group = group_of[i - 1 - rng.randint(1, 200)]
            group_of.append(group)
            words = rng.sample(WORDS, 6)
            title = " ".join(words).capitalize()
            quote = ""
            if rng.random() < 0.4:
                quote = f" Program terus diperbaiki, {rng.choice(VERBS)} {rng.choice(NAMES)}."
            mentions.append({
                "id": i, "url_key": f"https://m{i % 250}.contoh.id/{i}",
                "url": f"https://m{i % 250}.contoh.id/{i}", "title": title,
                "text": f"{title}. " + " ".join(rng.choices(WORDS, k=40)) + "." + quote,
                "outlet": outlets[i % 250], "media_type": rng.choice(MEDIA),
                "published_at": start + timedelta(seconds=rng.randrange(seconds)),
                "collected_at": start, "content_hash": f"{i:016x}", "duplicate_group": group,
                "extra": {}})
            matches.append({"id": i, "mention_id": i, "profile_id": 1,
                            "published_at": mentions[-1]["published_at"], "matched_terms": [],
                            "passages": [f"{title}."], "matched_at": start})
            r = rng.random()
            if r < 0.02:
                continue  # unlabelled
            model = "negatif" if r < 0.22 else "positif" if r < 0.52 else "netral"
            human = rng.choice(("negatif", "netral", "positif")) if rng.random() < 0.05 else None
            labels.append({"match_id": i, "model_label": model, "model_score": 0.8,
                           "human_label": human, "labelled_at": start,
                           "evidence": [{"passage": f"{title}.", "label": model, "score": 0.8}]})
        with engine.begin() as conn:
            conn.execute(insert(MentionKey.__table__), [  # type: ignore[attr-defined]
                {"id": m["id"], "url_key": m["url_key"]} for m in mentions])
            conn.execute(insert(Mention.__table__), mentions)
            conn.execute(insert(Match.__table__), matches)
            conn.execute(insert(SentimentLabel.__table__), labels)
        print(f"  {min(n, lo + batch - 1):>9,} mentions stored "
              f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for t in ("mention_key", "mention_match", "sentiment_label", "job_run"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                                     f"(SELECT max(id) FROM {t}))")
                conn.exec_driver_sql(f"ANALYZE {t}")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


PLAN = """
jenis: IKU
unit_kerja: Biro Hubungan Masyarakat
tahun: {year}
sasaran:
- sasaran: Citra positif
  indikator:
  - {{kode: B1, nama: Persentase sentimen negatif, satuan: '%', target: 20, polaritas: rendah,
      sumber: negative_share, profil: instansi}}
  - {{kode: B2, nama: Persentase sentimen negatif media cetak, satuan: '%', target: 20,
      polaritas: rendah, sumber: negative_share, profil: instansi, jenis_media: cetak}}
  - {{kode: B3, nama: Persentase sentimen negatif media sosial, satuan: '%', target: 25,
      polaritas: rendah, sumber: negative_share, profil: instansi, jenis_media: media sosial}}
- sasaran: Layanan
  indikator:
  - {{kode: B4, nama: Nilai kepuasan, satuan: indeks, target: 80, sumber: ikm,
      unit_survei: humas}}
  - {{kode: B5, nama: Media Monitoring, satuan: '%', target: 95,
      sumber: daily_report_on_time}}
  - {{kode: B6, nama: Pengumpulan berhasil, satuan: '%', target: 95,
      sumber: collection_success}}
  - {{kode: B7, nama: Penyerapan anggaran, satuan: '%', target: 95, sumber: manual}}
"""


def main() -> None:
    args = _args()
    tmp = tempfile.mkdtemp(prefix="pantau-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    os.environ["PANTAU_HOME"] = tmp
    os.environ["PANTAU_DATABASE_URL"] = url
    from pantau.core.settings import reset_settings

    reset_settings()
    from indicators.api import compute_indicators, read_plan, save_plan, write_media_report
    from indicators.config import IndicatorsConfig
    from pantau.config import InstitutionConfig
    from pantau.core import db
    from survey.config import SurveyConfig

    print(f"Database: {db.get_engine(url).dialect.name}; storing {args.mentions:,} mentions",
          file=sys.stderr)
    from sqlalchemy import text

    with db.get_engine(url).connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM mention")).scalar() or 0
    if stored >= args.mentions:
        from pantau.models import metadata

        metadata.create_all(db.get_engine(url))  # tables added since the file was made
        print(f"reusing {stored:,} stored mentions")
    else:
        t = time.perf_counter()
        populate(url, args.mentions, args.year)
        print(f"populate: {time.perf_counter() - t:.1f} s")
    plan_file = Path(tmp) / "plan.yaml"
    plan_file.write_text(PLAN.format(year=args.year), encoding="utf-8")
    with db.session_scope(url) as s:
        save_plan(s, read_plan(plan_file))
    targets = {"year": 5.0, "month": 30.0}

    for basis in ("all_copies", "unique_stories"):
        indicators = IndicatorsConfig(counting_basis=basis)
        with db.session_scope(url) as s:
            t, cpu = time.perf_counter(), time.process_time()
            values = compute_indicators(s, year=args.year, indicators=indicators,
                                        survey=SurveyConfig())
            took, cpu = time.perf_counter() - t, time.process_time() - cpu
        verdict = "met" if took < targets["year"] else "MISSED"
        print(f"indicators of a year ({basis}, {len(values)} indicators): {took:.2f} s "
              f"(CPU {cpu:.2f} s; target < {targets['year']:.0f} s: {verdict})")
        for v in values:
            print(f"    {v.code} {v.name}: realisasi {v.realisasi} capaian {v.capaian} "
                  f"({v.status})")
        with db.session_scope(url) as s:
            t, cpu = time.perf_counter(), time.process_time()
            paths = write_media_report(s, kind="monthly", day=date(args.year, 6, 15),
                                       formats=["html", "pdf", "xlsx"],
                                       out_dir=Path(tmp) / basis, indicators=indicators,
                                       institution=InstitutionConfig())
            took, cpu = time.perf_counter() - t, time.process_time() - cpu
        print(f"monthly media report ({basis}, html+pdf+xlsx with charts): {took:.2f} s "
              f"(CPU {cpu:.2f} s; target < {targets['month']:.0f} s: "
              f"{'met' if took < targets['month'] else 'MISSED'}) "
              f"-> {', '.join(p.name for p in paths)}")
    bench_issue_words()
    print(f"(files in {tmp}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


def bench_issue_words(headlines: int = 10_000, outlets: int = 2_000) -> None:
    """The report's issue words leave out the outlets' names: a national month names
    thousands of outlets, each looked for in every headline."""
    from indicators.media_stats import OwnNames, key_terms

    rng = random.Random(5)
    own = OwnNames.of(["Kementerian Sosial", "Kemensos",
                       *(f"Warta {rng.choice(WORDS)} {i} Online" for i in range(outlets))])
    titles = [" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(headlines)]
    t = time.perf_counter()
    key_terms(titles, own=own)
    print(f"issue words of {headlines:,} headlines, {outlets:,} outlet names left out: "
          f"{time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
