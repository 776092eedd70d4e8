from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from claimdesk.fraud.blacklist import BlacklistEntry, check_blacklist
from claimdesk.fraud.duplicates import (
    DuplicateKind,
    DuplicateScope,
    InvoiceRecord,
    find_duplicate_invoices,
)

ENTRY = BlacklistEntry(
    "11010519800101123x",
    "虚假理赔",
    "调查报告 2023-17",
    date(2024, 1, 1),
    date(2024, 12, 31),
    "审核员",
)


@pytest.mark.parametrize(
    ("on", "hit"),
    [
        (date(2023, 12, 31), False),
        (date(2024, 1, 1), True),
        (date(2024, 12, 31), True),
        (date(2025, 1, 1), False),
    ],
    ids=["day_before", "first_day", "last_day", "day_after"],
)
def test_given_a_dated_entry_when_checked_then_it_hits_only_while_valid(
    on: date, hit: bool
) -> None:
    assert check_blacklist("110105 19800101123X", [ENTRY], on).hit is hit


def test_given_another_person_when_checked_then_no_hit() -> None:
    assert not check_blacklist("110105198001011239", [ENTRY], date(2024, 6, 1)).hit


def an_invoice(
    record_id: str, claim: str = "C1", insured: str = "I1", **changes: object
) -> InvoiceRecord:
    values: dict[str, object] = {
        "invoice_number": f"N-{record_id}",
        "hospital": "市第一人民医院",
        "issued_on": date(2024, 3, int(record_id[-1]) + 1),
        "amount": Decimal("100.00") + int(record_id[-1]),
    }
    values.update(changes)
    return InvoiceRecord(record_id, claim, insured, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("twin", "scope"),
    [
        (an_invoice("R2", invoice_number="N-R1"), DuplicateScope.WITHIN_CLAIM),
        (an_invoice("R2", claim="C2", invoice_number=" n-r1 "), DuplicateScope.ACROSS_CLAIMS),
        (
            an_invoice("R2", claim="C9", insured="I9", invoice_number="N-R1"),
            DuplicateScope.ACROSS_INSUREDS,
        ),
    ],
    ids=["within_claim", "across_claims", "across_insureds"],
)
def test_given_a_reused_invoice_number_when_checked_then_the_pair_is_reported(
    twin: InvoiceRecord, scope: DuplicateScope
) -> None:
    groups = find_duplicate_invoices([an_invoice("R1"), twin, an_invoice("R3")])
    (group,) = [g for g in groups if g.kind is DuplicateKind.INVOICE_NUMBER]
    assert {r.record_id for r in group.records} == {"R1", "R2"} and group.scope is scope


def test_given_same_hospital_date_amount_when_checked_then_a_renumbered_copy_is_found() -> None:
    original = an_invoice("R1")
    copy = an_invoice("R5", claim="C2", issued_on=original.issued_on, amount=original.amount)
    (group,) = find_duplicate_invoices([original, copy])
    assert group.kind is DuplicateKind.HOSPITAL_DATE_AMOUNT


def test_given_distinct_invoices_when_checked_then_nothing_is_reported() -> None:
    assert find_duplicate_invoices([an_invoice("R1"), an_invoice("R2"), an_invoice("R3")]) == []
