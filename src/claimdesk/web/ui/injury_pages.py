"""人伤 forms of the staff auto claim page: add an injured person, a bill line, a follow-up
visit, the one-off settlement. The use cases check permission and input; a refusal shows
the claim page again with its zh/en message, nothing stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.auto_injury import InjuredRole
from claimdesk.domain.errors import DomainError
from claimdesk.services.auto.injuries import items as injury_items
from claimdesk.services.auto.injuries import use_cases as injuries
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.views import check_csrf

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form()]
Amount = Annotated[Decimal, Form(ge=0, max_digits=14, decimal_places=2)]
Day = Annotated[dt.date, Form(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))]


def _back(claim_id: int) -> Response:
    return RedirectResponse(f"/claims/{claim_id}#injuries", status_code=303)


@router.post("/claims/{claim_id}/injuries")
def add_injured(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    name: Annotated[str, Form(max_length=100)], role: Annotated[InjuredRole, Form()],
    id_number: Annotated[str, Form(max_length=18)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        injuries.add_injured(wiring.context(), actor=user, claim_id=claim_id, name=name,
                             role=role, id_number=id_number)  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return _back(claim_id)


@router.post("/claims/{claim_id}/injuries/{person_id}/lines")
def add_line(
    claim_id: Id, person_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Csrf, line_type: Annotated[str, Form(max_length=60)], amount: Amount,
    self_funded: Amount = Decimal("0.00"), name: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        _same_claim(wiring, user, claim_id, person_id)
        injuries.add_bill_line(wiring.context(), actor=user, person_id=person_id,
                               line_type=line_type, amount=amount, self_funded=self_funded,
                               name=name)  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return _back(claim_id)


@router.post("/claims/{claim_id}/injuries/{person_id}/death-disability")
def add_death_disability_item(
    claim_id: Id, person_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Csrf, kind: Annotated[str, Form(max_length=60)],
    basis: Annotated[str, Form(max_length=500)], standard: Amount,
    quantity: Annotated[Decimal, Form(gt=0, le=10000, decimal_places=2)],
    ratio_percent: Annotated[Decimal, Form(gt=0, le=100, decimal_places=2)] = Decimal("100"),
) -> Response:  # fmt: skip
    """死亡伤残 item: the ratio is entered as a percentage (伤残十级 10%), stored as 0.10."""
    check_csrf(request, csrf_token)
    try:
        _same_claim(wiring, user, claim_id, person_id)
        injury_items.add_death_disability_item(
            wiring.context(), actor=user, person_id=person_id, kind=kind, basis=basis,
            standard=standard, quantity=quantity, ratio=ratio_percent / 100,
        )  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return _back(claim_id)


@router.post("/claims/{claim_id}/injuries/{person_id}/visits")
def log_visit(
    claim_id: Id, person_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Csrf, visited_on: Day, hospital: Annotated[str, Form(max_length=200)],
    note: Annotated[str, Form(max_length=2000)],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        _same_claim(wiring, user, claim_id, person_id)
        injuries.log_follow_up(
            wiring.context(), actor=user, person_id=person_id, visited_on=visited_on,
            hospital_code=hospital, note=note,
        )  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return _back(claim_id)


@router.post("/claims/{claim_id}/injuries/{person_id}/settlement")
def record_settlement(
    claim_id: Id, person_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Csrf, amount: Amount, signed_on: Day,
    parties: Annotated[str, Form(max_length=500)],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        _same_claim(wiring, user, claim_id, person_id)
        injuries.record_settlement(wiring.context(), actor=user, person_id=person_id,
                                   amount=amount, signed_on=signed_on, parties=parties)  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return _back(claim_id)


def _same_claim(wiring: WiringDep, user: SessionUser, claim_id: int, person_id: int) -> None:
    """The form's person belongs to the page's claim (a mismatched URL answers 404)."""
    injuries.person_on_claim(wiring.context(), actor=user, claim_id=claim_id, person_id=person_id)
