"""The indicators part of `pantau demo`: import the bundled example IKU plan and write the
daily media report and the indicator table from data already stored.

Called by pantau/demo.py after the sample mentions are collected and labelled:

    from indicators.demo import run_indicators_demo
    paths = run_indicators_demo(session, day=date(2023, 6, 5), out_dir=out, profile="...")
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from indicators.indicator_report import write_indicator_report
from indicators.media_report import write_media_report
from indicators.models import Indicator
from indicators.planio import read_plan
from indicators.plans import save_plan

EXAMPLES = Path(__file__).parent / "examples"
EXAMPLE_IKU = EXAMPLES / "iku-2023-biro-humas-kementerian.yaml"
EXAMPLE_RKT = EXAMPLES / "rkt-2022-biro-humas-protokol-mk.yaml"


def run_indicators_demo(session: Session, *, day: date, out_dir: Path,
                        profile: str | None = None,
                        echo: Callable[[str], None] = print) -> list[Path]:
    """Import the example IKU plan for `day`'s year (its negative-share indicator set to
    `profile` when given), then write the daily media report (HTML, PDF, XLSX) and the
    indicator table (XLSX, PDF) of that year into `out_dir`."""
    spec = read_plan(EXAMPLE_IKU)
    spec.year = day.year
    spec.title = spec.title.replace("2023", str(day.year))
    for goal in spec.sasaran:
        for ind in goal.indicators:
            if ind.source == "negative_share" and profile:
                ind.profile = profile
    result = save_plan(session, spec, source_file=EXAMPLE_IKU.name)
    session.flush()
    n = len(session.exec(select(Indicator).where(Indicator.plan_id == result.plan.id)).all())
    echo(f"Rencana contoh IKU {day.year} diimpor ({n} indikator).")
    paths = write_media_report(session, period="daily", day=day,
                               formats=["html", "pdf", "xlsx"], out_dir=out_dir)
    echo("Laporan monitoring media harian ditulis.")
    paths += write_indicator_report(session, year=day.year, period=None,
                                    formats=["xlsx", "pdf"], out_dir=out_dir)
    echo("Tabel capaian indikator ditulis.")
    return paths
