"""create_app: the FastAPI application over the wired use cases (JSON API and HTML pages)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from claimdesk import __version__
from claimdesk.domain.users import Permission
from claimdesk.web.api import (
    adjudications,
    auth,
    auto_claims,
    claim_adjudication,
    claims,
    complaints,
    fraud,
    materials_api,
    notifications,
    payments,
    policies,
    reports,
    service_desk,
    sla,
    tasks,
)
from claimdesk.web.deps import Wiring, api_permission
from claimdesk.web.errors import install_error_handlers
from claimdesk.web.ui import fraud_pages, pages

STATIC = Path(__file__).parent / "ui" / "static"


def create_app(wiring: Wiring) -> FastAPI:
    app = FastAPI(
        title="ClaimDesk API",
        version=__version__,
        description="理赔管理与客户服务系统 — claims management and customer service",
        lifespan=sla.sweep_lifespan(wiring),
    )
    app.state.wiring = wiring
    app.add_middleware(
        SessionMiddleware,
        secret_key=wiring.settings.secret_key,
        session_cookie="claimdesk_session",
        same_site="lax",
        https_only=wiring.settings.session_cookie_secure,
        max_age=8 * 3600,
    )
    install_error_handlers(app)
    for router in (
        auth.router, claims.router, claim_adjudication.router, policies.router,
        materials_api.router, auto_claims.router, sla.router, tasks.router, payments.router,
        notifications.router, complaints.router, service_desk.router, reports.router,
    ):  # fmt: skip
        app.include_router(router)
    app.include_router(fraud.router_for(wiring))  # 反欺诈 (loads the stored risk model)
    # What-if adjudication is for claims staff; it reads the products the app was wired with.
    app.include_router(
        adjudications.router, dependencies=[Depends(api_permission(Permission.READ_ALL_CLAIMS))]
    )
    app.dependency_overrides[adjudications.get_products] = lambda: wiring.products
    app.include_router(fraud_pages.router)  # 反欺诈 investigator pages
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
