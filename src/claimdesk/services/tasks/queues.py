"""Work queues: every claim state opens the task it waits for, assigned by line and load."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.domain.tasks import Task
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.services.service_desk.callbacks import callback_wanted
from claimdesk.services.tasks.deadlines import leave_fast_track
from claimdesk.services.tasks.fast_track import approval_amount as approval_amount
from claimdesk.services.tasks.fast_track import is_fast_track
from claimdesk.workflow.authority import ClaimForApproval, required_level
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.queues import (
    FAST_TRACK_APPROVAL,
    TASK_FOR_STATUS,
    Candidate,
    TaskKind,
    TaskRule,
    least_loaded,
    task_due,
)

CALENDAR = WorkingDayCalendar()


def route_claim(
    uow: UnitOfWork, clock: Clock, claim_id: int, claim: Claim | None = None
) -> Task | None:
    """Close the claim's open tasks and open the one its new state waits for (same transaction).

    `claim`: the claim as stored now, when the caller holds it (else it is read)."""
    claim, now = claim or uow.claims.get(claim_id), clock.now()
    uow.tasks.close_open(claim_id, now)
    rule = TASK_FOR_STATUS.get(claim.status)
    if rule is None or (rule.kind == TaskKind.CALL_BACK and not callback_wanted(uow, claim)):
        return None  # callbacks go to a sample of paid claims (services/callbacks.py)
    level, fast = None, False
    if rule.kind == TaskKind.APPROVE:
        level, fast = approval_level(uow, claim), is_fast_track(uow, claim)
        if fast:  # 小额快赔: one approver within limits, due within a working day
            rule = FAST_TRACK_APPROVAL
        else:
            leave_fast_track(uow, claim, now)
    task = Task(
        None,
        claim_id,
        rule.kind,
        rule.role,
        None,
        "open",
        now,
        task_due(rule, now, CALENDAR),
        required_level=level,
    )
    return uow.tasks.add(replace(task, assignee_id=_assignee(uow, claim, rule, level, fast)))


def claim_for_approval(uow: UnitOfWork, claim: Claim) -> ClaimForApproval:
    return ClaimForApproval(
        claim_id=claim.claim_no,
        line_of_business=str(claim.line_of_business),
        amount=approval_amount(uow, claim),
        adjudicated_by=str(claim.adjudicated_by or ""),
        difficult=claim.difficult,
    )


def approval_level(uow: UnitOfWork, claim: Claim) -> int:
    return required_level(claim_for_approval(uow, claim))


def makers(claim: Claim) -> frozenset[int]:
    """Who adjudicated or adjusted the claim: they may not approve it (maker-checker)."""
    return claim.makers


def _assignee(
    uow: UnitOfWork, claim: Claim, rule: TaskRule, level: int | None, fast: bool = False
) -> int | None:
    if level is None:
        counts = uow.tasks.open_counts(rule.role)
        lines = uow.users.lines_of_business(set(counts))
        line = str(claim.line_of_business)
        candidates = [Candidate(u, n) for u, n in counts.items() if line in lines.get(u, (line,))]
        return least_loaded(candidates)
    candidates = approver_candidates(uow, claim, level, any_level=fast)
    return least_loaded(candidates, exclude=makers(claim))


def approver_candidates(
    uow: UnitOfWork, claim: Claim, level: int, *, any_level: bool = False
) -> list[Candidate]:
    """Approvers whose authority covers the claim, at the lowest such level: the chief
    approver is not handed small cases while a junior can take them. On the fast track
    (`any_level`) every approver whose limit covers it is a candidate: the least loaded takes it."""
    load = uow.tasks.workload()
    amount, line = approval_amount(uow, claim), str(claim.line_of_business)
    able = [
        p
        for p in uow.tasks.approver_profiles()
        if p.level >= level
        and line in p.limits
        and (p.limits[line] is None or amount <= (p.limits[line] or 0))
        and p.user_id not in makers(claim)
    ]
    lowest = min((p.level for p in able), default=None)
    chosen = able if any_level else [p for p in able if p.level == lowest]
    return [Candidate(p.user_id, load.get(p.user_id, 0)) for p in chosen]


def my_queue(
    uow: UnitOfWork, actor: User, after: tuple[datetime, int] | None, limit: int
) -> list[Task]:
    with uow:
        return uow.tasks.queue(assignee_id=actor.id, role=None, after=after, limit=limit)


def team_queue(
    uow: UnitOfWork, actor: User, role: str | None, after: tuple[datetime, int] | None, limit: int
) -> list[Task]:
    require(actor, Permission.ASSIGN_TASKS)
    with uow:
        return uow.tasks.queue(assignee_id=None, role=role, after=after, limit=limit)


def reassign(
    uow: UnitOfWork, clock: Clock, actor: User, task_id: int, assignee_id: int, note: str
) -> Task:
    """Managers move work between people; the new assignee must hold the task's role."""
    require(actor, Permission.ASSIGN_TASKS)
    with uow:
        task = uow.tasks.get(task_id)
        assignee = uow.users.get(assignee_id)
        if str(assignee.role) != task.role and uow.tasks.approver_profile(assignee_id) is None:
            raise Refused(
                ErrorCode.ASSIGNEE_WRONG_ROLE,
                field="assignee_id",
                username=assignee.username,
                role=task.role,
            )
        uow.tasks.assign(task_id, assignee_id, note)
        uow.audit.append(
            AuditEntry(
                actor.username,
                "reassign_task",
                "claim",
                str(task.claim_id),
                {"task": task_id, "assignee": task.assignee_id},
                {"task": task_id, "assignee": assignee_id},
                note,
            ),
            clock.now(),
        )
        uow.commit()
        return uow.tasks.get(task_id)
