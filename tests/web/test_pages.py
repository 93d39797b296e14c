"""Pages through the test client, per role: admin, analysts' mentions and dashboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

import pytest

from pantau.core.db import session_scope
from pantau.web.models import ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN
from tests.web.helpers import PASSWORD, WebClient, add_user, mention_links, seed_mentions

# ---------------------------------------------------------------- admin


def test_admin_manages_users_and_tokens(login: Any, anon: WebClient) -> None:
    admin = login(ADMIN, "kepala")
    r = admin.form("/admin/pengguna", {"username": "sari", "password": "kata-sandi-sari",
                                      "role": PETUGAS_SURVEI, "full_name": "Sari"})
    assert r.status_code == 303
    page = admin.get("/admin/pengguna").text
    assert "sari" in page and "Petugas survei" in page
    # The new officer can log in and lands on the survey pages.
    r = anon.post("/masuk", data={"username": "sari", "password": "kata-sandi-sari",
                                  "csrf_token": anon.csrf}, follow_redirects=False)
    assert r.headers["location"] == "/skm"
    # Role change and deactivation.
    r = admin.form("/admin/pengguna/sari", {"role": ANALIS, "active": "", "full_name": "Sari"})
    assert r.status_code == 303
    r = anon.post("/masuk", data={"username": "sari", "password": "kata-sandi-sari",
                                  "csrf_token": anon.csrf}, follow_redirects=False)
    assert r.status_code == 401
    # An API token is shown once.
    r = admin.form("/admin/token", {"username": "kepala", "name": "SAKIP"})
    token = re.search(r'<code id="new-token">([^<]+)</code>', r.text)[1]  # type: ignore[index]
    assert anon.get("/api/v1/saya", headers={"authorization": f"Bearer {token}"}).json()[
        "username"] == "kepala"
    page = admin.get("/admin/pengguna").text
    assert "kepala" in page and "sari" in page  # the users are listed...
    assert token not in page  # ...but the token is not shown again


def test_admin_cannot_lock_themselves_out(login: Any) -> None:
    admin = login(ADMIN, "kepala")
    r = admin.form("/admin/pengguna/kepala", {"role": ANALIS, "active": "1"})
    assert r.status_code == 400 and "akun Anda sendiri" in r.text


def test_admin_user_form_errors_are_indonesian(login: Any) -> None:
    admin = login(ADMIN)
    r = admin.form("/admin/pengguna", {"username": "sari", "password": "pendek",
                                      "role": ANALIS})
    assert r.status_code == 400 and "Kata sandi terlalu pendek" in r.text
    r = admin.form("/admin/pengguna", {"username": "sari", "password": "kata-sandi-sari",
                                      "role": "raja"})
    assert r.status_code == 400 and "Peran 'raja' tidak dikenal" in unescape(r.text)


def test_admin_profiles_sources_and_job_history(login: Any) -> None:
    from pantau.core.runlog import JobRun

    seed_mentions(2)
    with session_scope() as s:
        s.add(JobRun(job="collect:online", status="gagal", error="Koneksi <ditolak>",
                     run_date="2026-03-01", counts={"fetched": 3}))
        s.add(JobRun(job="report:daily", status="berhasil", run_date="2026-03-01"))
    admin = login(ADMIN)
    page = admin.get("/admin/profil").text
    assert "kemensos" in page and "Antara RSS" in page
    page = admin.get("/admin/jadwal").text
    assert "collect:online" in page and "report:daily" in page
    assert "Koneksi &lt;ditolak&gt;" in page
    page = admin.get("/admin/jadwal?status=gagal").text
    assert "collect:online" in page and "report:daily</td>" not in page


# ---------------------------------------------------------------- analysts


def test_mentions_list_filters_and_detail(login: Any) -> None:
    ids = seed_mentions(3)
    client = login(PIMPINAN)
    page = client.get("/media").text
    assert mention_links(page) == 3
    assert "3 pemberitaan" in page
    # Read-only: the list with its tones, but no correction buttons for pimpinan.
    assert "Berita bansos nomor 0" in page and "negatif" in page
    assert "Koreksi sentimen" not in page and 'name="match_ids"' not in page
    analyst_page = login(ANALIS).get("/media").text
    assert "Koreksi sentimen" in analyst_page and 'name="match_ids"' in analyst_page
    assert mention_links(client.get("/media?nada=negatif").text) == 1
    assert mention_links(client.get("/media?outlet=Kompas").text) == 1
    assert mention_links(client.get("/media?q=nomor%201").text) == 1
    assert mention_links(client.get(f"/media?sumber={ids['source_id']}").text) == 3
    assert mention_links(client.get("/media?unik=1").text) == 2
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    assert "0 pemberitaan" in client.get(f"/media?dari={tomorrow}").text
    r = client.get("/media?dari=kemarin")
    assert r.status_code == 400 and "tanggal 'kemarin' tidak valid" in unescape(r.text)
    r = client.get("/media?nada=marah")
    assert r.status_code == 400 and "Sentimen 'marah' tidak dikenal" in unescape(r.text)
    detail = client.get(f"/media/{ids['mention_ids'][1]}").text
    assert "Kalimat bukti 1" in detail and "Salinan cerita yang sama (1)" in detail
    assert client.get("/media/9999").status_code == 404


def test_mentions_pagination(login: Any, write_config: Any) -> None:
    from pantau.web.app import create_app
    from tests.web.helpers import UNITS_TOML

    write_config(UNITS_TOML + "\n[web]\npage_size = 5\n")
    seed_mentions(12)
    add_user("rina", ANALIS)
    from pantau.web.deps import SESSION_COOKIE
    from tests.web.helpers import login_token

    with WebClient(create_app()) as c:
        c.cookies.set(SESSION_COOKIE, login_token("rina"))
        first = c.get("/media").text
        assert "halaman 1 dari 3" in first and mention_links(first) == 5
        last = c.get("/media?hal=3").text
        assert mention_links(last) == 2
        # "Next" and "previous" go by key: every row once, in order, and back again.
        pages, url = [], "/media"
        while url:
            page = c.get(unescape(url)).text
            pages.append(re.findall(r'href="/media/(\d+)"', page))
            found = re.search(r'href="([^"]+)" rel="next"', page)
            url = found[1] if found else ""
        assert [len(p) for p in pages] == [5, 5, 2]
        assert len({i for p in pages for i in p}) == 12
        back = re.search(r'href="([^"]+)" rel="prev"', page)
        assert back and "sebelum=" in back[1]
        assert re.findall(r'href="/media/(\d+)"', c.get(unescape(back[1])).text) == pages[1]
        assert "halaman 2 dari 3" in c.get(unescape(back[1])).text
        r = c.get("/media?setelah=2026-01-01~1")
        assert r.status_code == 400 and "Penanda halaman" in unescape(r.text)


def test_a_long_list_counts_only_so_far(login: Any, write_config: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: the list counts its rows only up to COUNTED_PAGES pages ("lebih dari"):
    counting every match of a frequent word cost more than the page. Paging by key goes on
    to the last row."""
    from pantau.web.app import create_app
    from pantau.web.deps import SESSION_COOKIE
    from pantau.web.routes import media
    from tests.web.helpers import UNITS_TOML, login_token

    monkeypatch.setattr(media, "COUNTED_PAGES", 2)  # 10 rows of 5 (200 pages in use)
    write_config(UNITS_TOML + "\n[web]\npage_size = 5\n")
    seed_mentions(12)
    add_user("rina", ANALIS)
    with WebClient(create_app()) as c:
        c.cookies.set(SESSION_COOKIE, login_token("rina"))
        seen, url, number = [], "/media", 0
        while url:
            number += 1
            page = c.get(unescape(url)).text
            assert f"lebih dari 10 pemberitaan, halaman {number}." in page
            seen += re.findall(r'href="/media/(\d+)"', page)
            found = re.search(r'href="([^"]+)" rel="next"', page)
            url = found[1] if found else ""
        assert number == 3 and len(set(seen)) == len(seen) == 12


def test_dashboard_counts_and_target(login: Any) -> None:
    seed_mentions(3)
    client = login(ANALIS)
    page = client.get("/dasbor").text
    assert "Dasbor pemberitaan" in page
    # 3 matches today: 1 negatif, 1 positif, 1 netral -> 33,33% negative.
    assert "33,33%" in page
    assert "Target belum diatur" in page


def test_login_page_and_index_for_anonymous(anon: WebClient) -> None:
    page = anon.get("/").text
    assert "Loket Informasi Publik" in page and 'href="/survei/loket"' in page
    assert anon.get("/masuk").status_code == 200


def test_logged_in_home_redirects_by_role(login: Any) -> None:
    assert login(ANALIS).get("/", follow_redirects=False).headers["location"] == "/dasbor"
    assert login(PETUGAS_SURVEI).get("/", follow_redirects=False).headers["location"] == "/skm"


def test_unknown_page_is_indonesian_404(anon: WebClient) -> None:
    r = anon.get("/tidak-ada")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in r.text


_ = PASSWORD


def test_trend_and_summary_count_by_wib_day() -> None:
    from datetime import date

    from collectors.models import Match, Mention, Profile
    from indicators.config import IndicatorsConfig
    from pantau.core.periods import month
    from pantau.web.media_queries import daily_trend, tone_summary
    from sentiment.models import SentimentLabel

    stamps = [  # (UTC time, model label, human label)
        (datetime(2026, 3, 1, 16, 59, tzinfo=UTC), "negatif", None),  # 23:59 WIB, 1 March
        (datetime(2026, 3, 1, 17, 0, tzinfo=UTC), "negatif", "positif"),  # 00:00 WIB, 2 March
        (datetime(2026, 3, 2, 3, 0, tzinfo=UTC), None, None),  # 2 March, not labelled
        (datetime(2026, 2, 28, 17, 30, tzinfo=UTC), "netral", None),  # 1 March WIB
    ]
    with session_scope() as s:
        profile = Profile(name="p", query="x")
        s.add(profile)
        s.flush()
        for i, (at, model, human) in enumerate(stamps):
            m = Mention(url_key=f"k{i}", title=f"t{i}", published_at=at, content_hash=f"{i}")
            s.add(m)
            s.flush()
            match = Match(mention_id=m.id or 0, profile_id=profile.id or 0)
            s.add(match)
            s.flush()
            if model:
                s.add(SentimentLabel(match_id=match.id or 0, model_label=model,
                                     human_label=human))
    with session_scope() as s:
        every_copy = IndicatorsConfig()
        trend = dict(daily_trend(s, date(2026, 2, 28), date(2026, 3, 2),
                                 indicators=every_copy))
        march = tone_summary(s, month(2026, 3), indicators=every_copy)
    assert trend[date(2026, 2, 28)].total == 0
    first, second = trend[date(2026, 3, 1)], trend[date(2026, 3, 2)]
    assert (first.negatif, first.netral, first.total) == (1, 1, 2)
    assert (second.positif, second.tanpa_label, second.total) == (1, 1, 2)  # human label wins
    assert (march.total, march.labelled, march.negatif) == (4, 3, 1)
    assert march.negative_share == 33.33


def test_schedule_rows_for_people() -> None:
    from pantau.web.routes.admin import schedule_rows

    rows = dict(schedule_rows({
        "collect": [{"name": "berita", "every_minutes": 30, "sources": ["Antara", "Kompas"]},
                    {"name": "semua", "every_minutes": 60, "sources": []}],
        "daily_report_time": "07:00", "report_formats": ["html", "pdf"], "report_dir": None}))
    assert rows["Pengumpulan"] == ("berita: tiap 30 menit (Antara, Kompas); "
                                   "semua: tiap 60 menit (semua sumber)")
    assert rows["Laporan harian (WIB)"] == "07:00"
    assert rows["Format laporan"] == "HTML, PDF"
    assert rows["Folder laporan"] == "bawaan (PANTAU_HOME/laporan)"


def test_schedule_page_shows_no_raw_keys(login: Any) -> None:
    admin = login(ADMIN)
    page = admin.get("/admin/jadwal").text
    for raw in ("misfire_grace_minutes", "job_timeout_minutes", "max_parallel_jobs",
                "weekly_report_day", ">mon<"):
        assert raw not in page, raw
    assert "Tugas terlewat masih dijalankan hingga (menit)" in page and ">Senin<" in page


def test_dashboard_counts_follow_the_counting_basis(session) -> None:
    from collectors.models import Match, Mention, Profile
    from indicators.config import IndicatorsConfig
    from indicators.counting import Scope, tone_counts
    from pantau.core.periods import month
    from pantau.web.media_queries import tone_summary
    from sentiment.models import SentimentLabel

    stories = IndicatorsConfig(counting_basis="unique_stories")
    profile = Profile(name="p", query="x")
    session.add(profile)
    session.flush()
    # Story 1: two negative copies (one duplicate group); story 2: one positive copy.
    group: int | None = None
    for i, (copy, label) in enumerate([(True, "negatif"), (True, "negatif"),
                                       (False, "positif")]):
        m = Mention(url_key=f"u{i}", title=f"t{i}", content_hash=f"h{i}",
                    published_at=datetime(2026, 3, 10, 3, i, tzinfo=UTC))
        session.add(m)
        session.flush()
        if copy:
            group = group or m.id
            m.duplicate_group = group
        match = Match(mention_id=m.id or 0, profile_id=profile.id or 0)
        session.add(match)
        session.flush()
        session.add(SentimentLabel(match_id=match.id or 0, model_label=label))
    session.commit()
    shown = tone_summary(session, month(2026, 3), profile.id, indicators=stories)
    counts = tone_counts(session, Scope(month(2026, 3), "p", None, "unique_stories"))
    assert (shown.negatif, shown.positif, shown.total) == (1, 1, 2)
    assert counts is not None and shown.negative_share == counts.negative_share == 50.0


def test_the_app_counts_with_the_basis_of_the_config_it_was_built_with() -> None:
    from pantau.config import PantauConfig
    from pantau.web.app import create_app
    from pantau.web.users import create_api_token

    seed_mentions(3)  # the last two mentions are copies of one story
    add_user("sistem", ANALIS)
    with session_scope() as s:
        token = create_api_token(s, username="sistem", name="uji", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    for basis, total in (("all_copies", 3), ("unique_stories", 2)):
        config = PantauConfig.model_validate({"indicators": {"counting_basis": basis}})
        with WebClient(create_app(config)) as client:
            today = client.get("/api/v1/dashboard", headers=auth).json()["tones"]
        assert today["total"] == total, basis


def test_a_summary_that_is_the_texts_lead_is_shown_once(login: Any) -> None:
    """A feed's summary is often the article's first paragraph: shown above the text, the
    reader saw the lead twice. A summary the text does not hold is still shown."""
    from collectors.models import Mention

    ids = seed_mentions(2)
    lead, other = ids["mention_ids"][:2]
    with session_scope() as session:
        first = session.get_one(Mention, lead)
        first.summary = "Kementerian Sosial  menyalurkan bantuan."  # the lead, spaced apart
        session.get_one(Mention, other).summary = "Ringkasan dari redaksi."
        session.commit()
    client = login(PIMPINAN)
    page = unescape(client.get(f"/media/{lead}").text)
    assert page.count("menyalurkan bantuan.") == 1
    assert "Ringkasan dari redaksi." in unescape(client.get(f"/media/{other}").text)


@pytest.mark.parametrize(("url", "shown"), [
    ("https://warta.example/berita/pkh", "link"),
    ("http://127.0.0.1:34555/warta/berita/pkh.html", "local"),  # the demo's server
    ("http://localhost:8000/x", "local"),
    ("http://[::1]:8000/x", "local"),
    ("http://127.0.0.1.example/x", "link"),
    ("kliping:abc", None),
    (None, None),
])
def test_what_the_page_says_of_the_original_link(url: str | None, shown: str | None) -> None:
    from pantau.web.media_queries import original_link

    assert original_link(url) == shown


def test_a_demo_mentions_dead_local_link_is_not_offered(login: Any) -> None:
    from collectors.models import Mention

    ids = seed_mentions(1)
    with session_scope() as session:
        session.get_one(Mention, ids["mention_ids"][0]).url = "http://127.0.0.1:34555/warta/a.html"
        session.commit()
    page = unescape(login(PIMPINAN).get(f"/media/{ids['mention_ids'][0]}").text)
    assert "Buka tautan asli" not in page and "127.0.0.1:34555" not in page
    assert "hanya berjalan selama demo" in page
