"""The manager dashboard's queries: one statement per figure, run by `uow.portal.rows`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from claimdesk.analytics.read_side import adjudications, audit, claims, reserves, tasks, users

# A claim in one of these states is settled or off the books: not open (未决).
SETTLED = ("paid", "closed", "archived", "denied", "withdrawn")
PAID = ("paid", "closed", "archived")


def volume_query(since: datetime) -> Any:
    """Claims reported since `since`: line, report time, status and the active payable."""
    active = and_(adjudications.c.claim_id == claims.c.id, adjudications.c.active.is_(True))
    return (
        select(claims.c.line_of_business, claims.c.reported_at, claims.c.status,
               adjudications.c.payable)
        .select_from(claims.outerjoin(adjudications, active))
        .where(claims.c.reported_at >= since)
    )  # fmt: skip


def moves_query(since: datetime) -> Any:
    """Every recorded status change of claims since `since`, claim by claim in order."""
    return (
        select(audit.c.entity_id, audit.c.at, audit.c.after)
        .where(audit.c.entity_type == "claim", audit.c.at >= since)
        .where((audit.c.action == "report_claim") | audit.c.action.like("move:%"))
        .order_by(audit.c.entity_id, audit.c.seq)
    )


def open_claims_query() -> Any:
    """Open claims with their report time, claimed amount and latest reserve (if any)."""
    latest = (
        select(reserves.c.claim_id, func.max(reserves.c.id).label("last_id"))
        .group_by(reserves.c.claim_id)
        .subquery()
    )
    return (
        select(claims.c.line_of_business, claims.c.reported_at, claims.c.claimed_amount,
               reserves.c.amount)
        .select_from(
            claims.outerjoin(latest, latest.c.claim_id == claims.c.id)
            .outerjoin(reserves, reserves.c.id == latest.c.last_id)
        )
        .where(claims.c.status.not_in(SETTLED))
    )  # fmt: skip


def workload_query() -> Any:
    """Open tasks per assigned user (unassigned tasks are counted under no one)."""
    count = func.count(tasks.c.id)
    return (
        select(users.c.username, users.c.display_name, users.c.role, count)
        .select_from(tasks.join(users, users.c.id == tasks.c.assignee_id))
        .where(tasks.c.status == "open")
        .group_by(users.c.username, users.c.display_name, users.c.role)
        .order_by(count.desc(), users.c.username)
    )
