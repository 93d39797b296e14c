"""`pantau user ...` and `pantau serve`."""

from __future__ import annotations

import gc
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from pantau.core.db import session_scope
from pantau.web.security import verify_password
from pantau.web.users import get_user


def test_first_admin_from_stdin(cli_runner: Any) -> None:
    r = cli_runner(["user", "create", "admin", "--role", "admin", "--name", "Admin Humas",
                    "--password-stdin"], input="kata-sandi-panjang\n")
    assert "Pengguna admin dibuat dengan peran admin." in r.output
    with session_scope() as s:
        user = get_user(s, "admin")
        assert user.role == "admin" and user.full_name == "Admin Humas"
        assert user.password_hash.startswith("$argon2")
        assert verify_password(user.password_hash, "kata-sandi-panjang")
    assert re.search(r"admin +Admin Humas +Admin +aktif", cli_runner(["user", "list"]).output)


def test_prompted_password_with_confirmation(cli_runner: Any) -> None:
    cli_runner(["user", "create", "rina", "--role", "analis"],
               input="kata-sandi-panjang\nkata-sandi-panjang\n")
    with session_scope() as s:
        assert verify_password(get_user(s, "rina").password_hash, "kata-sandi-panjang")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["user", "create", "budi", "--role", "admin", "--password-stdin"], "pendek\n",
     "Kata sandi terlalu pendek"),
    (["user", "create", "a b", "--role", "admin", "--password-stdin"], "kata-sandi-panjang\n",
     "Nama pengguna harus"),
    (["user", "set", "tidakada", "--inactive"], None, "Pengguna 'tidakada' tidak ditemukan"),
])
def test_bad_input_is_a_clear_message(cli_runner: Any, args: list[str], stdin: str | None,
                                      message: str) -> None:
    r = cli_runner(args, input=stdin, expect_ok=False)
    assert r.exit_code != 0
    assert "Galat:" in r.output and message in r.output
    assert "Traceback" not in r.output


def test_duplicate_user_and_role_change(cli_runner: Any) -> None:
    cli_runner(["user", "create", "rina", "--role", "analis", "--password-stdin"],
               input="kata-sandi-panjang\n")
    r = cli_runner(["user", "create", "rina", "--role", "analis", "--password-stdin"],
                   input="kata-sandi-panjang\n", expect_ok=False)
    assert "sudah dipakai" in r.output
    cli_runner(["user", "set", "rina", "--role", "pimpinan", "--inactive"])
    with session_scope() as s:
        user = get_user(s, "rina")
        assert (user.role, user.active) == ("pimpinan", False)


def test_api_token_command(cli_runner: Any) -> None:
    cli_runner(["user", "create", "sakip", "--role", "pimpinan", "--password-stdin"],
               input="kata-sandi-panjang\n")
    token = cli_runner(["user", "token", "sakip", "--name", "SAKIP"]).output.strip()
    assert token.startswith("pnt_") and len(token) > 30


def test_a_served_worker_keeps_its_start_up_objects_out_of_the_collector(
        web_config: str) -> None:
    """Issue 15 (load on the public form): a web worker holds about 220,000 objects after
    start-up (FastAPI, SQLAlchemy, and numpy, SciPy and scikit-learn through the domains), and
    every full pass of the cycle collector walked them all: 130-500 ms on the loaded project
    machine, in which the worker answered nothing (the form's p99). The app factory of
    `pantau serve` freezes what start-up built, so a full pass walks only what came after."""
    from pantau.web.app import served_app

    try:
        served_app()
        assert gc.get_freeze_count() > 100_000
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    finally:
        gc.unfreeze()


def test_serve_starts_uvicorn(tmp_path: Path, pantau_env: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.Popen([sys.executable, "-m", "pantau", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 90  # a loaded CI machine starts the app slowly
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.time() < deadline
                time.sleep(0.2)
        assert r.text == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/masuk").status_code == 200
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0].decode()
    assert f"Pantau web berjalan di http://127.0.0.1:{port}" in out
