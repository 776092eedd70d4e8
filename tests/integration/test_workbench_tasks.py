"""The workbench as the user's work (issue 12): SLA tabs, filters, sorting, partial search,
totals and masking, one statement per page; named actions on the claim page with their
confirmation and flash. SQLite and PostgreSQL (the `client` fixture's two params)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim
from claimdesk.domain.claim import ClaimStatus as S
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.tasks.queues import reassign
from tests.builders import World, a_bill_line, a_report, a_world, with_all_materials
from tests.integration.test_claim_page_queries import counting
from tests.integration.test_web_pages import _csrf, sign_in


def _report(world: World, amount: str = "300.00", member_no: str = "E1") -> Claim:
    report = a_report(member_no=member_no, lines=(a_bill_line("L1", amount),))
    claim, _ = report_claim(world.container.context(), actor=world.users["agent"], report=report)
    return claim


def _give(world: World, claim: Claim, username: str) -> None:
    """The claim's open task to `username` (a manager's reassignment, audited)."""
    container = world.container
    with container.engine.connect() as connection:
        task_id = connection.execute(
            text("SELECT id FROM tasks WHERE claim_id = :c AND status = 'open'"), {"c": claim.id}
        ).scalar_one()
    reassign(container.uow(), container.clock, world.users["manager"], task_id,
             world.users[username].id, "测试分派")  # fmt: skip


def _rows(html: str) -> int:
    return html.count('<tr data-claim="')


def test_my_tasks_with_tabs_filters_totals_and_sorting(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    small, big = _report(world, "300.00"), _report(world, "5000.00", member_no="E2")
    for claim in (small, big):
        _give(world, claim, "specialist")
    sign_in(client, "specialist")
    page = client.get("/workbench").text
    assert small.claim_no in page and big.claim_no in page and _rows(page) == 2
    assert 'id="total-count">2<' in page and "¥5,300.00" in page  # count and claimed total
    assert 'id="tab-new"' in page and "新任务" in page and "已超时" in page
    # Amount range and partial claim-number search narrow the work; totals follow.
    ranged = client.get("/workbench", params={"min_amount": "1000"}).text
    assert big.claim_no in ranged and small.claim_no not in ranged
    assert 'id="total-count">1<' in ranged and "¥5,000.00" in ranged
    found = client.get("/workbench", params={"q": small.claim_no[-5:]}).text
    assert (
        small.claim_no in found
        and big.claim_no not in found.split('id="work-table"')[1].split("</table>")[0]
    )
    # Sorted by amount, largest first, then ascending by clicking again.
    by_amount = client.get("/workbench", params={"sort": "claimed", "desc": "true"}).text
    assert by_amount.index(big.claim_no) < by_amount.index(small.claim_no)
    assert 'aria-sort="descending"' in by_amount
    # A filter by status no task is in: nothing, and a bad filter is refused, not a 500.
    assert _rows(client.get("/workbench", params={"status": "approved"}).text) == 0
    refused = client.get("/workbench", params={"min_amount": "abc"})
    assert refused.status_code == 422 and "索赔金额从" in refused.text
    assert client.get("/workbench", params={"min_amount": "", "max_amount": ""}).status_code == 200
    assert client.get("/workbench", params={"sort": "password"}).status_code == 422


def test_overdue_work_has_its_tab_and_new_work_is_not_buried(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    old = _report(world)
    _give(world, old, "specialist")
    container.clock.moment += timedelta(days=3)  # 受理 is due in 24 hours: now overdue
    new = _report(world, member_no="E2")
    _give(world, new, "specialist")
    sign_in(client, "specialist")
    page = client.get("/workbench").text
    assert 'class="sla-breached"' in page and 'class="sla-on_track"' in page
    breached = client.get("/workbench", params={"tab": "breached"}).text
    assert old.claim_no in breached and new.claim_no not in breached
    fresh = client.get("/workbench", params={"tab": "new"}).text
    assert new.claim_no in fresh and old.claim_no not in fresh
    assert 'id="tab-breached"' in fresh and '<span class="count">1</span>' in fresh


def test_id_numbers_and_phones_are_masked_without_view_pii(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = _report(world)
    with_all_materials(container, world.users["agent"], claim.id or 0)
    claim = move_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0,
                       target=S.ACCEPTED, reason="", expected_version=claim.version)  # fmt: skip
    with container.engine.begin() as connection:  # a staff role without VIEW_PII holds it
        connection.execute(
            text("UPDATE tasks SET assignee_id = :u WHERE claim_id = :c AND status = 'open'"),
            {"u": world.users["surveyor"].id, "c": claim.id},
        )
    sign_in(client, "surveyor")
    page = client.get("/workbench").text
    assert claim.claim_no in page and "110105********002X" in page
    assert "11010519491231002X" not in page
    # A masked role cannot probe an ID number by a part of it.
    assert _rows(client.get("/workbench", params={"q": "19491231"}).text) == 0


def test_a_workbench_page_is_one_statement_whatever_its_length(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    sign_in(client, "specialist")

    def cost() -> Any:
        client.get("/workbench")
        with counting(container) as counted:
            assert client.get("/workbench").status_code == 200
        return counted

    _give(world, _report(world), "specialist")
    one = cost()
    for _ in range(6):
        _give(world, _report(world, member_no="E2"), "specialist")
    seven = cost()
    assert seven.statements == one.statements, (one, seven)
    assert one.statements <= 3, one  # the session's user, the page (and nothing per row)


def test_named_actions_with_consequence_confirmation_and_flash(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = _report(world)
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim.id}").text
    assert 'data-action="accept"' in page and "受理后系统核对材料" in page
    assert "等待受理" in page and "→ 已受理" not in page  # no raw status buttons
    assert 'data-action="approve"' not in page
    response = client.post(f"/claims/{claim.id}/move", data={
        "to": "accepted", "action": "accept", "version": str(claim.version), "reason": "",
        "csrf_token": _csrf(page)})  # fmt: skip
    assert response.status_code == 200 and 'id="flash"' in response.text
    assert f"已受理：赔案 {claim.claim_no}" in response.text
    # Materials are missing: the page says what the claim waits for, and from whom.
    assert "等待客户补充" in response.text and 'data-missing="' in response.text
    assert "客户" in response.text.split('id="waiting-for"')[1].split("</p>")[0]


def test_deny_needs_reasons_from_the_catalogue_and_a_confirmation(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = _report(world)
    with_all_materials(container, world.users["agent"], claim.id or 0)
    claim = move_claim(container.context(), actor=world.users["specialist"],
                       claim_id=claim.id or 0, target=S.ACCEPTED, reason="",
                       expected_version=claim.version)  # fmt: skip
    assert claim.status == S.UNDER_REVIEW
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim.id}").text
    assert f'href="/claims/{claim.id}/actions/deny"' in page and "button danger" in page
    confirm = client.get(f"/claims/{claim.id}/actions/deny")
    assert confirm.status_code == 200 and 'name="reason_code"' in confirm.text
    assert "此操作不可撤销" in confirm.text and 'class="danger"' in confirm.text
    form = {"to": "denied", "action": "deny", "version": str(claim.version),
            "reason": "既往症", "clause": "", "csrf_token": _csrf(confirm.text)}  # fmt: skip
    refused = client.post(f"/claims/{claim.id}/move", data=form)
    assert refused.status_code == 422 and 'id="confirm-action"' in refused.text  # back to confirm
    form |= {"reason_code": ["NON_DESIGNATED_HOSPITAL"], "clause": "第七条"}
    denied = client.post(f"/claims/{claim.id}/move", data=form)
    assert denied.status_code == 200 and f"已拒赔：赔案 {claim.claim_no}" in denied.text
    assert 'id="claim-status">已拒赔' in denied.text.replace('class="badge status-denied" ', "")
    # An action not offered in this state has no confirmation page.
    assert client.get(f"/claims/{claim.id}/actions/deny").status_code == 404


def test_a_manager_refers_a_case_to_the_panel(container: Container, client: TestClient) -> None:
    world = a_world(container)
    claim = _report(world)
    with_all_materials(container, world.users["agent"], claim.id or 0)
    move_claim(container.context(), actor=world.users["specialist"], claim_id=claim.id or 0,
               target=S.ACCEPTED, reason="", expected_version=claim.version)  # fmt: skip
    sign_in(client, "manager")
    confirm = client.get(f"/claims/{claim.id}/actions/mark_difficult")
    assert confirm.status_code == 200 and "集体表决" in confirm.text
    token = _csrf(confirm.text)
    empty = client.post(f"/claims/{claim.id}/difficult", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 422 and "须说明疑难原因" in empty.text
    done = client.post(f"/claims/{claim.id}/difficult",
                       data={"csrf_token": token, "reason": "责任认定有争议"})  # fmt: skip
    assert done.status_code == 200 and "已转疑难案件" in done.text
    assert "等待疑难案件小组表决" in done.text and 'data-action="mark_difficult"' not in done.text
    sign_in(client, "specialist")
    assert client.get(f"/claims/{claim.id}/actions/mark_difficult").status_code == 404


def test_a_manager_sees_overdue_work_and_reassigns_it(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    late = _report(world)
    _give(world, late, "specialist")
    container.clock.moment += timedelta(days=3)
    fresh = _report(world, member_no="E2")
    _give(world, fresh, "specialist")
    sign_in(client, "manager")
    page = client.get("/management/work").text
    risky = page.split('id="risky-table"')[1].split("</table>")[0]
    assert late.claim_no in risky and fresh.claim_no not in risky and "已超时" in risky
    load = page.split('id="workload-table"')[1].split("</table>")[0]
    row = load.split(f'data-user="{world.users["specialist"].id}"')[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in row.split('class="number">')[1:]] == ["2", "0", "1"]
    task_id = risky.split('data-task="')[1].split('"')[0]
    form = {"csrf_token": _csrf(page), "assignee_id": str(world.users["specialist2"].id),
            "note": "原经办人休假"}  # fmt: skip
    done = client.post(f"/management/work/{task_id}/assign", data=form)
    assert done.status_code == 200 and f"已改派：赔案 {late.claim_no}" in done.text
    with container.engine.connect() as connection:
        audited = connection.execute(
            text(
                "SELECT actor, reason FROM audit_records WHERE action = 'reassign_task' "
                "ORDER BY seq DESC"
            )
        ).first()
    assert audited is not None and tuple(audited) == ("manager", "原经办人休假")
    # To someone without the task's role: refused with the reason, nothing changed.
    form["assignee_id"] = str(world.users["finance"].id)
    refused = client.post(f"/management/work/{task_id}/assign", data=form)
    assert refused.status_code == 422 and 'id="assign-error"' in refused.text
    sign_in(client, "specialist")
    assert client.get("/management/work").status_code == 403
