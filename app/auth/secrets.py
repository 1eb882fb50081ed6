"""Passwords (Argon2, through pwdlib) and random tokens (stored as SHA-256).

Passwords are low-entropy and need a slow, salted hash. API and session tokens are 256 random
bits: a fast hash is enough and lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from pwdlib import PasswordHash

TOKEN_PREFIX = "stm_"
MIN_PASSWORD = 10


@cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()  # Argon2id with the library's current parameters


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher().hash(password)


def verify_password(password: str, stored: str | None) -> bool:
    """False for a user without a password; the hash is computed anyway so the answer takes as long
    whether or not the name exists."""
    if stored is None:
        _hasher().hash(password or "x")
        return False
    return _hasher().verify(password, stored)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_prefix(token: str) -> str:
    """What a person can see of a token to tell it from another (the secret part stays secret)."""
    return token[: len(TOKEN_PREFIX) + 8]


def sign(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))
