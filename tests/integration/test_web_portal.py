"""Portal, workbench, dashboard and admin pages over the test client (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import POLICY_NO, a_report, a_world, token_for
from tests.integration.test_web_pages import _csrf, sign_in


def _report_form(page: str, **fields: str) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": _csrf(page),
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
        "policy_no": POLICY_NO, "member_no": "E1", "visit_kind": "outpatient",
        "visit_date": "2026-05-20", "hospital_name": "中山医院", "diagnosis": "急性支气管炎",
        "line_type": ["drug_western"], "line_name": ["西药"], "amount": ["300.00"],
        "fund_paid": [""], "category_self_pay": [""], "self_funded": [""], "self_pay": [""],
        "days_supply": ["5"], "sessions": [""],
    }  # fmt: skip
    form.update(fields)
    return form


def test_the_report_form_is_prefilled_and_reports_a_claim(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    assert f'value="{POLICY_NO}"' in page and 'value="E1"' in page
    response = client.post("/portal/report", data=_report_form(page), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/claims/")
    claim_page = client.get(response.headers["location"]).text
    assert "被保险人身份证复印件" in claim_page and "待上传" in claim_page


def test_a_bad_split_is_shown_next_to_its_field_in_the_users_language(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    form = _report_form(page, fund_paid=["100.00"], self_pay=["100.00"])
    response = client.post("/portal/report", data=form)
    assert response.status_code == 422
    assert 'id="err-lines-1-amount"' in response.text and "各分项之和应等于金额" in response.text
    client.get("/portal/report?lang=en")
    again = client.post("/portal/report", data=_report_form(page, visit_date=""))
    assert "Choose a date" in again.text and 'aria-invalid="true"' in again.text


def test_the_language_switch_is_remembered_on_the_account(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "agent")
    client.get("/claims?lang=en")
    client.post("/logout", data={"csrf_token": _csrf(client.get("/claims").text)})
    sign_in(client, "agent")
    assert "Sign out" in client.get("/claims").text


def test_a_customer_complains_and_cannot_rate_an_open_claim(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["customer"], report=a_report(), idempotency_key=None
    )
    sign_in(client, "customer")
    token = _csrf(client.get(f"/claims/{claim.id}").text)
    complained = client.post(f"/claims/{claim.id}/complaint",
                             data={"csrf_token": token, "text": "进度太慢"})  # fmt: skip
    assert complained.status_code == 200 and "进度太慢" in complained.text
    rated = client.post(f"/claims/{claim.id}/rating", data={"csrf_token": token, "score": "5"})
    assert rated.status_code == 422 and "结案后才能评价" in rated.text


def test_search_masks_id_numbers_for_roles_without_pii(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    sign_in(client, "agent")
    results = client.get("/workbench/search", params={"q": "11010519491231002X"}).text
    cells = re.findall(r'<td class="pii">([^<]*)</td>', results)
    assert cells == ["110105********002X", "139****5678"]


def test_the_dashboard_downloads_as_excel_for_managers_only(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    sign_in(client, "manager")
    page = client.get("/dashboard")
    assert page.status_code == 200 and "echarts.min.js" in page.text and "健康险" in page.text
    book = load_workbook(BytesIO(client.get("/dashboard.xlsx").content))
    assert book.sheetnames[0] == "案件与赔款" and book.active["C3"].value == 1
    sign_in(client, "specialist")
    assert client.get("/dashboard").status_code == 403


def test_admin_adds_a_user_and_sees_errors_next_to_the_field(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "admin")
    token = _csrf(client.get("/admin/users").text)
    short = {"csrf_token": token, "username": "u1", "role": "agent", "password": "short"}
    refused = client.post("/admin/users", data=short)
    assert refused.status_code == 422 and 'id="err-password"' in refused.text
    added = client.post("/admin/users", data={**short, "password": "long-enough-1"})
    assert added.status_code == 200 and ">u1<" in added.text


def test_the_customer_reads_stages_not_our_statuses_or_staff_names(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["customer"], report=a_report(), idempotency_key=None
    )
    for target, reason in (("accepted", ""), ("under_review", ""), ("investigation", "疑似重复")):
        claim = move_claim(
            container.context(), actor=world.users["specialist"], claim_id=claim.id or 0,
            target=ClaimStatus(target), reason=reason, expected_version=claim.version,
        )  # fmt: skip
    timeline = client.get(f"/api/claims/{claim.id}/timeline", headers=token_for(client, "customer"))
    assert [(e["actor"], e["to_status"]) for e in timeline.json()] == [
        ("you", "received"), ("insurer", "documents_needed"), ("insurer", "under_review")
    ]  # fmt: skip
    assert "investigation" not in timeline.text and "疑似重复" not in timeline.text
    staff = client.get(f"/api/claims/{claim.id}/timeline", headers=token_for(client, "specialist"))
    assert "investigation" in staff.text  # staff still read the trail as it is
    sign_in(client, "customer")
    page = client.get(f"/claims/{claim.id}").text
    assert "资料审核中" in page and "调查" not in page and "specialist" not in page
    assert "资料审核中" in client.get("/portal").text
