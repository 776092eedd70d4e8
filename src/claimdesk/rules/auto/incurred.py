"""Net incurred (已决+未决−追回): what a claim costs once recoveries come back."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from claimdesk.domain.money import ZERO
from claimdesk.rules.auto.model import Incurred, Recovery
from claimdesk.rules.auto.result import IncurredFigures


def net_incurred(
    paid: Decimal, reserve: Decimal, recoveries: Iterable[Recovery]
) -> IncurredFigures:
    """net incurred = paid + reserve − recoveries received (代位求偿, salvage sale proceeds)."""
    recovered = sum((recovery.received for recovery in recoveries), ZERO)
    return IncurredFigures(paid, reserve, recovered, paid + reserve - recovered)


def incurred_after(payable: Decimal, incurred: Incurred) -> IncurredFigures:
    """This settlement's payment adds to what was paid before."""
    return net_incurred(incurred.previously_paid + payable, incurred.reserve, incurred.recoveries)
