"""Issue 14: the demo's auto claims whose assessment is final carry the engine's settlement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.demo.auto import SETTLED_STATES, STATES, load_auto_demo
from claimdesk.demo.health import PATHS, load_demo_data
from claimdesk.services.ports import ClaimFilter


# SQLite only: `claimdesk demo` runs on SQLite, and the use cases and repositories the loader
# goes through are covered on PostgreSQL by tests/services/test_auto_settlement.py and
# tests/services/test_auto_claims.py.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_demo_auto_claims_are_settled_by_the_engine(container: Container) -> None:
    load_demo_data(
        container.uow,
        container.hasher,
        container.products,
        files=container.files,
        claim_count=len(PATHS),
    )
    summary = load_auto_demo(
        container.uow, container.hasher, products=container.products,
        auto_products=container.auto_products, claim_count=len(STATES),
    )  # fmt: skip
    assert summary is not None
    with container.uow() as uow:
        claims = uow.claims.page(ClaimFilter(), after_id=None, limit=200)
        autos = [c for c in claims if c.line_of_business == "auto"]
        settled = {c.id: uow.auto_settlements.active_for(c.id or 0) for c in autos}
        liabilities = [uow.auto_settlements.liability_for(c.id or 0) for c in autos]
    records = [record for record in settled.values() if record is not None]
    assert len(records) == len(SETTLED_STATES) + 1  # + the 人伤 claim (demo/auto_injury.py)
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
