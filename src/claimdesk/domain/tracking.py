"""What the system tracks about a claim over time: notices to the customer, deadlines (时效)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Notice:
    """A notice to the customer (in-app for now); `items` as stored, e.g. every missing material."""

    id: int | None
    claim_id: int
    kind: str
    items: tuple[dict[str, Any], ...]
    created_at: datetime
    sent_at: datetime | None = None
    channel: str = "in_app"


@dataclass(frozen=True)
class TrackedDeadline:
    """A claim's stored deadline (时效): computed once, closed, breached, paused or cancelled."""

    id: int | None
    claim_id: int
    code: str
    started_at: datetime
    due_at: datetime
    at_risk_at: datetime
    uncertain_years: tuple[int, ...] = ()
    done_at: datetime | None = None
    breached_at: datetime | None = None
    cancelled_at: datetime | None = None
    paused_since: datetime | None = None
    paused_days: int = 0
