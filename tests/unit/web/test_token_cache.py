"""The signed-in users kept by token (web/token_cache.py): how long, and never past a clear."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claimdesk.domain.users import Role, User
from claimdesk.web.token_cache import TokenCache

AGENT = User(7, "agent", "经办人", Role.AGENT)
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_user_is_kept_for_the_ttl_only() -> None:
    now = [0.0]
    cache = TokenCache(ttl=2.0, clock=lambda: now[0])
    cache.put("t", AGENT, cache.generation, NOON)
    assert cache.get("t", NOON) == AGENT and cache.get("other", NOON) is None
    now[0] = 1.99
    assert cache.get("t", NOON) == AGENT
    now[0] = 2.0
    assert cache.get("t", NOON) is None


def test_the_application_clock_moving_on_or_back_ends_an_entry() -> None:
    cache = TokenCache(ttl=2.0, clock=lambda: 0.0)
    cache.put("t", AGENT, cache.generation, NOON)
    assert cache.get("t", NOON + timedelta(seconds=1.9)) == AGENT
    assert cache.get("t", NOON + timedelta(hours=12)) is None  # the token may have expired
    cache.put("t", AGENT, cache.generation, NOON)
    assert cache.get("t", NOON - timedelta(seconds=1)) is None


def test_a_lookup_that_began_before_a_clear_is_not_kept() -> None:
    cache = TokenCache()
    began = cache.generation  # a lookup starts, reads the user from the database …
    cache.clear()  # … while a sign-out's response goes out
    cache.put("t", AGENT, began, NOON)
    assert cache.get("t", NOON) is None
    cache.put("t", AGENT, cache.generation, NOON)
    assert cache.get("t", NOON) == AGENT
    cache.clear()
    assert cache.get("t", NOON) is None
