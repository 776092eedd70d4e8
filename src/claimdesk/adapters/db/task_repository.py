"""Tasks, approver profiles and panel votes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claimdesk.adapters.db.mapping import stored
from claimdesk.adapters.db.models import UserRow
from claimdesk.adapters.db.models_tasks import ApproverProfileRow, PanelVoteRow, TaskRow
from claimdesk.adapters.db.raw_reads import RawSelect
from claimdesk.domain.errors import Duplicate, NotFound
from claimdesk.domain.tasks import ApproverLimits, StoredVote, Task

OPEN = "open"
_TASKS = cast(Table, TaskRow.__table__)  # table columns: an ORM attribute makes it an ORM query
_INSERTED = ("claim_id", "kind", "role", "assignee_id", "status", "created_at", "due_at",
             "required_level", "note")  # fmt: skip
_INSERT_TASK = insert(_TASKS).returning(_TASKS.c.id)
_CLOSE_OPEN = (
    update(_TASKS)
    .where(_TASKS.c.claim_id == bindparam("of_claim"), _TASKS.c.status == OPEN)
    .values(status="done", done_at=bindparam("closed_at", type_=_TASKS.c.done_at.type))
)


def _of_claim(row: TaskRow, claim_id: int) -> bool:
    """The held task is (or may be: its claim id not loaded) one of the claim's tasks."""
    return bool(inspect(row).dict.get("claim_id", claim_id) == claim_id)


class SqlTasks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, task: Task) -> Task:
        # A table INSERT built once, not an ORM object flushed on its own (issue 17: one
        # flush of every report); a task is never read back from the identity map.
        values = {name: getattr(task, name) for name in _INSERTED}
        task_id = self.session.execute(_INSERT_TASK, values).scalar_one()
        return replace(task, id=task_id, done_at=None)

    def close_open(self, claim_id: int, at: datetime) -> None:
        # A table UPDATE built once (issue 10: the ORM's bulk UPDATE, built and evaluated
        # against the session on every move, cost three times the statement). What the ORM
        # did around it is kept: pending rows are flushed first, and tasks of the claim this
        # unit holds have the two columns expired, so they read what was written.
        self.session.flush()
        self.session.execute(_CLOSE_OPEN, {"of_claim": claim_id, "closed_at": at})
        for held in list(self.session.identity_map.values()):
            if (
                isinstance(held, TaskRow)
                and inspect(held).dict.get("claim_id", claim_id) == claim_id
            ):
                self.session.expire(held, ["status", "done_at"])

    def open_for_claim(self, claim_id: int) -> list[Task]:
        query = select(TaskRow).where(TaskRow.claim_id == claim_id, TaskRow.status == OPEN)
        return [_task(row) for row in self.session.execute(query.order_by(TaskRow.id)).scalars()]

    def get(self, task_id: int) -> Task:
        row = self.session.get(TaskRow, task_id)
        if row is None:
            raise NotFound("任务 task", task_id)
        return _task(row)

    def assign(self, task_id: int, assignee_id: int | None, note: str) -> None:
        self.session.execute(
            update(TaskRow).where(TaskRow.id == task_id).values(assignee_id=assignee_id, note=note)
        )

    def queue(
        self,
        *,
        assignee_id: int | None,
        role: str | None,
        after: tuple[datetime, int] | None,
        limit: int,
    ) -> list[Task]:
        """Open tasks sorted by deadline (keyset on due_at, id); plain rows, no ORM objects,
        on the driver's cursor (issue 17: building them was most of a queue read)."""
        self.session.flush()
        given = queue_given(assignee_id, role, after)
        rows = queue_select(frozenset(given)).rows(self.session, limit=limit, **given)
        return [_task(cast(TaskRow, row)) for row in rows]

    def open_counts(self, role: str) -> dict[int, int]:
        """Every active user of the role with their open tasks (zero included): one query."""
        rows = self.session.execute(_open_counts_query(), {"role": role})
        return {user_id: int(n) for user_id, n in rows}

    def workload(self) -> dict[int, int]:
        rows = self.session.execute(_WORKLOAD)
        return {user_id: int(n) for user_id, n in rows if user_id is not None}

    def approver_profiles(self) -> list[ApproverLimits]:
        rows = self.session.execute(select(ApproverProfileRow)).scalars()
        return [_profile(row) for row in rows]

    def approver_profile(self, user_id: int) -> ApproverLimits | None:
        row = self.session.get(ApproverProfileRow, user_id)
        return None if row is None else _profile(row)

    def set_approver_profile(self, profile: ApproverLimits) -> None:
        limits = {line: None if v is None else str(v) for line, v in profile.limits.items()}
        row = self.session.get(ApproverProfileRow, profile.user_id)
        if row is None:
            self.session.add(
                ApproverProfileRow(user_id=profile.user_id, level=profile.level, limits=limits)
            )
        else:
            row.level, row.limits = profile.level, limits
        self.session.flush()

    def add_vote(self, claim_id: int, vote: StoredVote) -> None:
        self.session.add(
            PanelVoteRow(
                claim_id=claim_id,
                approver_id=vote.approver_id,
                vote=vote.vote,
                reason=vote.reason,
                clause=vote.clause,
                cast_at=vote.cast_at,
            )
        )
        try:
            self.session.flush()
        except IntegrityError as error:
            raise Duplicate(
                "您已对本案投过票", "you have already voted on this case", field="vote"
            ) from error

    def votes(self, claim_id: int) -> list[StoredVote]:
        query = (
            select(PanelVoteRow).where(PanelVoteRow.claim_id == claim_id).order_by(PanelVoteRow.id)
        )
        return [
            StoredVote(r.approver_id, r.vote, r.reason, r.clause, r.cast_at)
            for r in self.session.execute(query).scalars()
        ]


_QUEUES: dict[tuple[frozenset[str], bool], RawSelect] = {}


def queue_given(
    assignee_id: int | None, role: str | None, after: tuple[datetime, int] | None
) -> dict[str, Any]:
    """The queue statement's parameters."""
    given: dict[str, Any] = {"assignee_id": assignee_id, "role": role}
    given = {name: value for name, value in given.items() if value is not None}
    if after is not None:
        given["due_at"], given["task_id"] = after
    return given


def queue_select(given: frozenset[str], revisions: bool = False) -> RawSelect:
    """Open tasks for the filters given (one statement per combination, built once); with
    `revisions`, the same page as (id, revision) pairs only."""
    found = _QUEUES.get((given, revisions))
    if found is None:
        columns = (_TASKS.c.id, _TASKS.c.revision) if revisions else (_TASKS,)
        query = select(*columns).where(_TASKS.c.status == OPEN)
        for name in ("assignee_id", "role"):
            if name in given:
                query = query.where(_TASKS.c[name] == bindparam(name))
        if "due_at" in given:
            due = bindparam("due_at", type_=_TASKS.c.due_at.type)
            query = query.where(
                (_TASKS.c.due_at > due)
                | ((_TASKS.c.due_at == due) & (_TASKS.c.id > bindparam("task_id")))
            )
        ordered = query.order_by(_TASKS.c.due_at, _TASKS.c.id).limit(bindparam("limit"))
        found = _QUEUES[given, revisions] = RawSelect(ordered)
    return found


def _task(row: TaskRow) -> Task:
    """Without `__init__` (mapping.stored): fifty of them make a queue page (issue 17)."""
    return stored(
        Task,
        id=row.id,
        claim_id=row.claim_id,
        kind=row.kind,
        role=row.role,
        assignee_id=row.assignee_id,
        status=row.status,
        created_at=row.created_at,
        due_at=row.due_at,
        done_at=row.done_at,
        required_level=row.required_level,
        note=row.note,
    )


def _profile(row: ApproverProfileRow) -> ApproverLimits:
    limits = {line: None if v is None else Decimal(v) for line, v in (row.limits or {}).items()}
    return ApproverLimits(row.user_id, row.level, limits)


@cache
def _open_counts_query() -> Any:
    """Built once: a report routes (and may refer) with it; building the subquery was most of
    its cost."""
    counts = (
        select(TaskRow.assignee_id, func.count(TaskRow.id).label("n"))
        .where(TaskRow.status == OPEN)
        .group_by(TaskRow.assignee_id)
        .subquery()
    )
    return (
        select(UserRow.id, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.assignee_id == UserRow.id)
        .where(UserRow.role == bindparam("role"), UserRow.active.is_(True))
    )


# Built once: read on every approval routing (issue 10: building it cost more than running it).
_WORKLOAD = (
    select(TaskRow.assignee_id, func.count(TaskRow.id))
    .where(TaskRow.status == OPEN, TaskRow.assignee_id.is_not(None))
    .group_by(TaskRow.assignee_id)
)
