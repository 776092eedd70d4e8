"""Investigations (调查) and stored fraud results as plain data; the services store them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from claimdesk.domain.investigations import InvestigationStatus

__all__ = ["InvestigationStatus"]  # its home is domain/; kept importable from here


class Outcome(StrEnum):
    FRAUD_PROVEN = "fraud_proven"
    NOT_PROVEN = "not_proven"


class ReferralSource(StrEnum):
    MANUAL = "manual"
    RED_FLAGS = "red_flags"
    HARD_STOP = "hard_stop"
    BLACKLIST = "blacklist"


@dataclass(frozen=True)
class Investigation:
    id: int | None
    claim_id: int
    referred_by: str
    reason: str
    source: ReferralSource
    opened_at: datetime
    assigned_to: int | None = None
    status: InvestigationStatus = InvestigationStatus.OPEN
    outcome: Outcome | None = None
    avoided_loss: Decimal | None = None
    closed_at: datetime | None = None
    closed_by: str = ""


@dataclass(frozen=True)
class InvestigationNote:
    id: int | None
    investigation_id: int
    author: str
    text: str
    at: datetime


@dataclass(frozen=True)
class StoredFlag:
    """One red flag raised on a stored claim, with the facts that explain it."""

    code: str
    weight: int
    message_zh: str
    message_en: str
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimAssessment:
    claim_id: int
    routing: str
    total_weight: int
    flags: tuple[StoredFlag, ...]
    assessed_at: datetime


@dataclass(frozen=True)
class ClaimScore:
    claim_id: int
    risk_score: float
    reasons: tuple[dict[str, Any], ...]
    scored_at: datetime


@dataclass(frozen=True)
class StoredBlacklistEntry:
    """A blacklist row as stored: the pure entry plus who it is and when it was added."""

    id: int | None
    id_number: str
    name: str
    reason: str
    evidence: str
    valid_from: date
    valid_until: date | None
    added_by: str
    added_at: datetime
