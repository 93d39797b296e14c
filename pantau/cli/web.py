"""`pantau` commands of web: `pantau user ...` and `pantau serve`."""

from __future__ import annotations

import sys
from typing import Any

import click

from pantau.cli.base import PantauCommand, PantauGroup, cli_actor
from pantau.cli.output import table

# The roles are checked by pantau.web.users (the web admin page uses the same check); a
# click.Choice here would import the web models, and SQLModel with them, for --help.
ROLE_HELP = "admin, analis, petugas_survei atau pimpinan"


@click.group("user", cls=PantauGroup)
def user_group() -> None:
    """Pengguna aplikasi web: buat, ubah, daftar."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    # Piped in (no terminal), there is nothing to hide and getpass would only warn, in
    # English, that the input "may be echoed": read it as a plain line.
    hide = sys.stdin.isatty()
    return str(click.prompt("Kata sandi", hide_input=hide,
                            confirmation_prompt="Ulangi kata sandi"))


@user_group.command("create")
@click.argument("username", metavar="NAMA_PENGGUNA")
@click.option("--role", metavar="PERAN", required=True, help=f"Peran pengguna: {ROLE_HELP}.")
@click.option("--name", "full_name", default="", help="Nama lengkap.")
@click.option("--unit", "unit", metavar="UNIT", default=None,
              help="Unit organisasi pengguna ([[units]]; kosong: unit utama).")
@click.option("--password-stdin", is_flag=True,
              help="Baca kata sandi dari stdin (satu baris) alih-alih ditanyakan.")
def user_create(username: str, role: str, full_name: str, unit: str | None,
                password_stdin: bool) -> None:
    """Buat pengguna NAMA_PENGGUNA (pengguna admin pertama: --role admin)."""
    # deferred: keeps --help fast (SQLModel, argon2)
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.units import DEFAULT_UNIT
    from pantau.web.users import check_role, check_unit, create_user

    known = list(get_config().unit_names())
    check_role(role)  # before asking for the password
    check_unit(unit or DEFAULT_UNIT, known)
    password = _read_password(password_stdin)
    with session_scope() as s:
        create_user(s, username=username, password=password, role=role, full_name=full_name,
                    actor=cli_actor(), unit=unit or DEFAULT_UNIT, known_units=known)
    where = f" di unit {unit}" if unit else ""
    click.echo(f"Pengguna {username} dibuat dengan peran {role}{where}.")


@user_group.command("grant")
@click.argument("username", metavar="NAMA_PENGGUNA")
@click.option("--unit", "unit", metavar="UNIT", required=True,
              help="Unit organisasi lain ([[units]]).")
@click.option("--role", metavar="PERAN", default=None,
              help=f"Peran di unit itu: {ROLE_HELP}.")
@click.option("--revoke", is_flag=True, help="Cabut peran pengguna di unit itu.")
def user_grant(username: str, unit: str, role: str | None, revoke: bool) -> None:
    """Beri NAMA_PENGGUNA peran di unit organisasi lain (atau cabut dengan --revoke)."""
    # deferred: keeps --help fast (SQLModel)
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.errors import InputError
    from pantau.web.users import grant_role

    if (role is None) == (not revoke):
        raise InputError("Sebutkan --role PERAN, atau --revoke untuk mencabut.")
    with session_scope() as s:
        grant_role(s, username=username, unit=unit, role=None if revoke else role,
                   actor=cli_actor(), known_units=list(get_config().unit_names()))
    click.echo(f"Peran {username} di unit {unit} dicabut." if revoke else
               f"{username} kini {role} di unit {unit}.")


@user_group.command("set")
@click.argument("username", metavar="NAMA_PENGGUNA")
@click.option("--role", metavar="PERAN", default=None, help=f"Peran baru: {ROLE_HELP}.")
@click.option("--active/--inactive", default=None, help="Aktifkan atau nonaktifkan akun.")
@click.option("--password", "change_password", is_flag=True, help="Ganti kata sandi.")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi baru dari stdin.")
def user_set(username: str, role: str | None, active: bool | None, change_password: bool,
             password_stdin: bool) -> None:
    """Ubah peran, status aktif atau kata sandi pengguna NAMA_PENGGUNA."""
    # deferred: keeps --help fast (SQLModel, argon2)
    from pantau.core.db import session_scope
    from pantau.web.users import check_role, update_user

    if role is not None:
        check_role(role)  # before asking for the password
    password = _read_password(password_stdin) if (change_password or password_stdin) else None
    with session_scope() as s:
        update_user(s, username=username, role=role, active=active, password=password,
                    actor=cli_actor())
    click.echo(f"Pengguna {username} diperbarui.")


@user_group.command("list")
@click.option("--unit", "unit", metavar="UNIT", default=None,
              help="Hanya pengguna yang berperan di unit ini.")
def user_list(unit: str | None) -> None:
    """Daftar pengguna dan perannya (per unit bila ada beberapa unit)."""
    # deferred: keeps --help fast (SQLModel)
    from pantau.core.db import session_scope
    from pantau.core.units import DEFAULT_UNIT
    from pantau.web.users import list_users, role_label, unit_roles

    with session_scope() as s:
        users = [(u, unit_roles(s, u)) for u in list_users(s)
                 if unit is None or unit in unit_roles(s, u)]
    if not users:
        click.echo("Belum ada pengguna. Buat admin pertama: pantau user create NAMA --role admin")
        return
    click.echo(table(["pengguna", "nama lengkap", "peran", "status"],
                     [[u.username, u.full_name or "-",
                       "; ".join(f"{role_label(r)} ({code})" for code, r in roles.items())
                       if len(roles) > 1 or u.org_unit != DEFAULT_UNIT else role_label(u.role),
                       "aktif" if u.active else "nonaktif"] for u, roles in users]))


@user_group.command("token")
@click.argument("username", metavar="NAMA_PENGGUNA")
@click.option("--name", required=True, help="Nama token (sistem pemakainya).")
def user_token(username: str, name: str) -> None:
    """Buat token API untuk NAMA_PENGGUNA (ditampilkan sekali)."""
    # deferred: keeps --help fast (SQLModel)
    from pantau.core.db import session_scope
    from pantau.web.users import create_api_token

    with session_scope() as s:
        token = create_api_token(s, username=username, name=name, actor=cli_actor())
    click.echo(token)


@user_group.command("tokens")
@click.option("--user", "username", metavar="NAMA_PENGGUNA", default=None,
              help="Hanya token milik pengguna ini.")
@click.option("--active", "active_only", is_flag=True, help="Hanya token yang belum dicabut.")
def user_tokens(username: str | None, active_only: bool) -> None:
    """Daftar token API: nomor, nama, pengguna, dibuat, terakhir dipakai (tanpa rahasianya)."""
    # deferred: keeps --help fast (SQLModel)
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib
    from pantau.web.users import list_api_tokens

    with session_scope() as s:
        rows = [[t.id, t.name, u.username, format_wib(t.created_at),
                 format_wib(t.last_used_at) if t.last_used_at else "belum pernah",
                 "dicabut" if t.revoked else "aktif"]
                for t, u in list_api_tokens(s, username=username, active_only=active_only)]
    if not rows:
        click.echo("Belum ada token API. Buat dengan: pantau user token NAMA --name SISTEM")
        return
    click.echo(table(["no", "nama token", "pengguna", "dibuat", "terakhir dipakai", "status"],
                     rows, right={"no"}))


@user_group.command("token-revoke")
@click.argument("token_id", metavar="NO_TOKEN", type=int)
def user_token_revoke(token_id: int) -> None:
    """Cabut token API NO_TOKEN (lihat `pantau user tokens`); langsung ditolak (401)."""
    # deferred: keeps --help fast (SQLModel)
    from pantau.core.db import session_scope
    from pantau.web.users import revoke_api_token

    with session_scope() as s:
        row, owner = revoke_api_token(s, token_id=token_id, actor=cli_actor())
        name, username = row.name, owner.username
    click.echo(f"Token API {token_id} ({name}) milik {username} dicabut.")


@click.command("serve", cls=PantauCommand)
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat yang didengar.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port.")
@click.option("--workers", default=1, show_default=True, type=int,
              help="Jumlah proses uvicorn.")
def serve_command(host: str, port: int, workers: int) -> None:
    """Jalankan aplikasi web (uvicorn). Penjadwal tetap proses terpisah."""
    # deferred: keeps --help fast (uvicorn, FastAPI)
    import uvicorn

    from pantau.core.db import get_engine
    from pantau.web.app import create_app

    get_engine()  # migrate before the first request
    create_app()  # fail early on a bad config
    from pantau.core.logs import uvicorn_log_config
    from pantau.core.settings import get_settings

    click.echo(f"Pantau web berjalan di http://{host}:{port} (Ctrl+C untuk berhenti)", err=True)
    extra: dict[str, Any] = {}
    if get_settings().log_format == "json":
        extra["log_config"] = uvicorn_log_config("web")
    uvicorn.run("pantau.web.app:served_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, access_log=False, log_level="info", **extra)
