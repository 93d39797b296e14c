"""The deployment of two organisation units that the unit tests of every package share
(tests/web/test_units.py, tests/jobs/test_units.py): unit A (`dinkes`, profile `profil-a`)
and unit B (`dishub`, profile `profil-b`, whose data carries `SECRET` in every title and
name), under a deployment whose default unit owns no profile."""

from __future__ import annotations

from sqlmodel import Session

from collectors.models import Profile

SECRET = "RAHASIA-B"


def two_units(*, dinkes: str = "", dishub: str = "") -> str:
    """The TOML of the two units and their profiles; `dinkes` / `dishub`: more keys of that
    unit's `[[units]]` entry (e.g. its report folder)."""
    return f"""
[institution]
name = "Diskominfo Provinsi Contoh"

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
