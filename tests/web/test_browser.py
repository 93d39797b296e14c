"""End-to-end tests in headless Chromium (Debian's chromium, driven by Playwright): a
respondent fills the public form on a phone, an officer uploads a file, an analyst corrects
a tone. Screenshots go to test-artifacts/."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pantau.core.db import session_scope
from pantau.web.models import ANALIS, PETUGAS_SURVEI
from tests.web.helpers import (
    CHROMIUM,
    PHONE,
    add_user,
    free_port,
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


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    """The app under a real uvicorn server in a thread."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


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
