"""Revision 5c3e7d1a9b42 moves the old `claims.extra` bag into typed columns, on both databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, MetaData, create_engine, inspect
from sqlalchemy.orm import Session

from claimdesk.adapters.db.claim_repository import SqlClaimRepository
from claimdesk.adapters.db.migrate import alembic_config, upgrade
from claimdesk.domain.claim import Approval, Denial
from tests.conftest import _fresh_postgres, _postgres_or_skip

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

BEFORE = "240c52f38890"
AT = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
APPROVED_AT = datetime(2026, 6, 3, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url, drop = _fresh_postgres(_postgres_or_skip())
    command.upgrade(alembic_config(url), BEFORE)
    yield url
    drop()


OLD_BAGS: dict[int, dict[str, str]] = {
    1: {"fast_track": "1"},
    2: {  # adjudicated, adjusted twice, approved
        "adjudicated_by": "1",
        "adjusted_by": "2,3",
        "approved_by": "4",
        "approved_amount": "1234.56",
    },
    3: {
        "difficult": "1",
        "denial_reason_codes": "PANEL_DECISION",
        "denial_clause": "第四部分 二.3",
    },
    4: {"denial_reason_codes": "", "denial_clause": ""},  # a denial with no grounds on file
    5: {},
}


def _seed(connection: Connection) -> None:
    tables = MetaData()
    tables.reflect(connection)
    connection.execute(tables.tables["users"].insert(), [_user(i) for i in range(1, 5)])
    connection.execute(
        tables.tables["policies"].insert(),
        {"id": 1, "policy_no": "P1", "product_code": "x", "policyholder": "某公司",
         "period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31),
         "line_of_business": "health", "created_at": AT},
    )  # fmt: skip
    connection.execute(
        tables.tables["insured_persons"].insert(),
        {"id": 1, "policy_id": 1, "member_no": "M1", "name": "张三", "id_number": "1",
         "phone": "", "bank_account": "", "bank_name": "", "social_insurance": True,
         "conditions": []},
    )  # fmt: skip
    connection.execute(
        tables.tables["claims"].insert(), [_claim(i, b) for i, b in OLD_BAGS.items()]
    )
    connection.execute(
        tables.tables["audit_records"].insert(),
        {"seq": 1, "at": APPROVED_AT, "actor": "u4", "action": "move:approved",
         "entity_type": "claim", "entity_id": "2", "before": None, "after": None, "reason": "",
         "prev_hash": "0" * 64, "hash": "1" * 64},
    )  # fmt: skip


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "username": f"u{user_id}", "display_name": f"u{user_id}",
            "role": "approver", "password_hash": "x", "language": "zh", "active": True,
            "created_at": AT}  # fmt: skip


def _claim(claim_id: int, extra: dict[str, str]) -> dict[str, Any]:
    return {"id": claim_id, "claim_no": f"LP20260601{claim_id:06d}", "policy_id": 1,
            "insured_person_id": 1, "product_code": "x", "line_of_business": "health",
            "status": "reported", "status_reason": "", "reported_at": AT, "reported_by": 1,
            "incident_date": date(2026, 5, 30), "incident_description": "",
            "claimed_amount": 100000, "version": 1, "updated_at": AT, "extra": extra}  # fmt: skip


def _engine(url: str) -> Engine:
    return create_engine(url)


def test_old_extra_data_arrives_in_the_typed_fields(old_database: str) -> None:
    engine = _engine(old_database)
    with engine.begin() as connection:
        _seed(connection)
    upgrade(old_database)
    with Session(engine) as session:
        claims = {i: SqlClaimRepository(session).get(i) for i in OLD_BAGS}
        columns = {c["name"] for c in inspect(session.connection()).get_columns("claims")}
    engine.dispose()

    assert "extra" not in columns
    assert claims[1].fast_track and not claims[2].fast_track
    assert claims[2].adjudicated_by == 1 and claims[2].adjusted_by == (2, 3)
    assert claims[2].makers == frozenset({1, 2, 3})
    assert claims[2].approval == Approval(4, Decimal("1234.56"), APPROVED_AT)
    assert claims[3].difficult and claims[3].difficult_reason == ""
    assert claims[3].denial == Denial(("PANEL_DECISION",), "第四部分 二.3")
    assert claims[4].denial == Denial((), "")
    blank = claims[5]
    assert (blank.approval, blank.denial, blank.adjudicated_by, blank.adjusted_by) == (
        None, None, None, ())  # fmt: skip
    assert not blank.difficult and not blank.fast_track


def test_downgrade_puts_the_bag_back(old_database: str) -> None:
    engine = _engine(old_database)
    with engine.begin() as connection:
        _seed(connection)
    upgrade(old_database)
    command.downgrade(alembic_config(old_database), BEFORE)
    with engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection)
        claims = tables.tables["claims"]
        bags = dict(
            connection.execute(claims.select().with_only_columns(claims.c.id, claims.c.extra)).all()
        )
    engine.dispose()
    assert bags == OLD_BAGS
