"""Case reserve (未决赔款准备金) of an open claim on every line of business.

Rule (issue 13, where no reserve was booked): an open claim is expected to cost what was
claimed, capped by what the engine found payable once it has been adjudicated; a reserve
booked on the claim (auto 立案估损, reserves table) takes precedence. Payments already
confirmed are taken off; a settled claim (paid, closed, denied, withdrawn) reserves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SETTLED = frozenset({"paid", "closed", "archived", "denied", "withdrawn"})


@dataclass(frozen=True)
class OpenClaimFacts:
    status: str
    claimed: Decimal
    payable: Decimal | None  # the active adjudication's payable, if adjudicated
    booked_reserve: Decimal | None  # the newest row of the reserves table, if any
    paid: Decimal  # confirmed payments so far (e.g. 先予支付)


def case_reserve(claim: OpenClaimFacts) -> Decimal:
    if claim.status in SETTLED:
        return Decimal("0.00")
    if claim.booked_reserve is not None:
        estimate = claim.booked_reserve
    elif claim.payable is not None:
        estimate = min(claim.claimed, claim.payable)
    else:
        estimate = claim.claimed
    return max(estimate - claim.paid, Decimal("0.00"))
