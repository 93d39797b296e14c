"""API tokens are listed and revoked (admin page and `pantau user ...`), never showing the
secret; each change is audited, and a revoked token is refused at once (401)."""

from __future__ import annotations

import json
import re
from typing import Any

from pantau.core.audit import events
from pantau.core.db import session_scope
from pantau.web.models import ADMIN, PIMPINAN
from tests.web.helpers import add_user


def _token(username: str, name: str) -> str:
    from pantau.web.users import create_api_token

    with session_scope() as s:
        return create_api_token(s, username=username, name=name, actor="uji")


def test_admin_lists_and_revokes_a_token_and_it_is_refused_at_once(login: Any,
                                                                   anon: Any) -> None:
    add_user("sakip", PIMPINAN)
    token = _token("sakip", "SAKIP provinsi")
    auth = {"authorization": f"Bearer {token}"}
    assert anon.get("/api/v1/saya", headers=auth).status_code == 200
    admin = login(ADMIN)
    page = admin.get("/admin/pengguna").text
    assert "SAKIP provinsi" in page and "sakip" in page
    assert token not in page and token[4:] not in page
    token_id = re.search(r'action="/admin/token/(\d+)/cabut"', page)[1]  # type: ignore[index]
    # Without the CSRF token nothing is revoked.
    assert admin.post(f"/admin/token/{token_id}/cabut", data={},
                      follow_redirects=False).status_code == 403
    assert anon.get("/api/v1/saya", headers=auth).status_code == 200
    r = admin.form(f"/admin/token/{token_id}/cabut")
    assert r.status_code == 303
    refused = anon.get("/api/v1/saya", headers=auth)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Token API tidak valid atau sudah dicabut."
    page = admin.get(r.headers["location"]).text
    assert "dicabut" in page
    with session_scope() as s:
        row = next(e for e in events(s, limit=None) if e.action == "user.token_revoke")
    assert row.actor == "user_admin" and row.entity_id == "sakip"
    assert json.loads(row.after or "")["token_name"] == "SAKIP provinsi"
    assert token not in f"{row.before} {row.after}"
    assert "token API dicabut" in admin.get("/admin/audit").text
    # Revoking twice is a clear message, an unknown token a 404.
    assert "sudah dicabut" in admin.form(f"/admin/token/{token_id}/cabut").text
    assert admin.form("/admin/token/99999/cabut").status_code == 404


def test_cli_lists_and_revokes_tokens(cli_runner: Any, anon: Any) -> None:
    add_user("sakip", PIMPINAN)
    token = _token("sakip", "SAKIP")
    anon.get("/api/v1/saya", headers={"authorization": f"Bearer {token}"})
    out = cli_runner(["user", "tokens"]).output
    assert re.search(r"\d+ +SAKIP +sakip +\S+", out) and token not in out
    token_id = re.search(r"^ *(\d+) +SAKIP", out, re.M)[1]  # type: ignore[index]
    r = cli_runner(["user", "token-revoke", token_id])
    assert "dicabut" in r.output
    assert anon.get("/api/v1/saya",
                    headers={"authorization": f"Bearer {token}"}).status_code == 401
    assert "dicabut" in cli_runner(["user", "tokens"]).output
    assert "aktif" not in cli_runner(["user", "tokens", "--active"]).output.split("\n", 1)[-1]
    r = cli_runner(["user", "token-revoke", "9999"], expect_ok=False)
    assert r.exit_code != 0 and "tidak ditemukan" in r.output
    with session_scope() as s:
        row = next(e for e in events(s, limit=None) if e.action == "user.token_revoke")
    assert row.actor.startswith("cli:")


def test_no_tokens_is_said_in_words(cli_runner: Any) -> None:
    assert "Belum ada token API" in cli_runner(["user", "tokens"]).output


def test_a_piped_password_gives_no_english_warning(pantau_env: Any) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.run(
        [sys.executable, "-m", "pantau", "user", "create", "rina", "--role", "analis"],
        input=b"kata-sandi-panjang\nkata-sandi-panjang\n", env=env, capture_output=True,
        timeout=120)
    out = (proc.stdout + proc.stderr).decode()
    assert proc.returncode == 0, out
    assert "Warning" not in out and "echoed" not in out
    assert "kata-sandi-panjang" not in out
    assert "Pengguna rina dibuat" in out
