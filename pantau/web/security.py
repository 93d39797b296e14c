"""Passwords, random tokens and signatures. No secret ever reaches a log line."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so that timing does not tell
# whether a username is known.
_DUMMY_HASH = _hasher.hash("pantau-dummy-password")

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """What is stored for a session or API token: its SHA-256 (the token itself never is)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign(key: bytes, purpose: str, value: str) -> str:
    mac = hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode("ascii").rstrip("=")


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


# ---------------------------------------------------------------- public form tokens


def issue_form_token(key: bytes, unit: str, now: float | None = None) -> str:
    """A one-time token for the public questionnaire of `unit`: nonce.timestamp.signature."""
    nonce = secrets.token_urlsafe(18)
    issued = str(int(now if now is not None else time.time()))
    return f"{nonce}.{issued}.{sign(key, 'form:' + unit, nonce + '.' + issued)}"


def check_form_token(key: bytes, unit: str, token: str, max_age_s: int,
                     now: float | None = None) -> tuple[str | None, str]:
    """(nonce, "") when valid, else (None, reason) with reason "invalid" or "expired"."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None, "invalid"
    nonce, issued, signature = parts
    if not same(signature, sign(key, "form:" + unit, nonce + "." + issued)):
        return None, "invalid"
    age = (now if now is not None else time.time()) - int(issued)
    if age > max_age_s or age < -300:
        return None, "expired"
    return nonce, ""
