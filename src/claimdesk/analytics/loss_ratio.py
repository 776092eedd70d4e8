"""Loss ratio (赔付率) = incurred ÷ earned premium, per line of business, product and month.

Pure: the caller passes the policies' premiums and each claim's paid and reserved amounts.
Earned premium is pro rata by policy days (a policy of 1 Jan–31 Dec earns 31/365 in January);
incurred = confirmed payments + case reserves − recoveries received (追偿, salvage sales) of the
claims whose accident falls in the month (net incurred).
Seeds 002/003 watch the loss ratio in an 85–90% band; above the threshold is an alert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from claimdesk.domain.money import FEN

ALERT_THRESHOLD = Decimal("0.90")  # upper edge of the 85–90% band (seeds 002, 003)
RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class PolicyPremium:
    line: str
    product_code: str
    premium: Decimal
    period_start: date
    period_end: date  # inclusive, as printed on the policy


@dataclass(frozen=True)
class ClaimIncurred:
    line: str
    product_code: str
    accident_date: date
    paid: Decimal  # confirmed payments (status paid)
    reserve: Decimal  # case reserve still outstanding (0 once closed)
    recoveries: Decimal = Decimal("0.00")  # received back: subrogation, salvage sale proceeds


@dataclass(frozen=True)
class LossRatioRow:
    line: str
    product_code: str  # "" on a line's total row
    month: str
    earned_premium: Decimal
    paid: Decimal
    reserve: Decimal
    claims: int
    recoveries: Decimal = Decimal("0.00")

    @property
    def incurred(self) -> Decimal:
        """Net incurred: paid + reserve − recoveries."""
        return self.paid + self.reserve - self.recoveries

    @property
    def loss_ratio(self) -> Decimal | None:
        if not self.earned_premium:
            return None
        return (self.incurred / self.earned_premium).quantize(RATIO, ROUND_HALF_UP)

    def over(self, threshold: Decimal) -> bool:
        ratio = self.loss_ratio
        return ratio is not None and ratio > threshold


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a YYYY-MM month."""
    first = date(int(month[:4]), int(month[5:7]), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def earned_premium(policy: PolicyPremium, month: str) -> Decimal:
    """Premium × (policy days inside the month ÷ policy days), rounded to the fen."""
    first, last = month_bounds(month)
    start, end = max(first, policy.period_start), min(last, policy.period_end)
    if end < start:
        return Decimal("0.00")
    total = (policy.period_end - policy.period_start).days + 1
    days = (end - start).days + 1
    return (policy.premium * days / total).quantize(FEN, ROUND_HALF_UP)


def loss_ratios(
    policies: Iterable[PolicyPremium], claims: Iterable[ClaimIncurred], month: str
) -> tuple[LossRatioRow, ...]:
    """One row per (line, product) with premium or claims in the month, then one per line."""
    earned: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    paid: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    reserve: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    recovered: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for policy in policies:
        earned[(policy.line, policy.product_code)] += earned_premium(policy, month)
    first, last = month_bounds(month)
    for claim in claims:
        if first <= claim.accident_date <= last:
            key = (claim.line, claim.product_code)
            paid[key] += claim.paid
            reserve[key] += claim.reserve
            recovered[key] += claim.recoveries
            count[key] += 1
    keys = sorted(set(earned) | set(count))
    rows = [LossRatioRow(*key, month, earned[key], paid[key], reserve[key], count[key],
                         recovered[key] + Decimal("0.00"))
            for key in keys]  # fmt: skip
    return (*rows, *_line_totals(rows, month))


@dataclass(frozen=True)
class IncurredSums:
    """The accident month's claims of one (line, product), summed (kept totals)."""

    line: str
    product_code: str
    claims: int
    paid: Decimal
    reserve: Decimal
    recoveries: Decimal = Decimal("0.00")


def loss_ratios_from_sums(
    policies: Iterable[PolicyPremium], sums: Iterable[IncurredSums], month: str
) -> tuple[LossRatioRow, ...]:
    """loss_ratios over claims already summed per (line, product) for the month: the same
    rows (a product with premium but no claim, a product with claims but no premium)."""
    earned: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for policy in policies:
        earned[(policy.line, policy.product_code)] += earned_premium(policy, month)
    summed = {(s.line, s.product_code): s for s in sums if s.claims}
    zero = Decimal("0.00")
    rows = []
    for key in sorted(set(earned) | set(summed)):
        found = summed.get(key)
        rows.append(LossRatioRow(
            *key, month, earned[key],
            found.paid if found else zero, found.reserve if found else zero,
            found.claims if found else 0, (found.recoveries if found else zero) + zero,
        ))  # fmt: skip
    return (*rows, *_line_totals(rows, month))


def _line_totals(rows: list[LossRatioRow], month: str) -> list[LossRatioRow]:
    lines = sorted({row.line for row in rows})
    return [
        LossRatioRow(
            line, "", month,
            sum((r.earned_premium for r in rows if r.line == line), Decimal("0.00")),
            sum((r.paid for r in rows if r.line == line), Decimal("0.00")),
            sum((r.reserve for r in rows if r.line == line), Decimal("0.00")),
            sum(r.claims for r in rows if r.line == line),
            sum((r.recoveries for r in rows if r.line == line), Decimal("0.00")),
        )
        for line in lines
    ]  # fmt: skip
