"""Issue 15: the demo's loaded claims carry their 预赔 range, as the 2-hour job would give it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container, build_app
from claimdesk.demo.estimates import JOB_DELAY, estimate_demo_claims
from claimdesk.demo.health import DEMO_PASSWORD, PATHS, load_demo_data
from claimdesk.services.estimates import use_cases as estimates
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.tasks.deadlines import claim_deadlines
from tests.integration.test_finance_pages import csrf

UNDECIDED = set(estimates.UNDECIDED)


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


# SQLite only, as `claimdesk demo`; the use cases are covered on PostgreSQL by
# tests/services/test_payout_estimates.py.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_demo_claims_awaiting_a_decision_get_their_estimate(container: Container) -> None:
    load_demo_data(container.uow, container.hasher, container.products,
                   files=container.files, claim_count=2 * len(PATHS))  # fmt: skip
    container.settings = container.settings.model_copy(update={"payout_estimates": True})
    container.refit_estimator()  # too few settled claims here: the engine's figure
    with container.uow() as uow:
        claims = uow.claims.page(ClaimFilter(), after_id=None, limit=500)
        manager = next(u for u in uow.users.all_users() if u.username == "manager")
    waiting = [c for c in claims if c.status in UNDECIDED and any(v.lines for v in c.visits)]
    assert len(waiting) >= 6, [c.status for c in claims]

    stored = estimate_demo_claims(container.context(), container.uow)

    assert stored == len(waiting)
    context = container.context()
    for claim in claims:
        found = estimates.claim_estimate(context, actor=manager, claim_id=claim.id or 0)
        if claim not in waiting:
            assert found is None, claim.status  # decided: the decision replaces the range
            continue
        assert found is not None and found.low <= found.high <= claim.claimed_amount
        assert found.estimated_at == claim.reported_at + JOB_DELAY
        rows = claim_deadlines(container.uow(), container.clock, manager, claim.id or 0)
        assert [s for d, s in rows if d.code == "prepayment_estimate"] == ["met"]
    # Once: a second load pass and the periodic sweep find nothing left to estimate.
    assert estimate_demo_claims(container.context(), container.uow) == 0
    assert estimates.sweep(replace(container.context())) == 0

    # The specialist sees the range with its basis; the customer sees the range on the portal.
    with TestClient(build_app(container)) as client:
        _sign_in(client, "specialist")
        page = client.get(f"/claims/{waiting[0].id}").text
        assert 'id="estimate-range"' in page and 'id="estimate-basis"' in page
    mine = [c for c in waiting if c.insured_person_id == _customer_person(container)]
    if mine:
        with TestClient(build_app(container)) as client:
            _sign_in(client, "customer")
            assert "预计赔付" in client.get(f"/claims/{mine[0].id}").text


def _customer_person(container: Container) -> int | None:
    with container.uow() as uow:
        return next(u for u in uow.users.all_users() if u.username == "customer").insured_person_id
