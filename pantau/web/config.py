"""Config section owned by the web app (`[web]` in the TOML file), and its secret key.

The secret key signs form tokens and CSRF tokens. It comes from `PANTAU_WEB_SECRET_KEY`
(environment or `.env`) or, when that is unset, from a random key generated once and kept in
`PANTAU_HOME/web-secret.key` (mode 0600), so that restarts keep sessions and forms valid.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Set when the app is served over HTTPS (directly or behind a TLS-terminating proxy):
    # session cookies get the Secure flag. `X-Forwarded-Proto: https` from a trusted proxy
    # has the same effect per request.
    https: bool = False
    # Trust X-Forwarded-For / X-Forwarded-Proto (only behind your own reverse proxy).
    trust_proxy_headers: bool = False
    # Public base URL used in QR codes and links for the service desk, e.g.
    # "https://skm.example.go.id". Empty: the URL the page was requested with.
    public_url: str = ""
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Public questionnaire: submissions per IP address per minute. Generous on purpose: a
    # service desk tablet behind one NAT address serves many respondents. 0 disables.
    public_submissions_per_minute: int = Field(default=120, ge=0)
    # Failed logins per IP address per 15 minutes before a pause.
    login_attempts_per_15min: int = Field(default=20, ge=1)
    # Uploads (CSV/XLSX) larger than this are refused.
    max_upload_mb: float = Field(default=10.0, gt=0, le=200)
    # How long a public form token stays valid.
    form_token_hours: int = Field(default=24, ge=1)
    page_size: int = Field(default=50, ge=5, le=500)


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
