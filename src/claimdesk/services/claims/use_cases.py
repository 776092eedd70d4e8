"""Claim use cases: report, read, list (moves: services/claims/moves.py)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from claimdesk.domain.claim import (
    AccidentFacts,
    AccidentOutcome,
    Claim,
    ClaimStatus,
    LineOfBusiness,
    Visit,
    claim_number,
    incident_refusal,
)
from claimdesk.domain.errors import Duplicate, ErrorCode, IdempotencyKeyReused, InsuredNotCovered
from claimdesk.domain.policy import Policy
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, Role, User
from claimdesk.rules.line_facts import check_visits
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.audit_trail import claim_entry
from claimdesk.services.context import ServiceContext
from claimdesk.services.estimates.use_cases import estimate_on_report  # 预赔
from claimdesk.services.fraud.checks import fraud_on_report  # 反欺诈 hook
from claimdesk.services.hospitals.registry import resolve_visits  # 医院目录
from claimdesk.services.ports import ClaimFilter, Clock, UnitOfWork
from claimdesk.services.tasks.deadlines import start_report_deadlines
from claimdesk.services.tasks.queues import route_claim
from claimdesk.workflow.survey_assessment import default_thresholds, fast_track

SHANGHAI = ZoneInfo("Asia/Shanghai")
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
    accident: AccidentFacts | None = None  # accident covers: the accident the terms need
    outcome: AccidentOutcome | None = None  # lump-sum accident covers: death or disability


def report_claim(
    context: ServiceContext,
    *,
    actor: User,
    report: ClaimReport,
    idempotency_key: str | None = None,
    on_created: ReportHook | None = None,
    require_line_facts: bool = False,
) -> tuple[Claim, bool]:
    """Register a report; a retried request with the same key returns the same claim.

    With `require_line_facts` (the portal), a line lacking what the product's terms limit it by
    (supply days of a drug, sessions of a therapy) is refused instead of being assumed.
    Returns the claim and whether it was newly created.
    """
    require(actor, Permission.REPORT_CLAIM)
    request_hash = _fingerprint(report)
    checks = _line_facts_check(context) if require_line_facts else None
    try:
        return _report_once(
            context, actor, report, idempotency_key, request_hash, on_created, checks
        )
    except Duplicate:
        # Two identical retries raced: the loser reads what the winner stored.
        if idempotency_key is None:
            raise
        existing = _replay(context.uow, actor, idempotency_key, request_hash)
        if existing is None:
            raise
        return existing, False


def _report_once(
    context: ServiceContext,
    actor: User,
    report: ClaimReport,
    key: str | None,
    request_hash: str,
    on_created: ReportHook | None = None,
    checks: Callable[[Claim], None] | None = None,
) -> tuple[Claim, bool]:
    uow, clock = context.uow, context.clock
    with uow:
        if key is not None and (found := uow.idempotency.find(actor.id, key)) is not None:
            return _same_request(uow, found, request_hash), False
        new = _new_claim(uow, clock, actor, report)
        if checks is not None:
            checks(new)
        claim = uow.claims.add(new)
        if key is not None:
            uow.idempotency.remember(actor.id, key, request_hash, _id(claim), clock.now())
        uow.audit.append(claim_entry(actor, "report_claim", claim, None), clock.now())
        start_report_deadlines(uow, claim)
        current = claim
        if on_created is not None:
            on_created(uow, claim)
            current = uow.claims.get(_id(claim))  # the hook may have moved it (auto: 立案)
        fraud_on_report(context, claim)  # red flags, duplicates, blacklist, referral
        estimate_on_report(context, current)  # 预赔: the 2-hour limit, the interval if possible
        route_claim(uow, clock, _id(claim), current)
        uow.commit()
        return claim, True


def _line_facts_check(context: ServiceContext) -> Callable[[Claim], None]:
    def check(claim: Claim) -> None:
        product = context.products.get(claim.product_code)
        if product is not None:
            check_visits(product, claim.visits)

    return check


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
    _check_incident(report.incident_date, _local_day(now), policy)
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
        visits=resolve_visits(uow, report.visits, policy.product_code, policy.policy_no),
        accident=report.accident,
        outcome=report.outcome,
        updated_at=now,
        fast_track=_fast_track(policy.line_of_business, amount),
    )


def _check_incident(incident: date, reported_on: date, policy: Policy) -> None:
    code = incident_refusal(incident, reported_on, policy.period_start, policy.period_end)
    if code is not None:
        raise Refused(ErrorCode(code), field="incident_date", incident=incident,
                      reported=reported_on, start=policy.period_start,
                      end=policy.period_end)  # fmt: skip


def _fast_track(line_of_business: str, amount: Decimal) -> bool:
    """小额快赔: small health claims skip investigation (threshold in survey_rules.yaml)."""
    if line_of_business == LineOfBusiness.AUTO:
        return False  # auto needs the survey's "vehicle damage only" before it can be fast track
    decision = fast_track(line_of_business, amount, default_thresholds())
    return decision.eligible


def get_claim(context: ServiceContext, *, actor: User, claim_id: int) -> Claim:
    uow = context.uow
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        return claim


def list_claims(
    context: ServiceContext,
    *,
    actor: User,
    claim_filter: ClaimFilter,
    after_id: int | None,
    limit: int,
) -> list[Claim]:
    return named_claims(
        context, actor=actor, claim_filter=claim_filter, after_id=after_id, limit=limit
    )[0]


def named_claims(
    context: ServiceContext,
    *,
    actor: User,
    claim_filter: ClaimFilter,
    after_id: int | None,
    limit: int,
    with_names: bool = False,
) -> tuple[list[Claim], dict[int, str]]:
    """A page of claims the actor may see and, asked for, their insured's names: one unit of
    work (issue 17: a second one per list page cost a session and a connection checkout)."""
    claim_filter = visible_filter(actor, claim_filter)
    with context.uow as uow:
        claims = uow.claims.page(claim_filter, after_id=after_id, limit=limit)
        return claims, (_names(uow, claims) if with_names else {})


def visible_filter(actor: User, claim_filter: ClaimFilter) -> ClaimFilter:
    """The filter narrowed to the claims the actor may see (a customer: their own)."""
    if not actor.can(Permission.READ_ALL_CLAIMS):
        require(actor, Permission.READ_OWN_CLAIMS)
        return replace(claim_filter, insured_person_id=actor.insured_person_id or -1)
    return claim_filter


def insured_names(context: ServiceContext, *, claims: list[Claim]) -> dict[int, str]:
    """Names for a page of claims in one query (no N+1)."""
    with context.uow as uow:
        return _names(uow, claims)


def _names(uow: UnitOfWork, claims: list[Claim]) -> dict[int, str]:
    persons = uow.policies.insured_by_ids({claim.insured_person_id for claim in claims})
    return {person_id: person.name for person_id, person in persons.items()}


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
