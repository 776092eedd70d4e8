"""Price agreements against survey lines: pure (workflow/agreed_prices.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claimdesk.domain.auto_claim import AssessmentItem
from claimdesk.domain.partners import AgreementKind, PriceAgreement
from claimdesk.workflow.agreed_prices import (
    agreed_price,
    over_price_without_reason,
    price_lines,
    unknown_part_codes,
)

GLASS = PriceAgreement(1, AgreementKind.GLASS, "GLS-F", "前挡风玻璃", "帕萨特", Decimal("2100.00"),
                       date(2026, 1, 1), date(2026, 6, 30))  # fmt: skip
GLASS_H2 = PriceAgreement(2, AgreementKind.GLASS, "GLS-F", "前挡风玻璃", "帕萨特",
                          Decimal("1980.00"), date(2026, 7, 1), date(2026, 12, 31))  # fmt: skip


def _item(amount: str, code: str = "GLS-F", reason: str = "") -> AssessmentItem:
    return AssessmentItem(
        "前挡", "replace", Decimal(amount), "破碎", code, over_price_reason=reason
    )


def test_the_price_valid_on_the_survey_day_for_the_model_applies() -> None:
    assert agreed_price([GLASS, GLASS_H2], "GLS-F", "帕萨特", date(2026, 6, 30)) == Decimal("2100")
    assert agreed_price([GLASS, GLASS_H2], "GLS-F", "帕萨特", date(2026, 7, 1)) == Decimal("1980")
    assert agreed_price([GLASS], "GLS-F", "迈腾", date(2026, 3, 1)) is None
    assert agreed_price([GLASS], "GLS-F", "帕萨特", date(2027, 1, 1)) is None


def test_a_line_above_the_agreed_price_without_a_reason_is_found() -> None:
    lines = price_lines(
        [_item("2000.00"), _item("2300.00"), _item("2300.00", reason="进口件"), _item("9", "")],
        [GLASS], "帕萨特", date(2026, 3, 1),
    )  # fmt: skip
    assert [line.over_agreed_price for line in lines] == [False, True, True, False]
    findings = over_price_without_reason(lines)
    assert [(f.index, f.agreed_price) for f in findings] == [(1, Decimal("2100.00"))]


def test_at_the_agreed_price_is_not_over_it() -> None:
    (line,) = price_lines([_item("2100.00")], [GLASS], "帕萨特", date(2026, 3, 1))
    assert not line.over_agreed_price and over_price_without_reason([line]) == []


def test_unknown_part_codes_are_named_by_line() -> None:
    assert unknown_part_codes([_item("1"), _item("1", "X-1"), _item("1", "")], {"GLS-F"}) == [1]
