"""Issue 17, the API beside its framework: what the faster reads must not change.

Claims are read from plain rows (adapters/db/claim_repository.py::_read_claims) instead of ORM
objects: the same claim as the ORM built, visits and lines in position order, adjusters in the
order they first adjusted, and what the unit of work changed is read back. The specialist's
queue likewise. Signed-in API users are kept for a moment (web/token_cache.py): any write
request here empties them; a change made elsewhere shows within the time they are kept.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from sqlalchemy import Column, Integer, MetaData, Table, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db import claim_repository as repository
from claimdesk.adapters.db import policy_repository as policies
from claimdesk.adapters.db import task_repository
from claimdesk.adapters.db.claim_repository import _filtered
from claimdesk.adapters.db.mapping import claim_from_row, insured_from_row
from claimdesk.adapters.db.models import ClaimRow, InsuredPersonRow
from claimdesk.adapters.db.raw_reads import RawSelect
from claimdesk.bootstrap import Container, build_app
from claimdesk.domain.claim import Approval, Claim, ClaimStatus, Denial, Visit
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.tasks import queues
from claimdesk.services.users import admin as user_admin
from claimdesk.web import app as web_app
from claimdesk.web.token_cache import TokenCache
from tests.builders import (
    World,
    a_bill_line,
    a_lab_line,
    a_report,
    a_report_body,
    a_world,
    token_for,
)

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres


def _two_visit_report() -> object:
    report = a_report(lines=(a_bill_line("L1", "120.00"), a_lab_line("L2", "80.00")))
    second = Visit(
        visit_ref="V2",
        kind="outpatient",
        date=date(2026, 5, 22),
        hospital_code="SH-0001",
        hospital_name="中山医院",
        diagnosis="复诊",
        lines=(a_lab_line("L3", "30.00"), a_bill_line("L4", "45.50"), a_lab_line("L5", "9.90")),
    )
    return replace(report, visits=(*report.visits, second))


def test_a_claim_read_from_rows_is_the_claim_the_orm_built(container: Container) -> None:
    world = a_world(container)
    claims = [
        report_claim(container.context(), actor=world.users["agent"], report=_two_visit_report())[0]
        for _ in range(3)
    ]  # type: ignore[arg-type]
    first = claims[0]
    assert first.id is not None
    with container.uow() as uow:  # adjusters in the order they first adjusted
        uow.claims.add_adjuster(first.id, world.users["specialist2"].id or 0)
        uow.claims.add_adjuster(first.id, world.users["specialist"].id or 0)
        uow.commit()
    with container.uow() as uow:
        read = [uow.claims.get(claim.id or 0) for claim in claims]
        page = uow.claims.page(ClaimFilter(), after_id=None, limit=10)
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        built = [claim_from_row(session.get(ClaimRow, claim.id)) for claim in claims]
    assert read == built
    assert page == list(reversed(built))  # newest first, each whole
    assert [line.line_ref for v in read[0].visits for line in v.lines] == [
        "L1", "L2", "L3", "L4", "L5"
    ]  # fmt: skip
    assert read[0].adjusted_by == (world.users["specialist2"].id, world.users["specialist"].id)


def test_a_read_inside_a_unit_of_work_sees_what_it_changed(container: Container) -> None:
    world = a_world(container)
    claim, _ = report_claim(container.context(), actor=world.users["agent"], report=a_report())
    assert claim.id is not None
    with container.uow() as uow:
        uow.claims._row(claim.id).difficult_reason = "未刷新的修改"  # type: ignore[attr-defined]
        assert uow.claims.get(claim.id).difficult_reason == "未刷新的修改"


def test_the_queue_read_from_rows_is_the_queue(container: Container) -> None:
    world = a_world(container)
    for _ in range(3):
        report_claim(container.context(), actor=world.users["agent"], report=a_report())
    specialist = world.users["specialist"]
    mine = queues.my_queue(container.uow(), specialist, None, 50)
    assert mine and all(task.assignee_id == specialist.id for task in mine)
    assert [(t.due_at, t.id) for t in mine] == sorted((t.due_at, t.id) for t in mine)
    with container.uow() as uow:
        assert [uow.tasks.get(task.id or 0) for task in mine] == mine


def test_a_write_request_here_ends_a_kept_user_at_once(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    agent = token_for(client, "agent")
    assert client.get("/api/claims", headers=agent).status_code == 200  # now kept
    # Disabled outside this app's requests (as another process would): still kept …
    user_admin.set_active(
        container.context(), actor=world.users["admin"], user_id=world.users["agent"].id or 0,
        active=False, reason="离职",
    )  # fmt: skip
    assert client.get("/api/claims", headers=agent).status_code == 200
    # … until any request that may write: even a refused one empties what is kept.
    specialist = token_for(client, "specialist")
    assert client.post("/api/claims", json={}, headers=specialist).status_code == 422
    assert client.get("/api/claims", headers=agent).status_code == 401


def test_a_change_made_elsewhere_shows_once_the_moment_has_passed(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    now = [1000.0]
    client.app.state.token_cache = TokenCache(ttl=2.0, clock=lambda: now[0])  # type: ignore[attr-defined]
    agent = token_for(client, "agent")
    assert client.get("/api/claims", headers=agent).status_code == 200
    user_admin.set_active(
        container.context(), actor=world.users["admin"], user_id=world.users["agent"].id or 0,
        active=False, reason="离职",
    )  # fmt: skip
    now[0] += 1.9
    assert client.get("/api/claims", headers=agent).status_code == 200
    now[0] += 0.2
    assert client.get("/api/claims", headers=agent).status_code == 401
    assert client.post("/api/claims", json=a_report_body(), headers=agent).status_code == 401


def test_unknown_tokens_are_never_kept(container: Container, client: TestClient) -> None:
    a_world(container)
    cache: TokenCache = client.app.state.token_cache  # type: ignore[attr-defined]
    wrong = {"Authorization": "Bearer not-a-token"}
    assert client.get("/api/claims", headers=wrong).status_code == 401
    assert cache.get("not-a-token", container.clock.now()) is None


def test_an_expired_token_is_refused_though_it_was_just_kept(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    agent = token_for(client, "agent")
    assert client.get("/api/claims", headers=agent).status_code == 200
    clock.moment += timedelta(hours=12)  # TOKEN_LIFETIME
    assert client.get("/api/claims", headers=agent).status_code == 401


# --- reads on the driver's cursor (adapters/db/raw_reads.py) --------------------------------


def _same_rows(session: Session, raw: RawSelect, **parameters: object) -> list[tuple[object, ...]]:
    """The raw read's rows, checked value for value and type for type against SQLAlchemy's."""
    mine = [tuple(row) for row in raw.rows(session, **parameters)]
    theirs = [tuple(row) for row in session.execute(raw.statement, parameters)]
    assert mine == theirs
    assert [[type(v) for v in row] for row in mine] == [[type(v) for v in row] for row in theirs]
    plain = raw.tuples_on(session.connection(), **parameters)  # the same, as plain tuples
    assert plain == mine and all(type(row) is tuple for row in plain)
    assert [[type(v) for v in row] for row in plain] == [[type(v) for v in row] for row in mine]
    return mine


def _decided_claims(container: Container, world: World) -> list[Claim]:
    """Claims that fill every column kind: money, aware times, JSON, flags, NULLs."""
    claims = [
        report_claim(container.context(), actor=world.users["agent"], report=_two_visit_report())[0]
        for _ in range(4)
    ]  # type: ignore[arg-type]
    at = container.clock.now()
    with container.uow() as uow:
        uow.claims.record_approval(
            claims[0].id or 0, Approval(world.users["manager"].id or 0, Decimal("1234.56"), at)
        )
        uow.claims.record_denial(claims[1].id or 0, Denial(("R01", "R07"), "第二十四条"))
        uow.claims.mark_difficult(claims[2].id or 0, "疑难")
        row = uow.claims._row(claims[3].id or 0)  # type: ignore[attr-defined]
        row.accident = {"date": "2026-05-20", "place": "校园", "cause": "跌倒", "description": ""}
        uow.commit()
    return claims


def test_raw_reads_give_the_rows_sqlalchemy_gives(container: Container) -> None:
    world = a_world(container)
    claims = _decided_claims(container, world)
    ids = [claim.id for claim in claims]
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        found = _same_rows(session, repository._CLAIM, id=ids[0])
        assert found and isinstance(found[0][_column("approved_amount")], Decimal)
        assert _same_rows(session, repository._CLAIM_BY_NUMBER, claim_no=claims[1].claim_no)
        assert _same_rows(session, repository._CLAIM, id=-1) == []
        visits = _same_rows(session, repository._VISITS_OF, ids=ids)
        _same_rows(session, repository._LINES_OF, ids=[visit[0] for visit in visits])
        _same_rows(session, repository._ADJUSTERS_OF, ids=ids)
        _same_rows(session, policies._INSURED, ids=[claims[0].insured_person_id])


def _column(name: str) -> int:
    return [c.key for c in repository._CLAIM.statement.selected_columns].index(name)


def test_claims_read_on_the_cursor_are_the_claims_the_orm_built(container: Container) -> None:
    world = a_world(container)
    claims = _decided_claims(container, world)
    with container.uow() as uow:
        read = [uow.claims.get(claim.id or 0) for claim in claims]
        by_number = uow.claims.get_by_number(claims[1].claim_no)
        insured = uow.policies.get_insured(claims[0].insured_person_id)
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        built = [claim_from_row(session.get(ClaimRow, claim.id)) for claim in claims]
        person = insured_from_row(session.get(InsuredPersonRow, claims[0].insured_person_id))
    assert read == built and by_number == built[1] and insured == person
    assert read[0].approval is not None and read[0].approval.amount == Decimal("1234.56")
    assert read[0].approval.at.tzinfo is not None
    assert read[1].denial == Denial(("R01", "R07"), "第二十四条")
    assert read[3].accident is not None and read[3].accident.place == "校园"


@pytest.mark.parametrize(
    "claim_filter",
    [
        ClaimFilter(),
        ClaimFilter(status=ClaimStatus.REPORTED),
        ClaimFilter(product_code="tianan-group-medical", policy_id=1),
        ClaimFilter(insured_person_id=1),
        ClaimFilter(insured_person_id=-1),
        ClaimFilter(product_code=""),
        ClaimFilter(search="张三"),
    ],
    ids=["all", "status", "product+policy", "insured", "nobody", "empty-product", "search"],
)
def test_a_claim_page_is_the_page_the_statement_built(
    container: Container, claim_filter: ClaimFilter
) -> None:
    world = a_world(container)
    for member in ("E1", "E2", "E1", "E2", "E1"):
        report_claim(container.context(), actor=world.users["agent"], report=a_report(member))
    with container.uow() as uow:
        first = uow.claims.page(claim_filter, after_id=None, limit=2)
        rest = uow.claims.page(claim_filter, after_id=first[-1].id if first else None, limit=10)
        session = uow.session  # type: ignore[attr-defined]
        query = _filtered(select(ClaimRow.__table__), claim_filter)
        expected = session.execute(query.order_by(ClaimRow.id.desc())).all()
        # Inside the unit of work: a closed session would open a new connection (and
        # transaction) that only the garbage collector gives back.
        wanted = [claim_from_row(session.get(ClaimRow, row.id)) for row in expected]
    assert first + rest == wanted
    assert claim_filter.insured_person_id != -1 or wanted == []


def test_a_queue_page_after_a_cursor_is_the_queue(container: Container) -> None:
    world = a_world(container)
    for _ in range(5):
        report_claim(container.context(), actor=world.users["agent"], report=a_report())
    specialist = world.users["specialist"]
    whole = queues.my_queue(container.uow(), specialist, None, 50)
    first = queues.my_queue(container.uow(), specialist, None, 2)
    after = (first[-1].due_at, first[-1].id or 0)
    rest = queues.my_queue(container.uow(), specialist, after, 50)
    assert len(whole) >= 3 and first + rest == whole
    team = queues.team_queue(container.uow(), world.users["manager"], "specialist", None, 50)
    assert {task.id for task in whole} <= {task.id for task in team}
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        _same_rows(session, task_repository.queue_select(frozenset()), limit=50)
        _same_rows(
            session,
            task_repository.queue_select(frozenset({"assignee_id", "due_at", "task_id"})),
            assignee_id=specialist.id, due_at=after[0], task_id=after[1], limit=50,
        )  # fmt: skip


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(container: Container) -> None:
    missing = Table("no_such_table", MetaData(), Column("id", Integer))
    with container.uow() as uow, pytest.raises(DBAPIError):
        RawSelect(select(missing)).rows(uow.session)  # type: ignore[attr-defined]


def test_the_queue_json_is_what_fastapi_wrote_for_the_dict(
    container: Container, client: TestClient
) -> None:
    """msgspec writes the page: the same bytes pydantic wrote for `dict[str, Any]`, awkward
    text included (control characters, quotes, line separators, emoji)."""
    world = a_world(container)
    report_claim(container.context(), actor=world.users["agent"], report=a_report())
    specialist = world.users["specialist"]
    task = queues.my_queue(container.uow(), specialist, None, 50)[0]
    note = '转办\n\t"引号" \\ \x01\u2028😀 </script>'
    queues.reassign(
        container.uow(), container.clock, world.users["manager"], task.id or 0,
        specialist.id or 0, note,
    )  # fmt: skip
    for path, who in (("/api/tasks/mine?limit=1", "specialist"), ("/api/tasks", "manager")):
        response = client.get(path, headers=token_for(client, who))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        page = response.json()
        assert response.content == TypeAdapter(dict[str, Any]).dump_json(page)
    assert page["items"][0]["note"] == note


def test_the_read_threads_end_with_the_server_and_come_back_with_the_next_start(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_world(container)
    app = build_app(container)
    frozen_by_the_worker = gc.get_freeze_count()  # tests/conftest.py freezes after collection
    gc.unfreeze()  # a process as the server starts: nothing frozen yet
    monkeypatch.setattr(web_app, "PROCESS_KEEPS_FROZEN", False)  # nor said to be
    try:
        with TestClient(app) as first:
            assert first.get("/api/claims", headers=token_for(first, "agent")).status_code == 200
            assert app.state.read_threads.running
            assert gc.get_freeze_count() > 0  # what the start built is out of the collector's way
        assert not app.state.read_threads.running  # the lifespan shut the pool down
        assert gc.get_freeze_count() == 0  # and gave it back: a stopped app can be collected
        gc.freeze()  # a process that froze its own objects keeps them frozen after a stop
        frozen = gc.get_freeze_count()
        with TestClient(app) as second:  # started again: the reads get a new pool
            assert second.get("/api/claims", headers=token_for(second, "agent")).status_code == 200
        # Not unfrozen by the stop (frozen objects freed since only lower the count a little).
        assert gc.get_freeze_count() > frozen // 2
    finally:
        if not frozen_by_the_worker:
            gc.unfreeze()
