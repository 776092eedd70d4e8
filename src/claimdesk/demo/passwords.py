"""The demo's staff all sign in with one published password (DEMO_PASSWORD)."""

from __future__ import annotations

from claimdesk.services.ports import PasswordHasher


class HashedOnce:
    """Hashes each password once and hands the same hash to every demo user who has it: a
    full-strength argon2 hash takes a good part of a second on a busy machine, and the demo
    creates a dozen users with one published password (issue 10). Never for real users: they
    would share a salt."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher
        self._hashes: dict[str, str] = {}

    def hash(self, password: str) -> str:
        if password not in self._hashes:
            self._hashes[password] = self._hasher.hash(password)
        return self._hashes[password]

    def verify(self, password: str, password_hash: str) -> bool:
        return self._hasher.verify(password, password_hash)
