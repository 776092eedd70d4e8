"""Signed-in API users by bearer token, kept for a moment (issue 17: the lookup was a database
round trip and a threadpool hop on every request).

Safe by construction in this process: every request that may write (any method but GET, HEAD
and OPTIONS — sign-out, sign-out everywhere, deactivating a user, a role change, …) empties the
cache when its response has been sent, and a lookup that started before that emptying is not
stored. Across processes (`serve --workers N`, the CLI) a token revoked elsewhere stops
working here within `TTL_SECONDS`. Only positive answers are kept: an unknown, expired or
revoked token is looked up every time. An entry also ends when the application's clock (the
one token expiry is measured by) has moved on by the same time, or back: a token is never
accepted more than `TTL_SECONDS` past its expiry.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimdesk.domain.users import User

TTL_SECONDS = 2.0
MAX_ENTRIES = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenCache:
    def __init__(
        self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.clock = ttl, clock
        self.generation = 0
        self._users: dict[str, tuple[float, datetime, User]] = {}

    @staticmethod
    def key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def get(self, token: str, now: datetime) -> User | None:
        """The kept user, or None; `now` is the application's clock."""
        found = self._users.get(self.key(token))
        if found is None:
            return None
        until, checked_at, user = found
        moved = (now - checked_at).total_seconds()
        if self.clock() >= until or not 0 <= moved < self.ttl:
            self._users.pop(self.key(token), None)
            return None
        return user

    def put(self, token: str, user: User, generation: int, now: datetime) -> None:
        """Keep `user` (checked at `now`, the application's clock) unless the cache was emptied
        since the lookup began (`generation`)."""
        if generation != self.generation:
            return
        if len(self._users) >= MAX_ENTRIES:
            self._users.clear()
        self._users[self.key(token)] = (self.clock() + self.ttl, now, user)

    def clear(self) -> None:
        self.generation += 1
        self._users.clear()


class ClearTokensOnWrite:
    """Pure ASGI: after any request that may have written, the cached users are dropped."""

    def __init__(self, app: ASGIApp, *, cache: TokenCache) -> None:
        self.app, self.cache = app, cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return

        async def clearing(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.cache.clear()  # the write is committed before its response starts
            await send(message)

        try:
            await self.app(scope, receive, clearing)
        finally:
            self.cache.clear()
