"""Auto-claims API (车险): report with survey dispatch, survey steps, tender, reserve, open list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from claimdesk.domain.auto_claim import AssessmentItem, Survey, TenderQuote
from claimdesk.domain.auto_settlement import CompulsoryHandling
from claimdesk.services.auto import settlement as settlement_service
from claimdesk.services.auto import surveys as survey_service
from claimdesk.services.auto import use_cases as auto_service
from claimdesk.services.auto.use_cases import AutoClaimView, OpenClaimLine
from claimdesk.services.reserves.use_cases import reserve_history
from claimdesk.web.api.auto_claim_schemas import (
    AssessmentItemOut,
    AutoClaimOut,
    AutoReportIn,
    ContactIn,
    DispatchReasonOut,
    OpenClaimOut,
    OpenClaimPage,
    QuoteOut,
    QuotesIn,
    ReserveOut,
    ResurveyComparisonOut,
    ResurveyIn,
    SurveyIn,
    SurveyOut,
    VehicleOut,
)
from claimdesk.web.api.auto_settlement_schemas import (
    LiabilityIn,
    LiabilityOut,
    SettlementOut,
    liability_out,
    settlement_out,
)
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import CursorQuery, Id

router = APIRouter(prefix="/api/auto-claims", tags=["auto-claims"])


@router.post("", response_model=AutoClaimOut, status_code=201)
def report_auto_claim(body: AutoReportIn, user: ApiUser, wiring: WiringDep) -> AutoClaimOut:
    view = auto_service.report_auto_claim(wiring.context(), actor=user, report=body.to_domain())
    return _claim_out(view, wiring.clock.now())


@router.get("/open", response_model=OpenClaimPage)
def list_open_claims(
    user: ApiUser,
    wiring: WiringDep,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> OpenClaimPage:
    lines = auto_service.list_open_claims(wiring.uow(), wiring.clock, user, cursor, limit)
    next_cursor = str(lines[-1].row.claim_id) if len(lines) == limit else None
    return OpenClaimPage(items=[_open_out(line) for line in lines], next_cursor=next_cursor)


@router.get("/{claim_id}", response_model=AutoClaimOut)
def get_auto_claim(claim_id: Id, user: ApiUser, wiring: WiringDep) -> AutoClaimOut:
    view = auto_service.get_auto_claim(wiring.uow(), wiring.clock, user, claim_id)
    return _claim_out(view, wiring.clock.now())


@router.post("/{claim_id}/survey/contact", response_model=SurveyOut)
def record_contact(
    claim_id: Id, user: ApiUser, wiring: WiringDep, body: ContactIn | None = None
) -> SurveyOut:
    call = body or ContactIn()
    survey = survey_service.record_contact(
        wiring.context(), actor=user, claim_id=claim_id,
        reached=call.reached, appointment_at=call.appointment_at,
    )  # fmt: skip
    return _survey_out(survey, wiring.clock.now())


@router.put("/{claim_id}/survey", response_model=SurveyOut)
def record_survey(claim_id: Id, body: SurveyIn, user: ApiUser, wiring: WiringDep) -> SurveyOut:
    record = body.to_domain()
    survey = survey_service.record_survey(
        wiring.context(),
        actor=user,
        claim_id=claim_id,
        record=record,
        products=wiring.context().auto_products,
    )
    return _survey_out(survey, wiring.clock.now())


@router.post("/{claim_id}/survey/sign", response_model=SurveyOut)
def sign_survey(claim_id: Id, user: ApiUser, wiring: WiringDep) -> SurveyOut:
    survey = survey_service.sign_survey(wiring.context(), actor=user, claim_id=claim_id)
    return _survey_out(survey, wiring.clock.now())


@router.post("/{claim_id}/resurvey", response_model=SurveyOut, status_code=201)
def assign_resurvey(claim_id: Id, body: ResurveyIn, user: ApiUser, wiring: WiringDep) -> SurveyOut:
    survey = auto_service.assign_resurvey(
        wiring.uow(), wiring.clock, user, claim_id, body.surveyor_id
    )
    return _survey_out(survey, wiring.clock.now())


@router.post("/{claim_id}/quotes", response_model=list[QuoteOut], status_code=201)
def record_quotes(claim_id: Id, body: QuotesIn, user: ApiUser, wiring: WiringDep) -> list[QuoteOut]:
    quotes = auto_service.record_quotes(
        wiring.uow(), wiring.clock, user, claim_id, body.to_domain()
    )
    return [_quote_out(q) for q in quotes]


@router.put("/{claim_id}/liability", response_model=LiabilityOut)
def record_liability(
    claim_id: Id, body: LiabilityIn, user: ApiUser, wiring: WiringDep
) -> LiabilityOut:
    """责任比例 (percent) from the traffic police decision and 交强险 代赔/互碰自赔."""
    liability = settlement_service.record_liability(
        wiring.context(),
        actor=user,
        claim_id=claim_id,
        share_percent=body.liability_share,
        handling=CompulsoryHandling(body.compulsory_handling),
        decision_no=body.decision_no,
    )
    return liability_out(liability)


@router.post("/{claim_id}/settlement", response_model=SettlementOut)
def settle_auto_claim(claim_id: Id, user: ApiUser, wiring: WiringDep) -> SettlementOut:
    """车险理算 now: the engine over the signed survey, tender and liability (stored)."""
    record = settlement_service.settle_auto_claim(wiring.context(), actor=user, claim_id=claim_id)
    return settlement_out(record)


@router.get("/{claim_id}/settlement", response_model=SettlementOut)
def get_settlement(claim_id: Id, user: ApiUser, wiring: WiringDep) -> SettlementOut:
    record = settlement_service.settlement_of(wiring.context(), actor=user, claim_id=claim_id)
    return settlement_out(record)


@router.get("/{claim_id}/reserves", response_model=list[ReserveOut])
def list_reserves(claim_id: Id, user: ApiUser, wiring: WiringDep) -> list[ReserveOut]:
    return [
        ReserveOut(amount=str(e.amount), basis=str(e.basis), set_at=e.set_at, set_by=e.set_by)
        for e in reserve_history(wiring.context(), actor=user, claim_id=claim_id)
    ]


def _claim_out(view: AutoClaimView, now: datetime) -> AutoClaimOut:
    claim, auto_file, incident = view.claim, view.file, view.file.incident
    assert claim.id is not None
    return AutoClaimOut(
        id=claim.id,
        claim_no=claim.claim_no,
        status=str(claim.status),
        version=claim.version,
        policy_id=claim.policy_id,
        insured_person_id=claim.insured_person_id,
        reported_at=claim.reported_at,
        accident_at=incident.accident_at,
        place=incident.place,
        cause=incident.cause,
        plate=incident.vehicle.plate,
        vehicle=VehicleOut(
            plate=incident.vehicle.plate,
            model=incident.vehicle.model,
            first_registered=incident.vehicle.first_registered,
        ),
        estimated_loss=str(incident.estimated_loss),
        dispatch_reasons=[DispatchReasonOut(**vars(reason)) for reason in auto_file.reasons],
        fast_track=auto_file.fast_track,
        large_case=auto_file.large_case,
        resurvey_required=auto_file.resurvey_required,
        tender_required=auto_file.tender_required,
        surveys=[_survey_out(survey, now) for survey in view.surveys],
        quotes=[_quote_out(q) for q in view.quotes],
        reserve=None if view.reserve is None else str(view.reserve.amount),
        resurvey=_resurvey_out(view),
        liability=None if view.liability is None else liability_out(view.liability),
        settlement=None if view.settlement is None else settlement_out(view.settlement),
    )


def _quote_out(quote: TenderQuote) -> QuoteOut:
    return QuoteOut(
        repair_shop=quote.repair_shop, amount=str(quote.amount), note=quote.note,
        repair_shop_id=quote.repair_shop_id, compliance=quote.compliance,
    )  # fmt: skip


def _resurvey_out(view: AutoClaimView) -> ResurveyComparisonOut | None:
    found = view.resurvey_deviation
    if found is None:
        return None
    first, again, deviation = found
    return ResurveyComparisonOut(
        first=f"{first:.2f}", resurvey=f"{again:.2f}", deviation=f"{deviation:.2f}"
    )


def _survey_out(survey: Survey, now: datetime) -> SurveyOut:
    assert survey.id is not None
    record = survey.record
    salvage = None if record is None else record.salvage
    return SurveyOut(
        id=survey.id,
        kind=str(survey.kind),
        status=str(survey.status),
        surveyor_id=survey.surveyor_id,
        dispatched_at=survey.dispatched_at,
        contact_due_at=survey.contact_due_at,
        contacted_at=survey.contacted_at,
        contact_status=str(survey_service.contact_status(survey, now)),
        scene_facts="" if record is None else record.scene_facts,
        photo_ids=[] if record is None else list(record.photo_ids),
        items=[] if record is None else [_item_out(item) for item in record.items],
        salvage_description=None if salvage is None else salvage.description,
        salvage_value=None if salvage is None else str(salvage.value),
        repair_shop_id=None if record is None else record.repair_shop_id,
        repair_shop="" if record is None else record.repair_shop,
        assessed_loss=None if record is None else str(record.assessed_loss),
        recorded_at=survey.recorded_at,
        customer_signed_at=survey.customer_signed_at,
    )


def _item_out(item: AssessmentItem) -> AssessmentItemOut:
    return AssessmentItemOut(
        part=item.part,
        action=item.action,
        amount=str(item.amount),
        reason=item.reason,
        part_code=item.part_code,
        agreed_price=None if item.agreed_price is None else str(item.agreed_price),
        over_agreed_price=item.over_agreed_price,
        over_price_reason=item.over_price_reason,
    )


def _open_out(line: OpenClaimLine) -> OpenClaimOut:
    row = line.row
    return OpenClaimOut(
        claim_id=row.claim_id,
        claim_no=row.claim_no,
        status=row.status,
        reserve=str(row.reserve),
        age_days=line.age_days,
        large_case=row.large_case,
        survey_status=row.survey_status,
        survey_kind=row.survey_kind,
    )
