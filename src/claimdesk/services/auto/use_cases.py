"""Auto claims (车险): report with first-scene survey dispatch, read, re-survey, tender, open list.

The report goes through `report_claim` with a hook, so the claim, its auto report, reserve
and survey are written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import (
    AutoFile,
    AutoIncident,
    DispatchReason,
    OpenAutoClaim,
    SameSurveyorResurvey,
    Survey,
    SurveyKind,
    SurveyOutOfOrder,
    TenderQuote,
    Vehicle,
)
from claimdesk.domain.auto_settlement import Liability
from claimdesk.domain.claim import Claim, LineOfBusiness
from claimdesk.domain.errors import ErrorCode, NotFound
from claimdesk.domain.refusals import Refused
from claimdesk.domain.reserves import ReserveEntry
from claimdesk.domain.users import Permission, User
from claimdesk.rules.auto.stored import StoredSettlement
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.auto.reserves import register_auto
from claimdesk.services.auto.surveys import dispatch_survey, least_loaded
from claimdesk.services.auto.tender import registry_quotes
from claimdesk.services.auto.thresholds import MIN_TENDER_QUOTES
from claimdesk.services.claims.use_cases import ClaimReport, report_claim
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.workflow.deadlines import SHANGHAI, start_of_day
from claimdesk.workflow.survey_assessment import default_thresholds, fast_track
from claimdesk.workflow.survey_assessment import resurvey_finding as same_surveyor_finding
from claimdesk.workflow.survey_dispatch import (
    AccidentCause,
    AutoReport,
    VehicleFacts,
    dispatch_reasons,
)


@dataclass(frozen=True)
class AutoClaimReport:
    policy_no: str
    member_no: str
    incident: AutoIncident


@dataclass(frozen=True)
class AutoClaimView:
    claim: Claim
    file: AutoFile
    surveys: tuple[Survey, ...]
    quotes: tuple[TenderQuote, ...]
    reserve: ReserveEntry | None  # staff only
    liability: Liability | None = None
    settlement: StoredSettlement | None = None  # the active engine run (车险理算)

    @property
    def resurvey_deviation(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """(first survey, re-survey, re-survey − first) once both are recorded."""
        first = next((s for s in self.surveys if s.kind is SurveyKind.FIRST and s.record), None)
        again = next((s for s in self.surveys if s.kind is SurveyKind.RESURVEY and s.record), None)
        if first is None or again is None or first.record is None or again.record is None:
            return None
        low, high = first.record.assessed_loss, again.record.assessed_loss
        return low, high, high - low


@dataclass(frozen=True)
class OpenClaimLine:
    row: OpenAutoClaim
    age_days: int


def report_auto_claim(
    context: ServiceContext, *, actor: User, report: AutoClaimReport
) -> AutoClaimView:
    uow, clock = context.uow, context.clock
    incident = report.incident
    claim_report = ClaimReport(
        policy_no=report.policy_no,
        member_no=report.member_no,
        incident_date=incident.accident_at.astimezone(SHANGHAI).date(),
        incident_description=f"{incident.place}：{incident.description}".rstrip("："),
        claimed_amount=incident.estimated_loss,
    )
    hook = partial(_open_auto_file, clock, actor, incident)
    claim, _ = report_claim(context, actor=actor, report=claim_report, on_created=hook)
    return get_auto_claim(uow, clock, actor, _id(claim))


def _open_auto_file(
    clock: Clock, actor: User, incident: AutoIncident, uow: UnitOfWork, claim: Claim
) -> None:
    """Inside the report's transaction: auto report, dispatch reasons, reserve, survey."""
    if claim.line_of_business != LineOfBusiness.AUTO:
        raise Refused(ErrorCode.POLICY_NOT_AUTO, field="policy_no")
    now = clock.now()
    reasons = survey_reasons(uow, claim.policy_id, incident)
    small = fast_track(
        "auto",
        incident.estimated_loss,
        default_thresholds(),
        vehicle_damage_only=incident.vehicle_damage_only,
    )
    auto_file = AutoFile(_id(claim), incident, reasons, fast_track=small.eligible and not reasons)
    uow.auto.add_file(auto_file)
    uow.audit.append(_report_entry(actor, auto_file), now)
    register_auto(uow, actor, claim, incident, now)  # 立案 with its reserve, at the report
    surveyor = least_loaded(uow.auto.surveyor_loads())
    if reasons and surveyor is not None:
        dispatch_survey(uow, actor, _id(claim), SurveyKind.FIRST, surveyor, now)


def survey_reasons(
    uow: UnitOfWork, policy_id: int, incident: AutoIncident
) -> tuple[DispatchReason, ...]:
    """The first-scene survey rules the report matches (seed 000 现场查勘范围表)."""
    policy = uow.policies.get(policy_id)
    plate, since = incident.vehicle.plate, start_of_day(policy.period_start)
    earlier = uow.auto.count_on_vehicle(policy_id, plate, since, incident.accident_at)
    report = AutoReport(
        accident_at=incident.accident_at,
        cause=_cause(incident.cause),
        estimated_vehicle_loss=incident.estimated_loss,
        policy_start=policy.period_start,
        policy_end=policy.period_end,
        place=incident.place,
        parties=1 + len(incident.third_party_vehicles),
        total_loss=incident.total_loss,
        vehicle_movable=incident.movable,
        rear_damage_only=incident.rear_damage_only,
        out_of_town=incident.out_of_town,
        on_public_road=incident.on_public_road,
        handled_by_traffic_police=incident.handled_by_traffic_police,
        property_damage=incident.property_damage,
        injury=incident.injury,
        earlier_claims_in_policy_year=earlier,
        vehicle_new=incident.vehicle_new,
        insured_vehicle=_facts(incident.vehicle),
        third_party_vehicles=tuple(_facts(v) for v in incident.third_party_vehicles),
        suspicions=incident.suspicions,
    )
    return tuple(
        DispatchReason(r.code, r.urgency, r.message_zh, r.message_en)
        for r in dispatch_reasons(report)
    )


def _cause(cause: str) -> AccidentCause:
    try:
        return AccidentCause(cause)
    except ValueError as error:
        raise Refused(ErrorCode.AUTO_CAUSE_UNKNOWN, field="cause", cause=cause) from error


def _facts(vehicle: Vehicle) -> VehicleFacts:
    return VehicleFacts(vehicle.first_registered, vehicle.rare_model)


def get_auto_claim(uow: UnitOfWork, clock: Clock, actor: User, claim_id: int) -> AutoClaimView:
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        auto_file = _file(uow, claim_id)
        surveys = tuple(uow.auto.surveys_for(claim_id))
        history = uow.reserves.history(claim_id) if actor.can(Permission.READ_ALL_CLAIMS) else []
        quotes = tuple(uow.auto.quotes_for(claim_id))
        return AutoClaimView(
            claim,
            auto_file,
            surveys,
            quotes,
            history[-1] if history else None,
            uow.auto_settlements.liability_for(claim_id),
            uow.auto_settlements.active_for(claim_id),
        )


def assign_resurvey(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, surveyor_id: int | None
) -> Survey:
    """复勘 by a different surveyor than the first (seed 000 长沙中心 6); dispatch desk only."""
    require(actor, Permission.ACCEPT)
    with uow:
        uow.claims.get(claim_id)
        first = _ready_for_resurvey(uow, claim_id)
        loads = uow.auto.surveyor_loads()
        chosen = (
            least_loaded(loads, exclude=first.surveyor_id) if surveyor_id is None else surveyor_id
        )
        _check_resurveyor(first, chosen, loads)
        assert chosen is not None
        survey = dispatch_survey(uow, actor, claim_id, SurveyKind.RESURVEY, chosen, clock.now())
        uow.commit()
        return survey


def _ready_for_resurvey(uow: UnitOfWork, claim_id: int) -> Survey:
    surveys = uow.auto.surveys_for(claim_id)
    if not _file(uow, claim_id).resurvey_required or not surveys:
        raise SurveyOutOfOrder("本案定损金额无需复勘", "This claim's assessment needs no re-survey")
    if any(s.kind is SurveyKind.RESURVEY for s in surveys) or surveys[-1].is_open:
        raise SurveyOutOfOrder(
            "复勘已指派，或定损尚未签字", "Re-survey already assigned, or not signed"
        )
    return surveys[0]


def _check_resurveyor(first: Survey, chosen: int | None, loads: dict[int, int]) -> None:
    if chosen is None:
        raise SurveyOutOfOrder("没有其他可派的查勘员", "No other surveyor is available")
    finding = same_surveyor_finding(str(first.surveyor_id), str(chosen))
    if finding is not None:
        raise SameSurveyorResurvey(finding.message_zh, finding.message_en, field="surveyor_id")
    if chosen not in loads:
        raise Refused(ErrorCode.SURVEYOR_NOT_ACTIVE, field="surveyor_id")


def record_quotes(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, quotes: tuple[TenderQuote, ...]
) -> tuple[TenderQuote, ...]:
    """招标定损: quotes from distinct registry repair shops, at least MIN_TENDER_QUOTES."""
    require(actor, Permission.REVIEW_MATERIALS)
    with uow:
        uow.claims.get(claim_id)
        if not _file(uow, claim_id).tender_required:
            raise SurveyOutOfOrder("本案定损金额无需招标定损", "This claim needs no tender")
        quotes = registry_quotes(uow, quotes)  # registry shops only, with their compliance
        _check_quotes(quotes)
        now = clock.now()
        uow.auto.add_quotes(claim_id, quotes, actor.id, now)
        after = {"quotes": [f"{q.repair_shop}:{q.amount}:{q.compliance}" for q in quotes]}
        uow.audit.append(
            AuditEntry(actor.username, "record_tender", "claim", str(claim_id), None, after), now
        )
        uow.commit()
        return tuple(uow.auto.quotes_for(claim_id))


def _check_quotes(quotes: tuple[TenderQuote, ...]) -> None:
    shops = {quote.repair_shop.strip() for quote in quotes}
    if len(shops) < MIN_TENDER_QUOTES or len(shops) != len(quotes):
        raise Refused(ErrorCode.TENDER_QUOTES_TOO_FEW, field="quotes", minimum=MIN_TENDER_QUOTES)


def list_open_claims(
    uow: UnitOfWork, clock: Clock, actor: User, after_id: int | None, limit: int
) -> list[OpenClaimLine]:
    """未决赔案 for staff: newest first, with the age in days since the report."""
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        rows = uow.auto.open_claims(after_id=after_id, limit=limit)
    now = clock.now()
    return [OpenClaimLine(row, age_in_days(row.reported_at, now)) for row in rows]


def age_in_days(reported_at: datetime, now: datetime) -> int:
    return max((now - reported_at).days, 0)


def _report_entry(actor: User, auto_file: AutoFile) -> AuditEntry:
    after = {
        "dispatch_reasons": [reason.code for reason in auto_file.reasons],
        "fast_track": auto_file.fast_track,
        "plate": auto_file.incident.vehicle.plate,
    }
    return AuditEntry(actor.username, "auto_report", "claim", str(auto_file.claim_id), None, after)


def _file(uow: UnitOfWork, claim_id: int) -> AutoFile:
    found = uow.auto.find_file(claim_id)
    if found is None:
        raise NotFound("车险赔案 auto claim", claim_id)
    return found


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id
