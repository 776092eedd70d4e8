"""The demo's users share one published password: it is hashed once for all of them."""

from __future__ import annotations

from claimdesk.adapters.passwords import Argon2PasswordHasher
from claimdesk.demo.passwords import HashedOnce


class CountingHasher:
    def __init__(self) -> None:
        self.hashed: list[str] = []

    def hash(self, password: str) -> str:
        self.hashed.append(password)
        return f"hash-{len(self.hashed)}"

    def verify(self, password: str, password_hash: str) -> bool:
        return password_hash == "hash-1" and password == "claimdesk-demo"


def test_the_same_password_is_hashed_once_another_one_again() -> None:
    counting = CountingHasher()
    hasher = HashedOnce(counting)

    hashes = [hasher.hash("claimdesk-demo") for _ in range(12)] + [hasher.hash("other")]

    assert counting.hashed == ["claimdesk-demo", "other"]
    assert set(hashes[:12]) == {"hash-1"} and hashes[12] == "hash-2"


def test_every_demo_user_signs_in_with_the_shared_hash() -> None:
    hasher = HashedOnce(Argon2PasswordHasher(fast=True))
    shared = hasher.hash("claimdesk-demo")

    assert hasher.hash("claimdesk-demo") == shared
    assert hasher.verify("claimdesk-demo", shared) and not hasher.verify("wrong", shared)
