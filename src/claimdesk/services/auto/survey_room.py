"""The surveyor room (查勘定损工作台): my dispatches with their deadlines, one dispatch in full.

Reads only; the steps (contact, record, tender) are the survey and tender use cases. A
surveyor sees the dispatches assigned to them; staff who may read every claim see any.
The customer's phone is masked for roles without view_pii (a surveyor has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from claimdesk.domain.auto_claim import AutoFile, Survey, SurveyKind, TenderQuote
from claimdesk.domain.claim import Claim, Material
from claimdesk.domain.errors import Forbidden, NotFound
from claimdesk.domain.partners import Partner, PartnerKind
from claimdesk.domain.pii import mask_phone
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.auto.surveys import contact_status
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.deadlines import DeadlineStatus
from claimdesk.workflow.survey_arrival import arrival_status

PHOTO = "survey_photo"  # the material code of survey photos (查勘照片)


@dataclass(frozen=True)
class Dispatch:
    """One dispatch on the surveyor's list: the claim, the vehicle and accident, the SLA."""

    survey: Survey
    claim: Claim
    file: AutoFile
    insured_name: str
    phone: str  # masked unless the reader may view PII
    contact: DeadlineStatus
    arrival: DeadlineStatus | None
    first_assessed: Decimal | None = None  # a re-survey's first survey (复勘偏差)

    @property
    def deviation(self) -> Decimal | None:
        record = self.survey.record
        if self.first_assessed is None or record is None:
            return None
        return record.assessed_loss - self.first_assessed


@dataclass(frozen=True)
class DispatchDetail:
    dispatch: Dispatch
    surveys: tuple[Survey, ...]
    quotes: tuple[TenderQuote, ...]
    photos: tuple[Material, ...]
    shops: tuple[Partner, ...]  # the registry's active repair shops, for the tender


def my_dispatches(
    context: ServiceContext, *, actor: User, include_signed: bool = False
) -> list[Dispatch]:
    """The surveyor's dispatches, the most urgent first (breached, at risk, on track, done)."""
    if actor.role is not Role.SURVEYOR:
        raise Forbidden("查勘工作台仅供查勘员使用", "The survey room is for surveyors")
    uow, now = context.uow, context.clock.now()
    with uow:
        surveys = uow.auto.surveys_of(actor.id, open_only=not include_signed)
        found = [_dispatch(uow, actor, survey, now) for survey in surveys]
    return sorted(found, key=_urgency)


def dispatch_detail(context: ServiceContext, *, actor: User, claim_id: int) -> DispatchDetail:
    """The claim's current survey for the surveyor it is assigned to, or for claims staff."""
    require(actor, Permission.READ_ALL_CLAIMS)
    uow, now = context.uow, context.clock.now()
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        surveys = tuple(uow.auto.surveys_for(claim_id))
        if not surveys:
            raise NotFound("查勘 survey", claim_id)
        mine = [s for s in surveys if s.surveyor_id == actor.id]
        if actor.role is Role.SURVEYOR and not mine:
            raise Forbidden(
                "本案查勘已派给其他查勘员", "This survey is assigned to another surveyor"
            )
        current = mine[-1] if actor.role is Role.SURVEYOR else surveys[-1]
        photos = tuple(m for m in uow.materials.for_claim(claim_id) if m.code == PHOTO)
        shops = tuple(p for p in uow.partners.partners(PartnerKind.REPAIR_SHOP) if p.active)
        return DispatchDetail(
            _dispatch(uow, actor, current, now), surveys,
            tuple(uow.auto.quotes_for(claim_id)), photos, shops,
        )  # fmt: skip


def _dispatch(uow: UnitOfWork, actor: User, survey: Survey, now: datetime) -> Dispatch:
    claim = uow.claims.get(survey.claim_id)
    auto_file = uow.auto.find_file(survey.claim_id)
    if auto_file is None:
        raise NotFound("车险赔案 auto claim", survey.claim_id)
    insured = uow.policies.get_insured(claim.insured_person_id)
    phone = insured.phone if actor.can(Permission.VIEW_PII) else mask_phone(insured.phone)
    first = None
    if survey.kind is SurveyKind.RESURVEY:
        earlier = [s for s in uow.auto.surveys_for(survey.claim_id) if s.kind is SurveyKind.FIRST]
        record = earlier[0].record if earlier else None
        first = None if record is None else record.assessed_loss
    return Dispatch(
        survey, claim, auto_file, insured.name, phone, contact_status(survey, now),
        arrival_status(survey.appointment_at, survey.recorded_at, now), first,
    )  # fmt: skip


_ORDER = {
    DeadlineStatus.BREACHED: 0,
    DeadlineStatus.AT_RISK: 1,
    DeadlineStatus.ON_TRACK: 2,
    DeadlineStatus.MET: 3,
}


def _urgency(dispatch: Dispatch) -> tuple[int, datetime]:
    states = [dispatch.contact] + ([dispatch.arrival] if dispatch.arrival else [])
    return min(_ORDER[s] for s in states), dispatch.survey.dispatched_at
