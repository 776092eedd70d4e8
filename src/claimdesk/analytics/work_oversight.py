"""The manager's view of the work (督办): open tasks at risk or overdue, whoever holds them, and
each staff member's workload (open / at risk / overdue) — one statement each.

Escalations were written where nobody saw them (issue 12); this is where they are seen, and
from here a task is reassigned (services/tasks/queues.py `reassign`, audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select

from claimdesk.analytics.read_side import ReadUnit, claims, insured, money, require, users, utc
from claimdesk.analytics.work_queue import sla_parts, work_tasks
from claimdesk.analytics.workbench import AT_RISK, BREACHED
from claimdesk.domain.users import Permission, Role, User

LIMIT = 200  # the oldest first: beyond that, the workbench's filters


@dataclass(frozen=True)
class RiskyTask:
    task_id: int
    task_kind: str
    role: str
    claim_id: int
    claim_no: str
    status: str
    insured_name: str
    claimed: Decimal
    due_at: datetime
    sla: str
    assignee_id: int | None
    assignee: str  # display name; "" when unassigned


@dataclass(frozen=True)
class Workload:
    user_id: int
    name: str
    role: str
    open: int
    at_risk: int
    breached: int


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    name: str
    role: str


def risky_tasks(uow: ReadUnit, actor: User, now: datetime, limit: int = LIMIT) -> list[RiskyTask]:
    """Open tasks at risk or overdue, the most overdue first."""
    require(actor, Permission.ASSIGN_TASKS)
    running, due, sla = sla_parts(now)
    t = work_tasks.c
    query = (
        select(t.id, t.kind, t.role, claims.c.id, claims.c.claim_no, claims.c.status,
               insured.c.name, claims.c.claimed_amount, due.label("due"), sla.label("sla"),
               t.assignee_id, users.c.display_name)
        .select_from(work_tasks)
        .join(claims, t.claim_id == claims.c.id)
        .join(insured, insured.c.id == claims.c.insured_person_id)
        .outerjoin(running, running.c.claim_id == claims.c.id)
        .outerjoin(users, users.c.id == t.assignee_id)
        .where(t.status == "open", sla.in_((AT_RISK, BREACHED)))
        .order_by(due, t.id).limit(limit)
    )  # fmt: skip
    with uow:
        rows = uow.portal.rows(query)
    return [_risky(row) for row in rows]


def _risky(row: Any) -> RiskyTask:
    (task_id, kind, role, claim_id, claim_no, status, name, claimed, due, sla, assignee_id,
     assignee) = row  # fmt: skip
    return RiskyTask(task_id, kind, role, claim_id, claim_no, status, name, money(claimed),
                     utc(due), sla, assignee_id, assignee or "")  # fmt: skip


def workload(uow: ReadUnit, actor: User, now: datetime) -> list[Workload]:
    """Every active staff member's open tasks, at risk and overdue (zero included)."""
    require(actor, Permission.ASSIGN_TASKS)
    running, _, sla = sla_parts(now)
    t = work_tasks.c
    mine = and_(t.assignee_id == users.c.id, t.status == "open")
    query = (
        select(users.c.id, users.c.display_name, users.c.role, func.count(t.id),
               func.sum(case((sla == AT_RISK, 1), else_=0)),
               func.sum(case((sla == BREACHED, 1), else_=0)))
        .select_from(users)
        .outerjoin(work_tasks, mine)
        .outerjoin(running, running.c.claim_id == t.claim_id)
        .where(users.c.active.is_(True), users.c.role.not_in(_NOT_STAFF))
        .group_by(users.c.id, users.c.display_name, users.c.role)
        .order_by(func.count(t.id).desc(), users.c.display_name)
    )  # fmt: skip
    with uow:
        rows = uow.portal.rows(query)
    return [Workload(uid, name, role, int(n or 0), int(r or 0), int(b or 0))
            for uid, name, role, n, r, b in rows]  # fmt: skip


def staff(loads: list[Workload]) -> list[StaffMember]:
    """Who a task may go to (from the workload rows: no query of its own)."""
    return [StaffMember(w.user_id, w.name, w.role) for w in loads]


_NOT_STAFF = (str(Role.CUSTOMER), str(Role.ADMIN))
