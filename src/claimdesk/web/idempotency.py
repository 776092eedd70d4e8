"""`Idempotency-Key` on every POST (pure ASGI): a retry gets the first answer, never a duplicate.

A client that lost the answer to "create" resends with the same key; the first answer (below
500) is kept and replayed with `Idempotent-Replayed: true`. The same key with another body is
refused (422), and while the first is still running a retry gets 409 with Retry-After. The key
is scoped to the caller's credential, the method and the path, and stored only as a hash.
Claim reports keep their own key inside the use case (one transaction with the claim, so 20
parallel retries all get the claim), so that route is left to it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimdesk.web.edge_errors import (
    DATABASE_UNAVAILABLE,
    EdgeCode,
    database_busy_response,
    refusal,
)

logger = logging.getLogger(__name__)

SELF_HANDLED = frozenset({"/api/claims"})
MAX_KEY_LENGTH = 200
MAX_KEPT_BODY = 1024 * 1024  # a larger answer is not kept; its retry runs again


class KeptAnswer(Protocol):
    @property
    def fingerprint(self) -> str: ...
    @property
    def pending(self) -> bool: ...
    @property
    def status_code(self) -> int: ...
    @property
    def content_type(self) -> str: ...
    @property
    def body(self) -> bytes: ...


class IdempotencyStore(Protocol):
    def begin(self, scope: str, fingerprint: str, now: datetime) -> KeptAnswer | None: ...
    def finish(self, scope: str, status_code: int, content_type: str, body: bytes) -> None: ...
    def release(self, scope: str) -> None: ...


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def scope_of(scope: Scope, key: str) -> str:
    """Caller (bearer token or session cookie), method, path and key, hashed together."""
    caller = _header(scope, b"authorization") or _header(scope, b"cookie")
    text = "\x1f".join((caller, scope["method"], scope["path"], key))
    return hashlib.sha256(text.encode()).hexdigest()


class Idempotency:
    def __init__(self, app: ASGIApp, store: IdempotencyStore, now: Callable[[], datetime]) -> None:
        self.app, self.store, self.now = app, store, now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key") if scope["type"] == "http" else ""
        kind = _header(scope, b"content-type")
        if (not key or scope["method"] != "POST" or scope["path"] in SELF_HANDLED
                or kind.startswith("multipart/")):  # fmt: skip
            await self.app(scope, receive, send)
            return
        if len(key) > MAX_KEY_LENGTH:
            await refusal(EdgeCode.IDEMPOTENCY_KEY_REUSED).response()(scope, receive, send)
            return
        body = await _whole_body(receive)
        where, fingerprint = scope_of(scope, key), hashlib.sha256(body).hexdigest()
        try:
            kept = await run_in_threadpool(self.store.begin, where, fingerprint, self.now())
        except DATABASE_UNAVAILABLE:
            await database_busy_response()(scope, receive, send)
            return
        if kept is not None:
            await _answer_from(kept, fingerprint, scope, receive, send)
            return
        await self._run_and_keep(scope, _replay(body), send, where)

    async def _run_and_keep(self, scope: Scope, receive: Receive, send: Send, where: str) -> None:
        status, content_type, chunks = 500, "", []

        async def keeping_send(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = int(message["status"])
                content_type = next((v.decode("latin-1") for k, v in message.get("headers", [])
                                     if k == b"content-type"), "")  # fmt: skip
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, keeping_send)
        except BaseException:
            await run_in_threadpool(self.store.release, where)
            raise
        body = b"".join(chunks)
        try:
            if status >= 500 or len(body) > MAX_KEPT_BODY:
                await run_in_threadpool(self.store.release, where)
            else:
                await run_in_threadpool(self.store.finish, where, status, content_type, body)
        except DATABASE_UNAVAILABLE:  # the answer is sent; the key's lease runs out by itself
            logger.warning("idempotency key %s not recorded: database unavailable", where)


async def _answer_from(
    kept: KeptAnswer, fingerprint: str, scope: Scope, receive: Receive, send: Send
) -> None:
    if kept.fingerprint != fingerprint:
        await refusal(EdgeCode.IDEMPOTENCY_KEY_REUSED).response()(scope, receive, send)
    elif kept.pending:
        response = refusal(EdgeCode.IDEMPOTENCY_IN_PROGRESS).response({"Retry-After": "1"})
        await response(scope, receive, send)
    else:
        headers = [(b"content-type", kept.content_type.encode("latin-1")),
                   (b"content-length", str(len(kept.body)).encode()),
                   (b"idempotent-replayed", b"true")]  # fmt: skip
        await send({"type": "http.response.start", "status": kept.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": kept.body})


async def _whole_body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return replay
