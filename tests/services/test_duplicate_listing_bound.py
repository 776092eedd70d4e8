"""Duplicate invoices list at most 20 other claims, oldest first, then a count (issue 17: the
lead's bound — an invoice copied into hundreds of claims made every report read, store and
show them all). The spec asks only for the "duplicate invoices" red flag."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim
from claimdesk.fraud.cases import StoredFlag
from claimdesk.services.claims.use_cases import ClaimReport, report_claim
from claimdesk.services.fraud.duplicates import LISTED_CLAIMS
from claimdesk.services.fraud.rings import claim_fraud_view
from tests.builders import World, a_bill_line, a_report, a_world

# PostgreSQL too: the lookup is a UNION over two expression indexes (tests/conftest.py).
pytestmark = pytest.mark.postgres


def _reported(world: World, report: ClaimReport) -> Claim:
    context = world.container.context()
    return report_claim(context, actor=world.users["agent"], report=report)[0]


def _with_receipt(number: str) -> ClaimReport:
    report = a_report()
    return replace(report, visits=(replace(report.visits[0], receipt_number=number),))


def _flag(world: World, claim: Claim, code: str) -> StoredFlag:
    view = claim_fraud_view(world.container.uow(), world.users["investigator"], claim.id or 0)
    assert view.assessment is not None
    [flag] = [flag for flag in view.assessment.flags if flag.code == code]
    return flag


def _claims(world: World, count: int, report: ClaimReport) -> list[Claim]:
    return [_reported(world, report) for _ in range(count)]


def test_an_invoice_in_more_than_twenty_claims_lists_the_twenty_oldest_and_counts_the_rest(
    container: Container,
) -> None:
    world = a_world(container)
    earlier = _claims(world, LISTED_CLAIMS + 2, _with_receipt("INV 0001"))
    latest = _reported(world, _with_receipt("inv0001"))

    explanation = _flag(world, latest, "DUPLICATE_INVOICE").explanation
    oldest = [claim.claim_no for claim in earlier[:LISTED_CLAIMS]]
    assert explanation["other_claims"] == oldest
    assert explanation["more_claims"] == 2
    for group in explanation["groups"]:  # by the number, and as a re-numbered copy
        assert group["claims"] == [*oldest, latest.claim_no]  # claim-number order: oldest first
        assert group["more_claims"] == 2
        assert group["scope"] == "across_claims"  # the bound leaves what the group is alone
    assert len(explanation["groups"]) == 2


def test_an_invoice_in_twenty_other_claims_lists_them_all_without_a_count(
    container: Container,
) -> None:
    world = a_world(container)
    earlier = _claims(world, LISTED_CLAIMS, _with_receipt("R-20"))
    latest = _reported(world, _with_receipt("R-20"))

    explanation = _flag(world, latest, "DUPLICATE_INVOICE").explanation
    assert explanation["other_claims"] == [claim.claim_no for claim in earlier]
    assert "more_claims" not in explanation
    assert "more_claims" not in explanation["groups"][0]


def test_a_possible_duplicate_names_twenty_claims_and_counts_the_rest_in_flag_and_referral(
    container: Container,
) -> None:
    world = a_world(container)
    earlier = _claims(world, LISTED_CLAIMS + 3, a_report())  # no receipt number: possible
    latest = _reported(world, a_report())

    flag = _flag(world, latest, "POSSIBLE_DUPLICATE_VISIT")
    listed = "、".join(claim.claim_no for claim in earlier[:LISTED_CLAIMS])
    assert f"{listed}…等另外 3 件 中出现" in flag.message_zh
    assert f"{listed} … and 3 more (no receipt number)" in flag.message_en
    assert earlier[LISTED_CLAIMS].claim_no not in flag.message_zh
    assert flag.explanation["more_claims"] == "3"
    view = claim_fraud_view(container.uow(), world.users["investigator"], latest.id or 0)
    [investigation] = view.investigations
    assert "…等另外 3 件" in investigation.reason


def test_the_scan_reads_only_visits_of_the_same_hospital_day_and_amount(
    container: Container,
) -> None:
    world = a_world(container)
    same = _reported(world, a_report())
    other_amount = _reported(world, a_report(lines=(a_bill_line(self_pay="120.00"),)))
    latest = _reported(world, a_report())
    visit = latest.visits[0]

    with container.uow() as uow:
        records = uow.fraud.invoices_like(
            set(), {(visit.hospital_code, visit.date)}, latest.id or 0
        )
    read = {record.claim_id for record in records}
    assert read == {same.claim_no, latest.claim_no}  # not other_amount's: it cannot be a twin
    assert other_amount.claim_no not in read
