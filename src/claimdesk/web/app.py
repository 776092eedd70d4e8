"""create_app: the FastAPI application over the wired use cases (JSON API and HTML pages)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from claimdesk import __version__
from claimdesk.domain.users import Permission
from claimdesk.web.allowed_methods import AllowedMethods
from claimdesk.web.api import (
    adjudications,
    archive,
    auth,
    auto_claims,
    claim_adjudication,
    claims,
    complaints,
    fraud,
    hospitals,
    hot_reads,
    injuries,
    management,
    materials_api,
    notifications,
    partners,
    payee_changes_api,
    payments,
    policies,
    reports,
    service_desk,
    sla,
    tasks,
    verification,
)
from claimdesk.web.claim_answers import ClaimAnswers, TaskAnswers
from claimdesk.web.deps import Wiring, api_permission
from claimdesk.web.edge_errors import API_ERROR_RESPONSES, install_edge_handlers
from claimdesk.web.errors import install_error_handlers
from claimdesk.web.idempotency import Idempotency
from claimdesk.web.observability import install_operations
from claimdesk.web.read_threads import ReadThreads
from claimdesk.web.request_guard import GuardLimits, RequestGuard
from claimdesk.web.security_headers import SecurityHeaders
from claimdesk.web.token_cache import ClearTokensOnWrite, TokenCache
from claimdesk.web.ui import (
    account_pages,
    archive_pages,
    finance_pages,
    fraud_pages,
    management_pages,
    notice_pages,
    pages,
    panel_pages,
    payee_change_pages,
    payment_links,
    survey_pages,
)

STATIC = Path(__file__).parent / "ui" / "static"


# True in a process that froze its own objects and keeps them frozen (the test workers, after
# collection): its apps' lifespans then neither freeze nor unfreeze, without asking. Asking
# (`gc.get_freeze_count()`) walks every frozen object: 0.6 M in a test worker, 30–170 ms per
# app start, some 500 starts a suite. Elsewhere (servers) the count is asked, as before.
PROCESS_KEEPS_FROZEN = False


def _lifespan(wiring: Wiring) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The scheduled jobs while the server runs; the hot reads' threads end with it."""
    jobs = sla.sweep_lifespan(wiring)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What the start built (modules, routes, products, templates) is put out of the cyclic
        # collector's reach while the server runs: its full collections no longer walk it in
        # the middle of requests (idle wrk: p99 of GET a claim 221–264 → 118–135 ms). Freeze
        # and unfreeze only move lists; unfrozen at the end, a stopped app can be collected.
        # A process that froze its objects itself (the test workers) keeps them frozen: only
        # what this lifespan froze is unfrozen by it.
        freezes = not PROCESS_KEEPS_FROZEN and gc.get_freeze_count() == 0
        if freezes:
            gc.freeze()
        try:
            async with jobs(app):
                yield
        finally:
            if freezes:
                gc.unfreeze()
            app.state.read_threads.shutdown()

    return lifespan


def create_app(wiring: Wiring) -> FastAPI:
    app = FastAPI(
        title="ClaimDesk API",
        version=__version__,
        description="理赔管理与客户服务系统 — claims management and customer service",
        lifespan=_lifespan(wiring),
        # Production: no public API browser or schema (issue 16); development keeps them.
        docs_url=None if wiring.settings.production else "/docs",
        redoc_url=None if wiring.settings.production else "/redoc",
        openapi_url=None if wiring.settings.production else "/openapi.json",
    )
    app.state.wiring = wiring
    app.state.token_cache = TokenCache()
    app.state.read_threads = ReadThreads(wiring.settings.request_threads)
    app.state.claim_answers = ClaimAnswers()  # GET a claim, kept per revision (issue 17)
    app.state.task_answers = TaskAnswers()  # my queue's tasks, likewise
    # Innermost: sees the body after the request guard checked it, answers inside the headers.
    app.add_middleware(Idempotency, store=wiring.idempotency, now=wiring.clock.now)
    app.add_middleware(
        SessionMiddleware,
        secret_key=wiring.settings.secret_key,
        session_cookie="claimdesk_session",
        same_site="lax",
        https_only=wiring.settings.session_cookie_secure,
        max_age=8 * 3600,
    )
    app.add_middleware(RequestGuard, limits=guard_limits(wiring))
    app.add_middleware(AllowedMethods, routes=lambda: app.routes)
    app.add_middleware(SecurityHeaders, hsts=wiring.settings.production)
    app.add_middleware(ClearTokensOnWrite, cache=app.state.token_cache)
    install_error_handlers(app)
    install_edge_handlers(app)
    app.include_router(hot_reads.router)  # first: hidden copies of the hot GETs (issue 17)
    app.router.routes[:0] = hot_reads.answer_routes()  # before all: GET a claim, my queue, list
    for router in (
        auth.router, claims.router, claim_adjudication.router, policies.router,
        materials_api.router, auto_claims.router, sla.router, tasks.router, payments.router,
        notifications.router, complaints.router, service_desk.router, reports.router,
        hospitals.router,
        verification.router,
        partners.router,
        archive.router,
        injuries.router,
        payee_changes_api.router,
    ):  # fmt: skip
        app.include_router(router, responses=API_ERROR_RESPONSES)
    # 反欺诈 (the risk model is the container's)
    app.include_router(fraud.router, responses=API_ERROR_RESPONSES)
    # What-if adjudication is for claims staff; it reads the products the app was wired with.
    app.include_router(
        adjudications.router,
        dependencies=[Depends(api_permission(Permission.READ_ALL_CLAIMS))],
        responses=API_ERROR_RESPONSES,
    )
    app.include_router(
        management.router, responses=API_ERROR_RESPONSES
    )  # 赔付率, 准备金/IBNR, 人员绩效, 查勘员考核, 抽检
    app.include_router(fraud_pages.router)  # 反欺诈 investigator pages
    app.include_router(management_pages.router)
    app.include_router(finance_pages.router)  # 支付: release, bank batches and results
    app.include_router(payee_change_pages.router)  # 变更收款账户 (maker-checker)
    app.include_router(notice_pages.router)  # 发送记录: resend an unconfirmed notice
    app.include_router(survey_pages.router)  # 查勘定损: the surveyor room
    app.include_router(payment_links.router)  # vouchers, decision letters, 先予支付
    app.include_router(archive_pages.router)  # 档案管理
    app.include_router(panel_pages.router)  # 疑难案件: mark difficult, panel votes
    app.include_router(account_pages.router)  # 两步验证: a staff member's own second factor
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Outermost: the request id and the access log cover the guard's refusals too.
    install_operations(app, wiring.engine)

    return app


def guard_limits(wiring: Wiring) -> GuardLimits:
    settings = wiring.settings
    return GuardLimits(
        text_body_bytes=settings.request_body_limit_bytes,
        upload_body_bytes=settings.upload_limit_bytes + settings.request_body_limit_bytes,
    )
