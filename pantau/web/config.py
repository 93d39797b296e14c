"""The web app's secret key (its `[web]` config section is `pantau.config.WebConfig`).

The secret key signs form tokens and CSRF tokens. It comes from `PANTAU_WEB_SECRET_KEY`
(environment or `.env`) or, when that is unset, from a random key generated once and kept in
`PANTAU_HOME/web-secret.key` (mode 0600), so that restarts keep sessions and forms valid.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSecrets(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PANTAU_WEB_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    secret_key: str | None = None


SECRET_FILE = "web-secret.key"


def load_secret_key(home: Path) -> bytes:
    """The app's signing key: from the environment, else generated once under `home`."""
    configured = WebSecrets().secret_key
    if configured:
        return configured.encode("utf-8")
    path = home / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    try:
        os.write(fd, key.encode("utf-8"))
    finally:
        os.close(fd)
    return key.encode("utf-8")
