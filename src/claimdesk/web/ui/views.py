"""Rendering helpers for the server-side pages: language, CSRF token, templates, error pages."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimdesk.domain import labels
from claimdesk.domain.complaints import reference as complaint_ref
from claimdesk.domain.errors import DomainError, Forbidden, NotFound
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.users import User
from claimdesk.services.fraud.blacklist import FRAUD_ROLES
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.ui import i18n
from claimdesk.web.ui.catalog import NAMES
from claimdesk.web.ui.flash import take_flash

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["handles_fraud"] = lambda user: user.role in FRAUD_ROLES  # nav link
templates.env.globals["mask_account"] = mask_bank_account  # shown to the customer, masked


def language(request: Request) -> str:
    """zh-CN by default; `?lang=en` switches and is remembered in the session."""
    requested = request.query_params.get("lang")
    if requested in ("zh", "en"):
        request.session["lang"] = requested
    return str(request.session.get("lang", "zh"))


def remember_language(request: Request, user: User | None, lang: str) -> None:
    """A signed-in user's switch is kept on their account for the next sign-in."""
    if user is not None and request.query_params.get("lang") and user.language != lang:
        user_service.set_language(request.app.state.wiring.context(), user=user, language=lang)


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


def helpers(lang: str) -> dict[str, Any]:
    """What every template gets: gettext, display names, zh-CN formatting of money and dates."""
    catalogue = i18n.translations(lang)

    def pick(zh: str, en: str) -> str:
        """For text that arrives in both languages as data (product terms, domain errors)."""
        return en if lang == "en" else zh

    def name(kind: str, code: str) -> str:
        if kind in labels.FAMILIES:
            return labels.label(kind, code, lang)
        return catalogue.gettext(NAMES[kind].get(str(code), str(code)))

    return {
        "_": catalogue.gettext,
        "gettext": catalogue.gettext,
        "ngettext": catalogue.ngettext,
        "pgettext": catalogue.pgettext,
        "pick": pick,
        "name": name,
        "status_name": lambda status: name("status", status),
        "audit_action": lambda action: labels.audit_action_label(action, lang),
        "decision_name": lambda decision: name("decision", decision),
        "message": lambda error: pick(error.message_zh, error.message_en),
        "money": lambda amount: i18n.money(amount, lang),
        "number": lambda value: i18n.number(value, lang),
        "percent": lambda value: i18n.percent(value, lang),
        "day": lambda value: i18n.day(value, lang),
        "moment": lambda value: i18n.moment(value, lang),
        "rmb_upper": i18n.rmb_upper,
        "complaint_ref": complaint_ref,
    }


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    remember_language(request, context.get("user"), lang)
    return templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            **helpers(lang),
            "csrf": csrf_token(request),
            "flash": take_flash(request, lang),
            **context,
        },
        status_code=status_code,
    )


def field_errors(error: DomainError | None) -> dict[str, DomainError]:
    """A validation error keyed by the form field it belongs to (shown next to that field)."""
    return {error.field: error} if error is not None and error.field else {}


def redirect_to_login(request: Request) -> Response:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def render_error(request: Request, status: int, error: DomainError) -> Response:
    if isinstance(error, NotFound):
        # Not even the claim number: a guessed id must not tell whose claim exists.
        error = NotFound("", "")
        error.message_zh, error.message_en = (
            "未找到，或您无权查看",
            "Not found, or not yours to see",
        )
    return render(request, "error.html", status_code=status, error=error)
