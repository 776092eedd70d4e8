"""Investigations (调查): referral, notes, outcome; the blacklist entry that routes the
insured's year of open claims; the fraud view of one claim.

Outcome 'fraud proven' blacklists the insured for `BLACKLIST_YEARS` from the start of the
claim's policy year (seed 004 二.26: that year's claims are refused) and denies the claim with
reason FRAUD_PROVEN and the clause; 'not proven' sends it back to review. The avoided loss
(减损) is what the investigator records, by default the amount claimed when fraud is proven.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode, InvalidInput
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.fraud.cases import (
    Investigation,
    InvestigationNote,
    Outcome,
    ReferralSource,
    StoredBlacklistEntry,
)
from claimdesk.services.access import require
from claimdesk.services.approval.use_cases import Denial, check_denial
from claimdesk.services.claims.moves import (
    apply_move,
    hold_for_investigation,
    move_to_investigation,
)
from claimdesk.services.context import ServiceContext
from claimdesk.services.fraud.blacklist import require_fraud_role, store_entry
from claimdesk.services.fraud.checks import assess_claim
from claimdesk.services.fraud.referral import investigation_entry, open_investigation, refer
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.workflow.investigations import InvestigationOperation, check_investigation_move
from claimdesk.workflow.lifecycle import TRANSITIONS

BLACKLIST_YEARS = 3
FRAUD_DENIAL = Denial(("FRAUD_PROVEN",), "第四部分 二.26")
MAX_TEXT = 2000


@dataclass(frozen=True)
class ClosingReport:
    outcome: Outcome
    note: str = ""
    avoided_loss: Decimal | None = None
    blacklist_years: int = BLACKLIST_YEARS


def add_to_blacklist(
    context: ServiceContext, *, actor: User, entry: StoredBlacklistEntry
) -> tuple[StoredBlacklistEntry, list[int]]:
    """Store the entry, then flag and route the person's open claims of the years it covers."""
    require_fraud_role(actor)
    uow, clock = context.uow, context.clock
    with uow:
        stored = store_entry(uow, replace(entry, added_by=actor.username, added_at=clock.now()))
        routed = route_year_claims(context, stored)
        uow.commit()
        return stored, routed


def route_year_claims(context: ServiceContext, entry: StoredBlacklistEntry) -> list[int]:
    uow, clock, products = context.uow, context.clock, context.products
    routed = []
    for claim_id in uow.fraud.open_claim_ids_of_person(entry.id_number):
        claim = uow.claims.get(claim_id)
        if any(
            f.code == "BLACKLIST"
            for f in assess_claim(uow, clock, claim, products, refer_if_flagged=False).flags
        ):
            if open_investigation(uow, claim_id) is None:
                refer(uow, clock, entry.added_by, claim, f"黑名单 / blacklisted: {entry.reason}",
                      ReferralSource.BLACKLIST)  # fmt: skip
            hold_for_investigation(context, uow.claims.get(claim_id))
            routed.append(claim_id)
    return routed


def refer_claim(
    context: ServiceContext, *, actor: User, claim_id: int, reason: str
) -> Investigation:
    """Manual referral by a specialist or manager; a claim under review moves to investigation."""
    require(actor, Permission.REVIEW_MATERIALS)
    reason = _text(reason, "reason")
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        if open_investigation(uow, claim_id) is not None:
            raise Refused(ErrorCode.INVESTIGATION_ALREADY_OPEN, field="claim_id")
        investigation = refer(uow, clock, actor.username, claim, reason, ReferralSource.MANUAL)
        if claim.status == ClaimStatus.UNDER_REVIEW:
            move_to_investigation(context, claim, investigation)
        uow.commit()
        return investigation


def add_note(
    uow: UnitOfWork, clock: Clock, actor: User, investigation_id: int, text: str
) -> InvestigationNote:
    require_fraud_role(actor)
    text = _text(text, "text")
    with uow:
        uow.fraud.get_investigation(investigation_id)
        note = uow.fraud.add_note(
            InvestigationNote(None, investigation_id, actor.username, text, clock.now())
        )
        entry = AuditEntry(actor.username, "investigation_note", "investigation",
                           str(investigation_id), after={"note": note.id})  # fmt: skip
        uow.audit.append(entry, clock.now())
        uow.commit()
        return note


def close_investigation(
    context: ServiceContext, *, actor: User, investigation_id: int, report: ClosingReport
) -> Investigation:
    """Record the outcome; proven: blacklist + denial; not proven: back to review."""
    require_fraud_role(actor)
    uow, clock = context.uow, context.clock
    with uow:
        investigation = _open(uow, investigation_id)
        claim = uow.claims.get(investigation.claim_id)
        closed = _closed(investigation, claim, report, actor, clock)
        uow.fraud.save_investigation(closed)
        uow.audit.append(investigation_entry(actor.username, "close_investigation", closed),
                         clock.now())  # fmt: skip
        if report.note.strip():
            text = _text(report.note, "note")
            uow.fraud.add_note(
                InvestigationNote(None, investigation_id, actor.username, text, clock.now())
            )
        _settle(context, actor, claim, report)
        uow.commit()
        return closed


def _open(uow: UnitOfWork, investigation_id: int) -> Investigation:
    investigation = uow.fraud.get_investigation(investigation_id)
    check_investigation_move(InvestigationOperation.CLOSE, investigation.status)
    return investigation


def _closed(investigation: Investigation, claim: Claim, report: ClosingReport, actor: User,
            clock: Clock) -> Investigation:  # fmt: skip
    avoided = report.avoided_loss
    if avoided is None:
        avoided = claim.claimed_amount if report.outcome == Outcome.FRAUD_PROVEN else Decimal(0)
    if avoided < 0:
        raise Refused(ErrorCode.AVOIDED_LOSS_NEGATIVE, field="avoided_loss")
    closed = check_investigation_move(InvestigationOperation.CLOSE, investigation.status)
    return replace(investigation, status=closed, outcome=report.outcome,
                   avoided_loss=avoided.quantize(Decimal("0.01")), closed_at=clock.now(),
                   closed_by=actor.username)  # fmt: skip


def _settle(context: ServiceContext, actor: User, claim: Claim, report: ClosingReport) -> None:
    uow, clock = context.uow, context.clock
    if report.outcome == Outcome.NOT_PROVEN:
        if claim.status == ClaimStatus.INVESTIGATION:
            apply_move(context, actor=actor, claim=claim, target=ClaimStatus.UNDER_REVIEW,
                       reason="调查未证实欺诈 / fraud not proven", as_system=True)  # fmt: skip
        return
    _blacklist_insured(uow, clock, actor, claim, report.blacklist_years)
    if (claim.status, ClaimStatus.DENIED) in TRANSITIONS:
        denial = check_denial(FRAUD_DENIAL)
        uow.claims.record_denial(claim.id or 0, denial)
        reason = "调查证实欺诈 / fraud proven (第四部分 二.26)"
        apply_move(context, actor=actor, claim=claim, target=ClaimStatus.DENIED, reason=reason,
                   as_system=True)  # fmt: skip


def _blacklist_insured(
    uow: UnitOfWork, clock: Clock, actor: User, claim: Claim, years: int
) -> StoredBlacklistEntry:
    insured = uow.policies.get_insured(claim.insured_person_id)
    start = uow.policies.get(claim.policy_id).period_start
    # Valid from the start of the policy year for `years` years (the day before the anniversary).
    until = date(start.year + years, start.month, min(start.day, 28)) - timedelta(days=1)
    entry = StoredBlacklistEntry(
        None, insured.id_number, insured.name, f"调查证实欺诈 / fraud proven: {claim.claim_no}",
        f"investigation of claim {claim.claim_no}", start, until, actor.username, clock.now(),
    )  # fmt: skip
    return store_entry(uow, entry)


def investigation_with_notes(
    uow: UnitOfWork, actor: User, investigation_id: int
) -> tuple[Investigation, list[InvestigationNote]]:
    require_fraud_role(actor)
    with uow:
        return (uow.fraud.get_investigation(investigation_id),
                uow.fraud.notes_for(investigation_id))  # fmt: skip


def list_investigations(
    uow: UnitOfWork, actor: User, status: str | None, after_id: int | None, limit: int
) -> list[Investigation]:
    require_fraud_role(actor)
    with uow:
        return uow.fraud.investigations_page(status=status, after_id=after_id, limit=limit)


def claim_numbers(uow: UnitOfWork, actor: User, claim_ids: list[int]) -> dict[int, str]:
    """The claim numbers an investigations list links to (one query for the page)."""
    require_fraud_role(actor)
    with uow:
        return uow.fraud.claim_numbers(claim_ids)


def _text(text: str, field: str) -> str:
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise InvalidInput("请填写内容（最多 2000 字）", "write 1 to 2,000 characters", field=field)
    return text


def closed_investigations(uow: UnitOfWork, actor: User) -> list[Investigation]:
    """The rows of the 打假减损 KPI (analytics/fraud_report.py shapes them)."""
    require_fraud_role(actor)
    with uow:
        return uow.fraud.closed_investigations()
