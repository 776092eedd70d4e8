"""审核录入: a specialist corrects a visit or a bill line against the uploaded receipts.

Each correction gives a reason, is checked like a submission, keeps the submitted value
(`Correction.submitted`) and is audited in the same transaction as the change. A claim
already adjudicated is adjudicated again on the verified data: its booking is reversed and
booked anew (`run_adjudication` → `rebook`), as when a claim is re-adjudicated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import BillLine, Claim, ClaimStatus, Visit
from claimdesk.domain.errors import ErrorCode, NotFound, ReasonRequired
from claimdesk.domain.estimates import EstimateTrigger
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.domain.verification import (
    LINE_FIELDS,
    VISIT_FIELDS,
    Correction,
    changed_fields,
    corrected_line,
    corrected_visit,
)
from claimdesk.rules.line_facts import check_codes, check_line_facts
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.adjudication.use_cases import run_adjudication
from claimdesk.services.context import ServiceContext
from claimdesk.services.estimates.use_cases import revise_estimate
from claimdesk.services.hospitals.registry import resolve_visits
from claimdesk.services.ports import UnitOfWork

S = ClaimStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Before approval: what the approver signs must be what was verified.
CORRECTABLE = frozenset(
    {S.REPORTED, S.ACCEPTED, S.MATERIALS_PENDING, S.UNDER_REVIEW, S.INVESTIGATION, S.REOPENED,
     S.ADJUDICATED}
)  # fmt: skip


def correct_visit(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    visit_ref: str,
    changes: Mapping[str, Any],
    reason: str,
    expected_version: int,
) -> Claim:
    """Correct the visit's kind, dates, hospital name or diagnosis."""
    _check_request(actor, reason)
    uow = context.uow
    with uow:
        claim = _correctable(uow, actor, claim_id)
        visit = _visit(claim, visit_ref)
        product = context.products.get(claim.product_code)
        updated = corrected_visit(visit, changes, claim.reported_at.astimezone(SHANGHAI).date())
        if product is not None and updated.kind != visit.kind:
            check_codes(product, updated.kind, None, f"visits.{visit_ref}")
            for line in updated.lines:  # a new kind may bring limits that read other facts
                check_line_facts(product, updated.kind, line, line.line_ref)
        renamed = updated.hospital_name != visit.hospital_name
        if renamed:
            updated = _registry_hospital(uow, claim, updated)
        diff = changed_fields(visit, updated, VISIT_FIELDS)

        def write() -> None:
            uow.verification.replace_visit(claim_id, updated)
            if renamed:  # the registry's code, designation, level and region with the name
                uow.claims.set_visit_hospital(claim_id, updated)

        return _store(context, actor, claim, expected_version, (visit_ref, ""), diff, reason,
                      write)  # fmt: skip


def correct_line(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    visit_ref: str,
    line_ref: str,
    changes: Mapping[str, Any],
    reason: str,
    expected_version: int,
) -> Claim:
    """Correct a bill line's type, name, amount and its parts, supply days or sessions."""
    _check_request(actor, reason)
    uow = context.uow
    with uow:
        claim = _correctable(uow, actor, claim_id)
        visit = _visit(claim, visit_ref)
        line = _line(visit, line_ref)
        updated = corrected_line(line, changes)
        product = context.products.get(claim.product_code)
        if product is not None:
            if updated.type != line.type:
                check_codes(product, None, updated.type, f"lines.{line_ref}")
            check_line_facts(product, visit.kind, updated, line_ref)
        diff = changed_fields(line, updated, LINE_FIELDS)
        write = lambda: uow.verification.replace_line(claim_id, visit_ref, updated)  # noqa: E731
        return _store(context, actor, claim, expected_version, (visit_ref, line_ref), diff,
                      reason, write)  # fmt: skip


def _registry_hospital(uow: UnitOfWork, claim: Claim, visit: Visit) -> Visit:
    """Designation, level and region follow the registry (医院目录), never the typed name:
    a corrected hospital name is resolved like a submitted one."""
    policy_no = uow.policies.get(claim.policy_id).policy_no
    unresolved = replace(visit, hospital_code="")
    return resolve_visits(uow, [unresolved], claim.product_code, policy_no)[0]


def list_corrections(context: ServiceContext, *, actor: User, claim_id: int) -> list[Correction]:
    """Staff see what was corrected; the customer's page shows the verified values only."""
    require(actor, Permission.READ_ALL_CLAIMS)
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.verification.for_claim(claim_id)


def _check_request(actor: User, reason: str) -> None:
    require(actor, Permission.VERIFY_CLAIM_DATA)
    if not reason.strip():
        raise ReasonRequired(
            "更正必须填写原因（如：按发票原件更正）",
            "a correction requires a reason (e.g. as on the original receipt)",
            field="reason",
        )


def _correctable(uow: UnitOfWork, actor: User, claim_id: int) -> Claim:
    claim = uow.claims.get(claim_id)
    ensure_can_see(actor, claim)
    if claim.status not in CORRECTABLE:
        raise Refused(ErrorCode.CLAIM_NOT_CORRECTABLE, field="status")
    return claim


def _visit(claim: Claim, visit_ref: str) -> Visit:
    for visit in claim.visits:
        if visit.visit_ref == visit_ref:
            return visit
    raise NotFound("就诊 visit", visit_ref)


def _line(visit: Visit, line_ref: str) -> BillLine:
    for line in visit.lines:
        if line.line_ref == line_ref:
            return line
    raise NotFound("费用明细 bill line", f"{visit.visit_ref}/{line_ref}")


def _store(
    context: ServiceContext,
    actor: User,
    claim: Claim,
    expected_version: int,
    where: tuple[str, str],
    diff: list[tuple[str, str, str]],
    reason: str,
    write: Callable[[], None],
) -> Claim:
    if not diff:
        raise Refused(ErrorCode.CORRECTION_EMPTY, field="changes")
    uow, clock = context.uow, context.clock
    now, claim_id = clock.now(), claim.id or 0
    uow.claims.bump_version(claim, expected_version, now)
    write()
    visit_ref, line_ref = where
    for name, old, new in diff:
        uow.verification.add(Correction(claim_id, visit_ref, line_ref, name, old, new,
                                        reason.strip(), actor.username, now))  # fmt: skip
    target = {"visit": visit_ref, **({"line": line_ref} if line_ref else {})}
    uow.audit.append(
        AuditEntry(
            actor=actor.username,
            action="verify_line" if line_ref else "verify_visit",
            entity_type="claim",
            entity_id=str(claim_id),
            before={**target, **{name: old for name, old, _ in diff}},
            after={**target, **{name: new for name, _, new in diff}},
            reason=reason.strip(),
        ),
        now,
    )
    if claim.status == S.ADJUDICATED:  # the approver must sign what was verified
        run_adjudication(uow, clock, context.products, actor, uow.claims.get(claim_id))
        uow.claims.record_adjudicator(claim_id, actor.id)
    revise_estimate(context, claim_id, EstimateTrigger.BILL_LINES)  # 预赔 from the new facts
    uow.commit()
    return uow.claims.get(claim_id)
