"""The claims workbench's reads: my queue by deadline with SLA badges, and the fast search.

One query each; the badge comes from the claim's earliest running deadline (时效), else from
the task's own due time. ID numbers and phones are masked for roles without VIEW_PII.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select

from claimdesk.analytics.read_side import (
    ReadUnit,
    claims,
    deadlines,
    insured,
    money,
    require,
    tasks,
    utc,
)
from claimdesk.domain.pii import mask_id_number, mask_phone
from claimdesk.domain.users import Permission, User

ON_TRACK, AT_RISK, BREACHED = "on_track", "at_risk", "breached"


@dataclass(frozen=True)
class QueueRow:
    task_id: int
    task_kind: str
    claim_id: int
    claim_no: str
    status: str
    insured_name: str
    claimed: Decimal
    due_at: datetime
    badge: str


@dataclass(frozen=True)
class SearchRow:
    claim_id: int
    claim_no: str
    status: str
    insured_name: str
    id_number: str
    phone: str
    claimed: Decimal


def sla_badge(due_at: datetime, at_risk_at: datetime | None, now: datetime) -> str:
    if now > due_at:
        return BREACHED
    return AT_RISK if at_risk_at is not None and now >= at_risk_at else ON_TRACK


def my_queue(uow: ReadUnit, actor: User, now: datetime, page: int, size: int) -> list[QueueRow]:
    """The actor's open tasks, the most urgent first (keyed by the claim's earliest deadline)."""
    require(actor, Permission.READ_ALL_CLAIMS)
    running = (
        select(
            deadlines.c.claim_id,
            func.min(deadlines.c.due_at).label("due"),
            func.min(deadlines.c.at_risk_at).label("risk"),
        )
        .where(deadlines.c.done_at.is_(None), deadlines.c.cancelled_at.is_(None))
        .where(deadlines.c.paused_since.is_(None))  # awaiting the claimant: clock stopped
        .group_by(deadlines.c.claim_id)
        .subquery()
    )
    due = func.coalesce(running.c.due, tasks.c.due_at)
    query = (
        select(tasks.c.id, tasks.c.kind, claims.c.id, claims.c.claim_no, claims.c.status,
               insured.c.name, claims.c.claimed_amount, due.label("due"), running.c.risk)
        .join_from(tasks, claims, tasks.c.claim_id == claims.c.id)
        .join(insured, insured.c.id == claims.c.insured_person_id)
        .outerjoin(running, running.c.claim_id == claims.c.id)
        .where(tasks.c.status == "open", tasks.c.assignee_id == actor.id)
        .order_by(due, tasks.c.id).limit(size).offset(page * size)
    )  # fmt: skip
    with uow:
        return [_queue_row(row, now) for row in uow.portal.rows(query)]


def _queue_row(row: Any, now: datetime) -> QueueRow:
    task_id, kind, claim_id, claim_no, status, name, claimed, due, risk = row
    due_at = utc(due)
    badge = sla_badge(due_at, utc(risk) if risk is not None else None, now)
    return QueueRow(task_id, kind, claim_id, claim_no, status, name, money(claimed), due_at, badge)


def search_claims(uow: ReadUnit, actor: User, term: str, size: int) -> list[SearchRow]:
    """By claim number, insured name (part of it), full ID number or phone (数据检索)."""
    require(actor, Permission.READ_ALL_CLAIMS)
    term = term.strip()
    if not term:
        return []
    match = or_(
        claims.c.claim_no == term,
        insured.c.name.contains(term, autoescape=True),
        insured.c.id_number == term.upper(),
        insured.c.phone == term,
    )
    query = (
        select(claims.c.id, claims.c.claim_no, claims.c.status, insured.c.name,
               insured.c.id_number, insured.c.phone, claims.c.claimed_amount)
        .join_from(claims, insured, insured.c.id == claims.c.insured_person_id)
        .where(match).order_by(claims.c.id.desc()).limit(size)
    )  # fmt: skip
    with uow:
        rows = uow.portal.rows(query)
    pii = actor.can(Permission.VIEW_PII)
    return [_search_row(row, pii) for row in rows]


def _search_row(row: Any, pii: bool) -> SearchRow:
    claim_id, claim_no, status, name, id_number, phone, claimed = row
    if not pii:
        id_number, phone = mask_id_number(id_number or ""), mask_phone(phone or "")
    return SearchRow(claim_id, claim_no, status, name, id_number, phone or "", money(claimed))
