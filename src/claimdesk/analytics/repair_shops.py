"""Repair-shop performance (合作修理厂考核): per shop named on the surveys, the claims sent
there, the cycle time from the signed assessment (定损签字) to the claim's closing, the
re-repairs (claims reopened after closing, 返修) and the complaints on those claims.

`shop_performance` is pure; `repair_shop_report` reads the database for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select

from claimdesk.analytics import management_queries as q
from claimdesk.analytics.read_side import ReadUnit, audit, require, utc
from claimdesk.domain.users import Permission, User

DAYS = Decimal("0.1")
SECONDS_A_DAY = Decimal(86400)


@dataclass(frozen=True)
class ShopClaim:
    shop: str
    claim_id: int
    signed_at: datetime | None
    closed_at: datetime | None
    reopened: bool
    complaints: int


@dataclass(frozen=True)
class ShopPerformance:
    shop: str
    claims: int
    closed: int
    average_cycle_days: Decimal | None  # signed assessment → closed, over the closed claims
    re_repairs: int
    complaints: int


def shop_performance(claims: Iterable[ShopClaim]) -> tuple[ShopPerformance, ...]:
    """One row per shop, by name; a shop with no closed claim has no cycle time."""
    by_shop: dict[str, list[ShopClaim]] = defaultdict(list)
    for claim in claims:
        by_shop[claim.shop].append(claim)
    return tuple(_row(shop, rows) for shop, rows in sorted(by_shop.items()))


def _row(shop: str, rows: list[ShopClaim]) -> ShopPerformance:
    cycles = [Decimal(str((r.closed_at - r.signed_at).total_seconds())) / SECONDS_A_DAY
              for r in rows if r.closed_at is not None and r.signed_at is not None]  # fmt: skip
    average = (
        (sum(cycles, Decimal(0)) / len(cycles)).quantize(DAYS, ROUND_HALF_UP) if cycles else None
    )
    closed = sum(r.closed_at is not None for r in rows)
    return ShopPerformance(shop, len(rows), closed, average, sum(r.reopened for r in rows),
                           sum(r.complaints for r in rows))  # fmt: skip


def repair_shop_report(uow: ReadUnit, actor: User) -> tuple[ShopPerformance, ...]:
    require(actor, Permission.READ_REPORTS)
    surveys, complaints = q.surveys, q.complaints
    with uow:
        shops = uow.portal.rows(
            select(surveys.c.claim_id, surveys.c.repair_shop, surveys.c.customer_signed_at)
            .where(surveys.c.repair_shop != "").order_by(surveys.c.id)
        )  # fmt: skip
        latest = {row[0]: (row[1], row[2]) for row in shops}  # the newest survey naming a shop
        ids = [str(claim_id) for claim_id in latest]
        moves = uow.portal.rows(
            select(audit.c.entity_id, audit.c.action, audit.c.at)
            .where(audit.c.entity_type == "claim", audit.c.entity_id.in_(ids),
                   audit.c.action.in_(("move:closed", "move:reopened")))
            .order_by(audit.c.seq)
        )  # fmt: skip
        counted = uow.portal.rows(
            select(complaints.c.claim_id, func.count(complaints.c.id))
            .where(complaints.c.claim_id.in_(list(latest))).group_by(complaints.c.claim_id)
        )  # fmt: skip
    return shop_performance(_claims(latest, moves, dict(counted)))


def _claims(
    latest: dict[int, tuple[str, datetime | None]], moves: list[Any], complaints: dict[int, int]
) -> list[ShopClaim]:
    closed: dict[int, datetime] = {}
    reopened: set[int] = set()
    for entity_id, action, at in moves:
        if action == "move:closed":
            closed.setdefault(int(entity_id), _aware(at))
        else:
            reopened.add(int(entity_id))
    return [ShopClaim(shop, claim_id, None if signed is None else _aware(signed),
                      closed.get(claim_id), claim_id in reopened, int(complaints.get(claim_id, 0)))
            for claim_id, (shop, signed) in latest.items()]  # fmt: skip


def _aware(moment: datetime) -> datetime:
    return utc(moment)
