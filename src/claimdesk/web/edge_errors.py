"""Refusals made at the edge, before a route runs, and the last-resort mapping of low-level errors.

Each has a stable code and its message in Chinese and in English, in the same body shape as
`web/errors.py` ({code, message_zh, message_en, field}). They live here, not in
`domain/refusals.py`, because they are about HTTP requests rather than about claims.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import InvalidOperation
from enum import StrEnum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimdesk.domain.errors import DomainError
from claimdesk.services.users.sign_in import SignInLocked
from claimdesk.web.ui.views import render_error

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 2
# The database is unreachable (down, restarting, a connection cut mid-query) or busy past the
# SQLite busy timeout: the request may be retried, the server stays up and reconnects by itself
# (the PostgreSQL pool pings each connection before use).
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


class ErrorOut(BaseModel):
    """Every refusal, from the edge or from the business rules, has this body."""

    code: str
    message_zh: str
    message_en: str
    field: str | None = None


# Documented on every API operation: what any of them can answer besides success.
API_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "body not parseable (not JSON, not UTF-8) / 请求体无法解析"),
        (401, "not signed in / 未登录"),
        (403, "not permitted / 无权限"),
        (404, "not found, or not yours / 不存在"),
        (409, "conflict: stale version or wrong state / 冲突"),
        (413, "body too large / 请求体过大"),
        (415, "file or body of a type not accepted / 不支持的文件或内容类型"),
        (422, "invalid input or business refusal / 输入有误"),
        (429, "too many attempts / 请求过多"),
        (503, "database busy, retry after Retry-After / 数据库繁忙"),
    )
}


class EdgeCode(StrEnum):
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    NUL_CHARACTER = "NUL_CHARACTER"
    NESTING_TOO_DEEP = "NESTING_TOO_DEEP"
    NUMBER_TOO_LONG = "NUMBER_TOO_LONG"
    VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE"
    DATABASE_BUSY = "DATABASE_BUSY"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    IDEMPOTENCY_IN_PROGRESS = "IDEMPOTENCY_IN_PROGRESS"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


MESSAGES: dict[EdgeCode, tuple[int, str, str]] = {
    EdgeCode.BODY_TOO_LARGE: (
        413,
        "请求体过大（上限 {limit} 字节）",
        "request body too large (limit {limit} bytes)",
    ),
    EdgeCode.NUL_CHARACTER: (
        422,
        "请求中含有空字符（NUL），无法保存",
        "the request contains a NUL character, which cannot be stored",
    ),
    EdgeCode.NESTING_TOO_DEEP: (
        422,
        "JSON 嵌套层级过深（上限 {limit} 层）",
        "JSON nested too deeply (limit {limit} levels)",
    ),
    EdgeCode.NUMBER_TOO_LONG: (
        422,
        "JSON 中的数字过长（上限 {limit} 个字符）",
        "a number in the JSON is too long (limit {limit} characters)",
    ),
    EdgeCode.VALUE_OUT_OF_RANGE: (
        422,
        "数值超出可处理的范围",
        "a value is outside the range that can be processed",
    ),
    EdgeCode.DATABASE_BUSY: (
        503,
        "数据库暂时不可用，请稍后重试",
        "the database is temporarily unavailable; retry shortly",
    ),
    EdgeCode.TOO_MANY_ATTEMPTS: (
        429,
        "登录失败次数过多，请 {seconds} 秒后再试",
        "too many failed sign-ins; try again in {seconds} seconds",
    ),
    EdgeCode.IDEMPOTENCY_IN_PROGRESS: (
        409,
        "相同幂等键的请求正在处理中，请稍后重试",
        "a request with this Idempotency-Key is still being processed; retry shortly",
    ),
    EdgeCode.IDEMPOTENCY_KEY_REUSED: (
        422,
        "该幂等键已用于内容不同的请求",
        "this Idempotency-Key was already used for a different request",
    ),
}


@dataclass(frozen=True)
class EdgeRefusal:
    code: EdgeCode
    params: dict[str, Any]

    @property
    def status(self) -> int:
        return MESSAGES[self.code][0]

    def body(self, field: str | None = None) -> dict[str, Any]:
        _, zh, en = MESSAGES[self.code]
        return {
            "code": str(self.code),
            "message_zh": zh.format(**self.params),
            "message_en": en.format(**self.params),
            "field": field,
        }

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def refusal(code: EdgeCode, **params: Any) -> EdgeRefusal:
    return EdgeRefusal(code, params)


class BodyTooLarge(StarletteHTTPException):
    """Raised while a streamed (multipart) body is read; an HTTPException so that the body
    parser lets it through instead of turning it into a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413)
        self.limit = limit


async def _body_too_large(request: Request, error: Exception) -> Response:
    assert isinstance(error, BodyTooLarge)
    return refusal(EdgeCode.BODY_TOO_LARGE, limit=error.limit).response()


async def _out_of_range(request: Request, error: Exception) -> Response:
    # Driver-level range errors (a number the column cannot hold, a NUL the text type refuses)
    # are the client's input, not a server fault.
    return refusal(EdgeCode.VALUE_OUT_OF_RANGE).response()


def database_busy_response() -> JSONResponse:
    return refusal(EdgeCode.DATABASE_BUSY).response({"Retry-After": str(RETRY_AFTER_SECONDS)})


async def _database_busy(request: Request, error: Exception) -> Response:
    logger.warning("database unavailable: %s: %s", type(error).__name__, error)
    if request.url.path.startswith("/api") or request.url.path in ("/readyz", "/healthz"):
        return database_busy_response()
    body = refusal(EdgeCode.DATABASE_BUSY).body()
    page = render_error(request, 503, DomainError(body["message_zh"], body["message_en"]))
    page.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return page


def locked_error(seconds: int) -> DomainError:
    """The lockout as a DomainError, for the sign-in page (which shows message_zh/en)."""
    body = refusal(EdgeCode.TOO_MANY_ATTEMPTS, seconds=seconds).body()
    return DomainError(body["message_zh"], body["message_en"])


async def _sign_in_locked(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInLocked)
    headers = {"Retry-After": str(error.seconds)}
    return refusal(EdgeCode.TOO_MANY_ATTEMPTS, seconds=error.seconds).response(headers)


def install_edge_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SignInLocked, _sign_in_locked)
    for kind in (DataError, OverflowError, InvalidOperation, RecursionError):
        app.add_exception_handler(kind, _out_of_range)
    for unavailable in DATABASE_UNAVAILABLE:
        app.add_exception_handler(unavailable, _database_busy)
    app.add_exception_handler(BodyTooLarge, _body_too_large)


def file_responses(*media_types: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI for an operation that answers with a file: the 200 body in these media types
    (use with `response_class=Response`, so that application/json is not claimed too)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = {media: {} if media == "application/json" else binary for media in media_types}
    return {200: {"description": "the file / 文件", "content": content}}
