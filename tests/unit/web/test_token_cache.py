"""The signed-in users kept by token (web/token_cache.py): how long, and never past a clear."""

from __future__ import annotations

from claimdesk.domain.users import Role, User
from claimdesk.web.token_cache import TokenCache

AGENT = User(7, "agent", "经办人", Role.AGENT)


def test_a_user_is_kept_for_the_ttl_only() -> None:
    now = [0.0]
    cache = TokenCache(ttl=2.0, clock=lambda: now[0])
    cache.put("t", AGENT, cache.generation)
    assert cache.get("t") == AGENT and cache.get("other") is None
    now[0] = 1.99
    assert cache.get("t") == AGENT
    now[0] = 2.0
    assert cache.get("t") is None


def test_a_lookup_that_began_before_a_clear_is_not_kept() -> None:
    cache = TokenCache()
    began = cache.generation  # a lookup starts, reads the user from the database …
    cache.clear()  # … while a sign-out's response goes out
    cache.put("t", AGENT, began)
    assert cache.get("t") is None
    cache.put("t", AGENT, cache.generation)
    assert cache.get("t") == AGENT
    cache.clear()
    assert cache.get("t") is None
