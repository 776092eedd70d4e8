"""Work queues (任务队列): which task each lifecycle state creates, for which role, due when,
and who gets it (least current load among those able to do it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.users import Role
from claimdesk.workflow.calendar import WorkingDayCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


class TaskKind(StrEnum):
    ACCEPT = "accept"
    CHECK_MATERIALS = "check_materials"
    INVESTIGATE = "investigate"
    ADJUDICATE = "adjudicate"
    APPROVE = "approve"
    PAY = "pay"
    CALL_BACK = "call_back"
    ESCALATION = "escalation"


@dataclass(frozen=True)
class TaskRule:
    kind: TaskKind
    role: Role
    hours: int = 0
    working_days: int = 0
    source: str = ""


S = ClaimStatus
# The step each state waits for, who does it, and the service target it is due by.
TASK_FOR_STATUS: Mapping[ClaimStatus, TaskRule] = {
    S.REPORTED: TaskRule(TaskKind.ACCEPT, Role.SPECIALIST, hours=24, source="seed 003 二(二)1"),
    S.ACCEPTED: TaskRule(TaskKind.CHECK_MATERIALS, Role.SPECIALIST, working_days=1,
                         source="seed 002 1.3.1 一次性告知"),
    S.REOPENED: TaskRule(TaskKind.CHECK_MATERIALS, Role.SPECIALIST, working_days=1),
    S.UNDER_REVIEW: TaskRule(TaskKind.ADJUDICATE, Role.SPECIALIST, working_days=5,
                             source="seed 003 二(三)1"),
    S.INVESTIGATION: TaskRule(TaskKind.INVESTIGATE, Role.INVESTIGATOR, working_days=10),
    S.ADJUDICATED: TaskRule(TaskKind.APPROVE, Role.APPROVER, working_days=2),
    S.APPROVED: TaskRule(TaskKind.PAY, Role.FINANCE, working_days=3, source="seed 002 1.3.3"),
    S.PAYMENT_PENDING: TaskRule(TaskKind.PAY, Role.FINANCE, working_days=3),
    S.PAID: TaskRule(TaskKind.CALL_BACK, Role.AGENT, working_days=5, source="seed 003 回访"),
}  # fmt: skip
# 小额快赔: straight to one approver within limits (no panel), online the same working day
# (seed 002 1.3.2 小额案件可直接线上核赔); workflow/fast_track.py says which claims.
FAST_TRACK_APPROVAL = TaskRule(TaskKind.APPROVE, Role.APPROVER, working_days=1,
                               source="seed 002 1.3.2")  # fmt: skip


def task_due(rule: TaskRule, start: datetime, calendar: WorkingDayCalendar) -> datetime:
    """Hours run on the clock; working days end at the close of the Beijing working day."""
    if rule.hours:
        return start + timedelta(hours=rule.hours)
    day = calendar.add_working_days(start.astimezone(SHANGHAI).date(), rule.working_days)
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Candidate:
    user_id: int
    open_tasks: int


def least_loaded(
    candidates: Sequence[Candidate], *, exclude: frozenset[int] = frozenset()
) -> int | None:
    """The user with the fewest open tasks; ties go to the lowest id, so it is reproducible."""
    eligible = [c for c in candidates if c.user_id not in exclude]
    if not eligible:
        return None
    return min(eligible, key=lambda c: (c.open_tasks, c.user_id)).user_id
