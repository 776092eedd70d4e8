"""Management reports benchmark: loss ratio, reserves/IBNR and staff KPIs over a seeded book.

Run from the repository root:  .venv/bin/python bench/management_bench.py [--claims 200000]
A throw-away SQLite database is built in a temporary directory (nothing is committed).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db.migrate import upgrade
from claimdesk.adapters.db.models import (
    AdjudicationRow,
    AuditRecordRow,
    ClaimRow,
    InsuredPersonRow,
    PolicyRow,
    UserRow,
)  # fmt: skip
from claimdesk.adapters.db.models_payments import PaymentInstructionRow
from claimdesk.analytics.management import loss_ratio_report, reserve_report
from claimdesk.analytics.management_people import staff_report
from claimdesk.bootstrap import build_container
from claimdesk.config import Settings
from claimdesk.domain.users import Role, User

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
MANAGER = User(1, "manager", "经理", Role.MANAGER)


def seed(container: Any, claims: int) -> None:
    rng = random.Random(13)
    with container.engine.begin() as db:
        db.execute(UserRow.__table__.insert(), [dict(
            id=1, username="manager", display_name="经理", role="manager", password_hash="x",
            created_at=NOW, language="zh", active=True)])  # fmt: skip
        db.execute(PolicyRow.__table__.insert(), [dict(
            id=p, policy_no=f"P{p}", product_code=f"prod-{p % 5}", policyholder="单位",
            period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
            line_of_business=("health", "accident", "auto")[p % 3],
            premium=Decimal(rng.randint(10_000, 90_000) * 100), created_at=NOW)
            for p in range(1, 101)])  # fmt: skip
        db.execute(InsuredPersonRow.__table__.insert(), [dict(
            id=1, policy_id=1, member_no="E1", name="张三", id_number="x",
            conditions=[])])  # fmt: skip
        for start in range(0, claims, 50_000):
            block = range(start, min(claims, start + 50_000))
            db.execute(ClaimRow.__table__.insert(), [_claim(i, rng) for i in block])
            rows = block[::2]
            db.execute(PaymentInstructionRow.__table__.insert(), [_payment(i, rng) for i in rows])
            db.execute(AdjudicationRow.__table__.insert(), [_adjudication(i) for i in rows])
            db.execute(AuditRecordRow.__table__.insert(), [_closing(i) for i in rows])


def _reported(i: int) -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i * 97 % 480_000)


def _claim(i: int, rng: random.Random) -> dict[str, Any]:
    reported = _reported(i)
    return dict(id=i + 1, claim_no=f"C{i}", policy_id=i % 100 + 1, insured_person_id=1,
                product_code=f"prod-{(i % 100 + 1) % 5}",
                line_of_business=("health", "accident", "auto")[(i % 100 + 1) % 3],
                status="closed" if i % 2 == 0 else "under_review", status_reason="",
                reported_at=reported, reported_by=1, incident_date=reported.date(),
                incident_description="", claimed_amount=Decimal(rng.randint(100, 900_000)) / 100,
                version=1, updated_at=reported, extra={})  # fmt: skip


def _payment(i: int, rng: random.Random) -> dict[str, Any]:
    paid_at = _reported(i) + timedelta(days=rng.randint(1, 90))
    amount = Decimal(rng.randint(100, 500_000)) / 100
    return dict(claim_id=i + 1, kind="settlement", amount=amount,
                payee_name="张三", payee_id_number="", bank_account="1", bank_name="银行",
                status="paid", created_by=1, created_at=paid_at, released_at=paid_at)  # fmt: skip


def _adjudication(i: int) -> dict[str, Any]:
    return dict(claim_id=i + 1, seq=1, at=_reported(i), by_user=f"specialist{i % 20}",
                product_code="p", decision="approved", engine_payable=Decimal("1"),
                payable=Decimal("1"), request={}, result={}, active=True)  # fmt: skip


def _closing(i: int) -> dict[str, Any]:
    return dict(seq=i + 1, at=_reported(i) + timedelta(days=5), actor="finance",
                action="move:closed", entity_type="claim", entity_id=str(i + 1),
                before=None, after={"status": "closed"}, reason="", prev_hash="0" * 64,
                hash="0" * 64)  # fmt: skip


def timed(title: str, run: Any) -> None:
    started = time.perf_counter()
    run()
    print(f"{title}: {time.perf_counter() - started:.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        url = f"sqlite:///{Path(home) / 'bench.db'}"
        upgrade(url)
        settings = Settings(home=Path(home), database_url=url, secret_key="bench-secret")
        container = build_container(settings, clock=FixedClock(NOW))
        started = time.perf_counter()
        seed(container, args.claims)
        print(f"seeded {args.claims:,} claims in {time.perf_counter() - started:.1f}s (SQLite)")
        timed("loss ratio, one month", lambda: loss_ratio_report(
            container.uow(), MANAGER, "2026-06", Decimal("0.9")))  # fmt: skip
        timed("reserves + chain ladder, all months", lambda: reserve_report(
            container.uow(), MANAGER, NOW, None))  # fmt: skip
        timed("staff KPIs, one month", lambda: staff_report(container.uow(), MANAGER, "2026-06"))
        container.engine.dispose()


if __name__ == "__main__":
    main()
