"""Chain ladder on a small textbook triangle, every figure worked by hand.

Cumulative paid (origin × development month):
    2026-01: 100  150  165
    2026-02: 110  168
    2026-03: 120
f0 = (150 + 168) / (100 + 110) = 318/210 = 1.514286;  f1 = 165/150 = 1.1
ultimate 2026-02 = 168 × 1.1 = 184.80;  2026-03 = 120 × 318/210 × 1.1 = 199.89
"""

from __future__ import annotations

from decimal import Decimal

from claimdesk.analytics.chain_ladder import TriangleCell, chain_ladder

D = Decimal
CELLS = [
    TriangleCell("2026-01", 0, D("100")), TriangleCell("2026-01", 1, D("50")),
    TriangleCell("2026-01", 2, D("15")), TriangleCell("2026-02", 0, D("110")),
    TriangleCell("2026-02", 1, D("58")), TriangleCell("2026-03", 0, D("120")),
]  # fmt: skip


def test_development_factors_are_volume_weighted() -> None:
    ladder = chain_ladder(CELLS, "2026-03")
    assert ladder.factors == (D("1.514286"), D("1.100000"))
    assert ladder.cumulative["2026-02"] == (D("110"), D("168"))


def test_ultimate_and_ibnr_per_origin() -> None:
    ladder = chain_ladder(CELLS, "2026-03", {"2026-03": D("50.00")})
    by_origin = {o.origin: o for o in ladder.origins}
    assert by_origin["2026-01"].ultimate == D("165.00") and by_origin["2026-01"].ibnr == 0
    assert by_origin["2026-02"].ultimate == D("184.80")
    assert by_origin["2026-02"].ibnr == D("16.80")
    assert by_origin["2026-03"].ultimate == D("199.89")
    # 79.89 still unpaid on 2026-03, of which 50.00 is already a case reserve
    assert by_origin["2026-03"].unpaid == D("79.89") and by_origin["2026-03"].ibnr == D("29.89")
    assert ladder.total_ibnr == D("46.69")


def test_a_month_without_payment_carries_the_cumulative_forward() -> None:
    ladder = chain_ladder([TriangleCell("2026-01", 0, D("10")),
                           TriangleCell("2026-01", 2, D("5"))], "2026-03")  # fmt: skip
    assert ladder.cumulative["2026-01"] == (D("10"), D("10"), D("15"))
    assert ladder.factors == (D("1.000000"), D("1.500000"))


def test_payments_after_the_valuation_month_are_left_out() -> None:
    ladder = chain_ladder([*CELLS, TriangleCell("2026-03", 1, D("999"))], "2026-03")
    assert ladder.cumulative["2026-03"] == (D("120"),)
