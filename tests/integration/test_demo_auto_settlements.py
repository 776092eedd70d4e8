"""Issue 14: the demo's auto claims whose assessment is final carry the engine's settlement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.demo.auto import SETTLED_STATES, STATES, load_auto_demo
from claimdesk.demo.health import DEMO_PASSWORD, PATHS, load_demo_data
from claimdesk.services.ports import ClaimFilter
from tests.integration.test_web_pages import _csrf

# Every state once, and a second signed claim: the partner demo's salvage sale and recovery
# after payment need two (demo/auto_partners.py).
COUNT = len(STATES) + 5


# SQLite only: `claimdesk demo` runs on SQLite, and the use cases and repositories the loader
# goes through are covered on PostgreSQL by tests/services/test_auto_settlement.py and
# tests/services/test_auto_claims.py.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_demo_auto_claims_are_settled_by_the_engine(
    container: Container, client: TestClient
) -> None:
    load_demo_data(
        container.uow,
        container.hasher,
        container.products,
        files=container.files,
        claim_count=len(PATHS),
    )
    summary = load_auto_demo(
        container.uow, container.hasher, products=container.products,
        auto_products=container.auto_products, claim_count=COUNT,
    )  # fmt: skip
    assert summary is not None
    with container.uow() as uow:
        claims = uow.claims.page(ClaimFilter(), after_id=None, limit=200)
        autos = [c for c in claims if c.line_of_business == "auto"]
        settled = {c.id: uow.auto_settlements.active_for(c.id or 0) for c in autos}
        liabilities = [uow.auto_settlements.liability_for(c.id or 0) for c in autos]
    records = [record for record in settled.values() if record is not None]
    settled_states = sum(STATES[i % len(STATES)][0] in SETTLED_STATES for i in range(COUNT))
    assert len(records) == settled_states + 1  # + the 人伤 claim (demo/auto_injury.py)
    assert all(r.decision == "approved" and r.payable > 0 for r in records)
    assert {r.result.assessments[0].basis for r in records} == {"survey", "resurvey", "tender"}
    for record in records:
        assert record.payable != record.request.own_damage.reported_estimate  # type: ignore[union-attr]
    shares = [liability.share for liability in liabilities if liability]
    assert sorted(shares) == [Decimal("0.7000"), Decimal("1.0000")]
    (injured,) = [r for r in records if r.result.injuries]
    # 交强险: the one-off settlement 2,000.00 (reviewed medical 1,540.00 + 460.00 death/disability);
    # 车损险: 2,300.00 × 100% − 500.00 = 1,800.00.
    assert injured.payable == Decimal("3800.00")
    assert injured.result.injuries[0].medical == Decimal("1540.00")
    _pages_show_the_auto_claim(container, client, [r.claim_id for r in records])


def _pages_show_the_auto_claim(
    container: Container, client: TestClient, settled: list[int]
) -> None:
    """Issue 14 "done when": each settled demo auto claim's page shows the vehicle, the survey
    with its registry repair shop (合作修理厂), the settlement breakdown with clauses; one shows
    the sold salvage and one the recovery after payment (net incurred)."""
    token = _csrf(client.get("/login").text)
    signed_in = client.post("/login", follow_redirects=False, data={
        "username": "specialist", "password": DEMO_PASSWORD, "csrf_token": token})  # fmt: skip
    assert signed_in.status_code == 303
    with container.uow() as uow:
        sold = [c for c in settled if uow.partners.salvage_for(c) is not None]
        recovered = [
            c for c in settled
            if any(str(r.kind) == "subrogation" for r in uow.partners.recoveries_for(c))
        ]  # fmt: skip
    assert len(sold) == 1 and len(recovered) == 1
    for claim_id in settled:
        page = client.get(f"/claims/{claim_id}")
        assert page.status_code == 200
        text = page.text
        assert 'id="auto-plate"' in text and 'id="auto-settlement"' in text
        assert "车损险" in text and "示范条款(2020版)" in text  # a settlement row's clause
        assert "修理厂：" in text  # the survey's partner shop
    salvage_page = client.get(f"/claims/{sold[0]}").text
    assert "北京华运再生资源回收公司" in salvage_page and "损余物资由保险人收回处理" in salvage_page
    recovery_page = client.get(f"/claims/{recovered[0]}").text
    assert "李建国（三者车驾驶员）" in recovery_page and 'id="net-incurred"' in recovery_page
