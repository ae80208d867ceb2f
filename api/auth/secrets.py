"""Passwords (argon2) and bearer secrets (random, stored as HMAC-SHA256 digests)."""

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# A hash to verify against when the user does not exist, so that the answer takes
# as long as for a wrong password and does not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("no such user")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    """A fresh bearer secret, e.g. wjt_… for login tokens, wjk_… for API keys."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(key: bytes, token: str) -> str:
    """What is stored of a bearer secret: its HMAC under the service's secret."""
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
