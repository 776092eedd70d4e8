"""Admin pages of the partner registry (合作机构) and price agreements, with imports.

Every page and form needs MANAGE_PARTNERS, checked here on the server and again by the
use cases. An import shows what it stored and each rejected row (row, field, reason).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from claimdesk.adapters.tabular import read_rows
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.partners import (
    AgreementKind,
    ImportReport,
    PartnerKind,
    ShopLevel,
    ShopType,
)
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.partners import registry
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
MAX_IMPORT_BYTES = 10 * 1024 * 1024
Field = Annotated[str, Form(max_length=200)]
PARTNER_FIELDS = ("kind", "name", "level", "shop_type", "agreement_no", "contact", "region",
                  "fee")  # fmt: skip


def partner_admin(user: SessionUser) -> User:
    require(user, Permission.MANAGE_PARTNERS)
    return user


Admin = Annotated[User, Depends(partner_admin)]


@router.get("/admin/partners")
def partners_page(request: Request, user: Admin, wiring: WiringDep) -> Response:
    return _page(request, user, wiring)


@router.post("/admin/partners")
async def add_partner(
    request: Request, user: Admin, wiring: WiringDep, csrf_token: Annotated[str, Form()]
) -> Response:
    check_csrf(request, csrf_token)
    fields = await _form(request)
    try:
        registry.save_partner(wiring.context(), actor=user, fields=fields)
    except DomainError as error:
        return _page(request, user, wiring, error=error, form=fields)
    return RedirectResponse("/admin/partners", status_code=303)


@router.post("/admin/partners/import")
async def import_partners(
    request: Request, user: Admin, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    file: UploadFile,
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return await _import(request, user, wiring, file, registry.import_partners)


@router.get("/admin/partners/{partner_id}")
def partner_page(partner_id: Id, request: Request, user: Admin, wiring: WiringDep) -> Response:
    partner = registry.get_partner(wiring.context(), actor=user, partner_id=partner_id)
    return _edit(request, user, partner_id, _fields_of(partner))


@router.post("/admin/partners/{partner_id}")
async def edit_partner(
    partner_id: Id, request: Request, user: Admin, wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    fields = await _form(request)
    try:
        registry.save_partner(wiring.context(), actor=user, fields=fields, partner_id=partner_id)
    except DomainError as error:
        return _edit(request, user, partner_id, fields, error)
    return RedirectResponse("/admin/partners", status_code=303)


@router.post("/admin/agreements")
async def add_agreement(
    request: Request, user: Admin, wiring: WiringDep, csrf_token: Annotated[str, Form()]
) -> Response:
    check_csrf(request, csrf_token)
    form = await request.form()
    fields = {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    try:
        registry.save_agreement(wiring.context(), actor=user, fields=fields)
    except DomainError as error:
        return _page(request, user, wiring, error=error, agreement_form=fields)
    return RedirectResponse("/admin/partners", status_code=303)


@router.post("/admin/agreements/import")
async def import_agreements(
    request: Request, user: Admin, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    file: UploadFile,
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return await _import(request, user, wiring, file, registry.import_agreements)


async def _import(
    request: Request, user: User, wiring: Wiring, file: UploadFile, run: Callable[..., Any]
) -> Response:
    """Parse and import in the thread pool: a large workbook never holds up other requests."""
    content = await _content(file)

    def parse_and_import() -> Any:
        return run(wiring.context(), actor=user, rows=read_rows(content))

    try:
        report = await run_in_threadpool(parse_and_import)
    except DomainError as error:
        return _page(request, user, wiring, error=error)
    return _page(request, user, wiring, report=report)


def _page(
    request: Request, user: User, wiring: Wiring, *, error: DomainError | None = None,
    report: ImportReport | None = None, form: dict[str, str] | None = None,
    agreement_form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    context = wiring.context()
    partners = registry.list_partners(context, actor=user)
    agreements = registry.list_agreements(context, actor=user)
    return render(request, "admin_partners.html", status_code=422 if error else 200, user=user,
                  partners=partners, agreements=agreements, error=error,
                  errors=field_errors(error), report=report, form=form or {},
                  agreement_form=agreement_form or {}, **_choices())  # fmt: skip


def _edit(
    request: Request, user: User, partner_id: int, form: dict[str, str],
    error: DomainError | None = None,
) -> Response:  # fmt: skip
    return render(request, "admin_partner.html", status_code=422 if error else 200, user=user,
                  partner_id=partner_id, form=form, error=error, errors=field_errors(error),
                  **_choices())  # fmt: skip


def _choices() -> dict[str, list[str]]:
    return {"kinds": list(PartnerKind), "levels": list(ShopLevel), "shop_types": list(ShopType),
            "agreement_kinds": list(AgreementKind)}  # fmt: skip


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    fields = {name: str(form.get(name, "") or "") for name in PARTNER_FIELDS}
    fields["active"] = "1" if form.get("active") else "0"
    return fields


def _fields_of(partner: object) -> dict[str, str]:
    values = {name: getattr(partner, name) for name in (*PARTNER_FIELDS, "active")}
    fields = {k: "" if v is None else str(v) for k, v in values.items()}
    fields["active"] = "1" if values["active"] else "0"
    return fields


async def _content(file: UploadFile) -> bytes:
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("文件过大（上限 10 MB）", "file too large (limit 10 MB)", field="file")
    return content
