"""What a line must state because the terms limit it, and the corrections' pure checks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.domain.claim import BillLine, Visit
from claimdesk.domain.errors import ErrorCode, InvalidInput
from claimdesk.domain.refusals import Refused
from claimdesk.domain.verification import (
    Correction,
    corrected_line,
    corrected_visit,
    field_histories,
)
from claimdesk.rules.line_facts import check_visits, required_facts
from claimdesk.rules.loader import load_products

PRODUCTS = load_products()
GROUP = PRODUCTS["tianan-group-medical"]


@pytest.mark.parametrize(
    ("kind", "line_type", "needed"),
    [
        ("outpatient", "drug_western", ("days_supply",)),
        ("emergency", "drug_tcm_decoction", ("days_supply",)),
        ("inpatient", "drug_western", ()),  # supply limits are for outpatient and emergency
        ("outpatient", "physiotherapy", ("sessions",)),
        ("inpatient", "hyperbaric_oxygen", ("sessions",)),  # a yearly limit, any visit
        ("outpatient", "lab", ()),
    ],
)
def test_the_terms_say_which_facts_a_line_needs(
    kind: str, line_type: str, needed: tuple[str, ...]
) -> None:
    assert required_facts(GROUP, kind, line_type) == needed


def test_products_without_medical_terms_need_none() -> None:
    assert required_facts(PRODUCTS["tianan-student-accident"], "outpatient", "drug_western") == ()


def _visit(*lines: BillLine) -> Visit:
    return Visit("V1", "outpatient", date(2026, 5, 20), "", "中山医院", "支气管炎", lines)


def test_a_drug_line_without_supply_days_is_refused_naming_the_field() -> None:
    drug = BillLine("L2", "drug_western", "阿莫西林", Decimal("30.00"), self_pay=Decimal("30.00"))
    with pytest.raises(Refused) as refused:
        check_visits(GROUP, [_visit(drug)])
    assert refused.value.code == ErrorCode.LINE_FACT_MISSING
    assert refused.value.field == "lines.2.days_supply"
    assert "用药天数" in refused.value.message_zh and "supply days" in refused.value.message_en


def test_corrections_are_checked_like_submissions() -> None:
    line = BillLine("L1", "lab", "化验", Decimal("100.00"), self_pay=Decimal("100.00"))
    with pytest.raises(Refused) as parts:
        corrected_line(line, {"amount": Decimal("120.00")})
    assert parts.value.code == ErrorCode.BILL_LINE_PARTS_MISMATCH
    with pytest.raises(InvalidInput):
        corrected_line(line, {"sessions": -1})
    visit = _visit(line)
    with pytest.raises(Refused) as order:
        corrected_visit(visit, {"discharge_date": date(2026, 5, 1)}, date(2026, 6, 1))
    assert order.value.field == "visits.V1.discharge_date"


def test_a_field_corrected_twice_shows_the_first_submitted_and_last_verified() -> None:
    at = datetime(2026, 6, 1, tzinfo=UTC)
    first = Correction(1, "V1", "L1", "amount", "100.00", "120.00", "发票", "s1", at, 1)
    second = Correction(1, "V1", "L1", "amount", "120.00", "110.00", "复核", "s2", at, 2)
    (history,) = field_histories([second, first]).values()
    assert (history.submitted, history.verified) == ("100.00", "110.00")
    assert [c.by_user for c in history.corrections] == ["s1", "s2"]
