"""The outlet catalogue: the shipped file's shape, name and URL resolution, selections as
collector sources, the office's override file, and the live URL check on a local server."""

from __future__ import annotations

import csv
import socket
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from collectors.catalogue import (
    CATALOGUE_FILE,
    FIELDS,
    PROVINCES,
    Catalogue,
    Outlet,
    canonical_outlet,
    check_outlets,
    check_targets,
    default_override_path,
    load_catalogue,
    normalize_province,
    plan_sources,
    read_catalogue_file,
    source_config,
    sources_toml,
)
from collectors.config import CollectConfig, SourceConfig
from collectors.localserver import LocalServer, send
from pantau.config import PantauConfig
from pantau.core.errors import InputError, NotFoundError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue(read_catalogue_file())


def _raw_rows() -> list[dict[str, str]]:
    with open(CATALOGUE_FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- file shape


def test_file_has_the_documented_columns_and_every_row_is_valid() -> None:
    with open(CATALOGUE_FILE, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == FIELDS
    rows = _raw_rows()
    outlets = read_catalogue_file()  # raises on any invalid row
    assert len(outlets) == len(rows) >= 150
    assert all(len(row) == len(FIELDS) and None not in row for row in rows)


def test_ids_are_unique_and_names_and_aliases_point_to_one_outlet(catalogue: Catalogue) -> None:
    ids = Counter(o.id for o in catalogue)
    assert [i for i, n in ids.items() if n > 1] == []
    names = Counter(o.name for o in catalogue)
    assert [n for n, c in names.items() if c > 1] == []
    for outlet in catalogue:  # every spelling resolves back to its own outlet
        for label in (outlet.name, *outlet.aliases):
            if "/" not in label:
                assert catalogue.by_name(label) == outlet, label


def test_every_province_is_represented(catalogue: Catalogue) -> None:
    assert len(PROVINCES) == 38
    assert catalogue.provinces == list(PROVINCES)
    for outlet in catalogue:
        assert (outlet.province is None) == (outlet.scope == "nasional"), outlet.id
        if outlet.province:
            assert outlet.province in PROVINCES


def test_every_url_parses_with_http_scheme_and_host() -> None:
    for row in _raw_rows():
        for column in ("homepage", "feed_url", "sitemap_url"):
            value = row[column]
            if column != "homepage" and not value:
                continue
            parts = urlsplit(value)
            assert parts.scheme in ("http", "https"), (row["id"], column, value)
            assert parts.hostname and "." in parts.hostname, (row["id"], column, value)
            assert value == value.strip() and " " not in value, (row["id"], column, value)


def test_media_types_scopes_and_the_outlets_the_office_expects(catalogue: Catalogue) -> None:
    assert {o.media_type for o in catalogue} == {"online", "cetak", "televisi", "radio"}
    assert {o.scope for o in catalogue} == {"nasional", "provinsi", "kabupaten-kota"}
    expected = {
        "kompas-com", "detikcom", "cnn-indonesia", "cnbc-indonesia", "tempo-co", "antara",
        "republika", "liputan6", "okezone", "sindonews", "merdeka", "suara-com", "kumparan",
        "idn-times", "tirto", "katadata", "bisnis-com", "kontan", "media-indonesia", "jawa-pos",
        "tribunnews", "viva", "inews-id", "beritasatu", "tvri", "metro-tv", "kompas-tv", "tvone",
        "rcti", "sctv", "trans7", "cnn-indonesia-tv", "btv", "rri", "elshinta", "sonora", "prfm",
        "kompas", "koran-tempo", "pikiran-rakyat", "suara-merdeka", "kedaulatan-rakyat",
        "bali-post", "waspada", "analisa", "fajar", "banjarmasin-post", "sriwijaya-post",
    }
    assert expected <= {o.id for o in catalogue}
    # Verification is claimed sparingly: every claim is a national outlet.
    assert all(o.scope == "nasional" for o in catalogue if o.dewan_pers_verified)


def test_outlets_sharing_a_homepage_differ_in_medium(catalogue: Catalogue) -> None:
    seen: dict[tuple[str, str], str] = {}
    for outlet in catalogue:
        key = (outlet.host + outlet.path_prefix, outlet.media_type)
        assert key not in seen, (outlet.id, seen.get(key))
        seen[key] = outlet.id


# --------------------------------------------------------------------------- resolution


@pytest.mark.parametrize(("text", "expected"), [
    ("Kompas.com", "kompas-com"),
    ("KOMPAS.com", "kompas-com"),
    ("kompas com", "kompas-com"),
    ("Harian Kompas", "kompas"),
    ("Kompas", "kompas"),
    ("Kompas TV", "kompas-tv"),
    ("detikNews", "detikcom"),
    ("ANTARA News", "antara"),
    ("Antaranews.com", "antara"),
    ("Sripoku", "sriwijaya-post"),
    ("tvOnenews", "tvone"),
    ("TV One", "tvone"),
    ("Radio Republik Indonesia", "rri"),
    ("Provinsi Jawa Barat", None),
    ("Koran Entah Berantah", None),
    ("", None),
])
def test_names_and_aliases_resolve(catalogue: Catalogue, text: str, expected: str | None) -> None:
    found = catalogue.canonical_outlet(text)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://nasional.kompas.com/read/2026/11/03/1/judul", "kompas-com"),
    ("https://www.kompas.id/baca/polhuk/2026/11/03/judul", "kompas"),
    ("https://jabar.tribunnews.com/2026/11/03/judul?utm_source=x", "tribun-jabar"),
    ("https://www.tribunnews.com/nasional/2026/11/03/judul", "tribunnews"),
    ("https://video.tribunnews.com/view/1/judul", "tribunnews"),
    ("https://aceh.tribunnews.com/2026/11/03/judul", "serambi-indonesia"),
    ("https://www.serambinews.com/berita/1", "serambi-indonesia"),
    ("serambinews.com", "serambi-indonesia"),
    ("https://www.detik.com/jabar/berita/d-123/judul", "detik-jabar"),
    ("https://www.detik.com/jabarxyz", "detikcom"),
    ("https://news.detik.com/berita/d-123/judul", "detikcom"),
    ("https://www.rri.co.id/medan/daerah/123/judul", "rri-medan"),
    ("https://rri.co.id/merauke", "rri-merauke"),
    ("https://www.rri.co.id/nasional/123/judul", "rri"),
    ("https://m.antaranews.com/berita/1/judul", "antara"),
    ("https://jatim.antaranews.com/berita/1/judul", "antara-jatim"),
    ("https://www.inews.id/news/nasional/judul", "inews-id"),  # online before the TV station
    ("https://www.beritasatu.com/nasional/1/judul", "beritasatu"),
    ("https://www.cnnindonesia.com/tv/20261103/judul", "cnn-indonesia-tv"),
    ("https://www.cnnindonesia.com/nasional/20261103/judul", "cnn-indonesia"),
    ("https://www.bbc.com/indonesia/articles/abc", "bbc-indonesia"),
    ("https://www.bbc.com/news/world", None),
    ("https://contoh.example/berita", None),
    ("ftp://www.kompas.com/", None),
])
def test_urls_and_domains_resolve(catalogue: Catalogue, url: str, expected: str | None) -> None:
    found = catalogue.canonical_outlet(url)
    assert (found.id if found else None) == expected


def test_canonical_name_and_module_level_lookup(catalogue: Catalogue) -> None:
    assert catalogue.canonical_name("antaranews.com") == "ANTARA"
    assert catalogue.canonical_name("Harian Tak Dikenal") == "Harian Tak Dikenal"
    found = canonical_outlet("https://www.cnbcindonesia.com/news/1")
    assert found is not None and found.name == "CNBC Indonesia"


# --------------------------------------------------------------------------- selection


def test_select_by_province_scope_and_media_type(catalogue: Catalogue) -> None:
    jabar = catalogue.select(province="jabar")
    assert jabar and {o.province for o in jabar} == {"Jawa Barat"}
    assert catalogue.select(province="Provinsi Jawa Barat") == jabar
    national = catalogue.select(scope="nasional")
    assert national and all(o.province is None for o in national)
    tv = catalogue.select(media_type="tv")
    assert tv and {o.media_type for o in tv} == {"televisi"}
    with_feed = catalogue.select(province="DIY", with_source=True)
    assert with_feed and all(o.feed_url or o.sitemap_url for o in with_feed)
    assert catalogue.select(province="Papua Pegunungan", media_type="radio")
    with pytest.raises(InputError, match="Provinsi tidak dikenal"):
        catalogue.select(province="Atlantis")
    with pytest.raises(InputError, match="Lingkup tidak dikenal"):
        catalogue.select(scope="galaksi")
    with pytest.raises(InputError, match="Jenis media tidak dikenal"):
        catalogue.select(media_type="papan reklame")


def test_selection_specs_of_sources_add(catalogue: Catalogue) -> None:
    assert catalogue.selection("nasional") == catalogue.select(scope="nasional")
    assert catalogue.selection("NTB") == catalogue.select(province="Nusa Tenggara Barat")
    assert [o.id for o in catalogue.selection("kompas-com")] == ["kompas-com"]
    assert len(catalogue.selection("semua")) == len(catalogue)
    with pytest.raises(InputError, match="Pilihan katalog tidak dikenal"):
        catalogue.selection("entah")


def test_province_names() -> None:
    assert normalize_province("daerah istimewa yogyakarta") == "DI Yogyakarta"
    assert normalize_province("  Papua  barat daya ") == "Papua Barat Daya"
    assert normalize_province("Kaltara") == "Kalimantan Utara"
    with pytest.raises(InputError, match="38 provinsi"):
        normalize_province("Sumatera Tengah")


# --------------------------------------------------------------------------- sources


def _outlet(**fields: object) -> Outlet:
    base: dict[str, object] = {"id": "contoh", "name": "Warta Contoh", "media_type": "online",
                               "scope": "nasional", "homepage": "https://warta.contoh.id/"}
    return Outlet.model_validate(base | fields)


def test_source_config_kinds() -> None:
    rss = source_config(_outlet(feed_url="https://warta.contoh.id/rss",
                                sitemap_url="https://warta.contoh.id/sitemap.xml"))
    assert rss is not None
    assert (rss.name, rss.kind, rss.url, rss.outlet, rss.media_type) == (
        "Warta Contoh", "rss", "https://warta.contoh.id/rss", "Warta Contoh", "online")
    sitemap = source_config(_outlet(sitemap_url="https://warta.contoh.id/sitemap.xml"))
    assert sitemap is not None and sitemap.kind == "sitemap"
    assert sitemap.url == "https://warta.contoh.id/sitemap.xml"
    assert source_config(_outlet()) is None
    # A newspaper's web edition is collected as online mentions under the paper's name.
    paper = source_config(_outlet(media_type="cetak", feed_url="https://warta.contoh.id/feed"))
    assert paper is not None and paper.media_type == "online" and paper.outlet == "Warta Contoh"


def test_plan_sources_for_a_province_skips_configured_and_feedless(catalogue: Catalogue) -> None:
    outlets = catalogue.selection("Jawa Barat")
    existing = [
        SourceConfig(name="tribun jabar", kind="rss", url="https://example.org/other"),
        SourceConfig(name="Punya Kantor", kind="rss",
                     url="https://jabar.antaranews.com/rss/terkini.xml?utm_source=x"),
    ]
    plan = plan_sources(outlets, existing)
    assert {o.id for o in plan.already_configured} == {"tribun-jabar", "antara-jabar"}
    assert all(o.feed_url is None and o.sitemap_url is None for o in plan.without_source)
    assert "detik-jabar" in {o.id for o in plan.without_source}
    assert plan.sources and all(s.kind == "rss" for s in plan.sources)
    assert len(plan.sources) + len(plan.without_source) + len(plan.already_configured) == len(
        outlets)
    by_name = {s.name: s for s in plan.sources}
    assert by_name["Tribun Cirebon"].url == "https://cirebon.tribunnews.com/rss"


def test_national_selection_becomes_a_valid_config(catalogue: Catalogue) -> None:
    plan = plan_sources(catalogue.selection("nasional"))
    assert len(plan.sources) >= 15
    names = [s.name for s in plan.sources]
    assert len(names) == len(set(names))
    text = sources_toml(plan.sources, comment="Dari katalog media Pantau: nasional")
    assert text.startswith("# Dari katalog media Pantau: nasional\n\n[[sources]]\n")
    config = PantauConfig.model_validate(tomllib.loads(text))
    assert [s.model_dump() for s in config.sources] == [s.model_dump() for s in plan.sources]
    assert sources_toml([]) == ""


def test_sources_toml_escapes_awkward_names() -> None:
    cfg = SourceConfig(name='Koran "Kita" \\ Baru', kind="rss",
                       url="https://a.contoh.id/rss?x=1&y=2", outlet="Koran ñ\x7f", enabled=False)
    parsed = tomllib.loads(sources_toml([cfg]))["sources"][0]
    assert parsed == {"name": 'Koran "Kita" \\ Baru', "kind": "rss",
                      "url": "https://a.contoh.id/rss?x=1&y=2", "outlet": "Koran ñ\x7f",
                      "enabled": False}


# --------------------------------------------------------------------------- overrides


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_override_file_in_pantau_home_corrects_and_adds(pantau_env: Path) -> None:
    path = default_override_path()
    assert path == pantau_env / "outlets.csv"
    _write(path, (
        "id;dewan_pers_verified;feed_url;notes;name;media_type;scope;province;homepage\n"
        "tribun-jabar;true;;Diperiksa di data Dewan Pers;;;;;\n"
        "antara-sumut;;-;Feed mati;;;;;\n"
        "warta-priangan;;;Media lokal Garut;Warta Priangan;online;kabupaten-kota;jabar;"
        "https://wartapriangan.example.id/\n"
    ), encoding="cp1252")
    catalogue = load_catalogue()
    assert catalogue.override_path == path
    jabar = catalogue.get("tribun-jabar")
    assert jabar.dewan_pers_verified is True and jabar.notes == "Diperiksa di data Dewan Pers"
    assert jabar.feed_url == "https://jabar.tribunnews.com/rss"  # empty cell: unchanged
    assert catalogue.get("antara-sumut").feed_url is None
    added = catalogue.get("warta-priangan")
    assert (added.province, added.scope, added.dewan_pers_verified) == (
        "Jawa Barat", "kabupaten-kota", None)
    assert catalogue.canonical_outlet("https://wartapriangan.example.id/a/b") == added
    assert len(catalogue) == len(read_catalogue_file()) + 1
    assert len(load_catalogue(use_default_override=False)) == len(read_catalogue_file())


def test_override_errors_name_file_row_id_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "koreksi.csv", (
        "id,media_type,homepage,feed_url,province\n"
        "kompas-com,koran digital,,,\n"
        "tribun-jabar,,ftp://jabar.tribunnews.com/,,\n"
        "antara-jabar,,,bukan url,\n"
        "antara-jateng,,,,-\n"
        "baru-sekali,,,,\n"
    ))
    with pytest.raises(InputError) as info:
        load_catalogue(path)
    text = str(info.value)
    assert "koreksi.csv" in text
    assert "baris 2 (id 'kompas-com'), kolom media_type: 'koran digital' tidak dikenal" in text
    assert "baris 3 (id 'tribun-jabar'), kolom homepage: harus URL lengkap" in text
    assert "baris 4 (id 'antara-jabar'), kolom feed_url" in text
    assert "baris 5 (id 'antara-jateng'): media berlingkup provinsi wajib diisi provinsinya" in text
    assert "baris 6 (id 'baru-sekali'), kolom name: wajib diisi" in text


def test_override_structure_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="kolom tidak dikenal: warna"):
        load_catalogue(_write(tmp_path / "a.csv", "id,warna\nkompas-com,merah\n"))
    with pytest.raises(InputError, match="kolom wajib tidak ada: id"):
        load_catalogue(_write(tmp_path / "b.csv", "name\nKompas\n"))
    with pytest.raises(InputError, match="kolom name: tidak boleh dikosongkan"):
        load_catalogue(_write(tmp_path / "c.csv", "id,name\nkompas-com,-\n"))
    with pytest.raises(InputError, match="sudah ada di baris sebelumnya"):
        load_catalogue(_write(tmp_path / "d.csv", "id,notes\nkompas-com,a\nkompas-com,b\n"))
    with pytest.raises(InputError, match="sama dengan nama atau alias 'kompas-com'"):
        load_catalogue(_write(tmp_path / "e.csv", "id,aliases\nkompas,Kompas.com\n"))
    with pytest.raises(NotFoundError, match="tidak ditemukan"):
        load_catalogue(tmp_path / "tidak-ada.csv")


# --------------------------------------------------------------------------- live check


def _local(outlet_id: str, base: str, *, feed: str | None = None, sitemap: str | None = None,
           homepage: str = "/") -> Outlet:
    # Local test URLs have no public host name, so they bypass the URL validation.
    return Outlet.model_construct(
        id=outlet_id, name=outlet_id, media_type="online", scope="nasional", province=None,
        homepage=base + homepage, feed_url=base + feed if feed else None,
        sitemap_url=base + sitemap if sitemap else None, aliases=(),
        dewan_pers_verified=None, notes="")


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    def page(handler) -> None:  # type: ignore[no-untyped-def]
        send(handler, 200, b"<html><body>Beranda</body></html>",
             {"Content-Type": "text/html; charset=utf-8"})

    with LocalServer(FIXTURES, routes={"/": page, "/bukan-feed": page}) as srv:
        yield srv


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_check_outlets_reports_live_and_dead_urls(server: LocalServer) -> None:
    base = server.base
    dead_base = f"http://127.0.0.1:{_closed_port()}"
    outlets = [
        _local("sehat", base, feed="/rss.xml", sitemap="/sitemap-news.xml"),
        _local("feed-hilang", base, feed="/tidak-ada.xml"),
        _local("feed-html", base, feed="/bukan-feed", sitemap="/atom.xml"),
        _local("server-mati", dead_base),
    ]
    assert [(o.id, f) for o, f, _ in check_targets(outlets, homepages=False)] == [
        ("sehat", "feed_url"), ("sehat", "sitemap_url"), ("feed-hilang", "feed_url"),
        ("feed-html", "feed_url"), ("feed-html", "sitemap_url")]
    seen: list[str] = []
    results = check_outlets(outlets, collect=CollectConfig(timeout=2.0, retries=0),
                            workers=3, progress=lambda r: seen.append(r.url))
    assert len(results) == len(seen) == 9
    got = {(r.outlet_id, r.field): r for r in results}
    assert got[("sehat", "homepage")].ok and got[("sehat", "homepage")].status == 200
    feed = got[("sehat", "feed_url")]
    assert feed.ok and feed.detail.startswith("OK (RSS, ")
    assert got[("sehat", "sitemap_url")].ok
    assert got[("sehat", "sitemap_url")].detail.startswith("OK (sitemap, ")
    missing = got[("feed-hilang", "feed_url")]
    assert (missing.ok, missing.status, missing.detail) == (False, 404, "HTTP 404")
    html = got[("feed-html", "feed_url")]
    assert (html.ok, html.status, html.detail) == (False, 200, "bukan feed RSS/Atom")
    atom_as_sitemap = got[("feed-html", "sitemap_url")]
    assert (atom_as_sitemap.ok, atom_as_sitemap.detail) == (False, "bukan sitemap XML")
    down = got[("server-mati", "homepage")]
    assert down.ok is False and down.status is None and "gagal terhubung" in down.detail
    assert down.as_dict()["outlet_id"] == "server-mati"
