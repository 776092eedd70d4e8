"""Pure helpers behind anti-fraud on stored claims: the blacklist year, exact duplicates,
the claims feature table and its synthetic fallback, the KPI."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.analytics.fraud_report import fraud_report
from claimdesk.fraud.blacklist import BlacklistEntry, check_blacklist_for_year
from claimdesk.fraud.cases import Investigation, Outcome, ReferralSource
from claimdesk.fraud.claim_features import (
    ClaimFeatureFacts,
    enough_labels,
    feature_table,
    is_night,
    synthetic_claim_table,
)
from claimdesk.fraud.duplicates import InvoiceRecord, exact_duplicates, find_duplicate_invoices

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "hit"),
    [
        (date(2026, 6, 1), None, True),
        (date(2024, 1, 1), date(2026, 1, 1), True),
        (date(2020, 1, 1), date(2021, 12, 31), False),
        (date(2027, 1, 1), None, False),
    ],
    ids=["added-mid-year", "ends-on-first-day", "expired-before", "starts-after"],
)
def test_an_entry_hits_the_claims_of_a_policy_year_it_touches(
    valid_from: date, valid_until: date | None, hit: bool
) -> None:
    entry = BlacklistEntry("11010519491231002x", "虚假理赔", "", valid_from, valid_until, "x")
    assert check_blacklist_for_year("11010519491231002X", [entry], *YEAR).hit is hit


def _invoice(record: str, claim: str, number: str, amount: str = "100.00") -> InvoiceRecord:
    return InvoiceRecord(record, claim, "I1", number, "SH-0001", date(2026, 5, 20), Decimal(amount))


def test_same_visit_without_receipt_numbers_is_only_possible() -> None:
    unnumbered = find_duplicate_invoices([_invoice("a", "C1", ""), _invoice("b", "C2", "")])
    renumbered = find_duplicate_invoices([_invoice("a", "C1", "X1"), _invoice("b", "C2", "X2")])
    assert unnumbered and not exact_duplicates(unnumbered)
    assert len(exact_duplicates(renumbered)) == 1


def test_feature_rows_count_days_and_the_night() -> None:
    facts = ClaimFeatureFacts(
        7, Decimal("2900.00"), "auto", "auto-commercial", date(2026, 1, 1), date(2026, 1, 5),
        datetime(2026, 1, 20, 2, 0, tzinfo=UTC), 2, 0, 0,
        datetime(2026, 1, 5, 14, 30, tzinfo=UTC),  # 22:30 in Beijing
    )  # fmt: skip
    row = feature_table([facts]).row(0, named=True)
    assert row["days_since_policy_start"] == 4
    assert row["report_delay_days"] == 15
    assert row["night"] == 1 and is_night(None) == 0


def test_the_synthetic_fallback_is_seeded_and_has_both_classes() -> None:
    first, second = synthetic_claim_table(500, seed=3), synthetic_claim_table(500, seed=3)
    assert first.equals(second)
    assert enough_labels(first["fraud"].to_list())
    assert not enough_labels([1] * 5 + [0] * 100)


def test_the_kpi_counts_by_month_of_closing_in_beijing() -> None:
    def closed(at: datetime, outcome: Outcome, avoided: str) -> Investigation:
        return Investigation(1, 1, "x", "r", ReferralSource.MANUAL, at, outcome=outcome,
                             avoided_loss=Decimal(avoided), closed_at=at)  # fmt: skip

    rows = fraud_report([
        closed(datetime(2026, 5, 31, 17, 0, tzinfo=UTC), Outcome.FRAUD_PROVEN, "800.00"),  # 6/1
        closed(datetime(2026, 6, 2, 1, 0, tzinfo=UTC), Outcome.NOT_PROVEN, "0"),
        closed(datetime(2026, 4, 2, 1, 0, tzinfo=UTC), Outcome.FRAUD_PROVEN, "50.50"),
    ])  # fmt: skip
    assert [(r.month, r.investigations, r.proven, r.avoided_loss) for r in rows] == [
        ("2026-04", 1, 1, Decimal("50.50")),
        ("2026-06", 2, 1, Decimal("800.00")),
        ("total", 3, 2, Decimal("850.50")),
    ]
