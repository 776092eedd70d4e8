"""GET a claim from the answers kept per revision (issue 17, web/claim_answers.py).

The proof that a kept answer is never stale: after every kind of write to what the answer
reads — each column it shows on the claim, its visits and lines, the insured's name, visits
and lines added and removed, the claim moved to another insured — written as plain SQL (no
application code: the database's triggers must catch any writer), and after the write use
cases of a claim's life, the API's answer is byte for byte the answer built afresh from the
database, for staff and for the customer (whose visibility may change), and the revision
has moved to one never given before.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from claimdesk.analytics.claim_page import claim_header
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import NotFound
from claimdesk.domain.users import User
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.claims.moves import moves_for
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.tasks import queues
from claimdesk.web.api.claims import claim_body
from claimdesk.web.api.schemas import ClaimPage, claim_out
from claimdesk.web.api.tasks import _QUEUE_JSON, _page
from claimdesk.web.claim_answers import ClaimAnswers
from tests.builders import a_report_body, a_world, token_for, with_all_materials

pytestmark = pytest.mark.postgres

_LINES_OF = "(SELECT id FROM visits WHERE claim_id = :id)"
_LAST_VISIT = "(SELECT MAX(id) FROM visits WHERE claim_id = :id)"
_LINE_COLUMNS = (
    "visit_id, position, line_ref, type, name, amount, fund_paid, category_self_pay, "
    "self_funded, self_pay, auxiliary, days_supply, sessions"
)
_VISIT_COLUMNS = (
    "claim_id, position, visit_ref, kind, date, discharge_date, hospital_code, hospital_name, "
    "designated, hospital_level, ward, region, diagnosis, service, rescue, other_payer_paid, "
    "receipt_number, receipt_original, receipt_handwritten"
)
# Each a transaction of plain SQL on what the claim's answer shows (`:id` the claim,
# `:other` the other insured person of the policy).
WRITES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("status", ("UPDATE claims SET status = 'accepted' WHERE id = :id",)),
    ("status reason", ("UPDATE claims SET status_reason = '补充材料' WHERE id = :id",)),
    ("description", ("UPDATE claims SET incident_description = '复诊' WHERE id = :id",)),
    ("amount", ("UPDATE claims SET claimed_amount = claimed_amount + 1 WHERE id = :id",)),
    ("version", ("UPDATE claims SET version = version + 1 WHERE id = :id",)),
    ("fast track", ("UPDATE claims SET fast_track = NOT fast_track WHERE id = :id",)),
    ("difficult", ("UPDATE claims SET difficult = NOT difficult WHERE id = :id",)),
    ("hospital name", ("UPDATE visits SET hospital_name = '华山医院' WHERE claim_id = :id",)),
    ("diagnosis", ("UPDATE visits SET diagnosis = '肺炎' WHERE claim_id = :id",)),
    ("visit date", ("UPDATE visits SET date = incident_day WHERE claim_id = :id",)),
    ("line name", (f"UPDATE bill_lines SET name = '血常规' WHERE visit_id IN {_LINES_OF}",)),
    (
        "line amount",
        (
            "UPDATE bill_lines SET amount = amount + 100, self_pay = self_pay + 100 "
            f"WHERE visit_id IN {_LINES_OF}",
        ),
    ),
    (
        "line added",
        (
            f"INSERT INTO bill_lines ({_LINE_COLUMNS}) SELECT "
            + _LINE_COLUMNS.replace("position", "position + 10").replace(
                "line_ref", "line_ref || 'b'"
            )
            + f" FROM bill_lines WHERE visit_id IN {_LINES_OF}",
        ),
    ),
    (
        "line removed",
        (
            "DELETE FROM bill_lines WHERE id = "
            f"(SELECT MAX(id) FROM bill_lines WHERE visit_id IN {_LINES_OF})",
        ),
    ),
    (
        "visit added",
        (
            f"INSERT INTO visits ({_VISIT_COLUMNS}) SELECT "
            + _VISIT_COLUMNS.replace("position", "position + 1").replace(
                "visit_ref", "visit_ref || 'b'"
            )
            + " FROM visits WHERE claim_id = :id",
        ),
    ),
    (
        "visit removed",
        (
            f"DELETE FROM bill_lines WHERE visit_id = {_LAST_VISIT}",
            f"DELETE FROM visits WHERE id = {_LAST_VISIT}",
        ),
    ),
    (
        "insured's name",
        (
            "UPDATE insured_persons SET name = '张小三' "
            "WHERE id = (SELECT insured_person_id FROM claims WHERE id = :id)",
        ),
    ),
    ("another insured", ("UPDATE claims SET insured_person_id = :other WHERE id = :id",)),
    ("that insured's name", ("UPDATE insured_persons SET name = '李小四' WHERE id = :other",)),
)


def _user(container: Container, username: str) -> User:
    with container.uow() as uow:
        found = uow.users.find_with_hash(username)
    assert found is not None
    return found[0]


def _fresh(container: Container, user: User, claim_id: int) -> tuple[int, bytes]:
    """The answer built from the database now, without anything kept."""
    try:
        claim, insured_name = claim_header(container.uow(), user, claim_id)
    except NotFound:
        return 404, b""
    return 200, claim_body(user, claim, insured_name)


def _revision(engine: Engine, claim_id: int) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT revision FROM claims WHERE id = :id"), {"id": claim_id}
        ).scalar_one()
    assert isinstance(found, int)
    return found


def _answers(client: TestClient) -> ClaimAnswers:
    answers: ClaimAnswers = client.app.state.claim_answers  # type: ignore[attr-defined]
    return answers


def _fresh_page(container: Container, user: User, status: str | None, limit: int) -> bytes:
    """The list page built as before the kept answers: `named_claims` and the page model."""
    claims, names = claim_service.named_claims(
        container.context(),
        actor=user,
        claim_filter=ClaimFilter(status=ClaimStatus(status) if status else None),
        after_id=None,
        limit=limit,
        with_names=True,
    )
    items = [claim_out(c, moves_for(user, c), names.get(c.insured_person_id)) for c in claims]
    cursor = str(claims[-1].id) if len(claims) == limit else None
    return ClaimPage(items=items, next_cursor=cursor).model_dump_json().encode()


PAGES = ((None, 20), (None, 1), ("accepted", 20))


def _check(
    container: Container, client: TestClient, claim_id: int, callers: dict[str, Any]
) -> None:
    """Twice per caller (the second from what is kept): the answers built afresh, the claim
    and list pages (all, one claim with its cursor, a status)."""
    for username, (user, headers) in callers.items():
        expected = _fresh(container, user, claim_id)
        pages = {page: _fresh_page(container, user, *page) for page in PAGES}
        for _ in range(2):
            response = client.get(f"/api/claims/{claim_id}", headers=headers)
            got = (response.status_code, response.content if response.status_code == 200 else b"")
            assert got == expected, username
            for (status, limit), page in pages.items():
                query = f"?limit={limit}" + (f"&status={status}" if status else "")
                listed = client.get(f"/api/claims{query}", headers=headers)
                assert listed.status_code == 200 and listed.content == page, (username, query)


def _report(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    body = a_report_body()
    line = dict(body["visits"][0]["lines"][0], line_id="L2")
    body["visits"][0]["lines"] = [body["visits"][0]["lines"][0], line]
    response = client.post("/api/claims", json=body, headers=headers)
    assert response.status_code == 201, response.text
    claim: dict[str, Any] = response.json()
    return claim


def test_every_write_the_answer_reads_moves_the_revision(
    container: Container, client: TestClient, engine: Engine
) -> None:
    world = a_world(container)
    callers = {
        name: (_user(container, name), token_for(client, name))
        for name in ("specialist", "customer", "other_customer")
    }
    _report(client, token_for(client, "agent"))  # another claim on the list pages
    claim = _report(client, token_for(client, "agent"))
    other = world.insured[1].id
    _check(container, client, claim["id"], callers)
    seen = [_revision(engine, claim["id"])]
    assert _answers(client).get(claim["id"], seen[-1]) is not None  # answered from it
    for name, statements in WRITES:
        with engine.begin() as connection:
            for statement in statements:
                sql = statement.replace("incident_day", "'2026-05-21'")
                params = {"id": claim["id"], "other": other}
                connection.execute(text(sql), {k: v for k, v in params.items() if f":{k}" in sql})
        seen.append(_revision(engine, claim["id"]))
        assert seen[-1] > seen[-2], name  # moved, to a revision never given before
        _check(container, client, claim["id"], callers)
    # The claim moved to the other insured: their customer sees it now, the first does not.
    assert (
        client.get(f"/api/claims/{claim['id']}", headers=callers["customer"][1]).status_code == 404
    )
    shown = client.get(f"/api/claims/{claim['id']}", headers=callers["other_customer"][1])
    assert shown.status_code == 200 and shown.json()["insured_name"] == "李小四"


def test_a_write_elsewhere_leaves_the_revision(
    container: Container, client: TestClient, engine: Engine
) -> None:
    a_world(container)
    claim = _report(client, token_for(client, "agent"))
    before = _revision(engine, claim["id"])
    with engine.begin() as connection:  # the insured's phone: not in the answer
        connection.execute(
            text("UPDATE insured_persons SET phone = '13800000000' WHERE id = :insured"),
            {"insured": claim["insured_person_id"]},
        )
    assert _revision(engine, claim["id"]) == before


def test_a_claims_life_through_the_use_cases_answers_fresh(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    callers = {
        name: (_user(container, name), token_for(client, name))
        for name in ("specialist", "approver", "customer", "admin")
    }
    claim = _report(client, token_for(client, "agent"))
    _check(container, client, claim["id"], callers)
    with_all_materials(container, _user(container, "agent"), claim["id"])
    _check(container, client, claim["id"], callers)
    for who, target in (("specialist", "accepted"), ("specialist2", "adjudicated")):
        moved = client.post(
            f"/api/claims/{claim['id']}/transitions",
            json={"to": target, "reason": "", "version": claim["version"]},
            headers=token_for(client, who),
        )
        assert moved.status_code == 200, moved.text
        claim = moved.json()
        _check(container, client, claim["id"], callers)
    changed = client.post(
        f"/api/claims/{claim['id']}/adjudication/overrides",
        headers=token_for(client, "specialist"),
        json={
            "visit_id": "V1",
            "line_id": "L1",
            "payable": "1.00",
            "reason": "发票金额有误",
            "version": claim["version"],
        },
    )
    assert changed.status_code == 200, changed.text
    _check(container, client, claim["id"], callers)


def test_a_missing_claim_and_a_hidden_one_answer_as_before(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _report(client, token_for(client, "agent"))
    specialist = token_for(client, "specialist")
    assert client.get(f"/api/claims/{claim['id']}", headers=specialist).status_code == 200
    hidden = client.get(f"/api/claims/{claim['id']}", headers=token_for(client, "other_customer"))
    assert hidden.status_code == 404 and claim["claim_no"] not in hidden.text
    assert hidden.json()["message_en"] == f"Claim not found: {claim['id']}"
    missing = client.get(f"/api/claims/{claim['id'] + 1000}", headers=specialist)
    assert missing.status_code == 404
    assert client.get(f"/api/claims/{claim['id']}").status_code == 401  # nobody signed in


_TASK_COLUMNS = (
    "claim_id, kind, role, assignee_id, status, created_at, due_at, done_at, required_level, note"
)
# Each a transaction of plain SQL on the tasks of my queue (`:me` the specialist).
TASK_WRITES: tuple[tuple[str, str], ...] = (
    ("assigned to me", "UPDATE tasks SET assignee_id = :me, status = 'open'"),
    ("note", "UPDATE tasks SET note = '请尽快' WHERE id = (SELECT MIN(id) FROM tasks)"),
    (
        "task added",
        f"INSERT INTO tasks ({_TASK_COLUMNS}) SELECT "
        + _TASK_COLUMNS.replace("note", "'另一件'")
        + " FROM tasks WHERE id = (SELECT MIN(id) FROM tasks)",
    ),
    ("level", "UPDATE tasks SET required_level = 2 WHERE id = (SELECT MAX(id) FROM tasks)"),
    ("kind", "UPDATE tasks SET kind = 'review' WHERE id = (SELECT MIN(id) FROM tasks)"),
    ("done", "UPDATE tasks SET status = 'done' WHERE id = (SELECT MIN(id) FROM tasks)"),
    ("reopened", "UPDATE tasks SET status = 'open' WHERE id = (SELECT MIN(id) FROM tasks)"),
    ("reassigned", "UPDATE tasks SET assignee_id = NULL WHERE id = (SELECT MAX(id) FROM tasks)"),
    ("task removed", "DELETE FROM tasks WHERE id = (SELECT MIN(id) FROM tasks)"),
)


def _fresh_queue(container: Container, user: User, limit: int) -> bytes:
    tasks = queues.my_queue(container.uow(), user, None, limit)
    return _QUEUE_JSON.encode(_page(tasks, limit))


def test_every_write_to_a_task_answers_my_queue_fresh(
    container: Container, client: TestClient, engine: Engine
) -> None:
    a_world(container)
    for _ in range(3):
        _report(client, token_for(client, "agent"))
    me = _user(container, "specialist")
    headers = token_for(client, "specialist")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM tasks")).scalar_one() > 0

    def check(name: str) -> None:
        for limit in (50, 1):
            expected = _fresh_queue(container, me, limit)
            for _ in range(2):  # the second from the tasks kept
                got = client.get(f"/api/tasks/mine?limit={limit}", headers=headers)
                assert got.status_code == 200 and got.content == expected, (name, limit)

    check("before")
    for name, statement in TASK_WRITES:
        with engine.begin() as connection:
            connection.execute(text(statement), {"me": me.id} if ":me" in statement else {})
        check(name)
    assert b'"items":[]' not in client.get("/api/tasks/mine", headers=headers).content
