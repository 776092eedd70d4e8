"""疑难案件 on the staff claim page (issue 12): a manager sends the adjudicated claim to the
panel with the reason; three approvers vote with reasons on the page; the result and every vote
are shown; a member votes once; bad input is refused next to the field and nothing is written."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.users import Role
from claimdesk.services.claims.use_cases import get_claim
from tests.builders import _user, a_world, give_authority
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_web_pages import _csrf, sign_in
from tests.services.test_queues_and_authority import _adjudicated


def _panel_claim(container: Container) -> int:
    world = a_world(container)
    world.users["approver3"] = _user(container, "approver3", Role.APPROVER)
    give_authority(container, world.users, {"approver3": 2})
    return _adjudicated(world, "1000.00").id or 0


def _vote(client: TestClient, claim_id: int, who: str, vote: str, reason: str, clause: str = ""):  # type: ignore[no-untyped-def]
    sign_in(client, who)
    page = client.get(f"/claims/{claim_id}")
    assert 'id="panel-vote-form"' in page.text, who
    form = {"csrf_token": _csrf(page.text), "vote": vote, "reason": reason, "clause": clause}
    return client.post(f"/claims/{claim_id}/panel/votes", data=form)


def _section(html: str) -> str:
    start = html.index('<section class="card" id="panel">')
    return html[start : html.index("</section>", start)]


def _votes(container: Container, claim_id: int) -> int:
    with container.uow() as uow:
        return len(uow.tasks.votes(claim_id))


def test_the_panel_decides_on_the_claim_page(container: Container, client: TestClient) -> None:
    claim_id = _panel_claim(container)
    sign_in(client, "approver")  # an approver sees no panel until the case is difficult
    assert 'id="panel"' not in client.get(f"/claims/{claim_id}").text
    sign_in(client, "manager")
    page = client.get(f"/claims/{claim_id}")
    assert 'id="panel-mark-form"' in page.text
    empty = {"csrf_token": _csrf(page.text), "reason": " "}
    refused = client.post(f"/claims/{claim_id}/difficult", data=empty)
    assert refused.status_code == 422 and "须说明疑难原因" in refused.text
    marked = client.post(
        f"/claims/{claim_id}/difficult", data={**empty, "reason": "伤残等级有争议"}
    )
    assert "已转疑难案件" in marked.text and "伤残等级有争议" in marked.text
    assert 'id="panel-mark-form"' not in marked.text

    first = _vote(client, claim_id, "approver", "approve", "票据齐全，符合条款")
    assert "表决已记录（同意 1，不同意 0）" in first.text and "表决中" in first.text
    assert 'id="panel-vote-form"' not in first.text  # one vote per member
    no_clause = _vote(client, claim_id, "approver2", "reject", "属责任免除")
    assert no_clause.status_code == 422 and 'id="err-clause"' in no_clause.text
    assert _votes(container, claim_id) == 1
    _vote(client, claim_id, "approver2", "reject", "属责任免除", "第四部分 二.11")
    done = _vote(client, claim_id, "approver3", "approve", "同意多数意见")
    assert "集体讨论通过" in done.text
    result = re.search(r'id="panel-result" data-outcome="(\w+)"', done.text)
    assert result and result.group(1) == "approved"
    text = visible(_section(done.text))  # (the test's materials are named by their codes)
    assert all(s in text for s in ("同意赔付", "不同意（拒赔）", "属责任免除", "approver2"))
    assert codes_in(text) == set()
    claim = get_claim(container.context(), actor=container_user(container, "manager"),
                      claim_id=claim_id)  # fmt: skip
    assert claim.status == ClaimStatus.APPROVED
    en = visible(_section(client.get(f"/claims/{claim_id}?lang=en").text))
    assert "Panel approved payment" in en and codes_in(en) == set()


def test_a_member_votes_once_and_only_approvers_vote(
    container: Container, client: TestClient
) -> None:
    claim_id = _panel_claim(container)
    sign_in(client, "manager")
    token = _csrf(client.get(f"/claims/{claim_id}").text)
    client.post(f"/claims/{claim_id}/difficult", data={"csrf_token": token, "reason": "争议"})
    _vote(client, claim_id, "approver", "approve", "同意")
    token = _csrf(client.get(f"/claims/{claim_id}").text)
    again = {"csrf_token": token, "vote": "reject", "reason": "改主意", "clause": "第一部分"}
    twice = client.post(f"/claims/{claim_id}/panel/votes", data=again)
    assert twice.status_code == 422 and "您已对本案投过票" in twice.text
    sign_in(client, "approver2")
    token = _csrf(client.get(f"/claims/{claim_id}").text)
    maybe = {**again, "csrf_token": token, "vote": "maybe"}
    bad = client.post(f"/claims/{claim_id}/panel/votes", data=maybe)
    assert bad.status_code == 422 and 'id="err-vote"' in bad.text
    sign_in(client, "agent")
    page = client.get(f"/claims/{claim_id}")
    assert 'id="panel-vote-form"' not in page.text and "争议" in page.text
    token = _csrf(page.text)
    refused = client.post(f"/claims/{claim_id}/panel/votes", data={**again, "csrf_token": token})
    assert refused.status_code in (403, 422)
    assert _votes(container, claim_id) == 1


def container_user(container: Container, username: str):  # type: ignore[no-untyped-def]
    with container.uow() as uow:
        found = uow.users.find_with_hash(username)
    assert found is not None
    return found[0]
