"""Password policy and hashing (argon2id): plain values in, plain values out."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters


def password_problems(password: str, username: str = "", phone: str | None = None) -> list[str]:
    """Why a password is not acceptable, as codes (empty when it is): too_short, needs_letter, needs_digit,
    contains_username, contains_phone."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if not re.search(r"[^\W\d_]", password):
        problems.append("needs_letter")
    if not re.search(r"\d", password):
        problems.append("needs_digit")
    lowered = password.lower()
    if username and username.lower() in lowered:
        problems.append("contains_username")
    digits = re.sub(r"\D", "", phone or "")
    if digits and (digits in password or digits[-10:] in password):
        problems.append("contains_phone")
    return problems


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
