"""What the customer is told about their claim: a few stages in plain words, not our statuses.

Staff statuses (已理算, 已核赔, 转调查…) describe our work; a customer wants to know whether we
wait for them, are still looking, or have paid. Investigation and the panel are our internal
business and read as "under review". A closed or archived claim reads by how it ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from claimdesk.domain.audit import AuditRecord
from claimdesk.domain.claim import Claim, ClaimStatus

S = ClaimStatus


class CustomerStage(StrEnum):
    RECEIVED = "received"
    DOCUMENTS_NEEDED = "documents_needed"
    UNDER_REVIEW = "under_review"
    PAYMENT_ON_ITS_WAY = "payment_on_its_way"
    PAID = "paid"
    NOT_PAYABLE = "not_payable"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


STAGE_LABELS: Mapping[str, tuple[str, str]] = {
    CustomerStage.RECEIVED: ("已受理", "Received"),
    CustomerStage.DOCUMENTS_NEEDED: ("待您补充资料", "Waiting for your documents"),
    CustomerStage.UNDER_REVIEW: ("资料审核中", "Being reviewed"),
    CustomerStage.PAYMENT_ON_ITS_WAY: ("赔款支付中", "Payment on its way"),
    CustomerStage.PAID: ("赔款已到账", "Paid to your account"),
    CustomerStage.NOT_PAYABLE: ("不予赔付", "Not payable"),
    CustomerStage.WITHDRAWN: ("已撤案", "Withdrawn"),
    CustomerStage.CLOSED: ("已结案", "Closed"),
}

# The steps the portal draws, in order; the others are endings shown as the badge only.
PROGRESS = (
    CustomerStage.RECEIVED,
    CustomerStage.UNDER_REVIEW,
    CustomerStage.PAYMENT_ON_ITS_WAY,
    CustomerStage.PAID,
)

_BY_STATUS: Mapping[ClaimStatus, CustomerStage] = {
    S.REPORTED: CustomerStage.RECEIVED,
    S.ACCEPTED: CustomerStage.RECEIVED,
    S.MATERIALS_PENDING: CustomerStage.DOCUMENTS_NEEDED,
    S.UNDER_REVIEW: CustomerStage.UNDER_REVIEW,
    S.INVESTIGATION: CustomerStage.UNDER_REVIEW,
    S.ADJUDICATED: CustomerStage.UNDER_REVIEW,
    S.APPROVED: CustomerStage.UNDER_REVIEW,
    S.REOPENED: CustomerStage.UNDER_REVIEW,
    S.PAYMENT_PENDING: CustomerStage.PAYMENT_ON_ITS_WAY,
    S.PAID: CustomerStage.PAID,
    S.DENIED: CustomerStage.NOT_PAYABLE,
    S.WITHDRAWN: CustomerStage.WITHDRAWN,
}


def customer_stage(status: str, *, denied: bool = False, paid: bool = False) -> CustomerStage:
    """The stage for a status; closed and archived read by how the claim ended."""
    if status in (S.CLOSED, S.ARCHIVED):
        if denied:
            return CustomerStage.NOT_PAYABLE
        return CustomerStage.PAID if paid else CustomerStage.CLOSED
    return _BY_STATUS.get(ClaimStatus(status), CustomerStage.UNDER_REVIEW)


def stage_of(claim: Claim) -> CustomerStage:
    """The claim's stage now. Paid only on confirmed payment, so an approved amount above
    zero on a closed claim means the money arrived."""
    approved = claim.approval is not None and claim.approval.amount > 0
    return customer_stage(claim.status, denied=claim.denial is not None, paid=approved)


@dataclass(frozen=True)
class CustomerEvent:
    """One step of the customer's timeline: when, who (you or us) and the stage reached."""

    at: datetime
    by_customer: bool
    stage: CustomerStage


def customer_events(
    records: Iterable[AuditRecord], *, customer_username: str, denied: bool
) -> list[CustomerEvent]:
    """Only the changes of stage, without staff names, internal actions or reasons."""
    events: list[CustomerEvent] = []
    statuses = set(ClaimStatus)
    paid = False  # a claim closed after its payment still reads "paid"
    for record in records:
        status = (record.entry.after or {}).get("status")
        if status is None and record.entry.action == "report_claim":
            status = S.REPORTED
        if status not in statuses:
            continue
        paid = paid or status == S.PAID
        stage = customer_stage(str(status), denied=denied, paid=paid)
        if events and events[-1].stage == stage:
            continue
        by_customer = record.entry.actor == customer_username
        events.append(CustomerEvent(record.at, by_customer, stage))
    return events


def first_reached(events: Iterable[CustomerEvent]) -> dict[CustomerStage, datetime]:
    reached: dict[CustomerStage, datetime] = {}
    for event in events:
        reached.setdefault(event.stage, event.at)
    return reached
