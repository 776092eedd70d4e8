"""Request dependencies: the wiring, the signed-in user (bearer token or session), permissions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from claimdesk.config import Settings
from claimdesk.domain.channels import Channel
from claimdesk.domain.errors import NotAuthenticated
from claimdesk.domain.users import Permission, User
from claimdesk.rules.terms import Product
from claimdesk.services.access import require
from claimdesk.services.audit_trail import AuditAnchors
from claimdesk.services.context import ServiceContext
from claimdesk.services.notices.ports import Sender
from claimdesk.services.ports import Clock, FileStore, PasswordHasher, UnitOfWork
from claimdesk.services.receipts.ports import ReceiptReader
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.claim_answers import ClaimAnswers, TaskAnswers
from claimdesk.web.edge_errors import DATABASE_UNAVAILABLE
from claimdesk.web.idempotency import IdempotencyStore
from claimdesk.web.read_threads import ReadThreads
from claimdesk.web.token_cache import TokenCache


class Wiring(Protocol):
    settings: Settings
    engine: Engine
    clock: Clock
    hasher: PasswordHasher
    products: Mapping[str, Product]
    files: FileStore
    senders: Mapping[Channel, Sender]
    receipt_reader: ReceiptReader

    def uow(self) -> UnitOfWork: ...
    def context(self) -> ServiceContext: ...
    def audit_anchors(self) -> tuple[AuditAnchors, bytes]: ...
    @property
    def idempotency(self) -> IdempotencyStore: ...


async def get_wiring(request: Request) -> Wiring:
    """Async (no I/O): a sync dependency costs a threadpool hop on every request."""
    wiring: Wiring = request.app.state.wiring
    return wiring


WiringDep = Annotated[Wiring, Depends(get_wiring)]


async def get_context(request: Request) -> ServiceContext:
    """One per request: a fresh unit of work with the composition root's wiring (no I/O until
    the use case opens it). The wiring is read here, not depended on: each level of
    dependencies is solved again on every request (issue 17)."""
    wiring: Wiring = request.app.state.wiring
    return wiring.context()


Context = Annotated[ServiceContext, Depends(get_context)]


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated()
    return token.strip()


async def api_user(request: Request) -> User:
    """The JSON API signs in with a bearer token only (no cookies, so no CSRF exposure).
    A token seen a moment ago is answered from `web/token_cache.py` without a database trip.
    The wiring is read here, not depended on (one level of dependencies less per request)."""
    wiring: Wiring = request.app.state.wiring
    token = bearer_token(request)
    cache: TokenCache = request.app.state.token_cache
    now = wiring.clock.now()
    if (user := cache.get(token, now)) is not None:
        return user
    generation = cache.generation
    user = await run_in_threadpool(user_service.user_for_token, wiring.context(), token=token)
    if user is None:
        raise NotAuthenticated()
    cache.put(token, user, generation, now)
    return user


def session_user(request: Request, wiring: WiringDep) -> User:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise NotAuthenticated()
    try:
        user, generation = user_service.load_session_user(wiring.context(), user_id=user_id)
    except DATABASE_UNAVAILABLE:
        raise  # a database outage is a 503, not a sign-out
    except Exception as error:
        request.session.clear()
        raise NotAuthenticated() from error
    if not user.active or request.session.get("generation", 0) != generation:
        request.session.clear()  # signed out (here or everywhere) since the cookie was made
        raise NotAuthenticated()
    return user


ApiUser = Annotated[User, Depends(api_user)]


@dataclass(frozen=True, slots=True)
class ApiCall:
    """The signed-in user, the wiring and the threads the read runs on, one dependency."""

    user: User
    wiring: Wiring
    threads: ReadThreads
    answers: ClaimAnswers
    tasks: TaskAnswers


async def api_call(request: Request) -> ApiCall:
    """`ApiUser` and the wiring in one dependency for the hot reads: FastAPI solves each
    dependency on every request (its parameters, its cache key), so two cost twice (issue 17).
    Same order as before: signed in first, nothing else is read for a refused token."""
    state = request.app.state
    user = await api_user(request)
    return ApiCall(user, state.wiring, state.read_threads, state.claim_answers, state.task_answers)


ApiCallDep = Annotated[ApiCall, Depends(api_call)]
SessionUser = Annotated[User, Depends(session_user)]


def api_permission(permission: Permission) -> Callable[..., Any]:
    async def check(user: ApiUser) -> User:  # no I/O: no threadpool hop
        require(user, permission)
        return user

    return check
