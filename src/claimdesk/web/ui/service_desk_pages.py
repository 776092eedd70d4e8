"""Service desk (客服工作台): FAQ search, the consultation log, callbacks (回访) with outcomes.

Same use cases as the JSON API (services/service_desk); each record is audited there.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.channels import CONSULTATION_CHANNELS, Channel
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.service_desk import Callback, Consultation
from claimdesk.domain.users import User
from claimdesk.services.service_desk import callbacks, consultations
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
LIST_SIZE = 30
Csrf = Annotated[str, Form()]
Text = Annotated[str, Form(max_length=consultations.MAX_TEXT)]
# The order the form offers them in: the phone first, as most calls are.
CHANNELS = [c for c in Channel if c in CONSULTATION_CHANNELS]


@router.get("/service-desk")
def desk_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    return _desk(request, user, wiring, q)


@router.post("/service-desk/consultations")
def log_consultation(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    channel: Annotated[Channel, Form()],
    question: Text = "",
    answer: Text = "",
    faq_id: Annotated[str, Form(max_length=60)] = "",
    insured_person_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        wanted = Consultation(None, _insured(insured_person_id), channel, question, answer,
                              faq_id.strip() or None, wiring.clock.now(), user.id)  # fmt: skip
        saved = consultations.log_consultation(wiring.context(), actor=user, wanted=wanted)
    except DomainError as error:
        return _desk(request, user, wiring, "", error=error)
    flash(request, f"咨询已登记（编号 {saved.id}）", f"Consultation logged (no. {saved.id})")
    return RedirectResponse("/service-desk#consultations", status_code=303)


@router.post("/service-desk/callbacks/{claim_id}")
def record_callback(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    reached: Annotated[bool, Form()],
    score: Annotated[str, Form(max_length=2)] = "",
    comment: Text = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        wanted = Callback(None, claim_id, reached, _score(score), comment, wiring.clock.now(),
                          user.id)  # fmt: skip
        saved = callbacks.record_callback(
            wiring.context(), actor=user, claim_id=claim_id, wanted=wanted
        )
    except DomainError as error:
        return _desk(request, user, wiring, "", error=error)
    flash(
        request, f"回访结果已记录（编号 {saved.id}）", f"Callback outcome recorded (no. {saved.id})"
    )
    return RedirectResponse("/service-desk#callbacks", status_code=303)


def _desk(
    request: Request, user: User, wiring: WiringDep, q: str, error: DomainError | None = None
) -> Response:
    logged = consultations.list_consultations(
        wiring.context(), actor=user, after_id=None, limit=LIST_SIZE
    )  # the gate
    due, made = callbacks.callback_lists(wiring.context(), actor=user, limit=LIST_SIZE)
    hits = consultations.search_faq(user, q, 5) if q.strip() else []
    return render(request, "service_desk.html", status_code=422 if error else 200, user=user,
                  q=q, hits=hits, consultations=logged, due=due, made=made, channels=CHANNELS,
                  error=error, errors=field_errors(error))  # fmt: skip


def _insured(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidInput("被保险人编号应为数字", "the insured's number must be digits",
                           field="insured_person_id")  # fmt: skip
    return int(text.strip())


def _score(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidInput("评分应为 1 到 5", "the score must be 1 to 5", field="score")
    return int(text.strip())
