"""Work queues, approver limits and the difficult-case panel over JSON."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimdesk.adapters.db.revisions import queue_revisions
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.tasks import ApproverLimits, Task
from claimdesk.services.approval import large_claims, panel
from claimdesk.services.approval import use_cases as approval
from claimdesk.services.tasks import queues
from claimdesk.web.claim_answers import KeptTask
from claimdesk.web.deps import ApiCall, ApiCallDep, ApiUser, Context, WiringDep
from claimdesk.web.params import BodyId, Id, aware, keyset_id
from claimdesk.workflow.authority import Vote

router = APIRouter(tags=["queues"])
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignIn(Strict):
    assignee_id: BodyId
    note: Reason = ""


class ApproverIn(Strict):
    level: Annotated[int, Field(ge=1, le=9)]
    limits: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=20)],
        Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] | None,
    ]


class DifficultIn(Strict):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class VoteIn(Strict):
    vote: Vote
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
    clause: Reason = ""


def task_out(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "claim_id": task.claim_id,
        "kind": task.kind,
        "role": task.role,
        "assignee_id": task.assignee_id,
        "status": task.status,
        "created_at": task.created_at.isoformat(),
        "due_at": task.due_at.isoformat(),
        "required_level": task.required_level,
        "note": task.note,
    }


def _cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """The cursor is `due_at|id` of the last task seen (keyset, stable under inserts)."""
    if not cursor:
        return None
    try:
        due, _, task_id = cursor.rpartition("|")
        return aware(due), keyset_id(task_id)
    except ValueError as error:
        raise InvalidInput("分页游标无效", "invalid cursor", field="cursor") from error


def _page(tasks: list[Task], limit: int) -> dict[str, Any]:
    last = tasks[-1] if len(tasks) == limit else None
    return {
        "items": [task_out(t) for t in tasks],
        "next_cursor": f"{last.due_at.isoformat()}|{last.id}" if last else None,
    }


Limit = Annotated[int, Query(ge=1, le=100)]


# The page's JSON written once by msgspec (issue 17): returned as a dict, FastAPI validated it
# against the return type in a second threadpool hop and encoded it again. Same bytes; the
# OpenAPI schema is the declared `response_model`.
_QUEUE_JSON = msgspec.json.Encoder()


@router.get("/api/tasks/mine", response_model=dict[str, Any])
async def my_queue(call: ApiCallDep, cursor: str | None = None, limit: Limit = 50) -> Response:
    """My queue, sorted by deadline."""
    # The database work on the read threads, never on the event loop (web/read_threads.py).
    return await call.threads.run(my_queue_json, call, cursor, limit)


def my_queue_json(call: ApiCall, cursor: str | None, limit: int) -> Response:
    """The queue page's JSON (also answered by `hot_reads.PageAnswerRoute`)."""
    after = _cursor(cursor)  # an invalid cursor is refused before any read, as before
    # The page's ids and revisions first: what is read after them may be newer, never older.
    seen = queue_revisions(call.wiring.engine, assignee_id=call.user.id, after=after, limit=limit)
    kept = call.tasks.get_all(seen)
    if kept is not None:
        pairs = [(task.task, task.body) for task in kept]
    else:
        revisions = dict(seen)
        pairs = []
        for task in queues.my_queue(call.wiring.uow(), call.user, after, limit):
            body = _QUEUE_JSON.encode(task_out(task))
            pairs.append((task, body))
            if task.id is not None and (revision := revisions.get(task.id)) is not None:
                call.tasks.keep(task.id, KeptTask(revision, task, body, len(body)))
    last = pairs[-1][0] if len(pairs) == limit else None
    # `_page` as msgspec writes it (compact, in order), from each task's JSON.
    cursor_json = _QUEUE_JSON.encode(f"{last.due_at.isoformat()}|{last.id}" if last else None)
    body = b'{"items":[' + b",".join(body for _, body in pairs) + b'],"next_cursor":'
    return Response(body + cursor_json + b"}", media_type="application/json")


@router.get("/api/tasks", response_model=dict[str, Any])
def team_queue(
    user: ApiUser,
    wiring: WiringDep,
    role: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Response:
    tasks = queues.team_queue(wiring.uow(), user, role, _cursor(cursor), limit)
    return Response(_QUEUE_JSON.encode(_page(tasks, limit)), media_type="application/json")


@router.post("/api/tasks/{task_id}/assign")
def assign(task_id: Id, body: AssignIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    return task_out(
        queues.reassign(wiring.uow(), wiring.clock, user, task_id, body.assignee_id, body.note)
    )


@router.put("/api/approvers/{user_id}")
def set_approver(user_id: Id, body: ApproverIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    profile = ApproverLimits(user_id, body.level, dict(body.limits))
    approval.set_approver_limits(wiring.context(), actor=user, profile=profile)
    return {
        "user_id": user_id,
        "level": body.level,
        "limits": {k: None if v is None else f"{v:.2f}" for k, v in body.limits.items()},
    }


@router.post("/api/claims/{claim_id}/difficult")
def mark_difficult(
    claim_id: Id, body: DifficultIn, user: ApiUser, wiring: WiringDep
) -> dict[str, Any]:
    panel.mark_difficult(wiring.context(), actor=user, claim_id=claim_id, reason=body.reason)
    return {"claim_id": claim_id, "difficult": True}


@router.post("/api/claims/{claim_id}/panel/votes")
def vote(claim_id: Id, body: VoteIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    decision = panel.cast_vote(
        wiring.context(),
        actor=user,
        claim_id=claim_id,
        ballot=panel.Ballot(body.vote, body.reason, body.clause),
    )
    return {
        "outcome": str(decision.outcome),
        "code": str(decision.code),
        "approvals": decision.approvals,
        "rejections": decision.rejections,
        "votes": [
            {
                "approver_id": v.approver_id,
                "vote": str(v.vote),
                "reason": v.reason,
                "cast_at": v.cast_at.isoformat(),
            }
            for v in decision.votes
        ],
    }


class LargeClaimReviewIn(Strict):
    opinion: large_claims.Opinion
    reason: Reason


@router.post("/api/claims/{claim_id}/large-claim-review", status_code=201)
def review_large_claim(
    claim_id: Id, body: LargeClaimReviewIn, user: ApiUser, context: Context
) -> dict[str, str]:
    """大额案件经理批复: the manager's opinion, with its reason, before approval."""
    large_claims.record_review(
        context, actor=user, claim_id=claim_id, opinion=body.opinion, reason=body.reason
    )
    return {"opinion": str(body.opinion)}
