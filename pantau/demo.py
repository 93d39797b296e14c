"""`pantau demo`: the whole service on bundled sample data, offline, with the configured
database (the embedded SQLite by default).

It goes through the same code as production: the survey sample is imported and scored
with the SKM importer; the example IKU plan is imported; a local HTTP server serves the
bundled news feeds, sitemap, Google News feed, article pages, Mastodon posts and the
Instagram account's posts and comments; a TV transcript and a print clipping (rendered as an
image and read by OCR) are imported beside the typed clippings; and the
daily run (`jobs.daily.run_daily`, as `pantau run daily` and the scheduler call it)
collects them with the real collectors, labels them, computes the indicators and writes
the daily media report; finally the indicator table of the year is written.

It leaves a working installation: unless PANTAU_CONFIG names one, a config file is written
beside the data (`PANTAU_HOME/pantau.toml`, read by every later command) with the sample's
institution, monitoring profile and survey units, so `pantau serve` opens the public form
of the demo's units. Running it again stores nothing twice, fetches no page twice and
rewrites no survey report whose data did not change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

# The last day of the bundled news sample (2-16 November 2026, WIB).
DEMO_DAY = date(2026, 11, 16)
DEMO_PROFILE = "kemensos"
DEMO_INSTITUTION = "Kementerian Sosial"
STEPS = 4


def demo_config_toml() -> str:
    """The config file the demo writes beside the data: the sample's institution, its
    monitoring profile and its survey units (no sources: the sample's sites exist only
    while the demo runs)."""
    from collectors.demo import SAMPLE_QUERY
    from survey.demo import sample_units_toml

    return "\n".join([
        "# Konfigurasi Pantau yang ditulis oleh `pantau demo` (boleh diubah; demo tidak",
        "# menimpanya). Dibaca oleh setiap perintah bila PANTAU_CONFIG tidak diisi.",
        "# Lengkapi dengan [[sources]] sumber berita Anda (lihat README, Collecting mentions).",
        "",
        "[institution]",
        f'name = "{DEMO_INSTITUTION}"',
        'unit = "Biro Hubungan Masyarakat"',
        "",
        "[[profiles]]",
        f'name = "{DEMO_PROFILE}"',
        f"query = '{SAMPLE_QUERY}'",
        f'institution = "{DEMO_INSTITUTION}"',
        "",
        sample_units_toml(),
    ])


def _ensure_config(echo: Callable[[str], None]) -> Path | None:
    """The config file in use, written beside the data when none exists yet."""
    from pantau.core.files import atomic_output
    from pantau.core.settings import get_settings

    settings = get_settings()
    if settings.config is not None:
        echo(f"  konfigurasi:  {settings.config} (PANTAU_CONFIG)")
        return settings.config
    path = settings.home_config
    if path.is_file():
        echo(f"  konfigurasi:  {path}")
        return path
    settings.ensure_home()
    with atomic_output(path) as tmp:
        tmp.write_text(demo_config_toml(), encoding="utf-8")
    echo(f"  konfigurasi:  {path} (baru ditulis: lembaga, profil pemantauan, unit survei)")
    return path


def _ensure_outlets(echo: Callable[[str], None]) -> None:
    """With the demo's own config (not PANTAU_CONFIG), its fictional outlets join the
    catalogue so its coverage by outlet scope and province shows scopes."""
    from collectors.api import install_sample_outlets
    from pantau.core.settings import get_settings

    if get_settings().config is not None:  # the office's own setup: its catalogue is its own
        return
    written = install_sample_outlets()
    if written is not None:
        echo(f"  katalog media: {written} (baru ditulis: media fiktif data contoh)")


def _database() -> str:
    from pantau.core.settings import get_settings

    url = make_url(get_settings().effective_database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        return str(Path(url.database).resolve())
    return url.render_as_string(hide_password=True)


def run_demo(out_dir: Path, echo: Callable[[str], None] = print) -> list[Path]:
    """Run every step on the bundled sample and return the files a user would look at."""
    from collectors.api import import_clippings, import_sample_broadcast_and_scan, sample_sources
    from indicators.api import import_example_plan, write_indicator_table
    from jobs.api import run_jobs_demo
    from pantau.config import get_config
    from survey.demo import run_survey_demo

    out_dir.mkdir(parents=True, exist_ok=True)
    echo("Demo Pantau pada data contoh bawaan")
    echo(f"  basis data:   {_database()}")
    _ensure_config(echo)
    _ensure_outlets(echo)
    echo(f"  laporan demo: {out_dir.resolve()}")
    written: list[Path] = []
    base = get_config()
    echo(f"[1/{STEPS}] Survei kepuasan masyarakat (SKM): sampel 2 unit layanan")
    written += run_survey_demo(out_dir, echo, survey=base.survey,
                               institution=base.institution.name)
    echo(f"[2/{STEPS}] Rencana kinerja")
    import_example_plan(lambda line: echo(f"  {line}"), year=DEMO_DAY.year,
                        profile=DEMO_PROFILE)
    echo(f"[3/{STEPS}] Pemantauan media: situs berita contoh dan proses harian "
         f"{DEMO_DAY:%d-%m-%Y}")
    with sample_sources() as sample:
        config = sample.apply(base, every_medium=True)
        clippings = import_clippings(sample.clippings, profile=DEMO_PROFILE, config=config)
        echo(f"  kliping {clippings.file}: {clippings.rows} baris, {clippings.new} baru, "
             f"{clippings.duplicates} sudah ada.")
        import_sample_broadcast_and_scan(config, profile=DEMO_PROFILE, day=DEMO_DAY, echo=echo)
        written += run_jobs_demo(out_dir, echo, day=DEMO_DAY, config=config)
    echo(f"[4/{STEPS}] Capaian indikator")
    written += write_indicator_table(out_dir, lambda line: echo(f"  {line}"),
                                     year=DEMO_DAY.year, indicators=config.indicators,
                                     survey=config.survey, institution=config.institution)
    return written


def next_steps(units: list[str]) -> list[str]:
    """What to do after the demo (printed last)."""
    from pantau.core.db import session_scope
    from pantau.web.users import list_users

    with session_scope() as session:
        admins = [u.username for u in list_users(session) if u.role == "admin" and u.active]
    lines = ["", "Selanjutnya:"]
    steps = [] if admins else [("buat akun admin:", "pantau user create admin --role admin")]
    steps.append(("jalankan web:", "pantau serve"))
    if admins:
        lines.append(f"  akun admin: {', '.join(admins)}")
    for number, (what, command) in enumerate(steps, start=1):
        lines.append(f"  {number}. {what:<17} {command}")
    lines.append("     lalu buka http://127.0.0.1:8000 (dasbor: hari "
                 f"{DEMO_DAY:%d-%m-%Y}, data contoh)")
    lines += [f"     formulir survei publik: http://127.0.0.1:8000/survei/{code}"
              for code in units]
    lines.append("  lihat juga: pantau runs, pantau mentions list, pantau survey units")
    return lines
