"""Complaint handling (投诉处理): time limits on the working-day calendar, answer, confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.complaints import NewComplaint, RootCause, Severity
from claimdesk.domain.errors import ErrorCode, Forbidden, InvalidInput, NotFound
from claimdesk.domain.refusals import Refused
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.complaints import use_cases as complaints
from claimdesk.services.service_desk.feedback import file_complaint
from claimdesk.workflow.deadlines import DeadlineStatus
from tests.builders import World, a_report, a_world, token_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 10:00 in Shanghai on the eve of the National Day holiday (10-01 … 10-07; 10-10 is 调休).
EVE_OF_HOLIDAY = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)


def _end_of(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T23:59:59.999999").replace(tzinfo=SHANGHAI)


def _claim_id(world: World) -> int:
    c = world.container
    claim, _ = report_claim(
        c.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    return claim.id or 0


def _logged(world: World, claim_id: int | None, text: str = "赔款太慢") -> complaints.ComplaintCase:
    c, new = world.container, NewComplaint(Channel.PHONE, text, claim_id, world.insured[0].id)
    return complaints.log_complaint(c.context(), actor=world.users["agent"], new=new)


def _at(container: Container, moment: datetime) -> None:
    assert isinstance(container.clock, FixedClock)
    container.clock.moment = moment


def test_due_dates_count_working_days_over_the_national_day_holiday(container: Container) -> None:
    world = a_world(container)
    claim_id = _claim_id(world)
    _at(container, EVE_OF_HOLIDAY)
    case = _logged(world, claim_id)
    assert case.internal.due_at == _end_of("2026-10-10")  # 10-08, 10-09, make-up Sat 10-10
    assert case.regulator.due_at == _end_of("2026-10-15")  # 15 calendar days
    major = complaints.classify(
        container.context(),
        actor=world.users["manager"],
        case_id=case.id or 0,
        severity=Severity.MAJOR,
        root_cause=RootCause.SLOW_PAYMENT,
    )
    assert major.internal.due_at == _end_of("2026-10-13")  # 5 working days
    assert (
        complaints.get_case(container.context(), actor=world.users["agent"], case_id=case.id or 0)
        == major
    )


def test_an_unanswered_complaint_goes_at_risk_then_breached(container: Container) -> None:
    world = a_world(container)
    _at(container, EVE_OF_HOLIDAY)
    case = _logged(world, _claim_id(world))
    assert case.internal_status(EVE_OF_HOLIDAY) == DeadlineStatus.ON_TRACK
    noon_on_day_three = datetime(2026, 10, 10, 12, 0, tzinfo=SHANGHAI)  # 80% used at 09:36
    assert case.internal_status(_end_of("2026-10-09")) == DeadlineStatus.ON_TRACK
    assert case.internal_status(noon_on_day_three) == DeadlineStatus.AT_RISK
    assert case.internal_status(_end_of("2026-10-10") + timedelta(1)) == DeadlineStatus.BREACHED
    assert case.regulator_status(_end_of("2026-10-12")) == DeadlineStatus.ON_TRACK


def test_answer_notifies_the_customer_who_confirms_or_reopens(container: Container) -> None:
    world = a_world(container)
    c, customer = container, world.users["customer"]
    case = _logged(world, _claim_id(world))
    answered = complaints.answer(
        c.context(), actor=world.users["agent"], case_id=case.id or 0, text="已加急"
    )
    assert answered.internal_status(c.clock.now()) == DeadlineStatus.MET
    with c.uow() as uow:
        kinds = [m.kind for m in uow.outbox.for_claim(case.claim_id or 0)]
    assert kinds.count("complaint_answered") == 2  # in-app and SMS
    reopened = complaints.confirm(
        c.context(), actor=customer, case_id=case.id or 0, satisfied=False, comment="仍未到账"
    )
    assert reopened.status == "open" and reopened.satisfied is False
    complaints.answer(
        c.context(), actor=world.users["manager"], case_id=case.id or 0, text="今日到账"
    )
    closed = complaints.confirm(
        c.context(), actor=customer, case_id=case.id or 0, satisfied=True, comment=""
    )
    assert closed.status == "closed" and closed.answered_at == answered.answered_at
    with c.uow() as uow:
        actions = [r.entry.action for r in uow.audit.for_entity("complaint", str(case.id))]
    assert actions.count("answer_complaint") == 2 and "confirm_complaint" in actions


def test_only_handlers_classify_and_customers_see_only_their_own(container: Container) -> None:
    world = a_world(container)
    c = container
    case = _logged(world, _claim_id(world))
    with pytest.raises(Forbidden):
        complaints.classify(
            c.context(),
            actor=world.users["customer"],
            case_id=case.id or 0,
            severity=Severity.MAJOR,
            root_cause=RootCause.OTHER,
        )
    with pytest.raises(NotFound):
        complaints.get_case(c.context(), actor=world.users["other_customer"], case_id=case.id or 0)
    with pytest.raises(Forbidden):
        complaints.confirm(
            c.context(),
            actor=world.users["agent"],
            case_id=case.id or 0,
            satisfied=True,
            comment="",
        )
    with pytest.raises(Refused) as not_answered:  # not answered yet
        complaints.confirm(
            c.context(),
            actor=world.users["customer"],
            case_id=case.id or 0,
            satisfied=True,
            comment="",
        )
    assert not_answered.value.code == ErrorCode.COMPLAINT_NOT_ANSWERED
    with pytest.raises(InvalidInput):
        _logged(world, None, "   ")
    mine = complaints.list_cases(
        c.context(), actor=world.users["customer"], status=None, after_id=None, limit=10
    )
    theirs = complaints.list_cases(
        c.context(), actor=world.users["other_customer"], status=None, after_id=None, limit=10
    )
    assert [m.id for m in mine] == [case.id] and theirs == []


def test_a_portal_complaint_opens_a_case(container: Container) -> None:
    world = a_world(container)
    claim_id = _claim_id(world)
    file_complaint(
        container.context(), actor=world.users["customer"], claim_id=claim_id, text="太慢了"
    )
    [case] = complaints.list_cases(
        container.context(), actor=world.users["agent"], status=None, after_id=None, limit=10
    )
    assert case.channel == Channel.PORTAL and case.claim_id == claim_id


def test_the_api_logs_classifies_answers_lists_and_reports(
    client: TestClient, container: Container
) -> None:
    world = a_world(container)
    claim_id = _claim_id(world)
    _at(container, EVE_OF_HOLIDAY)
    agent, customer = token_for(client, "agent"), token_for(client, "customer")
    ids = [
        client.post("/api/complaints", headers=agent,
                    json={"channel": "phone", "text": text, "claim_id": claim_id}).json()["id"]
        for text in ("慢", "态度差", "不认同拒赔")
    ]  # fmt: skip
    major = {"severity": "major", "root_cause": "other"}
    refused = client.post(f"/api/complaints/{ids[1]}/classify", headers=customer, json=major)
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    bad = client.post(f"/api/complaints/{ids[1]}/classify", headers=agent,
                      json={"severity": "huge", "root_cause": "other"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "severity"
    client.post(f"/api/complaints/{ids[1]}/classify", headers=agent,
                json={"severity": "major", "root_cause": "service_attitude"})  # fmt: skip
    _at(container, datetime(2026, 10, 9, 2, 0, tzinfo=UTC))  # 2 working days later: on time
    agent = token_for(client, "agent")
    client.post(f"/api/complaints/{ids[0]}/answer", headers=agent, json={"answer": "已处理"})
    _at(container, datetime(2026, 10, 16, 2, 0, tzinfo=UTC))  # late for both limits
    agent = token_for(client, "agent")
    late = client.post(f"/api/complaints/{ids[1]}/answer", headers=agent, json={"answer": "已道歉"})
    assert late.json()["internal_status"] == "breached"
    agent, customer = token_for(client, "agent"), token_for(client, "customer")  # a new day
    page = client.get("/api/complaints?status=open&limit=1", headers=agent).json()
    assert [item["id"] for item in page["items"]] == [ids[2]] and page["next_cursor"] == str(ids[2])
    assert page["items"][0]["internal_status"] == "breached"
    assert client.get("/api/reports/complaints?month=2026-09", headers=customer).status_code == 403
    report = client.get("/api/reports/complaints?month=2026-09", headers=agent).json()
    assert report == {
        "month": "2026-09",
        "received": 3,
        "by_severity": {"ordinary": 2, "major": 1},
        "by_root_cause": {"unclassified": 2, "service_attitude": 1},
        "internal_on_time_rate": "0.33",  # 1 met of 3 decided (one answered late, one unanswered)
        "regulator_on_time_rate": "0.33",  # 15 days passed on 10-15: the unanswered one too
        "average_working_days_to_answer": str(Decimal("5.00")),  # (2 + 8) / 2
    }
