"""End-to-end tests in headless Chromium (Debian's chromium, driven by Playwright): a
respondent fills the public form on a phone, an officer uploads a file, an analyst corrects
a tone. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pantau.core.db import session_scope
from pantau.web.models import ANALIS, PETUGAS_SURVEI
from tests.web.helpers import (
    CHROMIUM,
    PHONE,
    add_user,
    login_in_browser,
    screenshot,
    seed_mentions,
    upload_in_browser,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian chromium not installed (/usr/bin/chromium): "
                              "apt-get install chromium chromium-driver"),
]


def test_public_form_on_a_phone(server: str, browser: Any) -> None:
    from sqlmodel import select

    from survey.models import Response

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server}/survei/loket")
    assert page.locator("fieldset.question legend").count() == 11  # profile + 9 + saran
    assert page.get_by_text("9. Sarana dan Prasarana").is_visible()
    page.get_by_label("Perempuan").check()
    page.fill("input[name=usia]", "34")
    page.select_option("select[name=pendidikan]", "D4/S1")
    page.select_option("select[name=pekerjaan]", "Swasta")
    page.select_option("select[name=jenis_layanan]", "Pengaduan")
    for i in range(1, 10):
        page.locator(f"input[name=u{i}][value='{3 if i % 2 else 4}']").check()
    page.fill("textarea[name=saran]", "Ruang tunggu <b>sempit</b>")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "public-form-phone")
    page.click("main button[type=submit]")
    page.wait_for_url("**/terima-kasih")
    assert page.get_by_role("heading", name="Terima kasih").is_visible()
    screenshot(page, "public-form-thanks")
    with session_scope() as s:
        rows = s.exec(select(Response)).all()
    assert len(rows) == 1
    assert (rows[0].u1, rows[0].u2, rows[0].gender, rows[0].age) == (3, 4, "P", 34)
    assert rows[0].saran == "Ruang tunggu <b>sempit</b>"
    context.close()


def test_officer_uploads_a_file(server: str, browser: Any, tmp_path: Path) -> None:
    from sqlmodel import func, select

    from survey.models import Response

    add_user("petugas", PETUGAS_SURVEI)
    csv = tmp_path / "skm-loket.csv"
    header = "No;Jenis Kelamin;Usia;Pendidikan;Pekerjaan;" + ";".join(
        f"U{i}" for i in range(1, 10)) + ";Saran"
    rows = [f"{n};L;{30 + n};SMA;Swasta;" + ";".join(str(2 + (n + i) % 3) for i in range(9))
            + ";Baik" for n in range(1, 6)]
    csv.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, server, "petugas")
    upload_in_browser(page, server, csv, unit="loket", period="2026-TW1")
    screenshot(page, "officer-upload-preview")
    assert page.locator("#confirm").count() == 1, page.inner_text("main")
    assert page.get_by_text("5 baris dibaca").is_visible()
    with session_scope() as s:  # nothing stored before confirmation
        assert s.exec(select(func.count()).select_from(Response)).one() == 0
    page.click("#confirm")
    page.wait_for_selector("#import-summary")
    assert "5 respons" in page.inner_text("#import-summary")
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Response)).one() == 5
    page.goto(f"{server}/skm/hasil?unit=loket&periode=2026")
    assert page.inner_text("#ikm") != "0,00"
    screenshot(page, "officer-results")


def test_analyst_corrects_a_tone(server: str, browser: Any) -> None:
    from sqlmodel import select

    from sentiment.models import SentimentLabel

    ids = seed_mentions(3)
    add_user("analis", ANALIS)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, server, "analis")
    assert page.url.endswith("/dasbor")
    assert page.get_by_role("heading", name="Dasbor pemberitaan").is_visible()
    screenshot(page, "analyst-dashboard")
    page.goto(f"{server}/media?nada=negatif")
    assert page.locator("tbody tr").count() == 1
    screenshot(page, "analyst-negative-list")
    first = ids["match_ids"][0]
    page.locator(f"button[form='one-{first}-positif']").click()
    page.wait_for_selector("p.ok")
    assert "dikoreksi" in page.inner_text("p.ok")
    with session_scope() as s:
        label = s.exec(select(SentimentLabel).where(SentimentLabel.match_id == first)).one()
        assert label is not None and label.human_label == "positif"
        assert label.human_by == "analis"
    page.goto(f"{server}/media/{ids['mention_ids'][0]}")
    assert page.get_by_text("dikoreksi oleh analis").is_visible()
    screenshot(page, "analyst-mention-corrected")


def test_review_queue_decides_with_one_key(server: str, browser: Any) -> None:
    from sqlmodel import select

    from sentiment.models import SentimentLabel

    seed_mentions(4)
    add_user("analis", ANALIS)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, server, "analis")
    page.goto(f"{server}/tinjau")
    assert "Butir 1 dari 4" in page.inner_text("[data-review]")
    screenshot(page, "review-queue")
    match_id = int(page.get_attribute("input[name=match_id]", "value") or 0)
    page.keyboard.press("g")
    page.wait_for_selector("p.ok")
    assert "Disimpan: negatif" in page.inner_text("p.ok")
    with session_scope() as s:
        label = s.exec(select(SentimentLabel).where(SentimentLabel.match_id == match_id)).one()
        assert label.human_label == "negatif" and label.human_by == "analis"
    page.keyboard.press("l")  # skip: the next item, nothing decided
    page.wait_for_url("**lewati=1")
    from collectors.models import Mention

    with session_scope() as s:  # doubtful labels (every item has a reason), long names
        for other in s.exec(select(SentimentLabel)).all():
            other.model_score = 0.41
            s.add(other)
        for mention in s.exec(select(Mention)).all():
            mention.outlet = "Harian Umum Pikiran Rakyat Kabupaten Bandung Barat"
            mention.title = ("Warga Kecamatan Cipatat mempertanyakan penyaluran bantuan sosial "
                             "tunai yang terlambat tiga bulan berturut-turut")
            s.add(mention)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
    login_in_browser(phone, server, "analis")
    phone.goto(f"{server}/tinjau")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # The upcoming items' "Alasan" is readable on the phone, not behind a sideways scroll.
    reason = phone.locator("#berikutnya td[data-label=Alasan]:not(:empty)").first
    assert reason.is_visible() and reason.inner_text().strip()
    box = reason.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert phone.evaluate("document.querySelector('#berikutnya').parentElement.scrollWidth"
                          " <= document.querySelector('#berikutnya').parentElement"
                          ".clientWidth")
    screenshot(phone, "review-queue-phone")




@pytest.mark.slow
def test_analyst_follows_up_a_negative_story(server: str, browser: Any) -> None:
    from indicators.api import get_followup

    ids = seed_mentions(3)
    negative = ids["mention_ids"][0]
    add_user("analis", ANALIS)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, server, "analis")
    page.goto(f"{server}/tindak-lanjut")
    assert page.locator("#antrean tbody tr").count() == 1
    screenshot(page, "followup-queue-new")
    page.locator("#antrean a").first.click()
    page.wait_for_selector("#form-tindak-lanjut")
    page.select_option("select[name=action]", "hak-jawab")
    page.fill("input[name=owner]", "Romal Uli")
    page.fill("input[name=deadline]", (datetime.now(UTC) + timedelta(days=2)).date().isoformat())
    page.select_option("select[name=status]", "ditangani")
    page.click("#form-tindak-lanjut button[type=submit]")
    page.wait_for_selector("p.ok")
    assert "ditangani" in page.inner_text("p.ok")
    assert page.get_by_text("penanggung jawab Romal Uli").is_visible()
    screenshot(page, "followup-form-saved")
    page.select_option("select[name=status]", "selesai")
    page.fill("textarea[name=outcome]", "Hak jawab dimuat pada hari yang sama")
    page.fill("textarea[name=links]", "https://contoh.id/hak-jawab")
    page.click("#form-tindak-lanjut button[type=submit]")
    page.wait_for_selector("p.ok")
    with session_scope() as s:
        f = get_followup(s, negative)
        assert f is not None and (f.status, f.action, f.owner) == ("selesai", "hak-jawab",
                                                                   "Romal Uli")
        assert f.links == ["https://contoh.id/hak-jawab"] and f.done_at is not None
    page.goto(f"{server}/tindak-lanjut?status=selesai")
    assert "Romal Uli" in page.inner_text("#antrean")
    page.goto(f"{server}/dasbor")
    assert "selesai" in page.inner_text("#negatif-terbaru")
    screenshot(page, "dashboard-desktop")


@pytest.mark.slow
def test_dashboard_period_picker_and_phone_layout(server: str, browser: Any) -> None:
    seed_mentions(5, title="Judul yang sangat panjang tentang penyaluran bantuan sosial "
                          "yang terlambat di banyak daerah dan menuai keluhan warga")
    add_user("analis", ANALIS)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, server, "analis")
    page.goto(f"{server}/dasbor")
    assert page.inner_text("#jumlah") == "5"
    # The date fields follow the chosen kind of period.
    assert page.locator("#periode input[name=tanggal]").is_visible()
    assert not page.locator("#periode input[name=dari]").is_visible()
    page.select_option("#pilih-periode", "kustom")
    assert page.locator("#periode input[name=dari]").is_visible()
    assert not page.locator("#periode input[name=tanggal]").is_visible()
    today = datetime.now(UTC).date()
    page.fill("input[name=dari]", (today - timedelta(days=20)).isoformat())
    page.fill("input[name=sampai]", (today - timedelta(days=10)).isoformat())
    page.click("#periode button[type=submit]")
    page.wait_for_load_state()
    assert "periode=kustom" in page.url and page.inner_text("#jumlah") == "0"
    assert "Rentang tanggal" in page.inner_text("#judul-periode")
    page.select_option("#pilih-periode", "bulan")
    page.click("#periode button[type=submit]")
    page.wait_for_load_state()
    assert "periode=bulan" in page.url and "dari=" not in page.url
    assert page.locator("svg.trend text", has_text="pemberitaan").count() == 1  # y axis
    screenshot(page, "dashboard-month")
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    login_in_browser(phone, server, "analis")
    for path, name in (("/media", "media-list-phone"), ("/dasbor", "dashboard-phone"),
                       ("/tindak-lanjut", "followup-queue-phone")):
        phone.goto(f"{server}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        screenshot(phone, name)
    phone.goto(f"{server}/media")
    # Every row's tone and its correction buttons are on screen, not pushed off it.
    for box in (phone.locator("td.tone-cell .tone").first.bounding_box(),
                phone.locator("td.row-actions button").first.bounding_box()):
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


@pytest.mark.slow
def test_analyst_writes_the_report_conclusion(server: str, browser: Any, tmp_path: Path) -> None:
    import io

    from docx import Document as WordDocument

    from indicators.api import get_analysis
    from pantau.core.timeutil import to_jakarta

    seed_mentions(4)
    add_user("analis", ANALIS)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID",
                            accept_downloads=True)
    login_in_browser(page, server, "analis")
    page.get_by_role("link", name="Laporan", exact=True).click()
    page.wait_for_selector("#form-analisis")
    draft = page.input_value("textarea[name=kesimpulan]")
    assert "berjumlah 4" in draft  # the draft written from the numbers
    page.fill("textarea[name=kesimpulan]", "Isu penyaluran bansos mendominasi.\nPerlu klarifikasi.")
    page.fill("textarea[name=saran]", "- Rilis pers hari ini.")
    page.click("#form-analisis button[type=submit]")
    page.wait_for_selector("p.ok")
    assert "disimpan" in page.inner_text("p.ok")
    screenshot(page, "report-analysis-saved")
    # The draft can be brought back into the form (not saved until the analyst saves).
    page.click("#pakai-draf")
    assert "berjumlah 4" in page.input_value("textarea[name=kesimpulan]")
    day = to_jakarta(datetime.now(UTC)).date()
    with session_scope() as s:
        stored = get_analysis(s, kind="daily", day=day)
        assert stored is not None and stored.updated_by == "analis"
        assert stored.conclusion == "Isu penyaluran bansos mendominasi.\nPerlu klarifikasi."
    with page.expect_download() as info:
        page.click("#unduh-docx")
    path = info.value.path()
    word = WordDocument(io.BytesIO(Path(path).read_bytes()))
    assert "Isu penyaluran bansos mendominasi.\nPerlu klarifikasi." in [
        p.text for p in word.paragraphs]
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
    login_in_browser(phone, server, "analis")
    phone.goto(f"{server}/laporan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "report-analysis-phone")


def test_the_daily_report_fits_a_phone(browser: Any, tmp_path: Path) -> None:
    """The daily HTML report at 390 px: no wider than the phone; a wide table scrolls inside
    its own box, its last columns ("Perubahan", "% negatif") reachable there."""
    from indicators.api import write_media_report
    from indicators.config import IndicatorsConfig
    from pantau.config import InstitutionConfig
    from pantau.core.timeutil import to_jakarta

    seed_mentions(5, title="Judul yang sangat panjang tentang penyaluran bantuan sosial "
                          "yang terlambat di banyak daerah dan menuai keluhan warga")
    day = to_jakarta(datetime.now(UTC)).date()
    with session_scope() as s:
        [html] = write_media_report(s, kind="daily", day=day,
                                    formats=["html"], out_dir=tmp_path,
                                    indicators=IndicatorsConfig(),
                                    institution=InstitutionConfig())
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
    page.goto(html.as_uri())
    assert page.locator("table").count() > 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("[...document.querySelectorAll('table')].every(t => "
                         "t.parentElement.classList.contains('table-wrap'))")
    assert page.get_by_text("Perubahan", exact=True).count() == 1
    screenshot(page, "media-report-daily-phone")
