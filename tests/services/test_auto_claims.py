"""Auto-claim use cases on a real database: reserve history, approval gate, tender quotes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.auto_claim import (
    AssessmentItem,
    AutoIncident,
    Driver,
    ResurveyRequired,
    SurveyRecord,
    TenderQuote,
    TenderRequired,
    Vehicle,
)
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.services.auto import surveys
from claimdesk.services.auto import use_cases as auto_claims
from claimdesk.services.auto.use_cases import AutoClaimReport, AutoClaimView
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.reserves.use_cases import reserve_history
from tests.builders import AUTO_POLICY_NO, AutoWorld, an_auto_world, repair_shops

S = ClaimStatus
SHOPS = {
    "北京燕京汽修": "cooperating",
    "北京博瑞修理厂": "cooperating",
    "北京华通4S店": "cooperating",
}
QUOTES = (
    TenderQuote("北京燕京汽修", Decimal("34800.00")),
    TenderQuote("北京博瑞修理厂", Decimal("35500.00")),
    TenderQuote("北京华通4S店", Decimal("36900.00")),
)


def an_incident(**changes: object) -> AutoIncident:
    values: dict[str, object] = {
        "accident_at": datetime(2026, 5, 31, 2, 0, tzinfo=UTC),
        "place": "北京市海淀区中关村大街1号",
        "cause": "collision",
        "vehicle": Vehicle("京A12345", "大众帕萨特"),
        "driver": Driver("王五"),
        "estimated_loss": Decimal("3000.00"),
        "handled_by_traffic_police": True,
        "suspicions": ("报案时间与出险时间间隔异常",),
    }
    values.update(changes)
    return AutoIncident(**values)  # type: ignore[arg-type]


def reported(container: Container, auto: AutoWorld, **changes: object) -> AutoClaimView:
    report = AutoClaimReport(AUTO_POLICY_NO, "V1", an_incident(**changes))
    return auto_claims.report_auto_claim(
        container.context(), actor=auto.users["agent"], report=report
    )


def a_record(loss: str, facts: str = "现场查勘") -> SurveyRecord:
    """An assessment of one repaired part (labour only) at `loss`."""
    item = AssessmentItem("车身总成", "repair", Decimal(loss), "", "body_shell", Decimal(loss))
    return SurveyRecord(facts, (1, 2), (item,), Decimal(loss))


def surveyed(container: Container, auto: AutoWorld, loss: str) -> int:
    """Reported, surveyed by the assigned surveyor at `loss`, signed by the agent."""
    view = reported(container, auto)
    claim_id = view.claim.id or 0
    record = a_record(loss)
    _by_assigned(container, auto, claim_id, record)
    surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)
    return claim_id


def _by_assigned(
    container: Container, auto: AutoWorld, claim_id: int, record: SurveyRecord
) -> None:
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(user for user in auto.users.values() if user.id == surveyor_id)
    surveys.record_survey(container.context(), actor=surveyor, claim_id=claim_id, record=record)


def to_adjudicated(container: Container, auto: AutoWorld, claim_id: int) -> int:
    version = 1
    for who, target in (("agent", S.ACCEPTED), ("specialist", S.UNDER_REVIEW)):
        version = _move(container, auto, who, claim_id, target, version)
    return _move(container, auto, "specialist", claim_id, S.ADJUDICATED, version)


def _move(
    container: Container, auto: AutoWorld, who: str, claim_id: int, to: ClaimStatus, version: int
) -> int:
    moved = move_claim(
        container.context(),
        actor=auto.users[who],
        claim_id=claim_id,
        target=to,
        reason="",
        expected_version=version,
    )
    return moved.version


def test_the_reserve_starts_from_the_cause_default_and_follows_the_assessment(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    view = reported(container, auto, cause="theft", estimated_loss=Decimal("0.00"))
    claim_id = view.claim.id or 0
    _by_assigned(container, auto, claim_id, SurveyRecord("车辆被盗", (), (), Decimal("64000.00")))
    history = reserve_history(container.context(), actor=auto.users["manager"], claim_id=claim_id)
    assert [(str(e.amount), str(e.basis)) for e in history] == [
        ("80000.00", "cause_default"),
        ("64000.00", "survey"),
    ]
    with container.uow() as uow:
        audits = [r.entry for r in uow.audit.for_entity("claim", str(claim_id))]
    changes = [(a.before, a.after) for a in audits if a.action == "set_reserve"]
    assert changes[1] == (
        {"reserve": "80000.00", "basis": "cause_default"},
        {"reserve": "64000.00", "basis": "survey"},
    )


def test_an_unchanged_assessment_leaves_the_reserve_history_alone(container: Container) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto).claim.id or 0
    _by_assigned(container, auto, claim_id, SurveyRecord("", (), (), Decimal("3000.00")))
    assert (
        len(reserve_history(container.context(), actor=auto.users["manager"], claim_id=claim_id))
        == 1
    )


def test_a_tender_case_is_not_approved_before_the_resurvey_and_three_quotes(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    claim_id = surveyed(container, auto, "35000.00")
    version = to_adjudicated(container, auto, claim_id)
    with pytest.raises(ResurveyRequired):
        _move(container, auto, "approver", claim_id, S.APPROVED, version)
    auto_claims.assign_resurvey(
        container.uow(), container.clock, auto.users["agent"], claim_id, None
    )
    _by_assigned(container, auto, claim_id, a_record("34800.00", "复勘"))
    surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)
    with pytest.raises(TenderRequired):
        _move(container, auto, "approver", claim_id, S.APPROVED, version)
    repair_shops(container, auto.users["admin"], SHOPS)
    auto_claims.record_quotes(
        container.uow(), container.clock, auto.users["specialist"], claim_id, QUOTES
    )
    assert _move(container, auto, "approver", claim_id, S.APPROVED, version) == version + 1


def test_tender_quotes_need_three_different_repair_shops(container: Container) -> None:
    auto = an_auto_world(container)
    claim_id = surveyed(container, auto, "31000.00")
    repair_shops(container, auto.users["admin"], SHOPS)
    twice = (QUOTES[0], QUOTES[0], QUOTES[1])
    with pytest.raises(Refused) as refused:
        auto_claims.record_quotes(
            container.uow(), container.clock, auto.users["specialist"], claim_id, twice
        )
    assert refused.value.field == "quotes"
    assert refused.value.code == ErrorCode.TENDER_QUOTES_TOO_FEW


def test_a_claim_below_the_thresholds_is_approved_without_more_steps(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    claim_id = surveyed(container, auto, "4000.00")
    version = to_adjudicated(container, auto, claim_id)
    assert _move(container, auto, "approver", claim_id, S.APPROVED, version) == version + 1
