"""Management API on SQLite and PostgreSQL: premium, loss ratio on a known portfolio, reserves
and IBNR on a small paid triangle, staff KPIs, quality sample and reviews, Excel, role checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from claimdesk.bootstrap import Container
from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import World, a_report, a_world, token_for

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 2, 0, tzinfo=UTC)


def _claim(world: World, at: datetime) -> int:
    world.container.clock.moment = at  # type: ignore[attr-defined]
    claim, _ = report_claim(
        world.container.context(), actor=world.users["agent"],
        report=replace(a_report(), incident_date=min(at.date(), date(2026, 5, 20))),
    )  # fmt: skip
    assert claim.id is not None
    return claim.id


def _pay(world: World, claim_id: int, amount: str, at: datetime) -> None:
    """A confirmed payment through the repository (which keeps the paid-triangle totals)."""
    payee = Payee("张三", "", "6222020200112233446", "工商银行", "")
    with world.container.uow() as uow:
        uow.payments.add(PaymentInstruction(
            None, claim_id, PaymentKind.FULL, Decimal(amount), payee, PaymentStatus.PAID,
            world.users["finance"].id or 0, at,
        ))  # fmt: skip
        uow.commit()


def _close(world: World, claim_id: int, at: datetime, by: str = "specialist") -> None:
    with world.container.uow() as uow:
        claim = uow.claims.get(claim_id)
        uow.claims.change_status(claim, claim.version, ClaimStatus.CLOSED, "", at)
        uow.audit.append(AuditEntry(by, "move:closed", "claim", str(claim_id), None,
                                    {"status": "closed"}), at)  # fmt: skip
        uow.commit()


def _accept(world: World, claim_id: int) -> None:
    with world.container.uow() as uow:
        version = uow.claims.get(claim_id).version
    move_claim(world.container.context(), actor=world.users["specialist"], claim_id=claim_id,
               target=ClaimStatus.ACCEPTED, reason="", expected_version=version)  # fmt: skip


def _booked(world: World, claim_id: int) -> Decimal:
    """The claim's reserve: the newest row of its reserve history."""
    with world.container.uow() as uow:
        return uow.reserves.history(claim_id)[-1].amount


def _claimed(world: World, claim_id: int) -> Decimal:
    with world.container.uow() as uow:
        return uow.claims.get(claim_id).claimed_amount


def test_premium_is_set_audited_and_refused_when_negative(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    headers = token_for(client, "manager")
    url = f"/api/policies/{world.policy.id}/premium"
    assert client.put(url, headers=headers, json={"premium": "36500.00"}).status_code == 200
    assert client.get(f"/api/policies/{world.policy.id}", headers=headers).json()["premium"] == (
        "36500.00"
    )
    refused = client.put(url, headers=headers, json={"premium": "-1"})
    assert refused.status_code == 422
    with container.uow() as uow:
        (record,) = [r.entry for r in uow.audit.all_records() if r.entry.action == "set_premium"]
    assert record.before == {"premium": "0.00"} and record.after == {"premium": "36500.00"}


def test_loss_ratio_of_a_known_portfolio_with_the_alert(
    container: Container, client: TestClient
) -> None:
    # Given a 36,500 premium for 2026 (May earns 3,100), a May accident paid 2,000 and closed,
    world = a_world(container)
    headers = token_for(client, "manager")
    client.put(f"/api/policies/{world.policy.id}/premium", headers=headers,
               json={"premium": "36500.00"})  # fmt: skip
    paid = _claim(world, _at(5, 21))
    _pay(world, paid, "2000.00", _at(5, 25))
    _close(world, paid, _at(5, 26))
    # and another May accident still open, registered on acceptance (立案估损: claimed × 0.80)
    open_claim = _claim(world, _at(5, 22))
    _accept(world, open_claim)
    reserve = _booked(world, open_claim)
    assert reserve == (_claimed(world, open_claim) * Decimal("0.80")).quantize(Decimal("0.01"))
    # When the manager asks for May at a 60% threshold
    body = client.get("/api/management/loss-ratio?month=2026-05&threshold=0.60",
                      headers=headers).json()  # fmt: skip
    # Then incurred = 2,000 + reserve over 3,100 earned, flagged above 60%
    (product, total) = body["rows"]
    assert product["product_code"] == "tianan-group-medical" and total["product_code"] == ""
    assert product["earned_premium"] == "3100.00" and product["paid"] == "2000.00"
    assert Decimal(product["reserve"]) == reserve
    expected = ((Decimal("2000.00") + reserve) / Decimal("3100.00")).quantize(Decimal("0.0001"))
    assert Decimal(product["loss_ratio"]) == expected and product["alert"] is True
    assert product["claims"] == 2


def test_paid_triangle_gives_factors_and_ibnr(container: Container, client: TestClient) -> None:
    # April reports: 200 paid in April, 100 more in May; a May report: 100 paid in May.
    world = a_world(container)
    first, second, third = _claim(world, _at(4, 10)), _claim(world, _at(4, 11)), None
    third = _claim(world, _at(5, 10))
    _pay(world, first, "100.00", _at(4, 15))
    _pay(world, second, "100.00", _at(4, 16))
    _pay(world, second, "100.00", _at(5, 15))
    _pay(world, third, "100.00", _at(5, 16))
    for claim_id in (first, second, third):
        _close(world, claim_id, _at(5, 17))
    container.clock.moment = _at(5, 20)  # type: ignore[attr-defined]
    body = client.get("/api/management/reserves", headers=token_for(client, "manager")).json()
    # f0 = 300 / 200 = 1.5; May's ultimate 100 × 1.5 = 150, so 50 is still to come (IBNR).
    assert body["as_of"] == "2026-05" and body["factors"] == ["1.500000"]
    origins = {o["origin"]: o for o in body["origins"]}
    assert origins["2026-04"]["ultimate"] == "300.00" and origins["2026-04"]["ibnr"] == "0.00"
    assert origins["2026-05"]["ultimate"] == "150.00" and origins["2026-05"]["ibnr"] == "50.00"
    assert body["total_ibnr"] == "50.00" and body["by_line"] == []


def test_quality_sample_review_and_staff_kpis(container: Container, client: TestClient) -> None:
    world = a_world(container)
    closed = _claim(world, _at(6, 1))
    _close(world, closed, _at(6, 3))
    still_open = _claim(world, _at(6, 2))
    headers = token_for(client, "manager")  # the token is valid at the clock's new time
    sample = client.get("/api/management/quality-sample?month=2026-06&seed=3",
                        headers=headers).json()  # fmt: skip
    assert isinstance(sample, list), sample
    assert [(s["handler"], s["claim_id"], s["score"]) for s in sample] == [
        ("specialist", closed, None)
    ]
    review = {"claim_id": closed, "score": 80, "error_types": ["late"], "comment": "超时效"}
    created = client.post("/api/management/quality-reviews", headers=headers, json=review)
    assert created.status_code == 201 and created.json()["month"] == "2026-06"
    again = client.post("/api/management/quality-reviews", headers=headers, json=review)
    assert again.status_code == 409 and again.json()["code"] == "DUPLICATE"
    not_closed = client.post("/api/management/quality-reviews", headers=headers,
                             json={**review, "claim_id": still_open})  # fmt: skip
    assert not_closed.json()["code"] == "QUALITY_REVIEW_NOT_CLOSED"
    own = _claim(world, _at(6, 2))
    _close(world, own, _at(6, 3), by="manager")
    mine = client.post("/api/management/quality-reviews", headers=headers,
                       json={**review, "claim_id": own})  # fmt: skip
    assert mine.status_code == 403 and mine.json()["code"] == "MAKER_CHECKER"
    unknown = client.post("/api/management/quality-reviews", headers=headers,
                          json={**review, "error_types": ["typo"]})  # fmt: skip
    assert unknown.status_code == 422
    kpis = client.get("/api/management/staff?month=2026-06", headers=headers).json()
    kpi = next(k for k in kpis if k["handler"] == "specialist")
    assert kpi["closed"] == 1
    assert kpi["median_cycle_days"] == "2.0" and kpi["quality_score"] == "80.0"
    assert kpi["error_rate"] == "1.0000"
    with container.uow() as uow:
        assert [r.entry.action for r in uow.audit.for_entity("claim", str(closed))][-1] == (
            "quality_review"
        )


def test_only_managers_see_the_management_reports(container: Container, client: TestClient) -> None:
    a_world(container)
    for path in ("loss-ratio", "reserves", "staff", "surveyors", "quality-sample"):
        response = client.get(f"/api/management/{path}", headers=token_for(client, "specialist"))
        assert response.status_code == 403, path
    review = {"claim_id": 1, "score": 90}
    forbidden = client.post("/api/management/quality-reviews",
                            headers=token_for(client, "approver"), json=review)  # fmt: skip
    assert forbidden.status_code == 403


def test_excel_has_every_table_with_chinese_headers_and_number_formats(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    headers = token_for(client, "manager")
    client.put(f"/api/policies/{world.policy.id}/premium", headers=headers,
               json={"premium": "36500.00"})  # fmt: skip
    response = client.get("/api/management/export.xlsx?month=2026-05", headers=headers)
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "赔付率", "未决赔案准备金", "进展因子（链梯法）", "按报案月的 IBNR 估计",
        "人员绩效", "查勘员考核", "理赔质量抽检", "合作修理厂考核",
    ]  # fmt: skip
    sheet = book["赔付率"]
    assert [c.value for c in sheet[1]][:4] == ["险种", "产品", "月份", "已赚保费"]
    assert sheet["D2"].value == 3100 and sheet["D2"].number_format == "#,##0.00"
