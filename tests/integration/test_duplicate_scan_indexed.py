"""The duplicate-invoice scan looks visits up by index, never by scanning `visits` (issue 17):
one lookup on the normalised receipt number, one per visit on its day + hospital."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from claimdesk.adapters.db.fraud_repository import invoice_query

pytestmark = pytest.mark.postgres

VALUES = {
    "numbers": ["INV0001", "INV0002"],
    "claim": 1,
    **{f"hospital_{n}": "SH-0001" for n in range(2)},
    **{f"day_{n}": date(2026, 5, 20 + n) for n in range(2)},
}


def _plan(engine: Engine) -> str:
    """The plan of the statement as the scan sends it (its driver SQL and parameters)."""
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "

    def explained(*args: Any) -> tuple[str, Any]:
        _connection, _cursor, statement, parameters, _context, _many = args
        return explain + statement, parameters

    with engine.begin() as connection:
        if engine.dialect.name != "sqlite":  # an empty table: PostgreSQL would rather scan it
            connection.execute(text("SET LOCAL enable_seqscan = off"))
        event.listen(connection, "before_cursor_execute", explained, retval=True)
        rows = connection.execute(invoice_query(2), VALUES).all()
        return "\n".join(str(row[-1]) for row in rows)


def test_the_scan_uses_the_receipt_key_and_day_hospital_indexes(engine: Engine) -> None:
    plan = _plan(engine)

    assert "ix_visits_receipt_key" in plan
    assert "ix_visits_date_hospital" in plan
    assert "SCAN visits" not in plan and "Seq Scan on visits" not in plan
