"""Service desk: consultations logged by agents, callbacks on a sample of paid claims closing
their task, and the monthly satisfaction report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from claimdesk.analytics.satisfaction_report import satisfaction_report
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.domain.service_desk import Callback
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.service_desk.callbacks import record_callback, satisfaction_facts
from claimdesk.services.service_desk.feedback import file_complaint, rate_service
from claimdesk.services.tasks.queues import route_claim
from claimdesk.workflow.queues import TaskKind
from tests.builders import World, a_report, a_world, token_for


def _paid_claim(world: World, *, complaint: bool = False) -> int:
    c = world.container
    claim, _ = report_claim(
        c.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    claim_id = claim.id or 0
    if complaint:
        file_complaint(
            c.context(), actor=world.users["customer"], claim_id=claim_id, text="赔款太慢"
        )
    with c.uow() as uow:
        current = uow.claims.get(claim_id)
        uow.claims.change_status(current, current.version, ClaimStatus.PAID, "", c.clock.now())
        route_claim(uow, c.clock, claim_id)
        uow.commit()
    return claim_id


def _callback_tasks(container: Container, claim_id: int) -> list[str]:
    with container.uow() as uow:
        return [t.kind for t in uow.tasks.open_for_claim(claim_id) if t.kind == TaskKind.CALL_BACK]


def _callback(world: World, claim_id: int, score: int | None, reached: bool = True) -> Callback:
    c = world.container
    wanted = Callback(None, claim_id, reached, score, "已回访", c.clock.now(), 0)
    return record_callback(
        c.context(), actor=world.users["agent"], claim_id=claim_id, wanted=wanted
    )


def test_a_paid_claim_with_a_complaint_is_called_back_and_the_call_closes_the_task(
    container: Container,
) -> None:
    world = a_world(container)
    claim_id = _paid_claim(world, complaint=True)
    assert _callback_tasks(container, claim_id) == [TaskKind.CALL_BACK]

    saved = _callback(world, claim_id, 4)

    assert saved.score == 4 and _callback_tasks(container, claim_id) == []
    with container.uow() as uow:
        assert uow.audit.for_entity("claim", str(claim_id))[-1].entry.action == "record_callback"
    with pytest.raises(Refused) as refused:
        _callback(world, claim_id, 5)  # the task is done: nothing left to call
    assert refused.value.code == ErrorCode.CALLBACK_NOT_DUE


def test_a_quiet_claim_is_called_back_only_when_sampled(container: Container) -> None:
    world = a_world(container)
    claim_id = _paid_claim(world)
    assert bool(_callback_tasks(container, claim_id)) is (claim_id % 10 == 0)


def test_satisfaction_counts_portal_ratings_and_callback_scores_of_the_month(
    container: Container,
) -> None:
    world = a_world(container)
    happy, unhappy = _paid_claim(world), _paid_claim(world, complaint=True)
    rate_service(
        container.context(), actor=world.users["customer"], claim_id=happy, score=5, comment=""
    )
    rate_service(
        container.context(), actor=world.users["customer"], claim_id=unhappy, score=4, comment=""
    )
    _callback(world, unhappy, 2)

    facts = satisfaction_facts(
        container.context(), actor=world.users["manager"], month=container.clock.now().date()
    )
    report = satisfaction_report(facts.scores, facts.callbacks_done, facts.callbacks_due)

    assert (report.ratings, report.satisfied) == (3, 2)
    assert report.rate == Decimal("0.6667") and report.average == Decimal("3.67")
    assert report.meets_target is False
    assert (report.callbacks_done, report.callbacks_due) == (1, 1 + (happy % 10 == 0))


def test_agents_log_consultations_and_customers_cannot_list_them(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    agent, customer = token_for(client, "agent"), token_for(client, "customer")
    body = {
        "insured_person_id": world.insured[0].id,
        "channel": "phone",
        "question": "理赔需要哪些材料",
        "answer": "身份证、收据原件……",
        "faq_id": "claim-materials",
    }

    logged = client.post("/api/consultations", json=body, headers=agent)
    listed = client.get("/api/consultations", headers=agent)

    assert logged.status_code == 201, logged.text
    assert [c["faq_id"] for c in listed.json()["items"]] == ["claim-materials"]
    assert client.get("/api/consultations", headers=customer).status_code == 403
    assert client.post("/api/consultations", json=body, headers=customer).status_code == 403
    found = client.get("/api/faq/search", params={"q": "多久能到账"}, headers=customer)
    assert found.json()[0]["id"] == "payment-time"


def test_the_satisfaction_report_and_callback_over_json(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim_id = _paid_claim(world, complaint=True)
    agent = token_for(client, "agent")

    called = client.post(f"/api/claims/{claim_id}/callback",
                         json={"reached": True, "score": 5}, headers=agent)  # fmt: skip
    report = client.get("/api/reports/satisfaction", params={"month": "2026-06"}, headers=agent)

    assert called.status_code == 201, called.text
    assert report.json()["rate"] == "1.0000" and report.json()["callbacks_done"] == 1
