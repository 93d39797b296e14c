"""`pantau demo`: the whole service on bundled sample data, offline, with the configured
database (the embedded SQLite by default).

It goes through the same code as production: the survey sample is imported and scored
with the SKM importer; the example IKU plan is imported; a local HTTP server serves the
bundled news feeds, sitemap, Google News feed, article pages and Mastodon posts, and the
daily run (`jobs.daily.run_daily`, as `pantau run daily` and the scheduler call it)
collects them with the real collectors, labels them, computes the indicators and writes
the daily media report; finally the indicator table of the year is written. Running it
again stores nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

# The last day of the bundled news sample (2-16 November 2026, WIB).
DEMO_DAY = date(2026, 11, 16)
DEMO_PROFILE = "kemensos"


def run_demo(out_dir: Path, echo: Callable[[str], None] = print) -> list[Path]:
    """Run every step on the bundled sample and return the files a user would look at."""
    from collectors.api import import_clippings, sample_sources
    from indicators.api import import_example_plan, write_indicator_table
    from jobs.api import run_jobs_demo
    from pantau.config import get_config
    from survey.demo import run_survey_demo

    out_dir.mkdir(parents=True, exist_ok=True)
    echo(f"Demo Pantau: hasil ditulis ke {out_dir}")
    written: list[Path] = []
    base = get_config()
    written += run_survey_demo(out_dir, echo, survey=base.survey,
                               institution=base.institution.name)
    import_example_plan(echo, year=DEMO_DAY.year, profile=DEMO_PROFILE)
    with sample_sources() as sample:
        config = sample.apply(get_config())
        clippings = import_clippings(sample.clippings, profile=DEMO_PROFILE, config=config)
        echo(f"Kliping: {clippings.file}: {clippings.rows} baris, {clippings.new} baru, "
             f"{clippings.duplicates} duplikat.")
        written += run_jobs_demo(out_dir, echo, day=DEMO_DAY, config=config)
    written += write_indicator_table(out_dir, echo, year=DEMO_DAY.year,
                                     indicators=config.indicators, survey=config.survey,
                                     institution=config.institution)
    return written
