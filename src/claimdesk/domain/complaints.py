"""Complaint handling (投诉处理) types: severity, root cause, case status, a new complaint.

The stored case (`ComplaintCase`, with its due dates) is in services/complaints/ports.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimdesk.domain.channels import Channel


class Severity(StrEnum):
    ORDINARY = "ordinary"
    MAJOR = "major"


class RootCause(StrEnum):
    SLOW_PAYMENT = "slow_payment"
    DENIAL_DISPUTED = "denial_disputed"
    SERVICE_ATTITUDE = "service_attitude"
    MATERIALS_BURDEN = "materials_burden"
    AMOUNT_DISPUTED = "amount_disputed"
    OTHER = "other"


class CaseStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


@dataclass(frozen=True)
class NewComplaint:
    channel: Channel
    text: str
    claim_id: int | None = None
    insured_person_id: int | None = None


def reference(case_id: int | None) -> str:
    """The number a customer and the desk quote for a complaint (投诉编号), e.g. TS00000012."""
    return f"TS{case_id or 0:08d}"
