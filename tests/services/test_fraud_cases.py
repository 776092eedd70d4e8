"""Anti-fraud on stored claims: blacklist, red flags, duplicates, investigations, the KPI."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import IllegalTransition
from claimdesk.domain.payment import PaymentStatus
from claimdesk.fraud.cases import Outcome, StoredBlacklistEntry
from claimdesk.rules.reasons import Decision, ReasonCode
from claimdesk.services.adjudication.use_cases import get_adjudication
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.materials import submit_materials
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import ClaimReport, get_claim, report_claim
from claimdesk.services.fraud import cases as fraud_cases
from claimdesk.services.fraud.referral import UnderInvestigation, open_investigation
from claimdesk.services.fraud.rings import claim_fraud_view
from tests.builders import (
    ID_NUMBERS,
    World,
    a_lab_line,
    a_report,
    a_world,
    with_all_materials,
)

S = ClaimStatus


def _reported(world: World, report: ClaimReport | None = None) -> Claim:
    container = world.container
    claim, _ = report_claim(
        container.context(),
        actor=world.users["agent"],
        report=report or a_report(),
        idempotency_key=None,
    )
    return claim


def _under_review(world: World, report: ClaimReport | None = None) -> Claim:
    claim = _reported(world, report)
    with_all_materials(world.container, world.users["agent"], claim.id or 0)
    return _move(world, "specialist", claim, S.ACCEPTED)


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, reason: str = "") -> Claim:
    container = world.container
    return move_claim(
        container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason=reason,
        expected_version=claim.version,
        denial=Denial(("EXCLUDED_SERVICE",), "第四部分 二.11") if target == S.DENIED else None,
    )


def _entry(id_number: str, valid_from: date, valid_until: date | None) -> StoredBlacklistEntry:
    return StoredBlacklistEntry(None, id_number, "张三", "虚假理赔", "调查报告", valid_from,
                                valid_until, "", datetime(2026, 6, 1, tzinfo=UTC))  # fmt: skip


def _blacklist(world: World, entry: StoredBlacklistEntry) -> list[int]:
    container = world.container
    _, routed = fraud_cases.add_to_blacklist(
        container.context(), actor=world.users["investigator"], entry=entry
    )
    return routed


def _view(world: World, claim: Claim):  # type: ignore[no-untyped-def]
    return claim_fraud_view(world.container.uow(), world.users["investigator"], claim.id or 0)


def _close(world: World, investigation_id: int, outcome: Outcome, avoided: str | None = None):  # type: ignore[no-untyped-def]
    container = world.container
    report = fraud_cases.ClosingReport(outcome, "核实完毕", Decimal(avoided) if avoided else None)
    return fraud_cases.close_investigation(
        container.context(),
        actor=world.users["investigator"],
        investigation_id=investigation_id,
        report=report,
    )


def test_blacklisting_routes_the_years_open_claims_and_the_engine_denies(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _under_review(world)
    assert claim.status == S.UNDER_REVIEW

    routed = _blacklist(world, _entry(ID_NUMBERS[0], date(2026, 6, 1), None))

    assert routed == [claim.id]
    claim = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    assert claim.status == S.INVESTIGATION
    view = _view(world, claim)
    assert view.assessment is not None and view.assessment.routing == "hard_stop"
    assert "BLACKLIST" in [flag.code for flag in view.assessment.flags]
    [investigation] = view.investigations
    assert investigation.source == "blacklist"
    assert investigation.assigned_to == world.users["investigator"].id
    _close(world, investigation.id or 0, Outcome.NOT_PROVEN)
    claim = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    assert claim.status == S.UNDER_REVIEW
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    adjudication = get_adjudication(
        container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )
    assert adjudication is not None
    assert adjudication.request.insured.blacklisted is True
    assert adjudication.result.decision == Decision.DENIED
    assert ReasonCode.BLACKLISTED in [reason.code for reason in adjudication.result.reasons]


def test_an_expired_entry_does_not_hit(container: Container) -> None:
    world = a_world(container)
    _blacklist(world, _entry(ID_NUMBERS[0], date(2020, 1, 1), date(2021, 12, 31)))
    claim = _under_review(world)
    assert claim.status == S.UNDER_REVIEW
    view = _view(world, claim)
    assert view.assessment is not None
    assert "BLACKLIST" not in [flag.code for flag in view.assessment.flags]
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    adjudication = get_adjudication(
        container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )
    assert adjudication is not None and adjudication.request.insured.blacklisted is False


def _with_receipt(report: ClaimReport, number: str) -> ClaimReport:
    return replace(report, visits=(replace(report.visits[0], receipt_number=number),))


def test_the_same_receipt_across_two_insureds_is_a_hard_stop(container: Container) -> None:
    world = a_world(container)
    first = _reported(world, _with_receipt(a_report(), "INV 0001"))
    second = _under_review(world, _with_receipt(a_report(member_no="E2"), "inv0001"))

    view = _view(world, second)
    assert view.assessment is not None and view.assessment.routing == "hard_stop"
    [duplicate] = [f for f in view.assessment.flags if f.code == "DUPLICATE_INVOICE"]
    assert duplicate.explanation["other_claims"] == [first.claim_no]
    assert duplicate.explanation["groups"][0]["scope"] == "across_insureds"
    assert second.status == S.INVESTIGATION  # a hard stop holds the claim for the investigator


def test_a_duplicate_blocks_adjudication_until_cleared(container: Container) -> None:
    world = a_world(container)
    _reported(world, _with_receipt(a_report(), "R-77"))
    claim = _under_review(world, _with_receipt(a_report(), "R-77"))
    [investigation] = _view(world, claim).investigations
    _close(world, investigation.id or 0, Outcome.NOT_PROVEN)
    claim = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    assert _move(world, "specialist2", claim, S.ADJUDICATED).status == S.ADJUDICATED


def test_a_claim_whose_twin_comes_later_is_held_when_it_returns_to_review(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _under_review(world, _with_receipt(a_report(), "R-88"))
    assert claim.status == S.UNDER_REVIEW  # its twin does not exist yet
    twin = _reported(world, _with_receipt(a_report(member_no="E2"), "R-88"))
    claim = _move(world, "specialist", claim, S.MATERIALS_PENDING)
    claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    assert claim.status == S.INVESTIGATION  # re-assessed on the move, found the twin, held
    flags = _view(world, claim).assessment
    assert flags is not None and twin.claim_no in str(flags.flags)


def test_a_held_claim_that_the_materials_check_moves_to_review_is_held_there_too(
    container: Container,
) -> None:
    """The system's move to review runs the same reactions as a person's: reassessed, held."""
    world = a_world(container)
    _reported(world, _with_receipt(a_report(), "R-99"))
    claim = _move(world, "specialist", _reported(world, _with_receipt(a_report(), "R-99")),
                  S.ACCEPTED)  # fmt: skip
    assert claim.status == S.MATERIALS_PENDING
    with_all_materials(container, world.users["agent"], claim.id or 0)
    checked = submit_materials(
        container.context(), actor=world.users["agent"], claim_id=claim.id or 0
    )
    assert checked.claim.status == S.INVESTIGATION
    with pytest.raises(IllegalTransition):
        _move(world, "specialist2", checked.claim, S.ADJUDICATED)
    with pytest.raises(UnderInvestigation):  # back to review only with the outcome recorded
        _move(world, "investigator", checked.claim, S.UNDER_REVIEW, reason="查无问题")


@pytest.mark.parametrize("state", [S.REPORTED, S.MATERIALS_PENDING, S.UNDER_REVIEW, S.APPROVED])
def test_fraud_proven_denies_the_claim_whatever_open_state_it_is_in(
    container: Container, state: ClaimStatus
) -> None:
    world = a_world(container)
    claim = _reported(world)
    if state == S.MATERIALS_PENDING:
        claim = _move(world, "specialist", claim, S.ACCEPTED)
    elif state in (S.UNDER_REVIEW, S.APPROVED):  # payable 280.00: not a zero settlement
        claim = _under_review(world, a_report(lines=(a_lab_line("L1", "1000.00"),)))
    if state == S.APPROVED:
        claim = _move(world, "specialist2", claim, S.ADJUDICATED)
        claim = _move(world, "approver", claim, S.APPROVED)
    assert claim.status == state
    with container.uow() as uow:
        investigation = open_investigation(uow, claim.id or 0)  # a red flag may have referred it
    if investigation is None:
        investigation = fraud_cases.refer_claim(
            container.context(), actor=world.users["specialist"], claim_id=claim.id or 0,
            reason="举报：伪造发票",
        )  # fmt: skip
    _close(world, investigation.id or 0, Outcome.FRAUD_PROVEN)
    denied = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    assert denied.status == S.DENIED
    assert denied.denial is not None and denied.denial.reason_codes == ("FRAUD_PROVEN",)
    with container.uow() as uow:
        statuses = {p.status for p in uow.payments.for_claim(claim.id or 0)}
    assert statuses <= {PaymentStatus.CANCELLED}  # nothing of it will be paid
