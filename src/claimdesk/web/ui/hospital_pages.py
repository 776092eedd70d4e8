"""医院目录 pages: suggestions while typing (portal and workbench), the admin list with its
edit form and CSV/Excel import, and the specialist's choice of hospital on the claim page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from claimdesk.adapters.tabular import read_rows
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.hospitals import GRADES, LEVELS, REGIONS
from claimdesk.domain.users import User
from claimdesk.services.hospitals import use_cases as hospital_service
from claimdesk.services.hospitals.use_cases import ImportReport
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
PAGE = 100
MAX_IMPORT_BYTES = 5 * 1024 * 1024
Text = Annotated[str, Form(max_length=200)]


@router.get("/hospitals/suggest")
def suggest(
    request: Request, user: SessionUser, wiring: WiringDep,
    q: Annotated[str, Query(max_length=100)] = "",
    hospital_name: Annotated[str, Query(max_length=200)] = "",
    hospital: Annotated[str, Query(max_length=200)] = "",
) -> Response:  # fmt: skip
    """`<option>`s for a `<datalist>` (htmx swaps them in as the person types)."""
    text = q or hospital_name or hospital
    found = hospital_service.search_hospitals(wiring.context(), actor=user, text=text)
    return render(request, "_hospital_options.html", hospitals=found)


@router.get("/admin/hospitals")
def hospitals_page(
    request: Request, user: SessionUser, wiring: WiringDep,
    after: Annotated[str | None, Query(max_length=40)] = None,
    edit: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:  # fmt: skip
    return _page(request, user, wiring, after=after, edit=edit)


def _page(
    request: Request, user: User, wiring: Wiring, *, after: str | None = None,
    edit: str | None = None, error: DomainError | None = None,
    report: ImportReport | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    context = wiring.context()
    rows = hospital_service.list_hospitals(context, actor=user, after_code=after, limit=PAGE)
    editing = None
    if edit:
        editing = hospital_service.get_hospital(wiring.context(), actor=user, code=edit)
    products = sorted(wiring.products.values(), key=lambda p: p.code)
    return render(request, "admin_hospitals.html", status_code=422 if error else 200,
                  user=user, rows=rows, editing=editing, products=products, error=error,
                  errors=field_errors(error), report=report, form=form or {},
                  levels=LEVELS, grades=GRADES, regions=REGIONS,
                  next_after=rows[-1].code if len(rows) == PAGE else None)  # fmt: skip


@router.post("/admin/hospitals")
async def save_hospital(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    posted = await request.form()
    check_csrf(request, str(posted.get("csrf_token", "")))
    products = [str(v) for v in posted.getlist("product")]
    extra = str(posted.get("policy_designations", ""))
    row = {name: str(posted.get(name, ""))[:400] for name in
           ("code", "name", "region", "aliases")}  # fmt: skip
    row["level"] = f"{posted.get('level', '0')}{posted.get('grade', '')}"
    row["public"] = "是" if posted.get("public") else "否"
    row["active"] = "是" if posted.get("active") else "否"
    row["designated"] = ";".join([*products, *(p for p in extra.split(";") if p.strip())])
    try:
        hospital_service.save_hospital(wiring.context(), actor=user, row=row,
                                       reason=str(posted.get("reason", ""))[:500])  # fmt: skip
    except DomainError as error:
        return _page(request, user, wiring, error=error, form=row)
    return RedirectResponse("/admin/hospitals", status_code=303)


@router.post("/admin/hospitals/import")
def import_hospitals(
    request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], file: UploadFile,
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    content = file.file.read(MAX_IMPORT_BYTES + 1)
    try:
        if len(content) > MAX_IMPORT_BYTES:
            raise InvalidInput("文件过大（上限 5 MB）", "file too large (limit 5 MB)", field="file")
        report = hospital_service.import_hospitals(wiring.context(), actor=user,
                                                   rows=read_rows(content))  # fmt: skip
    except DomainError as error:
        return _page(request, user, wiring, error=error)
    return _page(request, user, wiring, report=report)


@router.post("/claims/{claim_id}/visits/{visit_ref}/hospital")
def choose_hospital(
    claim_id: Id, visit_ref: str, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], hospital: Text, version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        hospital_service.choose_visit_hospital(
            wiring.context(), actor=user, claim_id=claim_id, visit_ref=visit_ref[:40],
            hospital_code=hospital, reason=reason, expected_version=version,
        )  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}#visits", status_code=303)
