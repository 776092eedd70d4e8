"""Digest of the database after N reports (issue 17): the same rows, whatever the code.

    PYTHONPATH=/tmp/base/src .venv/bin/python bench/report_digest.py 60 > before.txt
    PYTHONPATH=$PWD/src      .venv/bin/python bench/report_digest.py 60 > after.txt
    diff before.txt after.txt

Seeds as `bench/api_bench.py` does (policy, insured, hospital registry, users), then reports
N claims through `report_claim` — every second one an exact duplicate of every earlier one, a
third with a visit without receipt number (a possible duplicate), some with an idempotency
key — on a clock that steps one minute a call, so that timestamps and the audit chain are
reproducible. Prints each table's row count and the SHA-256 of its rows (ordered by their
repr), then each report's response; `--dump` prints the rows too. Password hashes are
salted: the users table is digested without them. `--database-url` runs it on PostgreSQL
(the schema is dropped and re-created).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import api_bench

SALTED = {"password_hash"}


class SteppingClock:
    """One minute later at every reading, from a fixed start."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 5, 21, 1, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


def body(n: int) -> dict[str, Any]:
    report = api_bench.report_body("E1" if n % 2 == 0 else "E2")
    visit = report["visits"][0]
    if n % 3 == 1:
        visit["receipt"] = {"number": f"RC {n % 4}"}  # repeats: exact duplicates by number
    if n % 5 == 2:
        visit["date"] = "2026-05-19"
        visit["lines"][0]["amount"] = "120.00"
        visit["lines"][0]["self_pay"] = "120.00"
    return report


def run(url: str, reports: int) -> list[str]:
    from claimdesk.adapters import clock as clock_module

    stepping = SteppingClock()
    clock_module.SystemClock.now = lambda self: stepping.now()  # type: ignore[method-assign]
    home = Path(tempfile.mkdtemp())
    api_bench.seed(url, home, 0)
    from claimdesk.bootstrap import build_container
    from claimdesk.config import Settings
    from claimdesk.services.claims.use_cases import ClaimReport, report_claim
    from claimdesk.web.api.schemas import ReportClaimIn

    settings = Settings(home=home, database_url=url, secret_key="bench-secret-key")
    container = build_container(settings)
    with container.uow() as uow:
        agent = uow.users.find_with_hash("agent")[0]
    responses = []
    for n in range(reports):
        parsed = ReportClaimIn.model_validate(body(n))
        report = ClaimReport(
            policy_no=parsed.policy_no,
            member_no=parsed.member_no,
            incident_date=parsed.incident_date,
            incident_description=parsed.incident_description,
            claimed_amount=parsed.claimed_amount,
            visits=tuple(visit.to_domain() for visit in parsed.visits),
        )
        key = f"key-{n % 60}" if n % 4 == 3 else None  # n and n + 60: the same report
        claim, created = report_claim(
            container.context(), actor=agent, report=report, idempotency_key=key
        )
        responses.append(f"report {n}: {created} {claim!r}")
    lines = table_digests(container.engine)
    container.engine.dispose()
    return lines + responses


def table_digests(engine: Any) -> list[str]:
    from sqlalchemy import MetaData, select

    metadata = MetaData()
    metadata.reflect(engine)
    lines = []
    with engine.connect() as connection:
        for table in sorted(metadata.tables.values(), key=lambda t: t.name):
            columns = [c for c in table.columns if c.name not in SALTED]
            # Sorted here, not in SQL: PostgreSQL cannot order JSON columns.
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(*columns)))
            text = "\n".join(rows)
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            lines.append(f"{table.name}: {len(rows)} rows {digest}")
            if ARGS.dump:
                lines.extend(f"  {table.name} {row}" for row in rows)
    return lines


def main() -> None:
    for line in run(ARGS.database_url or f"sqlite:///{tempfile.mkdtemp()}/d.db", ARGS.reports):
        print(line)


parser = argparse.ArgumentParser()
parser.add_argument("reports", type=int)
parser.add_argument("--database-url")
parser.add_argument("--dump", action="store_true")
ARGS = parser.parse_args()

if __name__ == "__main__":
    if ARGS.database_url:
        api_bench._drop_all(ARGS.database_url)
    main()
