"""人伤 API: the injured on an auto claim, their bill lines, follow-up visits and the one-off
settlement (services/auto/injuries/use_cases.py); the engine reviews and pays at 理算."""

from __future__ import annotations

from fastapi import APIRouter

from claimdesk.domain.auto_injury import InjuryFile
from claimdesk.services.auto.injuries import items as injury_items
from claimdesk.services.auto.injuries import use_cases as injuries
from claimdesk.web.api.injury_schemas import (
    DeathDisabilityItemIn,
    DeathDisabilityItemOut,
    FollowUpIn,
    FollowUpOut,
    InjuredIn,
    InjuredOut,
    InjuryLineIn,
    InjuryLineOut,
    InjurySettlementIn,
    InjurySettlementOut,
)
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import Id

router = APIRouter(tags=["auto injuries"])


@router.get("/api/auto-claims/{claim_id}/injuries", response_model=list[InjuredOut])
def list_injuries(claim_id: Id, user: ApiUser, wiring: WiringDep) -> list[InjuredOut]:
    found = injuries.injuries_of(wiring.context(), actor=user, claim_id=claim_id)
    return [InjuredOut.of(each) for each in found]


@router.post("/api/auto-claims/{claim_id}/injuries", response_model=InjuredOut, status_code=201)
def add_injured(claim_id: Id, body: InjuredIn, user: ApiUser, wiring: WiringDep) -> InjuredOut:
    person = injuries.add_injured(
        wiring.context(), actor=user, claim_id=claim_id, name=body.name, role=body.role,
        id_number=body.id_number,
    )  # fmt: skip
    return InjuredOut.of(InjuryFile(person))


@router.post("/api/injuries/{person_id}/lines", response_model=InjuryLineOut, status_code=201)
def add_line(person_id: Id, body: InjuryLineIn, user: ApiUser, wiring: WiringDep) -> InjuryLineOut:
    line = injuries.add_bill_line(
        wiring.context(), actor=user, person_id=person_id, line_type=body.line_type,
        amount=body.amount, self_funded=body.self_funded, name=body.name,
    )  # fmt: skip
    return InjuryLineOut.of(line)


@router.post(
    "/api/injuries/{person_id}/death-disability-items",
    response_model=DeathDisabilityItemOut,
    status_code=201,
)
def add_death_disability_item(
    person_id: Id, body: DeathDisabilityItemIn, user: ApiUser, wiring: WiringDep
) -> DeathDisabilityItemOut:
    item = injury_items.add_death_disability_item(
        wiring.context(), actor=user, person_id=person_id, kind=body.kind, basis=body.basis,
        standard=body.standard, quantity=body.quantity, ratio=body.ratio,
    )  # fmt: skip
    return DeathDisabilityItemOut.of(item)


@router.post("/api/injuries/{person_id}/visits", response_model=FollowUpOut, status_code=201)
def log_visit(person_id: Id, body: FollowUpIn, user: ApiUser, wiring: WiringDep) -> FollowUpOut:
    visit = injuries.log_follow_up(
        wiring.context(), actor=user, person_id=person_id, visited_on=body.visited_on,
        hospital_code=body.hospital_code, note=body.note,
    )  # fmt: skip
    return FollowUpOut.of(visit)


@router.put("/api/injuries/{person_id}/settlement", response_model=InjurySettlementOut)
def record_settlement(
    person_id: Id, body: InjurySettlementIn, user: ApiUser, wiring: WiringDep
) -> InjurySettlementOut:
    settlement = injuries.record_settlement(
        wiring.context(), actor=user, person_id=person_id, amount=body.amount,
        signed_on=body.signed_on, parties=body.parties,
    )  # fmt: skip
    return InjurySettlementOut.of(settlement)
