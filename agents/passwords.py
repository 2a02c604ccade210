"""Password policy and hashing (argon2id): plain values in, plain values out."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_STRENGTH = 3  # zxcvbn's score: 3 resists an offline attack on a slow hash (~10^10 guesses)
_CHECKED_PREFIX = 100  # zxcvbn's matching grows quickly with length; what is past this only adds strength

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 lane (or stronger).
ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
_hasher = PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM)


def password_problems(password: str, username: str = "", phone: str | None = None) -> list[str]:
    """Why a password is not acceptable, as codes (empty when it is): too_short, too_long, common,
    contains_username, contains_phone. No rules about kinds of characters: length and guessability only."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if len(password) > MAX_LENGTH:
        problems.append("too_long")
    lowered = password.lower()
    if username and username.lower() in lowered:
        problems.append("contains_username")
    digits = re.sub(r"\D", "", phone or "")
    if digits and (digits in password or digits[-10:] in password):
        problems.append("contains_phone")
    if not problems and is_common(password, [username, digits]):
        problems.append("common")
    return problems


def is_common(password: str, personal: list[str] | None = None) -> bool:
    """Whether the password is guessable: in zxcvbn's list of 30,000 leaked passwords, a dictionary word with
    decorations, a keyboard walk, a repeat or a sequence (zxcvbn ships the lists with the package)."""
    inputs = [p for p in (personal or []) if p]
    return zxcvbn(password[:_CHECKED_PREFIX], user_inputs=inputs)["score"] < MIN_STRENGTH


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
