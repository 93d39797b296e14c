"""The report page (/laporan): the analyst's Kesimpulan and Saran with a draft from the
numbers, stored through the same audited door as the CLI, printed in the downloaded report;
the report and the indicator table downloaded as Word and PowerPoint; the plan page shows
indicator inputs in words."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html import unescape
from typing import Any

from docx import Document as WordDocument
from pptx import Presentation

from pantau.core.audit import events
from pantau.core.db import session_scope
from pantau.core.timeutil import to_jakarta
from pantau.web.models import ANALIS, PIMPINAN
from tests.web.helpers import seed_mentions


def test_analyst_writes_the_conclusion_the_report_prints_it(login: Any) -> None:
    seed_mentions(3)
    today = to_jakarta(datetime.now(UTC)).date().isoformat()
    analyst = login(ANALIS)
    page = unescape(analyst.get("/laporan").text)  # opens on the latest day with news
    assert 'id="form-analisis"' in page and f'value="{today}"' in page
    assert "Belum ditulis analis" in page and "berjumlah 3" in page  # the draft
    # Nothing was collected the day before: no rise "from 0".
    assert "berjumlah 3 (belum ada data periode sebelumnya)" in page
    assert "naik dari 0" not in page
    for fmt in ("pdf", "html", "xlsx", "docx", "pptx"):
        assert f'id="unduh-{fmt}"' in page
    r = analyst.form("/laporan/analisis", {"jenis": "daily", "tanggal": today,
                                           "kesimpulan": "Isu bansos <b>menonjol</b>.",
                                           "saran": "- Siapkan siaran pers."})
    assert r.status_code == 303
    page = analyst.get(r.headers["location"]).text
    assert "Kesimpulan dan saran disimpan" in page
    assert "Isu bansos &lt;b&gt;menonjol&lt;/b&gt;." in page and "Riwayat perubahan (1)" in page
    r = analyst.form("/laporan/analisis", {"jenis": "daily", "tanggal": today,
                                           "kesimpulan": "a\x00", "saran": ""})
    assert r.status_code == 400 and "karakter kendali" in r.text
    with session_scope() as s:
        rows = events(s, entity="report_analysis")
        assert [(e.actor, e.action) for e in rows] == [(f"user_{ANALIS}", "analysis.create")]

    head = login(PIMPINAN)  # reads it, cannot write it
    page = head.get(f"/laporan?jenis=daily&tanggal={today}").text
    assert 'id="form-analisis"' not in page and "Isu bansos &lt;b&gt;menonjol" in page
    r = head.get(f"/media/laporan?jenis=daily&tanggal={today}&format=docx")
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    word = WordDocument(io.BytesIO(r.content))
    texts = [p.text for p in word.paragraphs]
    assert "Konklusi" in texts and "Isu bansos <b>menonjol</b>." in texts
    assert any(t.startswith("Ditulis oleh") for t in texts)
    r = head.get(f"/media/laporan?jenis=daily&tanggal={today}&format=pptx")
    assert r.status_code == 200 and "presentationml" in r.headers["content-type"]
    deck = Presentation(io.BytesIO(r.content))
    assert len(deck.slides) > 5


def test_indicator_table_as_docx_and_pptx_and_inputs_in_words(login: Any) -> None:
    from pathlib import Path

    from indicators.api import compute_indicators, read_plan, save_plan
    from indicators.config import IndicatorsConfig
    from survey.config import SurveyConfig

    seed_mentions(3)
    example = Path(__file__).parents[2] / "indicators" / "examples" / \
        "iku-2023-biro-humas-kementerian-januari.yaml"
    with session_scope() as s:
        save_plan(s, read_plan(example))
        compute_indicators(s, year=2023, indicators=IndicatorsConfig(), survey=SurveyConfig())
    client = login(ANALIS, "perencana")
    page = client.get("/rencana?tahun=2023").text
    for raw in ("negative_share", "all_copies", "dasar_penghitungan", "total_berlabel"):
        assert raw not in page, raw
    assert "Persentase sentimen negatif (Pantau)" in page and "Dasar penghitungan:" in page
    for fmt, kind in (("docx", "wordprocessingml"), ("pptx", "presentationml")):
        assert f"format={fmt}" in page
        r = client.get(f"/rencana/ekspor?tahun=2023&format={fmt}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    word = WordDocument(io.BytesIO(client.get("/rencana/ekspor?tahun=2023&format=docx").content))
    assert word.tables[0].rows[0].cells[1].text == "Indikator"
