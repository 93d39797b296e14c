"""The analyst's Konklusi (Kesimpulan, Saran) of a media report, the clipping appendix, the
evidence passage, and the report as Word and PowerPoint files read back with python-docx and
python-pptx; the PDF's headings never alone at a page's foot (pdftotext per page)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pptx import Presentation
from sqlmodel import select

from indicators.api import get_analysis, media_analysis_draft, save_analysis
from indicators.config import IndicatorsConfig
from indicators.planio import read_plan
from indicators.plans import save_plan
from pantau.core import render
from pantau.core.audit import AuditEvent
from pantau.core.errors import InputError
from tests.indicators.helpers import add_mention, add_profile, indicator_report, media_report, wib

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"
pdftotext = shutil.which("pdftotext")
DAY = date(2023, 6, 5)

ISSUES = [  # (headline, tone, outlet): two issues with enough headlines for topic clusters
    ("Penyaluran bantuan sosial terlambat di desa {i}", "negatif", "Warta Kota"),
    ("Warga keluhkan bantuan sosial belum cair di kampung {i}", "negatif", "Harian Nusantara"),
    ("Program rehabilitasi lansia menjangkau panti {i}", "positif", "Portal Berita"),
    ("Rehabilitasi lansia terlantar diperluas ke kota {i}", "netral", "Portal Berita"),
]


@pytest.fixture
def month_data(session):
    pid = add_profile(session, "instansi")
    for i in range(40):
        title, tone, outlet = ISSUES[i % len(ISSUES)]
        add_mention(session, pid, wib(2023, 6, 1 + i % 5, 8 + i % 9), model=tone,
                    outlet=outlet, title=title.format(i=i),
                    url=f"https://berita.contoh.id/{i}",
                    text=f"{title.format(i=i)}. Menurut warga, penyaluran tahap {i} "
                         "tertunda dua pekan. Pemerintah berjanji memperbaiki data.")
    # A story reprinted twice more (three copies in one duplicate group).
    first = add_mention(session, pid, wib(2023, 6, 5, 7), model="negatif",
                        title="Data penerima bansos ganda ditemukan auditor",
                        url="https://berita.contoh.id/ganda", outlet="Warta Kota")
    for k in range(2):
        add_mention(session, pid, wib(2023, 6, 5, 9 + k), model="negatif", group=first,
                    title="Data penerima bansos ganda ditemukan auditor", outlet=f"Koran {k}")
    # The previous day: 2 mentions.
    for k in range(2):
        add_mention(session, pid, wib(2023, 6, 4, 9 + k), model="netral", title=f"Kemarin {k}")
    save_plan(session, read_plan(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"))
    session.commit()
    return pid


# ---------------------------------------------------------------- the stored analysis


def test_save_analysis_is_audited_and_idempotent(session):
    row = save_analysis(session, kind="daily", day=DAY, conclusion="  Pemberitaan naik.\r\n",
                        recommendations="- Siapkan klarifikasi.", by="ani")
    assert (row.conclusion, row.period_start, row.period_end) == ("Pemberitaan naik.", DAY, DAY)
    save_analysis(session, kind="daily", day=DAY, conclusion="Pemberitaan naik.",
                  recommendations="- Siapkan klarifikasi.", by="ani")  # same: no new row
    save_analysis(session, kind="daily", day=DAY, conclusion="Pemberitaan naik tajam.",
                  recommendations="- Siapkan klarifikasi.", by="budi")
    session.commit()
    found = get_analysis(session, kind="daily", day=DAY)
    assert found is not None and found.updated_by == "budi" and found.created_by == "ani"
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "report_analysis")
                          .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.entity_id) for e in events] == [
        ("analysis.create", "ani", "daily:2023-06-05"),
        ("analysis.update", "budi", "daily:2023-06-05")]
    assert events[0].before is None
    assert json.loads(events[1].before or "")["conclusion"] == "Pemberitaan naik."
    assert json.loads(events[1].after or "")["conclusion"] == "Pemberitaan naik tajam."
    # A weekly and a monthly report of the same day are other periods, other analyses.
    assert get_analysis(session, kind="weekly", day=DAY) is None
    save_analysis(session, kind="monthly", day=date(2023, 6, 20), conclusion="Juni.",
                  recommendations="", by="ani")
    assert get_analysis(session, kind="monthly", day=date(2023, 6, 1)).conclusion == "Juni."


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"conclusion": "", "recommendations": "  "}, "kosong"),
    ({"conclusion": "a\x00b", "recommendations": ""}, "Kesimpulan memuat karakter kendali"),
    ({"conclusion": "x" * 20001, "recommendations": ""}, "Kesimpulan paling panjang 20000"),
    ({"conclusion": "ok", "recommendations": "y" * 20001}, "Saran paling panjang 20000"),
    ({"conclusion": "ok", "recommendations": "", "kind": "yearly"}, "tidak dikenal"),
    ({"conclusion": "ok", "recommendations": "", "by": " "}, "wajib diisi"),
])
def test_save_analysis_refuses(session, kwargs, message):
    args = {"kind": "daily", "day": DAY, "by": "ani", **kwargs}
    with pytest.raises(InputError, match=message):
        save_analysis(session, **args)
    assert session.exec(select(AuditEvent)).all() == []


# ---------------------------------------------------------------- the report


def test_draft_says_what_changed_and_what_drove_the_negatives(session, month_data):
    draft = media_analysis_draft(session, kind="daily", day=DAY,
                                 indicators=IndicatorsConfig())
    # 5 June: 8 of the 40 + the 3 copies = 11 mentions against 8 + 2 the day before.
    assert ("Pemberitaan hari 05-06-2023 berjumlah 11, naik 10,00% dibanding periode "
            "sebelumnya (10)") in draft.conclusion
    assert "Media dengan pemberitaan negatif terbanyak: Warta Kota" in draft.conclusion
    assert "Pemberitaan negatif terutama pada isu" in draft.conclusion
    assert "bantuan" in draft.conclusion or "sosial" in draft.conclusion
    assert "belum ditangani" in draft.recommendations


def test_report_prints_the_draft_then_the_analysts_text(session, month_data, tmp_path):
    html = media_report(session, kind="monthly", day=DAY, formats=["html"],
                        out_dir=tmp_path)[0].read_text(encoding="utf-8")
    assert "<h2>Konklusi</h2>" in html and "Draf otomatis dari angka periode ini" in html
    assert "<h3>Kesimpulan</h3>" in html and "<h3>Saran</h3>" in html
    save_analysis(session, kind="monthly", day=DAY, by="ani",
                  conclusion="Isu bansos mendominasi bulan Juni.",
                  recommendations="- Rilis pers tentang pemutakhiran data.")
    session.commit()
    html = media_report(session, kind="monthly", day=DAY, formats=["html"],
                        out_dir=tmp_path)[0].read_text(encoding="utf-8")
    assert "Isu bansos mendominasi bulan Juni." in html
    assert "- Rilis pers tentang pemutakhiran data." in html
    assert "Ditulis oleh ani" in html and "Draf otomatis" not in html


def test_clipping_appendix_lists_every_story_grouped_by_issue(session, month_data, tmp_path):
    paths = media_report(session, kind="monthly", day=DAY, formats=["html", "xlsx"],
                         out_dir=tmp_path)
    html = paths[0].read_text(encoding="utf-8")
    appendix = html[html.index("Lampiran: daftar kliping"):]
    # 40 stories + the reprinted one (3 copies) + 2 of 4 June = 43 stories, 45 copies.
    assert "43 cerita (45 salinan)" in appendix
    assert appendix.count("<h3>Isu: ") >= 2  # grouped by topic cluster
    assert ('<a href="https://berita.contoh.id/ganda" rel="noopener noreferrer">'
            "Data penerima bansos ganda ditemukan auditor</a>") in appendix
    row = appendix[appendix.index("https://berita.contoh.id/ganda"):]
    assert "<td>negatif</td><td>3</td>" in row[:row.index("</tr>")].replace("\n", "")
    wb = load_workbook(paths[1])
    rows = list(wb["Daftar kliping"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 43 and sum(r[7] for r in rows) == 45
    ganda = next(r for r in rows if r[5] == "https://berita.contoh.id/ganda")
    assert ganda[2:8] == ("Warta Kota", "online", "Data penerima bansos ganda ditemukan "
                          "auditor", "https://berita.contoh.id/ganda", "negatif", 3)
    konklusi = {r[0]: r[1] for r in wb["Konklusi"].iter_rows(min_row=2, values_only=True)}
    assert "Pemberitaan bulan" in konklusi["Kesimpulan"]


def test_evidence_is_a_passage_never_the_title(session, tmp_path):
    pid = add_profile(session, "instansi")
    title = "Kemensos dikritik soal bansos terlambat"
    # Labelled on "title + lead" (no passages found): the evidence starts with the title.
    add_mention(session, pid, wib(2023, 6, 5, 8), model="negatif", title=title,
                evidence=[{"passage": f"{title} Warga menunggu tiga bulan. Dana belum cair.",
                           "label": "negatif", "score": 0.8}])
    # Only the title was read: the article's lead stands in.
    add_mention(session, pid, wib(2023, 6, 5, 9), model="negatif", title="Judul kedua saja",
                text="Judul kedua saja. Lurah menyebut data penerima keliru. Kalimat ketiga. "
                     "Kalimat keempat.",
                evidence=[{"passage": "Judul kedua saja", "label": "negatif", "score": 0.7}])
    session.commit()
    path = media_report(session, kind="daily", day=DAY, formats=["xlsx"], out_dir=tmp_path)[0]
    rows = {r[3]: r[4] for r in load_workbook(path)["Perlu ditanggapi"].iter_rows(
        min_row=2, values_only=True)}
    assert rows[title] == "Warga menunggu tiga bulan. Dana belum cair."
    assert rows["Judul kedua saja"] == "Lurah menyebut data penerima keliru. Kalimat ketiga."


def test_empty_report_reads_no_news(session, tmp_path):
    paths = media_report(session, kind="daily", day=DAY, formats=["html", "docx", "pptx"],
                         out_dir=tmp_path)
    html = paths[0].read_text(encoding="utf-8")
    assert "Tidak ada pemberitaan pada periode ini." in html
    assert "Terdapat 0" not in html and "<h2>Sebaran sentimen</h2>" not in html
    # No empty "Perubahan" cell: every row of the summary says how it changed.
    summary = WordDocument(str(paths[1])).tables[0]
    assert [r.cells[3].text for r in summary.rows[1:]] == ["tetap"] * 4 + ["-"]
    assert len(Presentation(str(paths[2])).slides) >= 5


# ---------------------------------------------------------------- Word and PowerPoint


def _slide_titles(path: Path) -> list[str]:
    titles = []
    for slide in Presentation(str(path)).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        titles.append(texts[0] if texts else "")
    return titles


def test_media_report_as_docx_and_pptx(session, month_data, tmp_path):
    paths = media_report(session, kind="monthly", day=DAY, formats=["docx", "pptx"],
                         out_dir=tmp_path)
    assert [p.suffix for p in paths] == [".docx", ".pptx"]
    word = WordDocument(str(paths[0]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    for name in ("Ringkasan", "Sebaran sentimen", "Tindak lanjut pemberitaan negatif",
                 "Konklusi", "Kesimpulan", "Saran", "Lampiran: daftar kliping"):
        assert name in headings, name
    assert all(p.paragraph_format.keep_with_next for p in word.paragraphs
               if p.style.name.startswith("Heading") and p.text != word.paragraphs[0].text)
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Persentase sentimen negatif" in cells and "Tone negatif" not in cells
    assert len(word.inline_shapes) >= 3  # charts as pictures
    rels = [r.target_ref for r in word.part.rels.values() if "hyperlink" in r.reltype]
    assert "https://berita.contoh.id/ganda" in rels

    titles = _slide_titles(paths[1])
    assert titles[0] == "Laporan Monitoring Media Bulanan"
    sections = [t for t in titles[1:] if "(lanjutan)" not in t]
    assert sections == ["Ringkasan", "Sentimen negatif terhadap target", "Sebaran sentimen",
                        "Tren harian", "Menurut jenis media", "Menurut media",
                        "Menurut cakupan dan provinsi media", "Isu utama",
                        "Narasumber yang paling banyak dikutip",
                        "Pemberitaan negatif yang perlu ditanggapi",
                        "Tindak lanjut pemberitaan negatif", "Konklusi", "Catatan metode",
                        "Lampiran: daftar kliping"]
    deck = Presentation(str(paths[1]))
    pictures = sum(1 for s in deck.slides for sh in s.shapes if sh.shape_type == 13)
    assert pictures >= 3
    # Every shape is on its slide.
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= deck.slide_height + 10, shape.name
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width + 10


def test_indicator_report_as_docx_and_pptx(session, tmp_path):
    save_plan(session, read_plan(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"))
    session.commit()
    paths = indicator_report(session, year=2023, period=None, formats=["docx", "pptx"],
                             out_dir=tmp_path)
    word = WordDocument(str(paths[0]))
    assert word.tables[0].rows[0].cells[0].text == "Sasaran"
    assert any("Persentase" in c.text for row in word.tables[0].rows for c in row.cells)
    titles = _slide_titles(paths[1])
    assert titles[0] == "Capaian Indikator Kinerja Tahun 2023"
    deck = Presentation(str(paths[1]))
    tables = [sh.table for s in deck.slides for sh in s.shapes if sh.has_table]
    assert tables and tables[0].cell(0, 0).text == "Sasaran"


# ---------------------------------------------------------------- charts and the PDF


@pytest.fixture
def drawn(monkeypatch):
    """The matplotlib figures the chart functions draw (their real code path)."""
    figures = []
    real = render._png

    def keep(fig):
        fig.canvas.draw()
        figures.append(fig)
        return real(fig)

    monkeypatch.setattr(render, "_png", keep)
    return figures


def test_count_charts_have_whole_ticks_and_indonesian_numbers(drawn):
    render.line_chart(["01-06", "02-06", "03-06"], {"negatif": [0, 1, 2]})
    render.bar_chart(["online"], [1])
    render.bar_chart(["A", "B"], [2.5, 3.25], xlim=(1, 4))
    line, single, decimal = drawn
    ticks = [t.get_text() for t in line.axes[0].get_yticklabels()]
    assert ticks and all(t.isdigit() for t in ticks), ticks  # no 0.5, 1.5
    ticks = [t.get_text() for t in single.axes[0].get_xticklabels()]
    assert ticks and all(t.isdigit() for t in ticks), ticks
    ticks = [t.get_text() for t in decimal.axes[0].get_xticklabels()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks), ticks
    labels = [t.get_text() for t in decimal.axes[0].texts]
    assert labels == [" 3,25", " 2,50"]
    # A single bar is a strip, not half a page.
    width, height = single.get_size_inches()
    assert height / width < 0.25


def test_donut_labels_are_legible(drawn):
    render.pie_chart(["positif", "netral", "negatif"], [2, 30, 7],
                     colors=[render.TONE_COLOURS[t] for t in ("positif", "netral", "negatif")])
    ax = drawn[0].axes[0]
    inside = {t.get_text(): t.get_color() for t in ax.texts}
    assert inside["17,9%"] == "#ffffff"  # white on the dark red wedge
    assert inside["76,9%"] == "#222222"  # dark on the light grey one
    assert "5,1%" not in inside  # too small a wedge to carry a label
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["positif: 2 (5,1%)", "netral: 30 (76,9%)", "negatif: 7 (17,9%)"]


@pytest.mark.skipif(pdftotext is None, reason="pdftotext missing: apt-get install poppler-utils")
@pytest.mark.parametrize("filler", [100, 106, 112, 130])
def test_no_heading_alone_at_a_page_foot(tmp_path, filler):
    # Lengths of the first paragraph that left the heading alone at the foot of page 1
    # before headings were kept with their content (the table moved to page 2 without it).
    doc = render.Document("Uji tata letak")
    doc.add(render.Paragraph("Isi paragraf yang cukup panjang. " * filler))
    doc.add(render.Image(render.bar_chart(list("abcdef"), [1, 2, 3, 4, 5, 6]), width_cm=16))
    doc.add(render.Heading("Bagian yang diuji"))
    doc.add(render.Table(["Kolom A", "Kolom B"], [[f"baris {i}", i] for i in range(30)]))
    doc.add(render.Heading("Bagian bergambar"))
    doc.add(render.Image(render.bar_chart(list("abcdefgh"), list(range(8))), width_cm=16,
                         caption="Keterangan gambar"))
    path = render.write_document(doc, tmp_path / "uji", ["pdf"])[0]
    pages = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            assert lines[-1] not in ("Bagian yang diuji", "Bagian bergambar"), lines[-3:]
    text = " ".join(pages)
    assert "Bagian yang diuji" in text and "baris 29" in text


# ---------------------------------------------------------------- issue names


TRIAL_DAY = date(2026, 11, 16)


@pytest.fixture
def trial_day(session):
    """The trial's day after `pantau demo`: few headlines (too few for topic clusters), one
    negative story (a citizen's Instagram post), a TV programme's airing, the institution's
    own names and outlets' names in the headlines."""
    from collectors.models import Profile

    pid = add_profile(session, "kemensos")
    profile = session.get(Profile, pid)
    profile.query = ('("Kementerian Sosial" OR Kemensos OR Mensos OR "Menteri Sosial") '
                     'NOT "Dinas Sosial Kota"')
    profile.institution = "Kementerian Sosial"
    add_mention(session, pid, wib(2026, 11, 16, 7), model="negatif", media_type="media sosial",
                outlet="Instagram",
                title="Warga tiga pengungsian keluhkan bantuan Kemensos belum datang sejak pagi")
    add_mention(session, pid, wib(2026, 11, 16, 6, 30), model="netral", media_type="televisi",
                outlet="TV Nusantara", title="Nusantara Pagi (TV Nusantara, 16-11-2026 06:30 WIB)")
    add_mention(session, pid, wib(2026, 11, 16, 9), model="positif", outlet="Warta Nusantara",
                title="Kementerian Sosial teken kerja sama lumbung sosial - Warta Nusantara")
    add_mention(session, pid, wib(2026, 11, 16, 10), model="positif",
                outlet="Harian Sinar Pagi",
                title="Mensos salurkan sepuluh ribu paket sembako hari ini")
    session.commit()
    return pid


def test_draft_names_each_negative_story_once_by_a_recognisable_issue(session, trial_day):
    draft = media_analysis_draft(session, kind="daily", day=TRIAL_DAY,
                                 indicators=IndicatorsConfig())
    sentence = next(s for s in draft.conclusion.split(". ")
                    if s.startswith("Pemberitaan negatif terutama pada isu"))
    # One negative post: one issue, counted once, named by no number, time or own name.
    assert sentence.count("(1)") == 1 and " dan " not in sentence, sentence
    issue = sentence.removeprefix("Pemberitaan negatif terutama pada isu ").split(" (")[0]
    assert not set(issue.split()) & {"tiga", "pagi", "kemensos", "warga", "sejak"}, issue
    assert "pengungsian" in issue or "bantuan" in issue, issue
    assert f"tentang isu {issue}." in draft.recommendations
    # A citizen's post has no right of reply: answer it on the institution's own channel.
    assert "Koordinasikan dengan Instagram" not in draft.recommendations
    assert "hak jawab" not in draft.recommendations
    assert "kanal resmi instansi" in draft.recommendations


def test_key_terms_name_no_number_time_institution_or_outlet(session, trial_day, tmp_path):
    html = media_report(session, kind="daily", day=TRIAL_DAY, formats=["html"],
                        out_dir=tmp_path)[0].read_text(encoding="utf-8")
    section = html[html.index("<h2>Isu utama</h2>"):]
    section = section[:section.index("<h2>", 5)]
    terms = {t for cell in re.findall(r"<tr><td>([^<]+)</td>", section) for t in cell.split()}
    assert terms, section
    banned = {"kemensos", "mensos", "kementerian", "nusantara", "pagi", "tiga", "teken",
              "sepuluh", "ribu", "hari", "warta", "sinar", "harian", "wib"}
    assert not terms & banned, terms
    assert "lumbung" in terms and "sosial" in terms  # "lumbung sosial" keeps its "sosial"


def test_issue_terms_count_a_headline_once():
    from indicators.media_stats import OwnNames, issue_terms, key_terms

    own = OwnNames.of(["Kementerian Sosial", "Kemensos", "Warta Nusantara"])
    titles = ["Tiga pengungsian bantuan Kemensos tertunda - Warta Nusantara"]
    assert issue_terms(titles, own=own) == [(issue_terms(titles, own=own)[0][0], 1)]
    words = [w for t in key_terms(titles, own=own) for w in t.term.split()]
    assert len(words) == len(set(words))  # no word named twice
    assert not {"tiga", "kemensos", "warta", "nusantara"} & set(words)
    # Copies of one story (the same headline) count once.
    assert [n for _, n in issue_terms(titles * 3, own=own)] == [1]


def test_no_previous_data_is_said_so_not_a_rise_from_zero(session, trial_day, tmp_path):
    """Monitoring began on the report's day: the period before has no data, which the
    report says instead of "naik dari 0 dibanding periode sebelumnya: 0" (web draft, HTML,
    PDF and DOCX alike)."""
    draft = media_analysis_draft(session, kind="daily", day=TRIAL_DAY,
                                 indicators=IndicatorsConfig())
    assert "naik dari 0" not in draft.conclusion
    assert "belum ada data periode sebelumnya" in draft.conclusion
    html, docx = media_report(session, kind="daily", day=TRIAL_DAY, formats=["html", "docx"],
                              out_dir=tmp_path)
    text = html.read_text(encoding="utf-8")
    words = "\n".join(p.text for p in WordDocument(str(docx)).paragraphs)
    cells = "\n".join(c.text for t in WordDocument(str(docx)).tables for r in t.rows
                      for c in r.cells)
    for shown in (text, words + cells):
        assert "naik dari 0" not in shown
        assert "belum ada data periode sebelumnya" in shown
    assert "Terdapat 4 pemberitaan (belum ada data periode sebelumnya)" in text
    if pdftotext:
        pdf = media_report(session, kind="monthly", day=TRIAL_DAY, formats=["pdf"],
                           out_dir=tmp_path)[0]
        out = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        assert "naik dari 0" not in out and "belum ada data" in " ".join(out.split())


def test_monthly_clusters_are_named_by_issue_words():
    """The monthly report's topic clusters ("sosial, tiga, bantuan, pagi" in the trial) are
    named by no number, time word or own name; "bantuan sosial" keeps its "sosial"."""
    from indicators.media_stats import OwnNames, clusters

    own = OwnNames.of(["Kementerian Sosial", "Kemensos", "Harian Sinar Pagi"])
    titles = []
    for i in range(12):
        titles.append(f"Tiga desa terima bantuan sosial pagi ini dari Kementerian Sosial {i}")
        titles.append(f"Kemensos rehabilitasi lansia di panti sore hari - Harian Sinar Pagi {i}")
    found = clusters(titles, ["negatif"] * len(titles), own=own)
    words = {w for c in found for t in c.terms for w in t.split()}
    assert found and not words & {"tiga", "pagi", "sore", "hari", "kemensos", "kementerian",
                                  "sinar", "harian", "ini"}, words
    assert {"bantuan", "sosial"} <= words and "lansia" in words
