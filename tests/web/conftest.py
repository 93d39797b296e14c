"""Fixtures of the web tests: the app with its survey units configured, and clients
(anonymous, or logged in with a role)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pantau.web.deps import SESSION_COOKIE
from pantau.web.models import ROLES
from pantau.web.security import sign
from tests.web.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    UNITS_TOML,
    WebClient,
    add_user,
    free_port,
    login_token,
)


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def web_config(write_config: Callable[[str], Any]) -> str:
    write_config(UNITS_TOML)
    return UNITS_TOML


@pytest.fixture
def app(web_config: str) -> Any:
    from pantau.web.app import create_app

    return create_app()


@pytest.fixture
def anon(app: Any) -> Iterator[WebClient]:
    with WebClient(app) as client:
        page = client.get("/masuk")
        client.csrf = _csrf_from(page.text)
        yield client


def _csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


@pytest.fixture
def login(app: Any) -> Iterator[Callable[[str], WebClient]]:
    """`login(role)` -> a client logged in as a fresh user with that role."""
    clients: list[WebClient] = []

    def _login(role: str, username: str | None = None) -> WebClient:
        assert role in ROLES
        name = username or f"user_{role}"
        add_user(name, role, full_name=f"Pengguna {role}")
        token = login_token(name)
        client = WebClient(app)
        client.__enter__()
        client.cookies.set(SESSION_COOKIE, token)
        client.csrf = sign(app.state.web.secret, "csrf-session", token)
        clients.append(client)
        return client

    yield _login
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    """The app under a real uvicorn server in a thread (the browser tests)."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
