"""The indicators part of `pantau demo`: import the bundled example IKU plan and write the
daily media report and the indicator table from the data already stored (the sample
mentions, labels and survey responses of the other domains' demos).

Wiring in pantau/demo.py, after the collectors, sentiment and survey demos:

    from indicators.demo import run_indicators_demo
    written += run_indicators_demo(out_dir, echo, day=date(2025, 6, 30), profile="...")
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from indicators.indicator_report import write_indicator_report
from indicators.media_report import write_media_report
from indicators.planio import read_plan
from indicators.plans import plan_label, save_plan
from pantau.db import session_scope

EXAMPLES = Path(__file__).parent / "examples"
EXAMPLE_IKU = EXAMPLES / "iku-2023-biro-humas-kementerian.yaml"
EXAMPLE_RKT = EXAMPLES / "rkt-2022-biro-humas-protokol-mk.yaml"


def run_indicators_demo(out_dir: Path, echo: Callable[[str], None] = print, *, day: date,
                        profile: str | None = None) -> list[Path]:
    """Import the example IKU plan as the plan of `day`'s year (its negative-share
    indicator set to `profile` when given; idempotent), then write the daily media report
    of `day` (HTML, PDF, XLSX) and the indicator table of the year (XLSX, PDF) into
    `out_dir/indikator`."""
    spec = read_plan(EXAMPLE_IKU)
    spec.year = day.year
    spec.title = spec.title.replace("2023", str(day.year))
    for goal in spec.sasaran:
        for ind in goal.indicators:
            if ind.source == "negative_share" and profile:
                ind.profile = profile
    out = Path(out_dir) / "indikator"
    with session_scope() as session:
        result = save_plan(session, spec, source_file=EXAMPLE_IKU.name)
        echo(f"Indikator: rencana contoh {plan_label(result.plan)} diimpor "
             f"({result.indicators} indikator).")
    with session_scope() as session:
        written = write_media_report(session, period="daily", day=day,
                                     formats=["html", "pdf", "xlsx"], out_dir=out)
    echo(f"Indikator: laporan monitoring media harian {day:%d-%m-%Y} ditulis ke {out}")
    with session_scope() as session:
        written += write_indicator_report(session, year=day.year, period=None,
                                          formats=["xlsx", "pdf"], out_dir=out)
    echo(f"Indikator: tabel capaian indikator {day.year} ditulis ke {out}")
    return written
