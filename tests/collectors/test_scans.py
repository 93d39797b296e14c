"""Print scans: images and scanned PDFs read by Tesseract (Indonesian), e-paper PDFs read as
text, the file kept beside the mention, and the same file never stored twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlmodel import select

from collectors.models import Match, Mention
from collectors.scans import read_scan
from pantau.core.db import session_scope
from pantau.core.settings import get_settings

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"
LINES = ["Kemensos Dinilai Lamban Salurkan Bantuan",
         "JAKARTA - Kementerian Sosial dinilai lamban menyalurkan",
         "bantuan kepada korban banjir di Kabupaten Bekasi, kata",
         "anggota DPR dalam rapat kerja pada Senin pagi."]
CONFIG = """
[[profiles]]
name = "kemensos"
query = '"Kementerian Sosial" OR Kemensos'
"""


def render_page(path: Path, lines: list[str]) -> Path:
    """A clean clipping as a 300 dpi scan would show it: black serif text on white."""
    font = ImageFont.truetype(str(FONT), 42)
    image = Image.new("L", (2480, 200 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((150, 100 + 70 * n), line, font=font, fill=0)
    image.save(path, dpi=(300, 300))
    return path


def test_an_image_is_read_by_ocr_in_indonesian(tmp_path: Path) -> None:
    scan = read_scan(render_page(tmp_path / "kliping.png", LINES))
    assert scan.method == "ocr"
    assert "Kementerian Sosial dinilai lamban" in scan.text
    assert "korban banjir di Kabupaten Bekasi" in scan.text


def test_an_epaper_pdf_is_read_as_text_without_ocr(tmp_path: Path) -> None:
    path = tmp_path / "epaper.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for n, line in enumerate(LINES):
        pdf.drawString(72, 760 - 18 * n, line)
    pdf.save()
    scan = read_scan(path)
    assert scan.method == "teks" and scan.pages == 1
    assert LINES[1] in scan.text


def test_a_scanned_pdf_goes_through_ocr(tmp_path: Path) -> None:
    image = Image.open(render_page(tmp_path / "hal.png", LINES))
    path = tmp_path / "pindaian.pdf"
    image.convert("RGB").save(path, resolution=300)
    scan = read_scan(path)
    assert scan.method == "ocr"
    assert "Kementerian Sosial" in scan.text


def test_import_keeps_the_image_and_stores_once(tmp_path: Path, cli_runner: Any,
                                                write_config: Any) -> None:
    write_config(CONFIG)
    page = render_page(tmp_path / "kompas-hal5.png", LINES)
    args = ["clippings", "scan", str(page), "--media", "Kompas", "--date", "2026-11-05",
            "--page", "5"]
    out = cli_runner(args).output
    assert "1 halaman dibaca (OCR)" in out and "cocok dengan 1 profil" in out
    assert "sudah pernah diimpor" in cli_runner(args).output
    with session_scope() as s:
        mention = s.exec(select(Mention)).one()
        assert (mention.media_type, mention.outlet) == ("cetak", "Kompas")
        assert mention.title.startswith("Kemensos Dinilai Lamban")
        kept = get_settings().home / mention.extra["gambar"]
        assert kept.read_bytes() == page.read_bytes()
        match = s.exec(select(Match)).one()
        assert match.published_at == mention.published_at
        assert any("dinilai lamban" in p for p in match.passages)


def test_unsupported_and_unreadable_files_are_refused(tmp_path: Path, cli_runner: Any,
                                                      write_config: Any) -> None:
    write_config(CONFIG)
    doc = tmp_path / "kliping.docx"
    doc.write_bytes(b"PK")
    bad = cli_runner(["clippings", "scan", str(doc), "--media", "Kompas", "--date",
                      "2026-11-05"], expect_ok=False)
    assert "format tidak didukung" in bad.output
    blank = Image.new("L", (800, 600), 255)
    blank.save(tmp_path / "kosong.png")
    empty = cli_runner(["clippings", "scan", str(tmp_path / "kosong.png"), "--media", "Kompas",
                        "--date", "2026-11-05"], expect_ok=False)
    assert "tidak ada teks yang terbaca" in empty.output


def test_the_web_page_shows_the_kept_clipping(tmp_path: Path, cli_runner: Any,
                                              write_config: Any) -> None:
    from pantau.web.app import create_app
    from pantau.web.models import ANALIS
    from tests.web.helpers import WebClient, add_user, login_token

    write_config(CONFIG)
    page = render_page(tmp_path / "kliping.png", LINES)
    cli_runner(["clippings", "scan", str(page), "--media", "Kompas", "--date", "2026-11-05"])
    with session_scope() as s:
        mention_id = s.exec(select(Mention)).one().id
    add_user("rina", ANALIS)
    from pantau.web.deps import SESSION_COOKIE

    with WebClient(create_app()) as client:
        client.cookies.set(SESSION_COOKIE, login_token("rina"))
        html = client.get(f"/media/{mention_id}").text
        assert f'src="/media/{mention_id}/kliping"' in html and "Kliping asli" in html
        image = client.get(f"/media/{mention_id}/kliping")
        assert image.status_code == 200 and image.content == page.read_bytes()
        assert client.get("/media/999999/kliping").status_code == 404
