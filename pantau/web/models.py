"""Tables owned by the web app: users, their sessions and API tokens, and the one-time
tokens of the public questionnaire (a token can be used once: a double click or a resent
form stores one response)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from pantau.core.db import UTCDateTime
from pantau.core.timeutil import utcnow

ADMIN = "admin"
ANALIS = "analis"
PETUGAS_SURVEI = "petugas_survei"
PIMPINAN = "pimpinan"
ROLES = (ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN)
ROLE_LABELS = {
    ADMIN: "Admin",
    ANALIS: "Analis",
    PETUGAS_SURVEI: "Petugas survei",
    PIMPINAN: "Pimpinan (hanya baca)",
}


class User(SQLModel, table=True):
    __tablename__ = "web_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=100)
    full_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=300)
    role: str = Field(max_length=20)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A logged-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="web_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """A bearer token for the JSON API (other government systems); stored as SHA-256."""

    __tablename__ = "web_api_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    name: str = Field(max_length=200)
    user_id: int = Field(foreign_key="web_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked: bool = False


class UsedFormToken(SQLModel, table=True):
    """Nonces of public questionnaire tokens already used (the duplicate-submission guard)."""

    __tablename__ = "web_used_form_token"

    nonce: str = Field(primary_key=True, max_length=40)
    used_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
