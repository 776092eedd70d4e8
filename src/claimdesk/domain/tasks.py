"""Tasks in the work queues, and the approver profiles that bound approval (核赔权限)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class Task:
    id: int | None
    claim_id: int
    kind: str
    role: str
    assignee_id: int | None
    status: str
    created_at: datetime
    due_at: datetime
    done_at: datetime | None = None
    required_level: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ApproverLimits:
    """Level and limit per line of business; a None limit is unlimited."""

    user_id: int
    level: int
    limits: dict[str, Decimal | None]


@dataclass(frozen=True)
class StoredVote:
    approver_id: int
    vote: str
    reason: str
    clause: str
    cast_at: datetime
