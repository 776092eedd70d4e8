"""Surveys (查勘定损): dispatch with the 10-minute contact limit, contact, record, sign-off.

Assigning the re-survey (复勘) and recording tender quotes (招标定损) are in use_cases.py;
what a signed survey decides, and the gate that holds approval until both are done
(`check_auto_approval`), are in thresholds.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import (
    AutoFile,
    RepairBeforeReplace,
    Survey,
    SurveyKind,
    SurveyOutOfOrder,
    SurveyRecord,
    SurveyStatus,
)
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode, Forbidden, NotFound
from claimdesk.domain.estimates import EstimateTrigger
from claimdesk.domain.refusals import Refused
from claimdesk.domain.reserves import ReserveBasis
from claimdesk.domain.users import Role, User
from claimdesk.rules.auto.loader import shipped_auto_products
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.services.access import ensure_can_see
from claimdesk.services.auto.reserves import set_reserve
from claimdesk.services.auto.survey_lines import check_amounts, check_part_codes
from claimdesk.services.auto.thresholds import apply_thresholds
from claimdesk.services.context import ServiceContext
from claimdesk.services.estimates.use_cases import revise_estimate
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.partners.prices import check_agreed_prices, priced_record
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.deadlines import (
    Deadline,
    DeadlineStatus,
    TimeLimitCode,
    deadline_for,
    deadline_status,
)
from claimdesk.workflow.survey_arrival import appointment_acceptable
from claimdesk.workflow.survey_assessment import (
    AssessmentLine,
    PartAction,
    repair_before_replace_findings,
)

# The 10-minute limit counts minutes, so the working-day calendar is never consulted.
_CALENDAR = WorkingDayCalendar()
# The API says "replace"; the rule distinguishes a part from an assembly (总成).
PART_ACTIONS = {
    "repair": PartAction.REPAIR,
    "replace": PartAction.REPLACE_PART,
    "replace_assembly": PartAction.REPLACE_ASSEMBLY,
}


def least_loaded(loads: dict[int, int], exclude: int | None = None) -> int | None:
    """The surveyor with the fewest open surveys; ties go to the lowest user id."""
    candidates = [(load, user_id) for user_id, load in loads.items() if user_id != exclude]
    return min(candidates)[1] if candidates else None


def dispatch_survey(
    uow: UnitOfWork, actor: User, claim_id: int, kind: SurveyKind, surveyor_id: int, at: datetime
) -> Survey:
    """Inside the caller's transaction: a survey with its contact deadline (seed 000 考核 3)."""
    deadline = deadline_for(TimeLimitCode.SURVEYOR_CONTACT, at, _CALENDAR)
    survey = uow.auto.add_survey(
        Survey(
            None,
            claim_id,
            kind,
            surveyor_id,
            SurveyStatus.DISPATCHED,
            at,
            deadline.due_at,
            deadline.at_risk_at,
        )
    )
    _audit(uow, actor, f"dispatch_{kind}", claim_id, None, survey, at)
    return survey


def contact_status(survey: Survey, now: datetime) -> DeadlineStatus:
    deadline = Deadline(
        TimeLimitCode.SURVEYOR_CONTACT,
        survey.dispatched_at,
        survey.contact_due_at,
        survey.contact_at_risk_at,
    )
    return deadline_status(deadline, now, done_at=survey.contacted_at)


def record_contact(
    context: ServiceContext, *, actor: User, claim_id: int, reached: bool = True,
    appointment_at: datetime | None = None,
) -> Survey:  # fmt: skip
    """The assigned surveyor called the customer (查勘员联系客户): the first call meets the
    10-minute limit; a call that did not get through may be followed by another."""
    uow, clock = context.uow, context.clock
    with uow:
        survey = _assigned_open_survey(uow, actor, claim_id)
        again = survey.contact_reached is False and survey.status is SurveyStatus.CONTACTED
        if survey.contacted_at is not None and not again:
            raise SurveyOutOfOrder("已记录联系客户", "Contact is already recorded")
        now = clock.now()
        if not appointment_acceptable(now, reached, appointment_at):
            raise Refused(ErrorCode.SURVEY_APPOINTMENT_INVALID, field="appointment_at")
        contacted = replace(
            survey, contacted_at=survey.contacted_at or now, status=SurveyStatus.CONTACTED,
            contact_reached=reached, appointment_at=appointment_at,
        )  # fmt: skip
        uow.auto.save_survey(contacted)
        _audit(uow, actor, "survey_contact", claim_id, survey, contacted, now)
        uow.commit()
        return contacted


def record_survey(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    record: SurveyRecord,
    products: Mapping[str, AutoProduct] | None = None,
) -> Survey:
    """查勘定损 by the assigned surveyor; the reserve follows the assessed loss. Each line's
    part code must be in the product's catalogue (the shipped auto products unless given)
    or in a price agreement."""
    uow, clock = context.uow, context.clock
    _refuse_replace_without_reason(record)
    check_amounts(record)
    with uow:
        survey = _assigned_open_survey(uow, actor, claim_id)
        policy = uow.policies.get(uow.claims.get(claim_id).policy_id)
        check_part_codes(record, policy.product_code, products or shipped_auto_products(),
                         uow.partners.known_part_codes())  # fmt: skip
        now = clock.now()
        model = _file(uow, claim_id).incident.vehicle.model
        record = priced_record(uow, model, record, now)  # 价格协议, repair shop from the registry
        recorded = replace(survey, record=record, recorded_at=now, status=SurveyStatus.RECORDED)
        uow.auto.save_survey(recorded)
        _audit(uow, actor, "record_survey", claim_id, survey, recorded, now)
        basis = ReserveBasis.RESURVEY if survey.kind is SurveyKind.RESURVEY else ReserveBasis.SURVEY
        set_reserve(uow, actor, claim_id, record.assessed_loss, basis, now)
        uow.commit()
        return recorded


def sign_survey(context: ServiceContext, *, actor: User, claim_id: int) -> Survey:
    """The customer signs the assessment (定损单), in person or through an agent."""
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        _check_signer(actor, claim)
        survey = current_survey(uow, claim_id)
        if survey.status is not SurveyStatus.RECORDED or survey.record is None:
            raise SurveyOutOfOrder("定损尚未录入或已签字", "Nothing recorded to sign, or signed")
        check_agreed_prices(survey.record)  # a line above its agreed price needs a reason
        now = clock.now()
        signed = replace(
            survey, status=SurveyStatus.SIGNED, customer_signed_at=now, signed_by=actor.id
        )
        uow.auto.save_survey(signed)
        _audit(uow, actor, "sign_survey", claim_id, survey, signed, now)
        apply_thresholds(uow, actor, _file(uow, claim_id), signed.record, now)
        notifications.on_survey_signed(uow, clock, signed)  # 定损结果 to the customer
        revise_estimate(context, claim_id, EstimateTrigger.SURVEY)  # 预赔 from the assessment
        uow.commit()
        return signed


def current_survey(uow: UnitOfWork, claim_id: int) -> Survey:
    surveys = uow.auto.surveys_for(claim_id)
    if not surveys:
        raise SurveyOutOfOrder("本案未派查勘", "No survey was dispatched for this claim")
    return surveys[-1]


def _refuse_replace_without_reason(record: SurveyRecord) -> None:
    lines = [AssessmentLine(i.part, PART_ACTIONS[i.action], i.reason) for i in record.items]
    findings = repair_before_replace_findings(lines)
    if findings:
        first = findings[0]
        index = next(n for n, item in enumerate(record.items) if item.part == first.part)
        raise RepairBeforeReplace(first.message_zh, first.message_en, field=f"items.{index}.reason")


def _assigned_open_survey(uow: UnitOfWork, actor: User, claim_id: int) -> Survey:
    if actor.role is not Role.SURVEYOR:
        raise Forbidden("只有查勘员可以记录查勘", "Only surveyors record surveys")
    uow.claims.get(claim_id)
    survey = current_survey(uow, claim_id)
    if survey.surveyor_id != actor.id:
        raise Forbidden("本案查勘已派给其他查勘员", "This survey is assigned to another surveyor")
    if not survey.is_open:
        raise SurveyOutOfOrder("客户已签字，定损不能再修改", "The customer has signed; it is final")
    return survey


def _check_signer(actor: User, claim: Claim) -> None:
    ensure_can_see(actor, claim)  # another customer's claim answers 404
    if actor.role not in (Role.CUSTOMER, Role.AGENT):
        raise Forbidden(
            "定损单须由客户本人或客服代办签字",
            "The assessment is signed by the customer or an agent for them",
        )


def _file(uow: UnitOfWork, claim_id: int) -> AutoFile:
    found = uow.auto.find_file(claim_id)
    if found is None:
        raise NotFound("车险赔案 auto claim", claim_id)
    return found


def _audit(
    uow: UnitOfWork,
    actor: User,
    action: str,
    claim_id: int,
    before: Survey | None,
    after: Survey,
    at: datetime,
) -> None:
    uow.audit.append(
        AuditEntry(
            actor.username,
            action,
            "claim",
            str(claim_id),
            None if before is None else _survey_snapshot(before),
            _survey_snapshot(after),
        ),
        at,
    )


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id


def _survey_snapshot(survey: Survey) -> dict[str, Any]:
    record = survey.record
    return {
        "survey_id": survey.id,
        "kind": str(survey.kind),
        "status": str(survey.status),
        "surveyor_id": survey.surveyor_id,
        "assessed_loss": None if record is None else str(record.assessed_loss),
        "items": 0 if record is None else len(record.items),
    }
