"""`OPTIONS` and 405 answers that name every method of a path (pure ASGI).

Starlette answers 405 from the first route whose path matches, so `/api/claims` (GET and POST
declared as two routes) said `Allow: POST`. Here the methods of every route of the path are
gathered: OPTIONS gets 204 with them, and a 405 on its way out gets them as its Allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fastapi.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CANDIDATES = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(routes: Iterable[BaseRoute], scope: Scope) -> set[str]:
    """Each method some route of this path fully matches (routers included as they are)."""
    routes = list(routes)
    allowed = {
        method
        for method in CANDIDATES
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    }
    if allowed:
        allowed |= {"OPTIONS"} | ({"HEAD"} if "GET" in allowed else set())
    return allowed


class AllowedMethods:
    """Computed only for OPTIONS and for a 405 on its way out: other requests pay nothing."""

    def __init__(self, app: ASGIApp, routes: Callable[[], Iterable[BaseRoute]]) -> None:
        self.app, self.routes = app, routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            allowed = allowed_methods(self.routes(), scope)
            if allowed:
                headers = {"Allow": ", ".join(sorted(allowed))}
                await Response(status_code=204, headers=headers)(scope, receive, send)
                return
        await self.app(scope, receive, self._fixing_405(scope, send))

    def _fixing_405(self, scope: Scope, send: Send) -> Send:
        async def fixed(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allowed = ", ".join(sorted(allowed_methods(self.routes(), scope)))
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allowed.encode())]}
            await send(message)

        return fixed
