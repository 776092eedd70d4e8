"""The surveyor room (查勘定损, phone-first): my dispatches, and per dispatch the contact call,
photos, the assessment, the tender; the dispatch desk's re-survey and the customer's sign-off.

Every step calls the auto slice's use case (the API's too), so who may do what is decided
there; a refusal is shown on the page next to its field, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.users import User
from claimdesk.services.auto import survey_room, surveys
from claimdesk.services.auto import use_cases as auto_service
from claimdesk.services.materials import use_cases as material_service
from claimdesk.web.api.auto_claim_schemas import QuotesIn
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import Id, clean_file_name
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.survey_forms import MAX_LINES, quotes_input, survey_input, validated
from claimdesk.web.ui.views import check_csrf, field_errors, render
from claimdesk.workflow.deadlines import SHANGHAI

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form()]
MAX_PHOTOS = 12


@router.get("/survey")
def survey_room_page(
    request: Request, user: SessionUser, wiring: WiringDep, done: bool = False
) -> Response:
    dispatches = survey_room.my_dispatches(wiring.context(), actor=user, include_signed=done)
    return render(request, "survey_room.html", user=user, dispatches=dispatches, done=done)


@router.get("/survey/{claim_id}")
def dispatch_page(claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _page(request, user, wiring, claim_id)


def _page(
    request: Request, user: User, wiring: Wiring, claim_id: int,
    error: DomainError | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    detail = survey_room.dispatch_detail(wiring.context(), actor=user, claim_id=claim_id)
    products = wiring.context().auto_products
    policy_product = products.get(detail.dispatch.claim.product_code)
    parts = sorted(policy_product.parts) if policy_product is not None else []
    return render(
        request, "survey_dispatch.html", status_code=422 if error else 200, user=user,
        d=detail.dispatch, detail=detail, parts=parts, form=form or {}, error=error,
        errors=field_errors(error), now=wiring.clock.now(), max_lines=MAX_LINES,
    )  # fmt: skip


def _step(
    request: Request, user: User, wiring: Wiring, claim_id: int, action: Callable[[], Any],
    done: tuple[str, str], form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    try:
        action()
    except DomainError as error:
        return _page(request, user, wiring, claim_id, error, form)
    flash(request, *done)
    return RedirectResponse(f"/survey/{claim_id}", status_code=303)


@router.post("/survey/{claim_id}/contact")
def log_contact(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    reached: Annotated[str, Form()] = "yes", appointment: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)

    def action() -> None:
        at = _appointment(appointment)
        surveys.record_contact(wiring.context(), actor=user, claim_id=claim_id,
                               reached=reached == "yes", appointment_at=at)  # fmt: skip

    done = ("已记录联系客户", "Contact logged") if reached == "yes" else (
        "已记录未接通，请稍后再拨", "Call not answered: logged, call again")  # fmt: skip
    return _step(request, user, wiring, claim_id, action, done)


def _appointment(text: str) -> datetime | None:
    """The phone's datetime-local value, in Beijing time."""
    if not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=SHANGHAI)
    except ValueError:
        raise InvalidInput("约定时间格式有误", "invalid appointment time",
                           field="appointment_at") from None  # fmt: skip


@router.post("/survey/{claim_id}/photos")
async def upload_photos(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    photos: list[UploadFile],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    limit = wiring.settings.upload_limit_bytes
    files = [(clean_file_name(p.filename), await p.read(limit + 1)) for p in photos[:MAX_PHOTOS]]

    def action() -> None:
        if not any(content for _, content in files):
            raise InvalidInput("请选择照片", "choose photos", field="photos")
        for name, content in files:  # each file is content-checked (JPEG, PNG, HEIC, PDF)
            upload = material_service.Upload(survey_room.PHOTO, name, content)
            material_service.upload_material(wiring.context(), actor=user, claim_id=claim_id,
                                             upload=upload, limit_bytes=limit)  # fmt: skip

    done = (f"已上传查勘照片 {len(files)} 张", f"{len(files)} survey photo(s) uploaded")
    return _step(request, user, wiring, claim_id, action, done)


@router.post("/survey/{claim_id}/record")
async def record(claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(request, form.pop("csrf_token", ""))

    def action() -> None:
        detail = survey_room.dispatch_detail(wiring.context(), actor=user, claim_id=claim_id)
        photos = [m.id for m in detail.photos if m.id is not None]
        body = survey_input(form, photos)
        context = wiring.context()
        surveys.record_survey(context, actor=user, claim_id=claim_id, record=body.to_domain(),
                              products=context.auto_products)  # fmt: skip

    done = ("定损已保存，待客户签字", "Assessment saved; awaiting the customer's signature")
    return _step(request, user, wiring, claim_id, action, done, form)


@router.post("/survey/{claim_id}/quotes")
async def tender(claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(request, form.pop("csrf_token", ""))

    def action() -> None:
        body = validated(QuotesIn, {"quotes": quotes_input(form)})
        auto_service.record_quotes(wiring.uow(), wiring.clock, user, claim_id, body.to_domain())

    done = ("已录入招标报价", "Tender quotes recorded")
    return _step(request, user, wiring, claim_id, action, done, form)


@router.post("/claims/{claim_id}/resurvey")
def assign_resurvey(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf
) -> Response:
    """The dispatch desk assigns the re-survey to another surveyor (staff claim page)."""
    check_csrf(request, csrf_token)
    try:
        auto_service.assign_resurvey(wiring.uow(), wiring.clock, user, claim_id, None)
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    flash(request, "已指派复勘", "Re-survey assigned")
    return RedirectResponse(f"/claims/{claim_id}#auto-survey", status_code=303)


@router.post("/claims/{claim_id}/survey/sign")
def sign(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf
) -> Response:
    """The customer (or an agent for them) signs the assessment (定损单)."""
    check_csrf(request, csrf_token)
    try:
        surveys.sign_survey(wiring.context(), actor=user, claim_id=claim_id)
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    flash(request, "定损单已签字确认", "Assessment signed")
    return RedirectResponse(f"/claims/{claim_id}#auto-survey", status_code=303)
