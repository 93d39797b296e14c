"""Tables owned by the web app: users, their sessions and API tokens, and the one-time
tokens of the public questionnaire (a token can be used once: a double click or a resent
form stores one response)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from pantau.core.db import UTCDateTime
from pantau.core.timeutil import utcnow
from pantau.core.units import DEFAULT_UNIT

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
    role: str = Field(max_length=20)  # the role in `org_unit`, the user's own unit
    # The organisation unit the user belongs to (`pantau.core.units`). An admin of the
    # default unit administers the deployment: every unit, its users and its settings.
    org_unit: str = Field(default=DEFAULT_UNIT, max_length=50, index=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    """A role of a user in another organisation unit than their own (`pantau user grant`)."""

    __tablename__ = "web_membership"
    __table_args__ = (UniqueConstraint("user_id", "org_unit"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="web_user.id", index=True, ondelete="CASCADE")
    org_unit: str = Field(max_length=50)
    role: str = Field(max_length=20)


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
