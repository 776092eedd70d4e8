"""Service desk records: consultations (咨询), callbacks (回访), portal complaints and ratings.

The stores' Protocols are in services/service_desk/ports.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claimdesk.domain.channels import Channel


@dataclass(frozen=True)
class Consultation:
    id: int | None
    insured_person_id: int | None
    channel: Channel
    question: str
    answer: str
    faq_id: str | None
    created_at: datetime
    created_by: int


@dataclass(frozen=True)
class Callback:
    id: int | None
    claim_id: int
    reached: bool
    score: int | None
    comment: str
    created_at: datetime
    created_by: int


@dataclass(frozen=True)
class CallbackDue:
    """A paid claim picked for a callback (its open call_back task) on the desk's list."""

    claim_id: int
    claim_no: str
    due_at: datetime


@dataclass(frozen=True)
class CallbackMade:
    """A recorded callback with the claim number it was about (the desk's outcomes list)."""

    callback: Callback
    claim_no: str


@dataclass(frozen=True)
class Complaint:
    id: int | None
    claim_id: int
    text: str
    created_at: datetime
    created_by: int
    status: str = "open"


@dataclass(frozen=True)
class Rating:
    claim_id: int
    score: int
    comment: str
    created_at: datetime
    created_by: int
