"""Request guard (pure ASGI): body size, NUL characters and JSON depth, before any route runs.

A 100 MB JSON body used to be read in full, a 100,000-deep array blew the parser's recursion
and a NUL reached PostgreSQL text columns — each a 500. Here they are refused with a clear
zh/en body: 413 for size, 422 for the rest. File uploads (multipart) are only counted, since
their content is binary and legitimately holds NUL bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimdesk.web.edge_errors import BodyTooLarge, EdgeCode, EdgeRefusal, refusal

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_NUL_ESCAPE = re.compile(rb"\\u0000", re.IGNORECASE)


@dataclass(frozen=True)
class GuardLimits:
    text_body_bytes: int = 2 * 1024 * 1024  # JSON and form posts
    upload_body_bytes: int = 21 * 1024 * 1024  # multipart: the upload limit plus the form
    json_depth: int = 32
    number_chars: int = 100


def json_problem(body: bytes, limits: GuardLimits) -> EdgeRefusal | None:
    """NUL, nesting depth or an overlong number in a JSON text (strings are skipped)."""
    if b"\x00" in body or _NUL_ESCAPE.search(body):
        return refusal(EdgeCode.NUL_CHARACTER)
    bare = _STRING.sub(b'""', body)
    depth = deepest = 0
    for match in _BRACKET.finditer(bare):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
        if deepest > limits.json_depth:
            return refusal(EdgeCode.NESTING_TOO_DEEP, limit=limits.json_depth)
    longest = max((len(m) for m in re.findall(rb"[0-9eE.+\-]+", bare)), default=0)
    if longest > limits.number_chars:
        return refusal(EdgeCode.NUMBER_TOO_LONG, limit=limits.number_chars)
    return None


def _query_problem(scope: Scope) -> EdgeRefusal | None:
    raw = scope.get("query_string", b"") + scope.get("raw_path", b"")
    if b"%00" in raw or b"\x00" in raw or "\x00" in scope.get("path", ""):
        return refusal(EdgeCode.NUL_CHARACTER)
    return None


def _content_type(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return str(value.decode("latin-1").split(";")[0].strip().lower())
    return ""


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.isdigit():
            return int(value)
    return None


class RequestGuard:
    def __init__(self, app: ASGIApp, limits: GuardLimits | None = None) -> None:
        self.app = app
        self.limits = limits or GuardLimits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _query_problem(scope)
        kind = _content_type(scope)
        limit = (
            self.limits.upload_body_bytes
            if kind.startswith("multipart/")
            else self.limits.text_body_bytes
        )
        declared = _declared_length(scope)
        if problem is None and declared is not None and declared > limit:
            problem = refusal(EdgeCode.BODY_TOO_LARGE, limit=limit)
        if problem is not None:
            await problem.response()(scope, receive, send)
            return
        if kind.startswith("multipart/"):
            await self._counted(scope, receive, send, limit)
            return
        await self._checked(scope, receive, send, kind, limit)

    async def _checked(
        self, scope: Scope, receive: Receive, send: Send, kind: str, limit: int
    ) -> None:
        """Read the (small) text body whole, check it, then replay it to the app."""
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await refusal(EdgeCode.BODY_TOO_LARGE, limit=limit).response()(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problem = self._body_problem(body, kind)
        if problem is not None:
            await problem.response()(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _body_problem(self, body: bytes, kind: str) -> EdgeRefusal | None:
        if not body:
            return None
        if kind.endswith("json") or kind == "":
            return json_problem(body, self.limits)
        if kind == "application/x-www-form-urlencoded" and (b"%00" in body or b"\x00" in body):
            return refusal(EdgeCode.NUL_CHARACTER)
        return None

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Stream a multipart body through, refusing it once it passes the limit."""
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                raise
            await refusal(EdgeCode.BODY_TOO_LARGE, limit=limit).response()(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
