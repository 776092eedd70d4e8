"""IBNR by the chain-ladder method on a paid development triangle (已决赔款进展三角形).

Origin = the claims' report month; development k = months from the report month to the
payment month (0: paid in the month it was reported). Volume-weighted age-to-age factors
f_k = Σ C(i, k+1) / Σ C(i, k) over the origins observed at both ages; an origin's ultimate is
its latest cumulative paid × the factors still ahead of it. Plain Decimal arithmetic: the
`chainladder` package would pull pandas, numba and matplotlib for this one calculation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from claimdesk.domain.money import FEN

FACTOR = Decimal("0.000001")


@dataclass(frozen=True)
class TriangleCell:
    origin: str  # YYYY-MM report month
    development: int  # months after the origin month
    paid: Decimal  # incremental: paid in that development month


@dataclass(frozen=True)
class OriginReserve:
    origin: str
    age: int  # latest development month observed
    paid: Decimal  # cumulative to date
    ultimate: Decimal
    case_reserve: Decimal

    @property
    def unpaid(self) -> Decimal:
        """Everything still to pay on the origin (ultimate − paid)."""
        return self.ultimate - self.paid

    @property
    def ibnr(self) -> Decimal:
        """Incurred but not reported (or under-reserved): unpaid beyond the case reserves."""
        return self.unpaid - self.case_reserve


@dataclass(frozen=True)
class ChainLadder:
    factors: tuple[Decimal, ...]  # f_0 (age 0→1), f_1, …, rounded for display
    cumulative: Mapping[str, tuple[Decimal, ...]]  # the triangle, cumulative, per origin
    origins: tuple[OriginReserve, ...]

    @property
    def total_ibnr(self) -> Decimal:
        return sum((o.ibnr for o in self.origins), Decimal("0.00"))


def months_between(origin: str, later: str) -> int:
    return (int(later[:4]) - int(origin[:4])) * 12 + int(later[5:7]) - int(origin[5:7])


def chain_ladder(
    cells: Iterable[TriangleCell],
    as_of: str,
    case_reserves: Mapping[str, Decimal] | None = None,
) -> ChainLadder:
    """Factors and IBNR per origin as of the month `as_of` (the triangle's last diagonal)."""
    triangle = cumulative_triangle(cells, as_of)
    raw = _factors(triangle)
    reserves = case_reserves or {}
    origins = tuple(
        _origin(origin, row, raw, reserves.get(origin, Decimal("0.00")))
        for origin, row in sorted(triangle.items())
    )
    factors = tuple(f.quantize(FACTOR, ROUND_HALF_UP) for f in raw)
    return ChainLadder(factors, triangle, origins)


def cumulative_triangle(
    cells: Iterable[TriangleCell], as_of: str
) -> dict[str, tuple[Decimal, ...]]:
    """Cumulative paid per origin up to its age at `as_of`; an unpaid month repeats the sum."""
    incremental: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for cell in cells:
        if 0 <= cell.development <= months_between(cell.origin, as_of):
            incremental[cell.origin][cell.development] += cell.paid
    triangle: dict[str, tuple[Decimal, ...]] = {}
    for origin, paid in incremental.items():
        running, row = Decimal("0.00"), []
        for age in range(months_between(origin, as_of) + 1):
            running += paid.get(age, Decimal("0.00"))
            row.append(running)
        triangle[origin] = tuple(row)
    return triangle


def _factors(triangle: Mapping[str, tuple[Decimal, ...]]) -> tuple[Decimal, ...]:
    """Volume-weighted; an age with nothing paid yet at its start develops by 1."""
    longest = max((len(row) for row in triangle.values()), default=0)
    factors = []
    for age in range(longest - 1):
        pairs = [(row[age], row[age + 1]) for row in triangle.values() if len(row) > age + 1]
        start = sum((a for a, _ in pairs), Decimal("0"))
        end = sum((b for _, b in pairs), Decimal("0"))
        factors.append(end / start if start else Decimal("1"))
    return tuple(factors)


def _origin(
    origin: str, row: tuple[Decimal, ...], factors: tuple[Decimal, ...], case_reserve: Decimal
) -> OriginReserve:
    age, paid = len(row) - 1, row[-1]
    ultimate = paid
    for factor in factors[age:]:
        ultimate *= factor
    return OriginReserve(origin, age, paid, ultimate.quantize(FEN, ROUND_HALF_UP), case_reserve)
