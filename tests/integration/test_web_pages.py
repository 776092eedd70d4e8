"""Server-rendered pages: sign-in with CSRF, claim list and detail, moves, language switch."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus as S
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import PASSWORD, a_lab_line, a_report, a_world, with_all_materials


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form without CSRF token"
    return match.group(1)


def sign_in(client: TestClient, username: str) -> None:
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_pages_redirect_to_sign_in(container: Container, client: TestClient) -> None:
    response = client.get("/claims", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_sign_in_without_csrf_token_is_refused(container: Container, client: TestClient) -> None:
    a_world(container)
    client.get("/login")
    response = client.post(
        "/login", data={"username": "agent", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403


def test_wrong_password_shows_the_error_in_chinese(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "agent", "password": "wrong-password", "csrf_token": token}
    )
    assert response.status_code == 401 and "用户名或密码错误" in response.text


def test_specialist_sees_the_list_and_moves_a_claim(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    sign_in(client, "specialist")
    listing = client.get("/claims")
    assert claim.claim_no in listing.text and "已报案" in listing.text
    detail = client.get(f"/claims/{claim.id}")
    assert 'data-move="accepted"' in detail.text and 'data-move="approved"' not in detail.text
    response = client.post(
        f"/claims/{claim.id}/move",
        data={"to": "accepted", "version": "1", "reason": "", "csrf_token": _csrf(detail.text)},
    )
    assert response.status_code == 200 and "已受理" in response.text


def test_stale_form_shows_a_clear_error(container: Container, client: TestClient) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    sign_in(client, "specialist")
    token = _csrf(client.get(f"/claims/{claim.id}").text)
    form = {"to": "accepted", "version": "1", "reason": "", "csrf_token": token}
    client.post(f"/claims/{claim.id}/move", data=form)
    again = client.post(f"/claims/{claim.id}/move", data=form)
    assert again.status_code == 422 and "已被他人修改" in again.text


def test_customer_cannot_open_another_customers_claim_page(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    theirs, _ = report_claim(
        container.context(),
        actor=world.users["agent"],
        report=a_report(member_no="E2"),
        idempotency_key=None,
    )
    sign_in(client, "customer")
    response = client.get(f"/claims/{theirs.id}")
    assert response.status_code == 404 and theirs.claim_no not in response.text.split("未找到")[0]
    assert theirs.claim_no not in client.get("/claims").text


def test_english_is_one_switch_away(container: Container, client: TestClient) -> None:
    a_world(container)
    sign_in(client, "agent")
    assert "Claims" in client.get("/claims?lang=en").text
    assert "赔案列表" not in client.get("/claims").text
    assert "赔案列表" in client.get("/claims?lang=zh").text


def test_adjudication_table_shows_reasons_and_takes_an_override(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    report = a_report(lines=(a_lab_line("L1", "1000.00"),))
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=report, idempotency_key=None
    )
    with_all_materials(container, world.users["agent"], claim.id or 0)
    for who, target in (
        ("specialist", S.ACCEPTED),  # complete materials: accepted → under_review
        ("specialist2", S.ADJUDICATED),
    ):
        claim = move_claim(
            container.context(),
            actor=world.users[who],
            claim_id=claim.id or 0,
            target=target,
            reason="",
            expected_version=claim.version,
        )
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim.id}").text
    assert 'id="adjudication"' in page and "免赔额" in page and "280.00" in page
    response = client.post(
        f"/claims/{claim.id}/override",
        data={
            "line": "V1/L1",
            "payable": "250.00",
            "reason": "复核",
            "version": str(claim.version),
            "csrf_token": _csrf(page),
        },
    )
    assert response.status_code == 200 and "250.00" in response.text and "复核" in response.text
