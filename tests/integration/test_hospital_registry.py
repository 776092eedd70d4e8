"""医院目录 (issue 11): designation, level and region come from the registry, never from the
submitter; an unknown hospital is a visible state the specialist resolves (audited); the admin
imports CSV/Excel with a report of rejected rows; search by name or alias (SQLite and PG)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.rules.reasons import ReasonCode
from claimdesk.services.adjudication.use_cases import get_adjudication
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim
from tests.builders import POLICY_NO, World, a_report_body, a_world, token_for, with_all_materials
from tests.integration.test_web_pages import _csrf, sign_in

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
GROUP = "tianan-group-medical"
ANTIBIOTIC = {"line_type": ["drug_western"], "line_name": ["阿莫西林胶囊（开了30天）"],
              "amount": ["1000.00"], "fund_paid": [""], "category_self_pay": [""],
              "self_funded": [""], "self_pay": [""], "days_supply": ["30"],
              "sessions": [""]}  # fmt: skip


def _portal_claim(world: World, client: TestClient, hospital: str) -> Claim:
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert key is not None
    form = {"csrf_token": _csrf(page), "idempotency_key": key.group(1), "policy_no": POLICY_NO,
            "member_no": "E1", "visit_kind": "outpatient", "visit_date": "2026-05-20",
            "hospital_name": hospital, "diagnosis": "急性咽炎", **ANTIBIOTIC}  # fmt: skip
    response = client.post("/portal/report", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    claim_id = int(response.headers["location"].rsplit("/", 1)[-1])
    return get_claim(world.container.context(), actor=world.users["specialist"], claim_id=claim_id)


def _adjudicate(world: World, claim: Claim) -> Claim:
    context = world.container.context
    with_all_materials(world.container, world.users["agent"], claim.id or 0)
    for who, target in (("specialist", S.ACCEPTED), ("specialist", S.UNDER_REVIEW),
                        ("specialist2", S.ADJUDICATED)):  # fmt: skip
        claim = get_claim(context(), actor=world.users[who], claim_id=claim.id or 0)
        if claim.status == target:
            continue
        claim = move_claim(context(), actor=world.users[who], claim_id=claim.id or 0,
                           target=target, reason="", expected_version=claim.version)  # fmt: skip
    return claim


def _visit_reasons(world: World, claim: Claim) -> set[ReasonCode]:
    record = get_adjudication(world.container.context(), actor=world.users["specialist"],
                              claim_id=claim.id or 0)  # fmt: skip
    assert record is not None
    return {reason.code for visit in record.result.visits for reason in visit.reasons}


def test_the_private_clinic_portal_claim_is_adjudicated_as_not_designated(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    clinic = _portal_claim(world, client, "某私立诊所(非指定)")  # half-width brackets typed
    visit = clinic.visits[0]
    assert (visit.hospital_code, visit.hospital_name) == ("SH-P001", "某私立诊所（非指定）")
    assert visit.designated is False and visit.hospital_level == 0
    clinic = _adjudicate(world, clinic)
    assert clinic.status == S.ADJUDICATED
    assert ReasonCode.NON_DESIGNATED_HOSPITAL in _visit_reasons(world, clinic)
    record = get_adjudication(container.context(), actor=world.users["specialist"],
                              claim_id=clinic.id or 0)  # fmt: skip
    assert record is not None and record.payable == 0
    assert record.request.visits[0].hospital.designated is False
    # The same antibiotic at a designated hospital, named by its alias, is not refused so.
    designated = _adjudicate(world, _portal_claim(world, client, "中山医院"))
    assert designated.visits[0].hospital_code == "SH-0001" and designated.visits[0].designated
    assert ReasonCode.NON_DESIGNATED_HOSPITAL not in _visit_reasons(world, designated)


def test_the_submitter_cannot_declare_a_clinic_designated_through_the_api(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    body = a_report_body()
    body["visits"][0]["hospital"] = {"code": "SH-P001", "name": "三甲医院", "designated": True,
                                     "level": 3, "region": "shanghai"}  # fmt: skip
    response = client.post("/api/claims", json=body, headers=token_for(client, "agent"))
    assert response.status_code == 201, response.text
    visit = response.json()["visits"][0]
    assert visit["hospital_name"] == "某私立诊所（非指定）" and visit["designated"] is False
    claim = _adjudicate(world, get_claim(container.context(), actor=world.users["specialist"],
                                         claim_id=response.json()["id"]))  # fmt: skip
    assert ReasonCode.NON_DESIGNATED_HOSPITAL in _visit_reasons(world, claim)


def test_an_unknown_hospital_is_flagged_not_designated_and_resolved_by_the_specialist(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    body = a_report_body()
    body["visits"][0]["hospital"] = {"name": "不存在的某某医院", "designated": True}
    created = client.post("/api/claims", json=body, headers=token_for(client, "agent")).json()
    assert created["visits"][0]["hospital_in_registry"] is False
    claim_id = created["id"]
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim_id}").text
    assert "医院未在目录中" in page and 'id="not-in-registry-1"' in page
    claim = _adjudicate(world, get_claim(container.context(), actor=world.users["specialist"],
                                         claim_id=claim_id))  # fmt: skip
    assert ReasonCode.NON_DESIGNATED_HOSPITAL in _visit_reasons(world, claim)
    # The approver sends it back; the specialist chooses the registry entry (reason, audited).
    claim = move_claim(container.context(), actor=world.users["approver"], claim_id=claim_id,
                       target=S.UNDER_REVIEW, reason="医院待核实",
                       expected_version=claim.version)  # fmt: skip
    url = f"/api/claims/{claim_id}/visits/V1/hospital"
    headers = token_for(client, "specialist")
    no_reason = {"hospital_code": "SH-0001", "reason": " ", "version": claim.version}
    assert client.post(url, json=no_reason, headers=headers).status_code == 422
    forbidden = client.post(url, json={**no_reason, "reason": "x"},
                            headers=token_for(client, "customer"))  # fmt: skip
    assert forbidden.status_code in (403, 404)
    chosen = client.post(url, json={**no_reason, "reason": "收据盖章为中山医院"}, headers=headers)
    assert chosen.status_code == 204, chosen.text
    claim = get_claim(container.context(), actor=world.users["specialist"], claim_id=claim_id)
    assert claim.visits[0].hospital_code == "SH-0001" and claim.visits[0].designated
    with container.uow() as uow:
        records = uow.audit.for_entity("claim", str(claim_id))
    last = [r.entry for r in records if r.entry.action == "choose_visit_hospital"][-1]
    assert last.actor == "specialist" and last.reason == "收据盖章为中山医院"
    assert last.before["visit"]["hospital_name"] == "不存在的某某医院"  # type: ignore[index]
    assert last.after["visit"]["hospital_code"] == "SH-0001"  # type: ignore[index]
    claim = move_claim(container.context(), actor=world.users["specialist2"], claim_id=claim_id,
                       target=S.ADJUDICATED, reason="", expected_version=claim.version)  # fmt: skip
    assert ReasonCode.NON_DESIGNATED_HOSPITAL not in _visit_reasons(world, claim)
    stale = client.post(url, json={**no_reason, "reason": "再改"}, headers=headers)
    assert stale.status_code == 409  # adjudicated: no longer choosable


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_saves_good_rows_and_reports_each_rejected_row(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    rows = [
        ["医院编码", "医院名称", "等级", "地区", "公立", "别名", "指定产品"],
        ["SH-0201", "上海市浦东新区人民医院", "二级甲等", "上海", "是", "浦东人民医院", GROUP],
        ["", "无编码医院", "二级", "上海", "是", "", ""],
        ["SH-0202", "某医院", "五级", "火星", "是", "", "no-such-product"],
        ["SH-0001", "复旦大学附属中山医院", "三级甲等", "上海", "是", "中山医院;枫林路中山", GROUP],
        ["SH-0201", "重复", "二级", "上海", "是", "", ""],
    ]  # fmt: skip
    files = {"file": ("医院.xlsx", _xlsx(rows), "application/octet-stream")}
    refused = client.post("/api/hospitals/import", files=files,
                          headers=token_for(client, "specialist"))  # fmt: skip
    assert refused.status_code == 403
    response = client.post("/api/hospitals/import", files=files,
                           headers=token_for(client, "manager"))  # fmt: skip
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["created"], report["updated"]) == (1, 1)
    where = {(r["row"], r["field"]) for r in report["rejected"]}
    assert where == {(3, "code"), (4, "level"), (4, "region"), (4, "designated"), (6, "code")}
    assert all(r["message_zh"] and r["message_en"] for r in report["rejected"])
    # The page shows the same report in Chinese; nothing of a rejected row was written.
    sign_in(client, "admin")
    page = client.get("/admin/hospitals").text
    csrf = _csrf(page)
    csv = "医院编码,医院名称,等级\nSH-0301,测试医院,三级乙等\nSH-0302,,二级\n".encode()
    shown = client.post("/admin/hospitals/import", data={"csrf_token": csrf},
                        files={"file": ("h.csv", csv, "text/csv")})  # fmt: skip
    assert shown.status_code == 200
    assert 'id="import-rejected">1<' in shown.text and "医院名称为空" in shown.text
    listing = client.get("/admin/hospitals").text
    assert "上海市浦东新区人民医院" in listing and "测试医院" in listing
    assert "火星" not in listing and "重复" not in listing and "枫林路中山" in listing


def test_search_by_name_or_alias_while_typing(container: Container, client: TestClient) -> None:
    a_world(container)
    headers = token_for(client, "customer")
    found = client.get("/api/hospitals", params={"q": "六院"}, headers=headers).json()
    assert [h["code"] for h in found] == ["SH-0003"]
    assert found[0]["name"] == "上海市第六人民医院" and found[0]["level_label"] == "三级甲等"
    assert (
        client.get("/api/hospitals", params={"q": "瑞金"}, headers=headers).json()[0]["code"]
        == "SH-0002"
    )
    assert client.get("/api/hospitals", params={"q": "50%_"}, headers=headers).json() == []
    assert client.get("/api/hospitals", params={"q": "x"}).status_code == 401
    sign_in(client, "customer")
    options = client.get("/hospitals/suggest", params={"hospital_name": "私立"}).text
    assert '<option value="某私立诊所（非指定）">' in options and "未定级" in options


def test_the_admin_page_edits_a_hospital_and_only_for_managers(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "specialist")
    assert client.get("/admin/hospitals").status_code == 403
    sign_in(client, "manager")
    page = client.get("/admin/hospitals?edit=SH-P001").text
    assert "某私立诊所（非指定）" in page and "非指定医院" in page
    form = {"csrf_token": _csrf(page), "code": "SH-P001", "name": "某私立诊所（非指定）",
            "aliases": "某私立诊所;私立诊所", "level": "0", "grade": "", "region": "shanghai",
            "active": "1", "reason": "补充别名"}  # fmt: skip
    saved = client.post("/admin/hospitals", data=form, follow_redirects=False)
    assert saved.status_code == 303
    headers = token_for(client, "manager")
    found = client.get("/api/hospitals", params={"q": "私立诊所"}, headers=headers).json()
    assert found[0]["aliases"] == ["某私立诊所", "私立诊所"] and found[0]["public"] is False
    assert found[0]["designations"] == []
    bad = client.post("/admin/hospitals", data={**form, "level": "0", "grade": "a"})
    assert bad.status_code == 422 and "等级应为" in bad.text
    with container.uow() as uow:
        audit = uow.audit.for_entity("hospital", "SH-P001")
    assert audit[-1].entry.actor == "manager" and audit[-1].entry.reason == "补充别名"
