"""Load a synthetic, realistic book of N claims straight into the tables the read side uses.

Run from the repository root:
    .venv/bin/python bench/read_side_data.py sqlite:////tmp/claimdesk-bench.db 100000

Seeded (the same N gives the same book). Two years of reports up to 2026-12-01 (Beijing),
60% health / 30% auto / 10% accident; most claims are settled (paid 80%, denied 12%,
withdrawn 3%), recent ones are more often open. Rows go in by batched executemany, with the
`claim_milestones` row each claim would have had from its audit trail. No audit records.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, insert, text

from claimdesk.adapters.db.engine import make_engine
from claimdesk.adapters.db.migrate import upgrade
from claimdesk.adapters.db.models import ClaimRow, InsuredPersonRow, PolicyRow, UserRow
from claimdesk.adapters.db.models_read_side import ClaimMilestoneRow
from claimdesk.domain.months import month_of

END = datetime(2026, 12, 1, tzinfo=UTC)
SPAN_DAYS = 730
BATCH = 20_000
LINES = (("health", "tianan-group-medical", 0.6), ("auto", "auto-fleet", 0.3),
         ("accident", "student-accident", 0.1))  # fmt: skip
ZERO = Decimal("0.00")
HANDLERS = ("specialist", "specialist2", "approver", "finance")


def main(url: str, count: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    _reference_rows(engine)
    rng = random.Random(20261201)
    for first in range(1, count + 1, BATCH):
        claims, milestones = zip(*_claims(rng, first, min(BATCH, count - first + 1)), strict=True)
        with engine.begin() as connection:
            connection.execute(insert(ClaimRow), list(claims))
            connection.execute(insert(ClaimMilestoneRow), list(milestones))
    print(f"loaded {count:,} claims into {url} in {time.perf_counter() - started:.1f} s")


def _reference_rows(engine: Engine) -> None:
    at = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("PRAGMA journal_mode=WAL"))
        connection.execute(insert(UserRow), [dict(id=1, username="bench", display_name="bench",
                           role="manager", password_hash="-", language="zh", active=True,
                           created_at=at, lines_of_business=None)])  # fmt: skip
        connection.execute(insert(PolicyRow), [dict(id=1, policy_no="BENCH-1",
                           product_code="tianan-group-medical", policyholder="bench",
                           period_start=date(2024, 1, 1), period_end=date(2027, 12, 31),
                           line_of_business="health", created_at=at)])  # fmt: skip
        connection.execute(insert(InsuredPersonRow), [dict(id=1, policy_id=1, member_no="E1",
                           name="张三", id_number="11010519491231002X", phone="",
                           bank_account="", bank_name="", social_insurance=True,
                           conditions=[])])  # fmt: skip


def _claims(
    rng: random.Random, first: int, n: int
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for claim_id in range(first, first + n):
        line, product = _line(rng)
        reported = END - timedelta(seconds=rng.randrange(SPAN_DAYS * 86400))
        claimed = _money(10 ** rng.uniform(2.3, 4.7))
        stamps, status, outcome, paid = _history(rng, reported, claimed)
        claim_no = f"LP{reported:%Y%m%d}{claim_id:08d}"
        claim = dict(id=claim_id, claim_no=claim_no, policy_id=1, insured_person_id=1,
                     product_code=product, line_of_business=line, status=status,
                     status_reason="", reported_at=reported, reported_by=1,
                     incident_date=reported.date(), incident_description="",
                     claimed_amount=claimed, version=1, updated_at=reported, extra={})  # fmt: skip
        closed = stamps.get("closed_at")
        yield claim, dict(
            claim_id=claim_id, claim_no=claim_no, product_code=product, line_of_business=line,
            status=status, reported_at=reported, reported_month=str(month_of(reported)),
            closed_month=None if closed is None else str(month_of(closed)), outcome=outcome,
            claimed_amount=claimed, paid_amount=paid, handler=rng.choice(HANDLERS),
            open_reason=None, open_reason_note="", updated_at=reported,
            **{name: stamps.get(name) for name in _STAMPS},
        )  # fmt: skip


_STAMPS = ("accepted_at", "registered_at", "materials_complete_at", "adjudicated_at",
           "approved_at", "paid_at", "closed_at")  # fmt: skip
_STEPS = (("accepted_at", 0.05, 2.0), ("materials_complete_at", 0.0, 10.0),
          ("adjudicated_at", 0.5, 15.0), ("approved_at", 0.1, 5.0),
          ("paid_at", 0.5, 10.0))  # fmt: skip
History = tuple[dict[str, datetime], str, str | None, Decimal]


def _history(rng: random.Random, reported: datetime, claimed: Decimal) -> History:
    stamps, at = {}, reported
    fate = rng.random()
    for name, low, high in _STEPS:
        at += timedelta(days=rng.uniform(low, high))
        if at >= END or (fate > 0.95 and name == "adjudicated_at"):
            return stamps, _open_status(name), None, ZERO
        if fate > 0.80 and name == "adjudicated_at":  # denied (12%) or withdrawn (3%)
            outcome = "denied" if fate <= 0.92 else "withdrawn"
            stamps["closed_at"] = at
            return stamps, outcome, outcome, ZERO
        stamps[name] = at
    stamps["closed_at"] = stamps["paid_at"]
    return stamps, "paid", "paid", _money(float(claimed) * rng.uniform(0.5, 1.0))


def _open_status(next_step: str) -> str:
    return {"accepted_at": "reported", "materials_complete_at": "materials_pending",
            "adjudicated_at": "under_review", "approved_at": "adjudicated",
            "paid_at": "payment_pending"}[next_step]  # fmt: skip


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _line(rng: random.Random) -> tuple[str, str]:
    pick, total = rng.random(), 0.0
    for line, product, share in LINES:
        total += share
        if pick < total:
            return line, product
    return LINES[0][0], LINES[0][1]


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
