"""The people quoted and the share of voice in headless Chromium: the dashboard's card
beside the peer, the narasumber page with aliases merged and the institution's spokesperson
marked, and both usable on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pantau.web.models import ANALIS
from tests.web.helpers import CHROMIUM, PHONE, add_user, login_in_browser, screenshot
from tests.web.test_people import DAY, PEERS_TOML, _seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian chromium not installed (/usr/bin/chromium): "
                              "apt-get install chromium chromium-driver"),
]


@pytest.fixture
def web_config(write_config: Callable[[str], Any]) -> str:
    write_config(PEERS_TOML)
    return PEERS_TOML


def test_people_and_share_of_voice_in_the_browser(server: str, browser: Any) -> None:
    _seed()
    add_user("analis", ANALIS)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, server, "analis")
    page.goto(f"{server}/dasbor?periode=hari&tanggal={DAY.isoformat()}")
    card = page.locator("#pangsa-pemberitaan")
    rows = card.locator("tbody tr")
    assert rows.count() == 2
    own = rows.filter(has_text="instansi sendiri")
    assert own.count() == 1 and "Kementerian Kesehatan" not in own.inner_text()
    peer = rows.filter(has_text="Kementerian Kesehatan")
    assert peer.locator("td[data-label=Jumlah]").inner_text() == "3"
    assert own.locator("td[data-label=Jumlah]").inner_text() == "3"
    screenshot(page, "dashboard-share-of-voice")

    page.click("text=Narasumber yang dikutip pada periode ini")
    page.wait_for_load_state()
    assert "/media/narasumber" in page.url
    # The same period picker as the dashboard: the range fields only for a custom range.
    assert page.locator("#periode input[name=tanggal]").is_visible()
    assert not page.locator("#periode input[name=dari]").is_visible()
    body = page.inner_text("main")
    # "Mensos Risma" and "Menteri Sosial Tri Rismaharini" are one person.
    assert body.count("Tri Rismaharini") == 1 and "Mensos Risma" not in body
    assert "Romal Uli" in body
    assert "Budi Sadikin" not in body  # a peer's people are not the institution's own
    screenshot(page, "people-desktop")

    context = browser.new_context(**PHONE)
    phone = context.new_page()
    login_in_browser(phone, server, "analis")
    for path in (f"/media/narasumber?periode=hari&tanggal={DAY.isoformat()}",
                 f"/dasbor?periode=hari&tanggal={DAY.isoformat()}"):
        phone.goto(f"{server}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
    screenshot(phone, "people-phone")
    context.close()
