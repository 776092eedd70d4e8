"""打假减损 KPI: investigations closed per month, how many proved fraud, the loss avoided.

Pure over closed investigations (Beijing month of closing); the total row sums every month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ClosedInvestigation(Protocol):
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def avoided_loss(self) -> Decimal | None: ...


@dataclass(frozen=True)
class FraudMonth:
    month: str  # YYYY-MM, or "total"
    investigations: int
    proven: int
    avoided_loss: Decimal


def fraud_report(closed: Iterable[ClosedInvestigation]) -> list[FraudMonth]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    avoided: dict[str, Decimal] = defaultdict(Decimal)
    for item in closed:
        if item.closed_at is None:
            continue
        month = item.closed_at.astimezone(SHANGHAI).strftime("%Y-%m")
        counts[month][0] += 1
        counts[month][1] += int(item.outcome == "fraud_proven")
        avoided[month] += item.avoided_loss or Decimal("0")
    rows = [FraudMonth(m, c[0], c[1], avoided[m]) for m, c in sorted(counts.items())]
    total = FraudMonth(
        "total",
        sum(r.investigations for r in rows),
        sum(r.proven for r in rows),
        sum((r.avoided_loss for r in rows), Decimal("0.00")),
    )
    return [*rows, total]
