"""The complaints desk (投诉) and the service desk (客服) in the browser's HTML, on both databases.

A complaint filed on the portal reaches the desk's queue; the handler classifies, investigates
and answers it with named actions (each audited, each confirmed with the complaint number); the
customer accepts or reopens it from the claim page. The service desk searches the FAQ, logs a
consultation and records a callback's outcome. Customers and surveyors are refused.
"""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.complaints import reference
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.tasks.queues import route_claim
from tests.builders import World, a_report, a_world, token_for
from tests.integration.test_web_pages import sign_in


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _claim(world: World) -> int:
    claim, _ = report_claim(world.container.context(), actor=world.users["agent"],
                            report=a_report(), idempotency_key=None)  # fmt: skip
    return claim.id or 0


def _portal_complaint(client: TestClient, claim_id: int, text: str = "赔款太慢了") -> int:
    sign_in(client, "customer")
    page = client.get(f"/claims/{claim_id}")
    filed = client.post(f"/claims/{claim_id}/complaint",
                        data={"text": text, "csrf_token": _csrf(page.text)})  # fmt: skip
    assert filed.status_code == 200, filed.text
    listed = client.get("/api/complaints", headers=token_for(client, "agent")).json()["items"]
    return int(listed[-1]["id"])


def _post(client: TestClient, path: str, data: dict[str, str]) -> httpx.Response:
    token = _csrf(client.get("/complaints").text)
    return client.post(path, data={**data, "csrf_token": token})


def test_a_portal_complaint_is_handled_on_the_desk_and_confirmed_by_the_customer(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim_id = _claim(world)
    case_id = _portal_complaint(client, claim_id)
    ref = reference(case_id)

    sign_in(client, "agent")
    queue = client.get("/complaints")
    assert queue.status_code == 200 and ref in queue.text and "客户端" in queue.text
    classified = _post(client, f"/complaints/{case_id}/classify",
                       {"severity": "major", "root_cause": "slow_payment"})  # fmt: skip
    investigated = _post(client, f"/complaints/{case_id}/investigate",
                         {"note": "核实：材料已齐，支付排队中"})  # fmt: skip
    answered = _post(client, f"/complaints/{case_id}/answer", {"answer": "已加急，今日到账"})

    for response in (classified, investigated, answered):
        assert response.status_code == 200 and f"投诉 {ref}" in response.text
    page = client.get(f"/complaints/{case_id}").text
    assert "重大疑难投诉" in page and "赔付慢" in page and "核实：材料已齐" in page
    assert "已答复，待客户确认" in page and 'id="flash"' not in page  # shown once only
    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.for_entity("complaint", str(case_id))]
    assert actions == ["classify_complaint", "investigate_complaint", "answer_complaint"]

    sign_in(client, "customer")
    claim_page = client.get(f"/claims/{claim_id}")
    assert "已加急，今日到账" in claim_page.text and f"accept-answer-{case_id}" in claim_page.text
    confirmed = client.post(
        f"/complaints/{case_id}/confirm",
        data={"satisfied": "true", "csrf_token": _csrf(claim_page.text)},
    )
    assert confirmed.status_code == 200 and f"投诉 {ref} 已办结" in confirmed.text
    case = client.get(f"/api/complaints/{case_id}", headers=token_for(client, "customer")).json()
    assert case["status"] == "closed" and case["satisfied"] is True


def test_the_customer_can_reopen_and_the_staff_claim_page_shows_the_complaint(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim_id = _claim(world)
    case_id = _portal_complaint(client, claim_id)
    sign_in(client, "manager")
    _post(client, f"/complaints/{case_id}/answer", {"answer": "正在处理"})
    sign_in(client, "customer")
    page = client.get(f"/claims/{claim_id}").text
    reopen = {"satisfied": "false", "comment": "还没到账", "csrf_token": _csrf(page)}
    client.post(f"/complaints/{case_id}/confirm", data=reopen)

    sign_in(client, "specialist")
    staff_page = client.get(f"/claims/{claim_id}?lang=en").text
    assert reference(case_id) in staff_page and "Being handled" in staff_page
    sign_in(client, "agent")
    desk_page = client.get(f"/complaints/{case_id}").text
    assert "还没到账" in desk_page and 'id="answer-button"' in desk_page  # handled again


def test_the_queue_puts_the_earliest_due_first_and_highlights_breaches(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    first = _portal_complaint(client, _claim(world), "第一件")
    container.clock.moment += timedelta(days=8)
    second = _portal_complaint(client, _claim(world), "第二件")

    sign_in(client, "agent")
    html = client.get("/complaints").text
    rows = re.findall(r'<tr class="([^"]*)" data-complaint="(\d+)"', html)
    assert [int(case) for _, case in rows] == [first, second]
    assert rows[0][0] == "row-breached" and rows[1][0] == ""  # 3 working days long past
    assert "已超时" in html or "Breached" in html


def test_an_empty_answer_is_refused_next_to_the_field_and_nothing_is_written(
    container: Container, client: TestClient
) -> None:
    case_id = _portal_complaint(client, _claim(a_world(container)))
    sign_in(client, "agent")
    refused = _post(client, f"/complaints/{case_id}/answer", {"answer": "   "})
    assert refused.status_code == 422
    assert 'id="err-answer"' in refused.text
    with container.uow() as uow:
        assert uow.audit.for_entity("complaint", str(case_id)) == []


@pytest.mark.parametrize("who", ["customer", "surveyor"])
def test_customers_and_surveyors_are_refused_the_desks(
    container: Container, client: TestClient, who: str
) -> None:
    world = a_world(container)
    case_id = _portal_complaint(client, _claim(world))
    sign_in(client, who)
    token = _csrf(client.get("/login").text)
    assert client.get("/complaints").status_code == 403
    assert client.get(f"/complaints/{case_id}").status_code == 403
    assert client.get("/complaints/report.csv").status_code == 403
    assert client.get("/service-desk").status_code == 403
    answered = client.post(f"/complaints/{case_id}/answer",
                           data={"answer": "x", "csrf_token": token})  # fmt: skip
    logged = client.post("/service-desk/consultations", data={
        "channel": "phone", "question": "q", "answer": "a", "csrf_token": token})  # fmt: skip
    assert (answered.status_code, logged.status_code) == (403, 403)
    nav = client.get("/?lang=zh").text
    assert 'href="/complaints"' not in nav and 'href="/service-desk"' not in nav


def test_the_monthly_report_is_on_the_page_and_downloads(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    _portal_complaint(client, _claim(world))
    sign_in(client, "manager")
    month = container.clock.now().strftime("%Y-%m")
    page = client.get(f"/complaints?month={month}").text
    assert "投诉月报" in page and "受理投诉件数" in page and "未分类" in page
    csv = client.get(f"/complaints/report.csv?month={month}")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "受理投诉件数,1" in csv.text
    assert client.get("/complaints?month=2026-13").status_code == 422


def _paid_claim_due_a_callback(world: World) -> tuple[int, str]:
    claim_id = _claim(world)
    c = world.container
    with c.uow() as uow:
        current = uow.claims.get(claim_id)
        uow.claims.change_status(current, current.version, ClaimStatus.PAID, "", c.clock.now())
        uow.commit()
    with c.uow() as uow:
        route_claim(uow, c.clock, claim_id)
        uow.commit()
        return claim_id, uow.claims.get(claim_id).claim_no


def test_the_service_desk_searches_logs_and_records_callbacks(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim_id, claim_no = _paid_claim_due_a_callback(world)
    while claim_id % 10 != 0:  # one paid claim in ten by id is called back
        claim_id, claim_no = _paid_claim_due_a_callback(world)
    sign_in(client, "agent")

    found = client.get("/service-desk", params={"q": "理赔款多久能到账"})
    assert found.status_code == 200 and 'data-faq="payment-time"' in found.text
    logged = client.post("/service-desk/consultations", data={
        "channel": "phone", "question": "多久到账", "answer": "核赔后3日内",
        "faq_id": "payment-time", "csrf_token": _csrf(found.text)})  # fmt: skip
    assert logged.status_code == 200 and "咨询已登记" in logged.text
    assert "多久到账" in logged.text and "电话" in logged.text
    assert f'data-callback="{claim_no}"' in logged.text

    outcome = {
        "reached": "true",
        "score": "5",
        "comment": "很满意",
        "csrf_token": _csrf(logged.text),
    }
    called = client.post(f"/service-desk/callbacks/{claim_id}", data=outcome)
    assert called.status_code == 200 and "回访结果已记录" in called.text
    assert f'data-callback="{claim_no}"' not in called.text and "很满意" in called.text
    again = client.post(f"/service-desk/callbacks/{claim_id}", data={
        "reached": "true", "score": "9", "csrf_token": _csrf(called.text)})  # fmt: skip
    assert again.status_code == 422 and "评分应为 1 到 5" in again.text


def test_investigators_find_the_open_investigations_from_the_navigation(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim_id = _claim(world)
    client.post(f"/api/claims/{claim_id}/investigations", headers=token_for(client, "specialist"),
                json={"reason": "核实就诊"})  # fmt: skip
    sign_in(client, "investigator")
    home = client.get("/fraud/investigations")
    assert 'href="/fraud/investigations"' in home.text  # the navigation link
    assert "核实就诊" in home.text and "人工提调" in home.text and "调查中" in home.text
    with container.uow() as uow:
        assert uow.claims.get(claim_id).claim_no in home.text
