"""`pantau unit ...`: the organisation units of a deployment that serves many (`[[units]]`
in the configuration; `pantau.core.units`)."""

from __future__ import annotations

import click

from pantau.cli.base import PantauGroup
from pantau.cli.output import table


@click.group("unit", cls=PantauGroup)
def unit_group() -> None:
    """Unit organisasi (banyak kantor dalam satu pemasangan): daftar, tambah."""


@unit_group.command("list")
def unit_list() -> None:
    """Daftar unit organisasi dengan profil, unit layanan, rencana dan penggunanya."""
    # deferred: keeps --help fast (SQLModel, pydantic)
    from sqlmodel import func, select

    from indicators.models import Plan
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.web.models import Membership, User

    config = get_config()
    profiles = config.profile_units()
    survey_units = config.survey_unit_units()
    with session_scope() as s:
        plans = dict(s.exec(select(Plan.org_unit, func.count())  # type: ignore[call-overload]
                            .group_by(Plan.org_unit)).all())
        users = dict(s.exec(select(User.org_unit, func.count())  # type: ignore[call-overload]
                            .group_by(User.org_unit)).all())
        grants = dict(s.exec(select(Membership.org_unit, func.count())  # type: ignore[call-overload]
                             .group_by(Membership.org_unit)).all())
    rows = [[code, name, sum(1 for u in profiles.values() if u == code),
             sum(1 for u in survey_units.values() if u == code), plans.get(code, 0),
             users.get(code, 0) + grants.get(code, 0)]
            for code, name in config.unit_names().items()]
    click.echo(table(["kode", "nama", "profil", "unit layanan", "rencana", "pengguna"], rows))


@unit_group.command("create")
@click.argument("code", metavar="KODE")
@click.argument("name", metavar="NAMA")
def unit_create(code: str, name: str) -> None:
    """Tambah unit organisasi KODE bernama NAMA ke berkas konfigurasi ([[units]])."""
    # deferred: keeps --help fast (pydantic)
    import json

    from pantau.config import add_to_config_file, get_config
    from pantau.core.errors import InputError

    if code in get_config().unit_names():
        raise InputError(f"Unit '{code}' sudah ada.")
    path = add_to_config_file(f"[[units]]\ncode = {json.dumps(code)}\n"
                              f"name = {json.dumps(name)}\n")
    click.echo(f"Unit {code} ({name}) ditambahkan ke {path}. Beri profil dan unit layanan "
               f"miliknya kunci unit = \"{code}\", lalu buat penggunanya: "
               f"pantau user create NAMA --unit {code} --role PERAN.")
