"""The deployment of two organisation units that the unit tests of every package share
(tests/web/test_units.py, tests/jobs/test_units.py): unit A (`dinkes`, profile `profil-a`)
and unit B (`dishub`, profile `profil-b`, whose data carries `SECRET` in every title and
name), under a deployment whose default unit owns no profile."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from collectors.models import Profile

SECRET = "RAHASIA-B"
INSTITUTION = "Diskominfo Provinsi Contoh"  # `[institution] name` of `two_units`
OWN_UNIT = "Biro Hubungan Masyarakat"  # its `[institution] unit`, the default


def report_names(unit: str) -> str:
    """How a media report's subtitle names who it is written for: the institution, under
    the unit `unit` (the institution's own unit in the deployment's report, the unit's name
    in an organisation unit's report)."""
    return f"{INSTITUTION}, {unit} - periode"


def two_units(*, dinkes: str = "", dishub: str = "") -> str:
    """The TOML of the two units and their profiles; `dinkes` / `dishub`: more keys of that
    unit's `[[units]]` entry (e.g. its report folder)."""
    return f"""
[institution]
name = "{INSTITUTION}"

[[units]]
code = "dinkes"
name = "Dinas Kesehatan"
{dinkes}

[[units]]
code = "dishub"
name = "Dinas Perhubungan"
{dishub}

[[profiles]]
name = "profil-a"
query = "puskesmas"
unit = "dinkes"

[[profiles]]
name = "profil-b"
query = "terminal"
unit = "dishub"
"""


def store_profiles(session: Session) -> tuple[Profile, Profile]:
    """The two units' profiles as stored rows (A's, B's), flushed so they have ids."""
    pa, pb = Profile(name="profil-a", query="puskesmas"), Profile(name="profil-b",
                                                                  query="terminal")
    session.add_all([pa, pb])
    session.flush()
    return pa, pb


# A story on unit A's own account that B's profile query ("terminal") matches too, and a
# story of a shared outlet that both profiles match; `unit_sources` configures the feeds.
OWN_STORY = "Komentar warga KOMENTAR-AKUN-A: antrean puskesmas di dekat terminal bus"
SHARED_STORY = "Puskesmas baru dibuka di samping terminal kota"


def _feed(title: str, slug: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{slug}</title><link>{{{{BASE}}}}/</link>
<item><title>{title}</title><link>{{{{BASE}}}}/{slug}/1</link>
<pubDate>Mon, 02 Nov 2026 08:15:00 +0700</pubDate>
<description>{title}. Warga meminta pelayanan diperbaiki secepatnya.</description></item>
</channel></rss>"""


def write_unit_feeds(folder: Path) -> None:
    """The feeds of `unit_sources` (serve `folder` with `collectors.localserver`)."""
    (folder / "akun-dinkes.xml").write_text(_feed(OWN_STORY, "akun-dinkes"), encoding="utf-8")
    (folder / "bersama.xml").write_text(_feed(SHARED_STORY, "bersama"), encoding="utf-8")


def unit_sources(base: str) -> str:
    """Unit A's own source (`unit = "dinkes"`) and a shared one, for `two_units`."""
    return f"""
[[sources]]
name = "Akun Dinkes"
kind = "rss"
url = "{base}/akun-dinkes.xml"
fetch_articles = false
unit = "dinkes"

[[sources]]
name = "Berita bersama"
kind = "rss"
url = "{base}/bersama.xml"
fetch_articles = false

[collect]
download_delay = 0.0
timeout = 2.0
retries = 0
"""
