"""Rendering helpers for the server-side pages: language, CSRF token, templates, error pages."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimdesk.domain.errors import DomainError, Forbidden

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

STATUS_NAMES = {
    "reported": ("已报案", "Reported"),
    "accepted": ("已受理", "Accepted"),
    "materials_pending": ("待补材料", "Materials pending"),
    "under_review": ("审核中", "Under review"),
    "investigation": ("调查中", "Under investigation"),
    "adjudicated": ("已理算", "Adjudicated"),
    "approved": ("已核赔", "Approved"),
    "payment_pending": ("待支付", "Payment pending"),
    "paid": ("已赔付", "Paid"),
    "closed": ("已结案", "Closed"),
    "archived": ("已归档", "Archived"),
    "denied": ("已拒赔", "Denied"),
    "withdrawn": ("已注销", "Withdrawn"),
    "reopened": ("已重开", "Reopened"),
}

DECISION_NAMES = {
    "approved": ("全额赔付", "Approved in full"),
    "partially_approved": ("部分赔付", "Partially approved"),
    "denied": ("不予赔付", "Nothing payable"),
    "pending_materials": ("待补材料", "Pending materials"),
}


def language(request: Request) -> str:
    """zh-CN by default; `?lang=en` switches and is remembered in the session."""
    requested = request.query_params.get("lang")
    if requested in ("zh", "en"):
        request.session["lang"] = requested
    return str(request.session.get("lang", "zh"))


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str) -> None:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not secrets.compare_digest(expected, submitted):
        raise Forbidden(
            "页面已过期，请刷新后重试（CSRF 校验失败）",
            "Form expired; reload the page (CSRF check failed)",
        )


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)

    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    def status_name(status: str) -> str:
        zh, en = STATUS_NAMES.get(status, (status, status))
        return t(zh, en)

    def decision_name(decision: str) -> str:
        zh, en = DECISION_NAMES.get(decision, (decision, decision))
        return t(zh, en)

    helpers = {"t": t, "status_name": status_name, "decision_name": decision_name}
    return templates.TemplateResponse(
        request,
        template,
        {"lang": lang, **helpers, "csrf": csrf_token(request), **context},
        status_code=status_code,
    )


def redirect_to_login(request: Request) -> Response:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def render_error(request: Request, status: int, error: DomainError) -> Response:
    return render(request, "error.html", status_code=status, error=error)
