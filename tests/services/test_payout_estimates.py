"""预赔 (issue 15): the estimate interval stored with its basis, the 2-hour limit met or
breached, the customer's notice — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache

import polars as pl
import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.domain.claim import Claim
from claimdesk.domain.estimates import ClaimEstimate, EstimateMethod, EstimateTrigger
from claimdesk.estimates.model import Estimator, fit_estimator
from claimdesk.estimates.portfolio import closed_claims
from claimdesk.services.auto import surveys
from claimdesk.services.claims.use_cases import ClaimReport, get_claim, report_claim
from claimdesk.services.estimates import use_cases as estimates
from claimdesk.services.notices.preferences import claim_messages
from claimdesk.services.tasks.deadlines import claim_deadlines
from claimdesk.services.verification.use_cases import correct_line
from tests.builders import (
    POLICY_NO,
    World,
    a_lab_line,
    a_report,
    a_world,
    an_auto_world,
    with_all_materials,
)
from tests.integration.test_web_pages import sign_in
from tests.services.test_auto_claims import a_record, reported

REPORTED = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
PRODUCT = "tianan-group-medical"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(REPORTED)


@pytest.fixture
def world(container) -> World:  # type: ignore[no-untyped-def]
    container.settings = container.settings.model_copy(update={"payout_estimates": True})
    return a_world(container)


def _report(world: World, report: ClaimReport) -> Claim:
    claim, _ = report_claim(world.container.context(), actor=world.users["agent"], report=report)
    return claim


def _without_lines(amount: str = "800.00") -> ClaimReport:
    """Only an amount: the engine has no lines to price, so only the model can estimate."""
    base = a_report()
    return ClaimReport(POLICY_NO, "E1", base.incident_date, "门诊", Decimal(amount))


def _estimate_limit(world: World, claim: Claim) -> tuple[object, str]:
    rows = claim_deadlines(world.container.uow(), world.container.clock,
                           world.users["manager"], claim.id or 0)  # fmt: skip
    found = [(d, status) for d, status in rows if d.code == "prepayment_estimate"]
    assert len(found) == 1
    return found[0]


def _book_model(world: World, product: str = PRODUCT) -> None:
    """A model over a seeded closed book written in this product code."""
    world.container.estimator = _fitted(product)


@cache
def _fitted(product: str) -> Estimator:
    """Fitted once per product and process: the book is seeded, so every fit is the same model
    (0.5 s of boosters each; the estimator is only read)."""
    book = closed_claims(rows=1500, seed=3).with_columns(pl.lit(product).alias("product"))
    return fit_estimator(book)


def test_health_claim_gets_the_engine_figure_at_report(world: World) -> None:
    claim = _report(world, a_report(lines=(a_lab_line("L1", "1000.00"),)))
    stored = estimates.claim_estimate(
        world.container.context(), actor=world.users["specialist"], claim_id=claim.id or 0
    )
    assert stored is not None and stored.method is EstimateMethod.ENGINE
    assert Decimal("0.00") < stored.low == stored.high <= Decimal("1000.00")
    assert "已提交" in stored.basis_zh and "bill lines submitted" in stored.basis_en
    deadline, status = _estimate_limit(world, claim)
    assert status == "met" and deadline.done_at == REPORTED  # type: ignore[attr-defined]


def test_model_interval_is_stored_with_its_basis_and_told_to_the_customer(world: World) -> None:
    _book_model(world)
    claim = _report(world, a_report(lines=(a_lab_line("L1", "2400.00"),)))
    stored = estimates.claim_estimate(
        world.container.context(), actor=world.users["customer"], claim_id=claim.id or 0
    )
    assert stored is not None and stored.method is EstimateMethod.MODEL
    assert Decimal("0.00") <= stored.low <= stored.median <= stored.high <= Decimal("2400.00")
    assert stored.low < stored.high
    assert "已结案件" in stored.basis_zh and "2400.00" in stored.basis_zh
    messages = claim_messages(
        world.container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )
    notice = [m for m in messages if m.kind == "payout_estimate"]
    assert notice, [m.kind for m in messages]
    expected = f"预计赔付区间 ¥{stored.low}–¥{stored.high}"
    assert all(expected in m.body for m in notice), notice[0].body
    assert _estimate_limit(world, claim)[1] == "met"


def test_sweep_within_two_hours_meets_the_limit(world: World, clock: FixedClock) -> None:
    _book_model(world, "another-product")  # a model, but not of this claim's product
    claim = _report(world, _without_lines())
    assert _estimate_limit(world, claim)[1] == "on_track"  # nothing to estimate from yet
    assert estimates.sweep(world.container.context()) == 0
    _book_model(world)
    clock.moment = REPORTED + timedelta(minutes=90)
    assert estimates.sweep(world.container.context()) == 1
    assert _estimate_limit(world, claim)[1] == "met"
    assert estimates.sweep(world.container.context()) == 0  # once


def test_estimate_after_two_hours_is_a_breach(world: World, clock: FixedClock) -> None:
    _book_model(world, "another-product")
    claim = _report(world, _without_lines())
    clock.moment = REPORTED + timedelta(hours=2, minutes=1)
    assert _estimate_limit(world, claim)[1] == "breached"
    _book_model(world)
    assert estimates.sweep(world.container.context()) == 1
    deadline, status = _estimate_limit(world, claim)
    assert status == "breached" and deadline.done_at == clock.moment  # type: ignore[attr-defined]


def test_nothing_to_estimate_from_no_limit(world: World) -> None:
    """No amount, or no model and no bill lines: no estimate is promised."""
    for report in (_without_lines("0"), _without_lines()):
        claim = _report(world, report)
        rows = claim_deadlines(world.container.uow(), world.container.clock,
                               world.users["manager"], claim.id or 0)  # fmt: skip
        assert all(d.code != "prepayment_estimate" for d, _ in rows)


def test_too_few_settled_claims_no_model(world: World) -> None:
    _report(world, a_report())
    assert estimates.fit_from_store(world.container.uow()) is None
    assert world.container.refit_estimator() is None


def test_the_customer_sees_the_range_and_the_specialist_its_basis(
    world: World, client: TestClient
) -> None:
    _book_model(world)
    claim = _report(world, a_report(lines=(a_lab_line("L1", "2400.00"),)))
    stored = estimates.claim_estimate(
        world.container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )
    assert stored is not None
    sign_in(client, "customer")
    portal = client.get(f"/claims/{claim.id}").text
    assert 'id="estimate-range"' in portal and "预计赔付区间" in portal
    assert f"{stored.low:,.2f}" in portal and f"{stored.high:,.2f}" in portal
    assert stored.basis_zh not in portal  # the customer gets the range, not our workings
    client.get("/logout")
    client.cookies.clear()
    sign_in(client, "specialist")
    staff = client.get(f"/claims/{claim.id}").text
    assert 'id="estimate-basis"' in staff and "已结案件" in staff
    assert "同类已结案件分位数模型" in staff  # the method by its label, not its code


# ---- revisions (issue 15): the estimate follows the claim's facts, the history is kept ----


def _history(world: World, claim_id: int) -> list[ClaimEstimate]:
    return estimates.estimate_history(
        world.container.context(), actor=world.users["manager"], claim_id=claim_id
    )


def test_a_corrected_bill_line_revises_the_estimate_and_keeps_the_first(
    world: World, clock: FixedClock, client: TestClient
) -> None:
    claim = _report(world, a_report(lines=(a_lab_line("L1", "1000.00"),)))
    first = _history(world, claim.id or 0)[0]
    clock.moment = REPORTED + timedelta(hours=5)  # later than 2 hours: the limit is not at stake
    with_all_materials(world.container, world.users["agent"], claim.id or 0)  # nothing moves
    assert len(_history(world, claim.id or 0)) == 1
    current = get_claim(world.container.context(), actor=world.users["manager"],
                        claim_id=claim.id or 0)  # fmt: skip
    receipt = {"amount": Decimal("3000.00"), "self_pay": Decimal("3000.00")}
    correct_line(world.container.context(), actor=world.users["specialist"],
                 claim_id=claim.id or 0, visit_ref="V1", line_ref="L1", changes=receipt,
                 reason="按发票原件更正", expected_version=current.version)  # fmt: skip

    history = _history(world, claim.id or 0)
    assert [(e.revision, str(e.trigger)) for e in history] == [(1, "report"), (2, "bill_lines")]
    assert history[0] == first  # the first estimate is kept as it was
    latest = estimates.claim_estimate(
        world.container.context(), actor=world.users["customer"], claim_id=claim.id or 0
    )
    assert latest == history[1] and latest.estimated_at == clock.moment
    assert latest.low > first.low  # the engine priced the corrected line
    deadline, status = _estimate_limit(world, claim)  # tracked against the first only
    assert status == "met" and deadline.done_at == REPORTED  # type: ignore[attr-defined]
    with world.container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.all_records()
                   if r.entry.entity_id == str(claim.id)]  # fmt: skip
    assert actions.count("payout_estimate") == 1 and actions.count("payout_estimate_revised") == 1
    notices = [m for m in claim_messages(world.container.context(), actor=world.users["manager"],
               claim_id=claim.id or 0) if m.kind == "payout_estimate"]  # fmt: skip
    assert any(f"¥{latest.low}–¥{latest.high}" in m.body for m in notices)
    sign_in(client, "specialist")  # the latest shown, the history below it
    staff = client.get(f"/claims/{claim.id}").text
    shown = staff.split('id="estimate-range">')[1].split("<")[0]
    assert f"{latest.low:,.2f}" in shown and 'id="estimate-history"' in staff
    assert "费用明细变更" in staff and "报案" in staff


def test_a_decided_or_unestimated_claim_is_not_revised(world: World) -> None:
    claim = _report(world, _without_lines())  # no model, no lines: never estimated
    with world.container.uow() as uow:
        context = world.container.context().with_uow(uow)
        assert estimates.revise_estimate(context, claim.id or 0, EstimateTrigger.MATERIALS) is None
    assert _history(world, claim.id or 0) == []


def test_a_signed_survey_revises_an_auto_estimate_from_the_assessment(
    container, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    container.settings = container.settings.model_copy(update={"payout_estimates": True})
    auto = an_auto_world(container)
    book = closed_claims(rows=1500, seed=3).with_columns(pl.lit("auto-commercial").alias("product"))
    container.estimator = fit_estimator(book)
    view = reported(container, auto)  # reported at 3,000 yuan
    claim_id = view.claim.id or 0
    first = estimates.claim_estimate(container.context(), actor=auto.users["manager"],
                                     claim_id=claim_id)  # fmt: skip
    assert first is not None and first.high <= Decimal("3000.00")
    clock.moment = REPORTED + timedelta(hours=3)
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(user for user in auto.users.values() if user.id == surveyor_id)
    surveys.record_survey(container.context(), actor=surveyor, claim_id=claim_id,
                          record=a_record("12000.00"))  # fmt: skip
    surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)

    history = estimates.estimate_history(container.context(), actor=auto.users["manager"],
                                         claim_id=claim_id)  # fmt: skip
    assert [str(e.trigger) for e in history] == ["report", "survey"]
    latest = history[-1]
    assert latest.high > Decimal("3000.00") >= first.high  # scaled to the 12,000 yuan assessed
    assert "定损" in latest.basis_zh and "12000.00" in latest.basis_zh
    assert "assessed loss" in latest.basis_en
