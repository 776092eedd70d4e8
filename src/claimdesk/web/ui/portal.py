"""Customer portal (客户端): my claims, the guided report form, uploads, complaint, rating."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.customer_words import stage_of
from claimdesk.domain.errors import DomainError
from claimdesk.domain.users import User
from claimdesk.services.claims import materials as claim_materials
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.materials import use_cases as material_service
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.receipts import use_cases as receipt_service
from claimdesk.services.service_desk import feedback as portal_feedback
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import Id, clean_file_name
from claimdesk.web.ui import receipt_form
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.portal_forms import FormNeeds, ReportFields, ReportForm, needs_of, to_report
from claimdesk.web.ui.views import check_csrf, render

router = APIRouter(include_in_schema=False)
SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIPT_PHOTO = "receipt_photo"  # session: the photo read on this form, kept when it is sent


@router.get("/portal")
def portal_home(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    mine = claim_service.list_claims(
        wiring.context(), actor=user, claim_filter=ClaimFilter(), after_id=None, limit=50
    )
    return render(request, "portal_home.html", user=user, claims=mine, stage_of=stage_of)


@router.get("/portal/report")
def report_form(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    cover = portal_feedback.customer_cover(wiring.context(), actor=user)
    form = ReportForm(cover[0].policy_no, cover[1].member_no) if cover else ReportForm()
    return _form_page(request, user, form, {}, cover is not None, _needs(user, wiring))


def _needs(user: User, wiring: Wiring) -> FormNeeds:
    """What the customer's product needs on the report (health by default, e.g. for staff)."""
    cover = portal_feedback.customer_cover(wiring.context(), actor=user)
    return needs_of(wiring.products.get(cover[0].product_code) if cover else None)


@router.post("/portal/report")
def report(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    fields: Annotated[ReportFields, Form()],
) -> Response:
    check_csrf(request, fields.csrf_token)
    form, needs = fields.as_form(), _needs(user, wiring)
    parsed, errors = to_report(form, wiring.clock.now().astimezone(SHANGHAI).date(), needs)
    try:
        if parsed is None:
            raise next(iter(errors.values()))
        claim, _ = claim_service.report_claim(
            wiring.context(),
            actor=user,
            report=parsed,
            idempotency_key=f"portal:{fields.idempotency_key}",
            require_line_facts=True,  # supply days, sessions: asked, never assumed
        )
    except DomainError as error:
        found = errors or {error.field or "form": error}
        prefilled = user.insured_person_id is not None
        return _form_page(request, user, form, found, prefilled, needs, 422)
    assert claim.id is not None
    _keep_receipt_photo(request, user, wiring, claim.id, fields.receipt_photo)
    return RedirectResponse(f"/claims/{claim.id}", status_code=303)


@router.post("/portal/report/receipt")
def read_receipt(
    request: Request, user: SessionUser, wiring: WiringDep,
    fields: Annotated[ReportFields, Form()], photo: UploadFile | None = None,
) -> Response:  # fmt: skip
    """拍照识别: the photo read into the form as posted, for the customer to confirm; the
    report itself is only made by the form's own button."""
    check_csrf(request, fields.csrf_token)
    form, needs = fields.as_form(), _needs(user, wiring)
    limit, ready = wiring.settings.upload_limit_bytes, user.insured_person_id is not None
    try:
        name, content = (photo.filename, photo.file.read(limit + 1)) if photo else (None, b"")
        reading = receipt_service.read_receipt_photo(
            wiring.context(), actor=user, file_name=clean_file_name(name), content=content,
            limit_bytes=limit, reader=wiring.receipt_reader,
        )  # fmt: skip
    except DomainError as error:
        return _form_page(request, user, form, {"receipt_photo": error}, ready, needs, 422)
    request.session[RECEIPT_PHOTO] = [reading.photo.sha256, reading.photo.file_name]
    form = receipt_form.prefilled(form, reading.fields, reading.photo.sha256)
    found = receipt_form.summary(reading.fields)
    return _form_page(request, user, form, {}, ready, needs, receipt=found)


def _keep_receipt_photo(
    request: Request, user: User, wiring: Wiring, claim_id: int, sha256: str
) -> None:
    """The photo read on this form becomes the claim's receipt file (checked as any upload)."""
    kept = request.session.pop(RECEIPT_PHOTO, None)
    if not sha256 or not isinstance(kept, list) or kept[0] != sha256:
        return
    photo = receipt_service.ReceiptPhoto(sha256, str(kept[1]))
    limit = wiring.settings.upload_limit_bytes
    try:
        receipt_service.keep_receipt_photo(wiring.context(), actor=user, claim_id=claim_id,
                                           photo=photo, limit_bytes=limit)  # fmt: skip
    except DomainError as error:
        flash(request, f"报案已提交；票据照片未能保存：{error.message_zh}",
              f"Claim reported; the receipt photo was not kept: {error.message_en}")  # fmt: skip
        return
    flash(request, "报案已提交，票据照片已作为“医疗费用原始收据”保存",
          "Claim reported; the receipt photo is kept as its original receipt")  # fmt: skip


def _form_page(
    request: Request, user: User, form: ReportForm, errors: dict[str, DomainError],
    prefilled: bool, needs: FormNeeds, status_code: int = 200,
    receipt: receipt_form.ReceiptSummary | None = None,
) -> Response:  # fmt: skip
    return render(
        request, "portal_report.html", status_code=status_code, user=user, form=form,
        errors=errors, prefilled=prefilled, kinds=needs.kinds, needs=needs,
        idempotency_key=secrets.token_urlsafe(16), receipt=receipt,
    )  # fmt: skip


@router.post("/claims/{claim_id}/files")
def upload(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], code: Annotated[str, Form(max_length=60)],
    file: UploadFile,
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    limit = wiring.settings.upload_limit_bytes
    content = file.file.read(limit + 1)
    upload = material_service.Upload(code, clean_file_name(file.filename), content)
    try:
        material_service.upload_material(wiring.context(), actor=user, claim_id=claim_id,
                                         upload=upload, limit_bytes=limit)  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}#materials", status_code=303)


@router.post("/claims/{claim_id}/submit-materials")
def submit_materials(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    claim_materials.submit_materials(wiring.context(), actor=user, claim_id=claim_id)
    return RedirectResponse(f"/claims/{claim_id}#notices", status_code=303)


@router.post("/claims/{claim_id}/complaint")
def complain(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return _feedback(
        request,
        user,
        wiring,
        claim_id,
        lambda: portal_feedback.file_complaint(
            wiring.context(), actor=user, claim_id=claim_id, text=text
        ),
    )


@router.post("/claims/{claim_id}/rating")
def rate(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], score: Annotated[int, Form()] = 0,
    comment: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return _feedback(
        request,
        user,
        wiring,
        claim_id,
        lambda: portal_feedback.rate_service(
            wiring.context(), actor=user, claim_id=claim_id, score=score, comment=comment
        ),
    )


def _feedback(
    request: Request, user: User, wiring: Wiring, claim_id: Id, action: Callable[[], object]
) -> Response:
    try:
        action()
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}?thanks=1#feedback", status_code=303)
