"""The first hour of a new user, in headless Chromium: the README's quick start (the
demo, the admin account), `pantau serve` as a real process on a free port, a citizen's
submission on the public form of a demo unit (phone), an officer's upload with an invalid
row, and the dashboard on the demo's day. Screenshots go to test-artifacts/first-hour-*.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import func, select

from pantau.core.db import session_scope
from tests.web.helpers import (
    CHROMIUM,
    PASSWORD,
    PHONE,
    csv_file,
    free_port,
    login_in_browser,
    screenshot,
    upload_in_browser,
)

README = Path(__file__).resolve().parents[2] / "README.md"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian chromium not installed (/usr/bin/chromium): "
                              "apt-get install chromium chromium-driver"),
]


def quick_start() -> list[list[str]]:
    """The `pantau ...` commands of the README's quick start, comments removed."""
    block = README.read_text(encoding="utf-8").split("<!-- ci:quickstart:begin -->")[1]
    block = block.split("<!-- ci:quickstart:end -->")[0]
    lines = [line.split("#")[0].split() for line in block.splitlines()]
    return [words for words in lines if words and words[0] == "pantau"]


def pantau(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pantau", *args], capture_output=True,
                          text=True, check=True, env=dict(os.environ), **kwargs)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The quick start run as written, `pantau serve` last (its URL, and what was printed)."""
    commands = quick_start()
    assert [c[:2] for c in commands] == [["pantau", "demo"], ["pantau", "user"],
                                         ["pantau", "serve"]], commands
    printed: dict[str, str] = {}
    for words in commands[:-1]:
        if words[1] == "user":  # it asks for the password twice
            done = pantau([*words[1:], "--name", "Admin Demo", "--password-stdin"],
                          input=PASSWORD + "\n")
        else:
            done = pantau(words[1:], cwd=tmp_path)
        printed[words[1]] = done.stdout
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pantau", *commands[-1][1:], "--port", str(port)],
        env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.time() > deadline:
            server.kill()
            raise RuntimeError(f"pantau serve did not start: {server.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.2)
    try:
        yield base, printed
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_readme_quick_start_to_form_upload_and_dashboard(served: tuple[str, dict[str, str]],
                                                         browser: Any, tmp_path: Path) -> None:
    from survey.models import Response

    base, printed = served
    demo = printed["demo"]
    home = Path(os.environ["PANTAU_HOME"])
    assert f"konfigurasi:  {home / 'pantau.toml'}" in demo
    assert "basis data:" in demo and "pantau serve" in demo
    assert "pantau user create admin --role admin" in demo
    with session_scope() as s:
        before = s.exec(select(func.count()).select_from(Response)).one()
    assert before == 112 + 96

    # A citizen on a phone: the home page leads to the demo unit's form.
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(base)
    screenshot(page, "first-hour-home-phone")
    page.locator("a[href='/survei/PPID']").first.click()
    page.wait_for_url("**/survei/PPID")
    page.get_by_label("Laki-laki").check()
    page.fill("input[name=usia]", "41")
    page.select_option("select[name=pendidikan]", "SMA")
    page.select_option("select[name=pekerjaan]", "Wirausaha")
    page.select_option("select[name=jenis_layanan]", "Permohonan Informasi Publik")
    for i in range(1, 10):
        page.locator(f"input[name=u{i}][value='4']").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "first-hour-public-form-phone")
    page.click("main button[type=submit]")
    page.wait_for_url("**/terima-kasih")
    screenshot(page, "first-hour-thanks-phone")
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Response)).one() == before + 1
    phone.close()

    # The admin (the quick start's account) uploads an officer's file with one bad row.
    csv = tmp_path / "skm-humas-juli.csv"
    rows = [[n, "P", 25 + n, "D4/S1", "PNS", "Layanan Media",
             *[3 + (n + i) % 2 for i in range(9)], "Cepat"] for n in range(1, 7)]
    rows[2][6] = 5  # the file's row 4: U1 out of range
    csv.write_bytes(csv_file(rows))
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
    login_in_browser(page, base, "admin")
    upload_in_browser(page, base, csv, unit="HUMAS", period="2026-07")
    page.wait_for_selector("#preview-rows")
    screenshot(page, "first-hour-upload-preview")
    assert page.locator("tr.invalid-row").count() == 1
    assert page.locator("tr.invalid-row td").first.inner_text() == "4"  # the file's row 4
    with page.expect_download() as download:
        page.click("#rejected-download")
    assert "Alasan penolakan" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.click("#confirm-valid")
    page.wait_for_selector("#import-summary")
    assert "5 respons" in page.inner_text("#import-summary")
    page.goto(f"{base}/skm/impor")
    assert page.get_by_text("skm-humas-juli.csv").is_visible()
    screenshot(page, "first-hour-import-history")

    # The dashboard opens on the demo's day, with its numbers.
    page.goto(f"{base}/dasbor")
    main = page.inner_text("main")
    assert "16-11-2026" in main, main
    screenshot(page, "first-hour-dashboard")
    counts = [int(n) for n in re.findall(r"\b(\d+)\b", page.inner_text("main"))]
    assert any(counts), main
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "first-hour-dashboard-phone")

    # The API's documentation renders from Pantau's own files.
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=20000)
    screenshot(page, "first-hour-api-docs")
