"""Partners API and admin pages on SQLite and PostgreSQL: imports (CSV, Excel) with rejected
rows, admin-only changes, bad input refused in zh/en, survey lines against the agreements,
recoveries in net incurred and in the loss ratio, and pages that show labels, not codes."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from claimdesk.bootstrap import Container
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from tests.builders import a_world, an_auto_world, token_for
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_management_api import _at, _claim, _close
from tests.integration.test_web_pages import _csrf, sign_in
from tests.services.test_auto_claims import reported

PARTNERS_CSV = (
    "类型,名称,等级,修理厂类别,协议号,联系方式,地区,费用\n"
    "修理厂,北京燕京汽车修理厂,一类,4S店,XY-001,010-88886666,北京,\n"
    "修理厂,无类别修理厂,二类,,XY-002,,北京,\n"
    "公估机构,民太安公估,,,GG-01,,北京,-300\n"
    "拖车救援,京通救援,,,,,北京,300\n"
)


def _pay(container: Container, claim_id: int, amount: str, by: int) -> None:
    """Arrange: a confirmed payment (the payment flow has its own tests)."""
    payee = Payee("张三", "", "6222020200112233446", "工商银行")
    with container.uow() as uow:
        uow.payments.add(
            PaymentInstruction(
                None,
                claim_id,
                PaymentKind.FULL,
                Decimal(amount),
                payee,
                PaymentStatus.PAID,
                by,
                _at(5, 25),
            )
        )
        uow.commit()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_partner_import_reports_rejected_rows_and_stores_only_the_valid_ones(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    admin = token_for(client, "admin")
    files = {"file": ("partners.csv", PARTNERS_CSV.encode("gb18030"), "text/csv")}
    body = client.post("/api/partners/import", headers=admin, files=files).json()
    assert body["stored"] == 2
    assert [(r["row"], r["field"]) for r in body["rejected"]] == [(3, "shop_type"), (4, "fee")]
    assert all(r["message_zh"] and r["message_en"] for r in body["rejected"])
    names = [p["name"] for p in client.get("/api/partners", headers=admin).json()]
    assert sorted(names) == ["京通救援", "北京燕京汽车修理厂"]


def test_agreement_import_from_excel_refuses_a_negative_price(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    admin = token_for(client, "admin")
    header = ["类型", "配件代码", "配件名称", "车型", "协议价", "生效日期", "失效日期"]
    content = _xlsx(
        [
            header,
            ["玻璃", "GLS-F-01", "前挡风玻璃", "大众帕萨特", 2100, "2026-01-01", "2026-12-31"],
            ["配件", "BMP-R-01", "后保险杠", "大众帕萨特", -5, "2026-01-01", "2026-12-31"],
        ]
    )
    files = {"file": ("agreements.xlsx", content, "application/octet-stream")}
    body = client.post("/api/price-agreements/import", headers=admin, files=files).json()
    assert body["stored"] == 1
    (rejected,) = body["rejected"]
    assert (rejected["row"], rejected["field"]) == (3, "agreed_price")
    assert rejected["message_zh"] == "协议价须大于零"
    found = client.get("/api/price-agreements", headers=admin).json()
    assert [(a["part_code"], a["agreed_price"]) for a in found] == [("GLS-F-01", "2100.00")]


def test_bad_agreement_input_is_refused_with_a_clear_error_and_nothing_stored(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    admin = token_for(client, "admin")
    agreement = {"kind": "glass", "part_code": "GLS-F-01", "vehicle_model": "大众帕萨特",
                 "agreed_price": "-2100.00", "valid_from": "2026-01-01",
                 "valid_to": "2026-12-31"}  # fmt: skip
    refused = client.post("/api/price-agreements", headers=admin, json=agreement)
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "AGREED_PRICE_NOT_POSITIVE" and body["field"] == "agreed_price"
    assert body["message_zh"] == "协议价须大于零" and "positive" in body["message_en"]
    assert client.get("/api/price-agreements", headers=admin).json() == []


def test_only_the_partner_admin_changes_partners(container: Container, client: TestClient) -> None:
    a_world(container)
    shop = {"kind": "repair_shop", "name": "北京博瑞汽修", "level": "2", "shop_type": "cooperating"}
    for who in ("specialist", "manager"):
        assert client.post("/api/partners", headers=token_for(client, who),
                           json=shop).status_code == 403  # fmt: skip
    created = client.post("/api/partners", headers=token_for(client, "admin"), json=shop)
    assert created.status_code == 201
    sign_in(client, "specialist")
    assert client.get("/admin/partners").status_code == 403
    edited = client.put(
        f"/api/partners/{created.json()['id']}",
        headers=token_for(client, "admin"),
        json={**shop, "active": False},
    )
    assert edited.json()["active"] is False


def test_survey_line_over_the_agreed_price_via_the_api(
    container: Container, client: TestClient
) -> None:
    auto = an_auto_world(container)
    admin = token_for(client, "admin")
    client.post(
        "/api/price-agreements",
        headers=admin,
        json={
            "kind": "parts",
            "part_code": "BMP-R-01",
            "vehicle_model": "大众帕萨特",
            "agreed_price": "1200.00",
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-31",
        },
    )
    claim_id = reported(container, auto).claim.id or 0
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(u.username for u in auto.users.values() if u.id == surveyor_id)
    line = {"part": "后保险杠", "action": "repair", "amount": "1500.00", "part_code": "BMP-R-01"}
    survey = {"items": [line], "assessed_loss": "1500.00"}
    url = f"/api/auto-claims/{claim_id}/survey"
    unknown = client.put(
        url,
        headers=token_for(client, surveyor),
        json={**survey, "items": [{**line, "part_code": "NOPE"}]},
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "AUTO_PART_CODE_UNKNOWN"
    recorded = client.put(url, headers=token_for(client, surveyor), json=survey).json()
    assert "items" in recorded, recorded
    (item,) = recorded["items"]
    assert item["agreed_price"] == "1200.00" and item["over_agreed_price"] is True
    sign = client.post(f"{url}/sign", headers=token_for(client, "agent"))
    assert sign.status_code == 409 and sign.json()["code"] == "OVER_AGREED_PRICE"
    with_reason = {**survey, "items": [{**line, "over_price_reason": "原厂件缺货"}]}
    assert client.put(url, headers=token_for(client, surveyor), json=with_reason).status_code == 200
    assert client.post(f"{url}/sign", headers=token_for(client, "agent")).status_code == 200


def test_repair_shop_performance_lists_the_shops_named_on_surveys(
    container: Container, client: TestClient
) -> None:
    auto = an_auto_world(container)
    shop = client.post("/api/partners", headers=token_for(client, "admin"), json={
        "kind": "repair_shop", "name": "北京博瑞汽修", "level": "2",
        "shop_type": "cooperating"}).json()  # fmt: skip
    claim_id = reported(container, auto).claim.id or 0
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(u.username for u in auto.users.values() if u.id == surveyor_id)
    survey = {"assessed_loss": "800.00", "repair_shop_id": shop["id"]}
    recorded = client.put(f"/api/auto-claims/{claim_id}/survey",
                          headers=token_for(client, surveyor), json=survey).json()  # fmt: skip
    assert recorded["repair_shop"] == "北京博瑞汽修"
    manager = token_for(client, "manager")
    (row,) = client.get("/api/management/repair-shops", headers=manager).json()
    assert row == {"shop": "北京博瑞汽修", "claims": 1, "closed": 0,
                   "average_cycle_days": None, "re_repairs": 0, "complaints": 0}  # fmt: skip
    assert client.get("/api/management/repair-shops",
                      headers=token_for(client, "specialist")).status_code == 403  # fmt: skip


def test_a_recovery_lowers_net_incurred_on_the_claim_and_in_the_loss_ratio(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    manager, specialist = token_for(client, "manager"), token_for(client, "specialist")
    client.put(f"/api/policies/{world.policy.id}/premium", headers=manager,
               json={"premium": "36500.00"})  # fmt: skip
    claim_id = _claim(world, _at(5, 21))
    _pay(container, claim_id, "2000.00", world.users["finance"].id)
    _close(world, claim_id, _at(5, 26))
    case = client.post(f"/api/auto-claims/{claim_id}/recoveries", headers=specialist,
                       json={"against": "李四", "against_insurer": "某财险",
                             "amount_claimed": "1500.00"}).json()  # fmt: skip
    bad = client.post(f"/api/recoveries/{case['id']}/receipts", headers=specialist,
                      json={"amount": "-1.00", "received_on": "2026-06-01"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["code"] == "RECOVERY_AMOUNT_NOT_POSITIVE"
    got = client.post(f"/api/recoveries/{case['id']}/receipts", headers=specialist,
                      json={"amount": "500.00", "received_on": "2026-06-01"}).json()  # fmt: skip
    assert got["status"] == "partly_recovered" and got["received"] == "500.00"
    view = client.get(f"/api/auto-claims/{claim_id}/recoveries", headers=specialist).json()
    assert (view["paid"], view["reserve"], view["recoveries"], view["net_incurred"]) == (
        "2000.00", "0.00", "500.00", "1500.00")  # fmt: skip
    body = client.get("/api/management/loss-ratio?month=2026-05", headers=manager).json()
    product = body["rows"][0]
    assert product["paid"] == "2000.00" and product["recoveries"] == "500.00"
    assert product["incurred"] == "1500.00"
    assert Decimal(product["loss_ratio"]) == (Decimal("1500") / Decimal("3100")).quantize(
        Decimal("0.0001"))  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_partner_pages_show_labels_not_codes(
    container: Container, client: TestClient, lang: str
) -> None:
    auto = an_auto_world(container)
    sign_in(client, "admin")
    page = client.get("/admin/partners")
    files = {"file": ("partners.csv", PARTNERS_CSV.encode("utf-8"), "text/csv")}
    imported = client.post(f"/admin/partners/import?lang={lang}", files=files,
                           data={"csrf_token": _csrf(page.text)})  # fmt: skip
    assert imported.status_code == 200
    client.post("/admin/agreements", data={
        "csrf_token": _csrf(page.text), "kind": "glass", "part_code": "GLS-F-01",
        "vehicle_model": "大众帕萨特", "agreed_price": "2100", "valid_from": "2026-01-01",
        "valid_to": "2026-12-31"})  # fmt: skip
    claim_id = reported(container, auto).claim.id or 0
    shown = visible(imported.text)
    listing = visible(client.get(f"/admin/partners?lang={lang}").text)
    sign_in(client, "specialist")
    claim_page = visible(client.get(f"/claims/{claim_id}?lang={lang}").text)
    assert codes_in(shown) == set() and codes_in(listing) == set()
    assert codes_in(claim_page) == set()
    expected = {"zh": ("修理厂类别", "一类", "4S店", "公估机构", "玻璃价格协议", "净赔款"),
                "en": ("shop type", "Class 1", "Franchised dealer (4S)", "Loss assessor",
                       "Glass price agreement", "Net incurred")}[lang]  # fmt: skip
    assert all(text in shown + listing + claim_page for text in expected), expected
