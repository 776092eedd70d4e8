"""Adjudicating stored claims: the ledger keeps accumulators exact through reopen, return,
denial and overrides; the stored result is what the CLI and the what-if API give."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimdesk.bootstrap import Container
from claimdesk.cli import app
from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.request_json import request_to_json
from claimdesk.contract.result_json import result_to_json
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import (
    ErrorCode,
    MakerChecker,
    ReasonRequired,
    StaleVersion,
)
from claimdesk.domain.refusals import Refused
from claimdesk.rules.benefit_ledger import LineOverride, add_deltas
from claimdesk.services.adjudication.use_cases import (
    MaterialsMissing,
    get_adjudication,
    override_line,
)
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from tests.builders import (
    World,
    a_lab_line,
    a_report,
    a_world,
    pay_through_the_bank,
    token_for,
    with_all_materials,
)

S = ClaimStatus


def _move(world: World, who: str, claim: Claim, *targets: ClaimStatus, reason: str = "") -> Claim:
    container = world.container
    denial = Denial(("EXCLUDED_SERVICE",), "第四部分 二.11")
    for target in targets:
        claim = move_claim(
            container.context(),
            actor=world.users[who],
            claim_id=claim.id or 0,
            target=target,
            reason=reason,
            expected_version=claim.version,
            denial=denial if target == S.DENIED else None,
        )
    return claim


def _adjudicated(world: World, amount: str) -> Claim:
    container = world.container
    report = a_report(lines=(a_lab_line("L1", amount),))
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=report, idempotency_key=None
    )
    with_all_materials(container, world.users["agent"], claim.id or 0)
    claim = _move(world, "specialist", claim, S.ACCEPTED)  # complete: on to under_review
    return _move(world, "specialist2", claim, S.ADJUDICATED)


def _history_of_insured(world: World) -> dict[str, Decimal | int]:
    container = world.container
    product = container.products["tianan-group-medical"]
    with container.uow() as uow:
        rows = uow.adjudications.ledger_rows(
            world.insured[0].id or 0, world.policy.id or 0, excluding_claim=None
        )
    return add_deltas(product, rows)


def test_second_claim_sees_the_deductible_the_first_one_used(container: Container) -> None:
    world = a_world(container)
    first = _adjudicated(world, "1000.00")
    second = _adjudicated(world, "1000.00")
    one = get_adjudication(
        container.context(), actor=world.users["manager"], claim_id=first.id or 0
    )
    two = get_adjudication(
        container.context(), actor=world.users["manager"], claim_id=second.id or 0
    )
    assert one is not None and two is not None
    assert one.result.payable == Decimal("280.00")  # (1000 − 600 deductible) × 70%
    assert two.request.history["outpatient_deductible_used"] == Decimal("600.00")
    assert two.result.payable == Decimal("700.00")
    assert _history_of_insured(world)["outpatient_paid"] == Decimal("980.00")


def test_reopened_claim_is_rebooked_not_counted_twice(container: Container) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1000.00")
    claim = _move(world, "approver", claim, S.APPROVED)
    claim = _move(world, "finance", claim, S.PAYMENT_PENDING)
    claim = _move(world, "finance", pay_through_the_bank(world, claim), S.CLOSED)
    claim = _move(world, "manager", claim, S.REOPENED, reason="补充发票")
    claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    _move(world, "specialist2", claim, S.ADJUDICATED)
    history = _history_of_insured(world)
    assert history["outpatient_paid"] == Decimal("280.00")
    assert history["outpatient_deductible_used"] == Decimal("600.00")


@pytest.mark.parametrize(
    ("who", "target", "reason"),
    [("approver", S.UNDER_REVIEW, "退回重算"), ("approver", S.DENIED, "责任免除")],
    ids=["returned", "denied"],
)
def test_leaving_the_path_to_payment_releases_the_booking(
    container: Container, who: str, target: ClaimStatus, reason: str
) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1000.00")
    _move(world, who, claim, target, reason=reason)
    assert all(value == 0 for value in _history_of_insured(world).values())


def test_adjudication_waits_for_every_missing_material(container: Container) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    claim = _move(world, "specialist", claim, S.ACCEPTED, S.UNDER_REVIEW)
    with pytest.raises(MaterialsMissing) as refused:
        _move(world, "specialist2", claim, S.ADJUDICATED)
    assert len(refused.value.missing) == 5
    assert (
        get_claim(container.context(), actor=world.users["agent"], claim_id=claim.id or 0).status
        == S.UNDER_REVIEW
    )


def test_stored_result_is_what_the_cli_and_the_what_if_api_give(
    container: Container, client: TestClient, tmp_path: object
) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1234.56")
    record = get_adjudication(
        container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )
    assert record is not None
    request = request_to_json(record.request)
    python_result = adjudicate_json(request, container.products)
    api_result = client.post(
        "/api/adjudications", json=request, headers=token_for(client, "specialist")
    ).json()
    request_file = tmp_path / "claim.json"  # type: ignore[operator]
    request_file.write_text(json.dumps(request, ensure_ascii=False))
    cli_result = json.loads(CliRunner().invoke(app, ["adjudicate", str(request_file)]).stdout)
    assert result_to_json(record.result) == python_result == api_result == cli_result


def test_what_if_api_needs_a_staff_sign_in(container: Container, client: TestClient) -> None:
    a_world(container)
    assert client.post("/api/adjudications", json={}).status_code == 401
    customer = client.post("/api/adjudications", json={}, headers=token_for(client, "customer"))
    assert customer.status_code == 403


def _override(
    world: World, who: str, claim: Claim, payable: str, reason: str = "复核发票"
) -> object:
    container = world.container
    return override_line(
        container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        change=LineOverride("V1", "L1", Decimal(payable), reason),
        expected_version=claim.version,
    )


def test_override_changes_payable_and_ledger_and_is_audited(container: Container) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1000.00")
    record = _override(world, "specialist", claim, "250.00")
    assert record.payable == Decimal("250.00") and record.engine_payable == Decimal("280.00")
    assert record.overrides[0].reason == "复核发票" and record.overrides[
        0
    ].engine_payable == Decimal("280.00")
    assert _history_of_insured(world)["outpatient_paid"] == Decimal("250.00")
    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.for_entity("claim", str(claim.id))]
    assert actions[-1] == "override_line"


def test_override_needs_a_reason_a_fresh_version_and_stays_within_bounds(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1000.00")
    with pytest.raises(ReasonRequired):
        _override(world, "specialist", claim, "250.00", reason=" ")
    with pytest.raises(Refused) as out_of_range:
        _override(world, "specialist", claim, "1000.01")
    assert out_of_range.value.code == ErrorCode.OVERRIDE_OUT_OF_RANGE
    _override(world, "specialist", claim, "250.00")
    with pytest.raises(StaleVersion):
        _override(world, "specialist", claim, "260.00")


def test_override_cannot_break_the_outpatient_sub_limit(container: Container) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "3000.00")  # (3000 − 600) × 70% = 1680 → cut to 1400 sub-limit
    with pytest.raises(Refused) as refused:
        _override(world, "specialist", claim, "1500.00")
    assert "outpatient" in refused.value.message_en
    assert refused.value.code == ErrorCode.OVERRIDE_OVER_LIMIT


def test_whoever_overrode_a_line_cannot_approve_the_claim(container: Container) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1000.00")
    _override(world, "manager", claim, "250.00")
    claim = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    with pytest.raises(MakerChecker):
        _move(world, "manager", claim, S.APPROVED)
    assert _move(world, "approver", claim, S.APPROVED).status == S.APPROVED
