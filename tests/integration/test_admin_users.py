"""系统管理 (issue 12): an administrator edits a user's name, role and contact, disables and
re-enables the account (a disabled user cannot sign in; their session and API token stop at
once), and the approval-authority form shows the current values. Every change is audited."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import PASSWORD, a_world, token_for
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_web_pages import _csrf, sign_in


def _actions(container: Container, user_id: int) -> list[tuple[str, str]]:
    with container.uow() as uow:
        return [
            (r.entry.action, r.entry.reason) for r in uow.audit.for_entity("user", str(user_id))
        ]


def _value(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}"[^>]*value="([^"]*)"', html)
    assert match, field_id
    return match.group(1)


def test_admin_edits_name_role_and_contact(container: Container, client: TestClient) -> None:
    world = a_world(container)
    agent = world.users["agent"]
    sign_in(client, "admin")
    page = client.get(f"/admin/users/{agent.id}")
    assert page.status_code == 200 and _value(page.text, "ed-display") == "agent"
    form = {"csrf_token": _csrf(page.text), "display_name": "王小明", "role": "specialist",
            "phone": "13800138000", "email": "wang@example.com"}  # fmt: skip
    saved = client.post(f"/admin/users/{agent.id}", data=form)
    assert saved.status_code == 200 and "用户信息已保存" in saved.text
    assert _value(saved.text, "ed-phone") == "13800138000"
    assert re.search(r'<option value="specialist" selected>', saved.text)
    with container.uow() as uow:
        stored = uow.users.get(agent.id)
    assert (stored.display_name, stored.role, stored.email) == (
        "王小明", "specialist", "wang@example.com")  # fmt: skip
    assert ("edit_user", "") in _actions(container, agent.id)


def test_bad_contact_is_refused_next_to_the_field_and_nothing_changes(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    agent = world.users["agent"]
    sign_in(client, "admin")
    token = _csrf(client.get(f"/admin/users/{agent.id}").text)
    bad = {"csrf_token": token, "display_name": "新名字", "role": "agent", "email": "not-an-email"}
    refused = client.post(f"/admin/users/{agent.id}", data=bad)
    assert refused.status_code == 422 and 'id="err-email"' in refused.text
    assert "电子邮箱格式不正确" in refused.text
    to_customer = {**bad, "email": "", "role": "customer"}
    assert client.post(f"/admin/users/{agent.id}", data=to_customer).status_code == 422
    with container.uow() as uow:
        assert uow.users.get(agent.id).display_name == "agent"
    assert _actions(container, agent.id) == [("add_user", "")]


def test_a_disabled_user_is_signed_out_everywhere_and_can_come_back(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    agent = world.users["agent"]
    with TestClient(client.app) as agent_browser:
        sign_in(agent_browser, "agent")
        api = token_for(agent_browser, "agent")
        assert agent_browser.get("/workbench").status_code == 200
        sign_in(client, "admin")
        token = _csrf(client.get(f"/admin/users/{agent.id}").text)
        no_reason = {"csrf_token": token, "active": "false", "reason": " "}
        refused = client.post(f"/admin/users/{agent.id}/active", data=no_reason)
        assert refused.status_code == 422 and 'id="err-reason"' in refused.text
        off = {**no_reason, "reason": "离职"}
        done = client.post(f"/admin/users/{agent.id}/active", data=off)
        assert done.status_code == 200 and "账号已停用" in done.text and "重新启用账号" in done.text
        after = agent_browser.get("/workbench", follow_redirects=False)
        assert after.status_code in (303, 401) and "/login" in after.headers.get(
            "location", "/login"
        )
        assert agent_browser.get("/api/claims", headers=api).status_code == 401
        login = {"username": "agent", "password": PASSWORD}
        assert agent_browser.post("/api/auth/token", json=login).status_code == 401
        on = {**off, "active": "true", "reason": "返岗"}
        assert "账号已启用" in client.post(f"/admin/users/{agent.id}/active", data=on).text
        assert agent_browser.post("/api/auth/token", json=login).status_code == 200
    assert _actions(container, agent.id)[-2:] == [("disable_user", "离职"), ("enable_user", "返岗")]
    users = client.get("/admin/users")
    assert 'href="/admin/users/' in users.text


def test_admin_cannot_disable_themself_and_others_cannot_administer(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    admin = world.users["admin"]
    sign_in(client, "admin")
    token = _csrf(client.get(f"/admin/users/{admin.id}").text)
    own = {"csrf_token": token, "active": "false", "reason": "试试"}
    refused = client.post(f"/admin/users/{admin.id}/active", data=own)
    assert refused.status_code == 422 and "不能停用自己的账号" in refused.text
    sign_in(client, "manager")
    assert client.get(f"/admin/users/{admin.id}").status_code == 403
    token = _csrf(client.get("/workbench").text)
    other = {**own, "csrf_token": token}
    assert (
        client.post(f"/admin/users/{world.users['agent'].id}/active", data=other).status_code == 403
    )
    with container.uow() as uow:
        assert uow.users.get(world.users["agent"].id).active


def test_approver_limits_form_shows_current_values(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)  # approver: level 2, 50,000 on every line; manager: unlimited
    approver, manager = world.users["approver"], world.users["manager"]
    sign_in(client, "admin")
    page = client.get(f"/admin/users/{approver.id}")
    assert _value(page.text, "ap-level") == "2" and _value(page.text, "ap-health") == "50000.00"
    assert _value(client.get(f"/admin/users/{manager.id}").text, "ap-auto") == "不限"
    form = {"csrf_token": _csrf(page.text), "user_id": str(approver.id), "level": "1",
            "health": "8,000", "accident": "不限", "auto": ""}  # fmt: skip
    saved = client.post("/admin/approvers", data=form)
    assert saved.status_code == 200 and "核赔权限已保存" in saved.text
    assert _value(saved.text, "ap-health") == "8000.00" and _value(saved.text, "ap-auto") == ""
    assert _value(saved.text, "ap-accident") == "不限" and _value(saved.text, "ap-level") == "1"
    bad = client.post("/admin/approvers", data={**form, "health": "八千"})
    assert bad.status_code == 422 and 'id="err-health"' in bad.text
    en = client.get(f"/admin/users/{approver.id}?lang=en")
    assert codes_in(visible(en.text)) == set() and "Approval authority" in en.text


def test_users_list_shows_roles_by_label(container: Container, client: TestClient) -> None:
    world = a_world(container)
    sign_in(client, "admin")
    text = visible(client.get("/admin/users").text)
    assert codes_in(text) - set(world.users) == set()  # usernames are what people type
    assert all(label in text for label in ("系统管理员", "核赔人", "理赔专员", "不限"))
