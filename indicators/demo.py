"""The indicators part of `pantau demo`: the bundled example IKU plan, and the indicator
table of the year from the data the other steps stored. (The daily media report itself is
written by the daily run, `jobs.daily.run_daily`, as every morning.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from indicators.config import IndicatorsConfig, Institution
from indicators.indicator_report import write_indicator_report
from indicators.planio import read_plan
from indicators.plans import plan_label, save_plan
from pantau.core.db import session_scope
from survey.config import SurveyConfig

EXAMPLES = Path(__file__).parent / "examples"
# The IKU 2023 as published in January, then its September revision (two versions).
EXAMPLE_IKU = EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"
EXAMPLE_IKU_REVISION = EXAMPLES / "iku-2023-biro-humas-kementerian-revisi-september.yaml"
EXAMPLE_RKT = EXAMPLES / "rkt-2022-biro-humas-protokol-mk.yaml"


def import_example_plan(echo: Callable[[str], None] = print, *, year: int,
                        profile: str | None = None) -> None:
    """Import the example IKU, its January version and its September revision, as the
    plan of `year` (its negative-share indicator set to `profile` when given); importing
    it again adds nothing (idempotent)."""
    with session_scope() as session:
        for path in (EXAMPLE_IKU, EXAMPLE_IKU_REVISION):
            spec = read_plan(path)
            spec.year = year
            # Every text that names the example's year names the plan's (the revision
            # note "Ilustrasi revisi September 2023" of a 2026 plan misled).
            spec.title = spec.title.replace("2023", str(year))
            if spec.revision_note:
                spec.revision_note = spec.revision_note.replace("2023", str(year))
            if spec.effective_from is not None:
                spec.effective_from = date(year, spec.effective_from.month,
                                           spec.effective_from.day)
            for goal in spec.sasaran:
                for ind in goal.indicators:
                    if ind.source == "negative_share" and profile:
                        ind.profile = profile
            result = save_plan(session, spec, source_file=path.name, by="sistem")
        verb = "tidak berubah" if result.unchanged else "diimpor"
        echo(f"Rencana contoh {plan_label(result.plan)} {verb} "
             f"({result.indicators} indikator, {result.number} versi).")


def write_indicator_table(out_dir: Path, echo: Callable[[str], None] = print, *,
                          year: int, indicators: IndicatorsConfig, survey: SurveyConfig,
                          institution: Institution) -> list[Path]:
    """Write the plan table of `year` with realisasi and capaian (XLSX, PDF) into
    `out_dir/indikator`."""
    out = Path(out_dir) / "indikator"
    with session_scope() as session:
        written = write_indicator_report(session, year=year, period=None,
                                         formats=["xlsx", "pdf"], out_dir=out,
                                         indicators=indicators, survey=survey,
                                         institution=institution)
    echo(f"Tabel capaian indikator {year} ditulis ke {out}")
    return written
