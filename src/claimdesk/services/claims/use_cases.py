"""Claim use cases: report, read, list, move through the lifecycle, timeline."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import NoReturn
from zoneinfo import ZoneInfo

from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness, Visit, claim_number
from claimdesk.domain.errors import (
    Duplicate,
    IdempotencyKeyReused,
    InsuredNotCovered,
    MakerChecker,
    StaleVersion,
)
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.adjudication.use_cases import Products, run_adjudication, undo_adjudication
from claimdesk.services.approval.use_cases import (
    AuthorityRefused,
    Denial,
    approval_refusal,
    check_denial,
    escalate,
)
from claimdesk.services.audit_trail import claim_entry
from claimdesk.services.auto.surveys import check_auto_approval
from claimdesk.services.fraud.checks import fraud_on_move, fraud_on_report  # 反欺诈 hooks
from claimdesk.services.fraud.referral import hold_for_investigation
from claimdesk.services.materials.checks import check_on_acceptance
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.payments.instructions import instruct_on_approval
from claimdesk.services.ports import ClaimFilter, Clock, UnitOfWork
from claimdesk.services.tasks.deadlines import start_report_deadlines, track_move
from claimdesk.services.tasks.queues import route_claim
from claimdesk.workflow.authority import AuthorityDecision
from claimdesk.workflow.lifecycle import TRANSITIONS, allowed_targets, check_move
from claimdesk.workflow.survey_assessment import default_thresholds, fast_track

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Leaving the path to payment gives back what the adjudication had booked.
RELEASES_BENEFITS = frozenset({ClaimStatus.DENIED, ClaimStatus.WITHDRAWN})
# Runs inside the report's transaction: a line of business adds its own rows (e.g. auto).
ReportHook = Callable[[UnitOfWork, Claim], None]


@dataclass(frozen=True)
class ClaimReport:
    """What the reporter tells us (报案); the policy and insured are looked up by number."""

    policy_no: str
    member_no: str
    incident_date: date
    incident_description: str = ""
    claimed_amount: Decimal = Decimal("0.00")
    visits: tuple[Visit, ...] = ()


def report_claim(
    uow: UnitOfWork,
    clock: Clock,
    actor: User,
    report: ClaimReport,
    idempotency_key: str | None,
    on_created: ReportHook | None = None,
) -> tuple[Claim, bool]:
    """Register a report; a retried request with the same key returns the same claim.

    Returns the claim and whether it was newly created.
    """
    require(actor, Permission.REPORT_CLAIM)
    request_hash = _fingerprint(report)
    try:
        return _report_once(uow, clock, actor, report, idempotency_key, request_hash, on_created)
    except Duplicate:
        # Two identical retries raced: the loser reads what the winner stored.
        if idempotency_key is None:
            raise
        existing = _replay(uow, actor, idempotency_key, request_hash)
        if existing is None:
            raise
        return existing, False


def _report_once(
    uow: UnitOfWork,
    clock: Clock,
    actor: User,
    report: ClaimReport,
    key: str | None,
    request_hash: str,
    on_created: ReportHook | None = None,
) -> tuple[Claim, bool]:
    with uow:
        if key is not None and (found := uow.idempotency.find(actor.id, key)) is not None:
            return _same_request(uow, found, request_hash), False
        claim = uow.claims.add(_new_claim(uow, clock, actor, report))
        if key is not None:
            uow.idempotency.remember(actor.id, key, request_hash, _id(claim), clock.now())
        uow.audit.append(claim_entry(actor, "report_claim", claim, None), clock.now())
        start_report_deadlines(uow, claim)
        if on_created is not None:
            on_created(uow, claim)
        fraud_on_report(uow, clock, claim)  # red flags, duplicates, blacklist, referral
        route_claim(uow, clock, _id(claim))
        uow.commit()
        return claim, True


def _replay(uow: UnitOfWork, actor: User, key: str, request_hash: str) -> Claim | None:
    with uow:
        found = uow.idempotency.find(actor.id, key)
        return None if found is None else _same_request(uow, found, request_hash)


def _same_request(uow: UnitOfWork, found: tuple[str, int], request_hash: str) -> Claim:
    stored_hash, claim_id = found
    if stored_hash != request_hash:
        raise IdempotencyKeyReused()
    return uow.claims.get(claim_id)


def _new_claim(uow: UnitOfWork, clock: Clock, actor: User, report: ClaimReport) -> Claim:
    policy = uow.policies.find_by_number(report.policy_no)
    insured = None if policy is None else uow.policies.find_insured(_id(policy), report.member_no)
    if policy is None or insured is None:
        raise InsuredNotCovered(
            f"保单 {report.policy_no} 下未找到被保险人 {report.member_no}",
            f"no insured {report.member_no} under policy {report.policy_no}",
            field="member_no",
        )
    if actor.role == Role.CUSTOMER and insured.id != actor.insured_person_id:
        raise InsuredNotCovered(
            "只能为本人报案", "customers can report only their own claims", field="member_no"
        )
    now = clock.now()
    sequence = uow.claim_numbers.next_sequence(_local_day(now))
    amount = report.claimed_amount or sum((v.total for v in report.visits), Decimal("0.00"))
    return Claim(
        id=None,
        claim_no=claim_number(_local_day(now), sequence),
        policy_id=_id(policy),
        insured_person_id=_id(insured),
        product_code=policy.product_code,
        line_of_business=LineOfBusiness(policy.line_of_business),
        status=ClaimStatus.REPORTED,
        reported_at=now,
        reported_by=actor.id,
        incident_date=report.incident_date,
        incident_description=report.incident_description,
        claimed_amount=amount,
        visits=report.visits,
        updated_at=now,
        fast_track=_fast_track(policy.line_of_business, amount),
    )


def _fast_track(line_of_business: str, amount: Decimal) -> bool:
    """小额快赔: small health claims skip investigation (threshold in survey_rules.yaml)."""
    if line_of_business == LineOfBusiness.AUTO:
        return False  # auto needs the survey's "vehicle damage only" before it can be fast track
    decision = fast_track(line_of_business, amount, default_thresholds())
    return decision.eligible


def get_claim(uow: UnitOfWork, actor: User, claim_id: int) -> Claim:
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        return claim


def list_claims(
    uow: UnitOfWork, actor: User, claim_filter: ClaimFilter, after_id: int | None, limit: int
) -> list[Claim]:
    if not actor.can(Permission.READ_ALL_CLAIMS):
        require(actor, Permission.READ_OWN_CLAIMS)
        claim_filter = replace(claim_filter, insured_person_id=actor.insured_person_id or -1)
    with uow:
        return uow.claims.page(claim_filter, after_id=after_id, limit=limit)


def move_claim(
    uow: UnitOfWork,
    clock: Clock,
    actor: User,
    claim_id: int,
    target: ClaimStatus,
    reason: str,
    expected_version: int,
    *,
    products: Products,
    denial: Denial | None = None,
) -> Claim:
    """One lifecycle step: checked against the table, the role, the authority and the version;
    audited. Moving to ADJUDICATED runs the engine and books the ledger in the same transaction.
    """
    with uow:
        claim = uow.claims.get(claim_id)
        _check_move(uow, actor, claim, target, reason, expected_version)
        refusal = approval_refusal(uow, actor, claim) if target == ClaimStatus.APPROVED else None
        if refusal is None:
            if target == ClaimStatus.DENIED:
                _record_denial(uow, claim_id, check_denial(denial))
            moved = uow.claims.change_status(claim, expected_version, target, reason, clock.now())
            after_move(uow, clock, products, actor, claim, moved)
            uow.audit.append(
                claim_entry(actor, f"move:{target}", moved, claim, reason), clock.now()
            )
            moved = check_on_acceptance(uow, clock, products, moved)  # 一次性告知
            moved = hold_for_investigation(uow, clock, moved)  # 反欺诈: referral holds the claim
            uow.commit()
            return moved
    assert refusal is not None
    _escalate_and_refuse(uow, clock, actor, claim_id, refusal)


def _check_move(
    uow: UnitOfWork,
    actor: User,
    claim: Claim,
    target: ClaimStatus,
    reason: str,
    expected_version: int,
) -> None:
    ensure_can_see(actor, claim)
    if claim.version != expected_version:  # a stale form: say so before judging the move
        raise StaleVersion("赔案 claim", expected_version, claim.version)
    move = check_move(claim.status, target, reason)
    require(actor, move.permission)
    _check_maker_checker(actor, claim, target)
    check_auto_approval(uow, claim, target)  # 复勘 and 招标定损 before 核赔


def _record_denial(uow: UnitOfWork, claim_id: int, denial: Denial) -> None:
    uow.claims.record_denial(claim_id, denial)


def _escalate_and_refuse(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, refusal: AuthorityDecision
) -> NoReturn:
    """The refusal is final, but the escalation it causes must be kept: its own transaction."""
    with uow:
        escalate(uow, clock, actor, uow.claims.get(claim_id), refusal)
        uow.commit()
    raise AuthorityRefused(refusal)


def system_move(
    uow: UnitOfWork,
    clock: Clock,
    products: Products,
    actor: User,
    claim: Claim,
    target: ClaimStatus,
    reason: str,
) -> Claim:
    """A move the system makes as a consequence (payment result, panel decision): still
    checked against the transition table and audited, inside the caller's transaction."""
    check_move(claim.status, target, reason)
    moved = uow.claims.change_status(claim, claim.version, target, reason, clock.now())
    after_move(uow, clock, products, actor, claim, moved)
    uow.audit.append(claim_entry(actor, f"move:{target}", moved, claim, reason), clock.now())
    return moved


def after_move(
    uow: UnitOfWork, clock: Clock, products: Products, actor: User, before: Claim, moved: Claim
) -> None:
    """What a move sets going, inside its transaction: engine and ledger, then the next task."""
    track_move(uow, clock, before, moved)  # deadlines (时效) opened, closed, paused
    fraud_on_move(uow, clock, products, before, moved)  # hard stops, flags, score
    if moved.status == ClaimStatus.ADJUDICATED:
        run_adjudication(uow, clock, products, actor, moved)
        uow.claims.record_adjudicator(_id(moved), actor.id)
    elif moved.status in RELEASES_BENEFITS or _sent_back(before, moved):
        undo_adjudication(uow, clock, products, moved)
    elif moved.status == ClaimStatus.APPROVED and before.status == ClaimStatus.ADJUDICATED:
        instruct_on_approval(uow, clock, actor, moved)
    route_claim(uow, clock, _id(moved))
    notifications.on_move(uow, clock, before, moved)  # 受理成功, 核赔结果, 赔款到账, 回访


def _sent_back(before: Claim, moved: Claim) -> bool:
    """核赔退回: the approver returned the adjudication for another look."""
    return before.status == ClaimStatus.ADJUDICATED and moved.status == ClaimStatus.UNDER_REVIEW


def moves_for(actor: User, claim: Claim) -> list[ClaimStatus]:
    """The lifecycle moves this user may make on this claim now (the UI shows only these)."""
    return [
        target
        for target in allowed_targets(claim.status)
        if actor.can(TRANSITIONS[(claim.status, target)].permission)
    ]


def insured_names(uow: UnitOfWork, claims: list[Claim]) -> dict[int, str]:
    """Names for a page of claims in one query (no N+1)."""
    with uow:
        persons = uow.policies.insured_by_ids({claim.insured_person_id for claim in claims})
        return {person_id: person.name for person_id, person in persons.items()}


def _check_maker_checker(actor: User, claim: Claim, target: ClaimStatus) -> None:
    # 核赔: whoever adjudicated a claim or adjusted its amounts may not approve it (maker-checker).
    if target == ClaimStatus.APPROVED and actor.id in claim.makers:
        raise MakerChecker("理算人不能核赔本案", "the adjudicator of a claim cannot approve it")


def _fingerprint(report: ClaimReport) -> str:
    canonical = json.dumps(report, default=_jsonable, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _jsonable(value: object) -> object:
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return str(value)


def _local_day(moment: datetime) -> date:
    # Claim numbers carry the Beijing-time date the report was made.
    return moment.astimezone(SHANGHAI).date()


def _id(entity: object) -> int:
    value = getattr(entity, "id", None)
    assert isinstance(value, int)
    return value
