"""Case reserve (立案估损 / 未决赔款准备金) of a claim, on every line of business.

The reserve is a history: every setting is a new entry with its basis, reason, who and when;
the newest entry is the claim's reserve. It is set at registration (立案) by the product's
rule, changed by staff with a reason or by an assessment, and released (0) at settlement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class ReserveBasis(StrEnum):
    REPORTED_ESTIMATE = "reported_estimate"  # auto: the reporter's estimate
    CAUSE_DEFAULT = "cause_default"  # auto: this installation's default for the cause
    SURVEY = "survey"  # auto: 定损
    RESURVEY = "resurvey"  # auto: 复勘
    PRODUCT_RULE = "product_rule"  # 立案估损 by the product's rule (reserve_rules.yaml)
    ADJUSTED = "adjusted"  # 人工调整 by staff, with a reason
    ADJUDICATED = "adjudicated"  # 理算后调整: the engine's payable less what is already paid
    RELEASED = "released"  # 结案释放: settled (paid, denied, withdrawn, closed)


RELEASE_REASON = "closed"


@dataclass(frozen=True)
class ReserveEntry:
    """One case-reserve setting; the newest is the claim's reserve."""

    claim_id: int
    amount: Decimal
    basis: ReserveBasis
    set_at: datetime
    set_by: str
    reason: str = ""
