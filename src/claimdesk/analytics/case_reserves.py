"""Case reserve (未决赔款准备金) of an open claim on every line of business.

Rule (issue 13): the reserve is the claim's reserve history (reserves table): its newest row,
set at registration (立案估损, by the product's rule), changed by staff with a reason or by an
assessment, released (0) at settlement. A claim not yet registered has no case reserve.
Payments already confirmed (e.g. 先予支付) are taken off; a settled claim reserves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SETTLED = frozenset({"paid", "closed", "archived", "denied", "withdrawn"})
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OpenClaimFacts:
    status: str
    claimed: Decimal
    payable: Decimal | None  # the active adjudication's payable, if adjudicated
    booked_reserve: Decimal | None  # the newest row of the reserves table, if any
    paid: Decimal  # confirmed payments so far (e.g. 先予支付)


def case_reserve(claim: OpenClaimFacts) -> Decimal:
    if claim.status in SETTLED or claim.booked_reserve is None:
        return ZERO
    return max(claim.booked_reserve - claim.paid, ZERO)
