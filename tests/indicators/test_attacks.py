"""Hostile text from outside in reports (issue 15): an outlet named like mathtext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pantau.core.render import bar_chart, pie_chart
from tests.indicators.helpers import add_mention, add_profile, wib

HOSTILE_OUTLET = r"Warta $\frac{x$"


def _seed(session: Any) -> None:
    pid = add_profile(session, "instansi")
    for i in range(3):
        add_mention(session, pid, wib(2023, 6, 5, 8 + i), model="negatif",
                    outlet=HOSTILE_OUTLET, title=f"Berita {i}")
    session.commit()


def test_chart_texts_are_never_mathtext() -> None:
    assert bar_chart([HOSTILE_OUTLET, "$x^2$"], [3, 1], title=HOSTILE_OUTLET).startswith(
        b"\x89PNG")
    assert pie_chart([HOSTILE_OUTLET], [1], title="$\\alpha$").startswith(b"\x89PNG")


def test_media_report_with_a_mathtext_outlet_cli(session: Any, cli_runner: Any,
                                                 tmp_path: Path) -> None:
    _seed(session)
    out = tmp_path / "laporan"
    result = cli_runner(["report", "media", "--kind", "harian", "--date", "2023-06-05",
                         "--format", "html,pdf", "--out", str(out)])
    assert result.exit_code == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "Warta $\\frac{x$" in html
