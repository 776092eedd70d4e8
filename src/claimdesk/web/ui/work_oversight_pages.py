"""督办 (managers): at-risk and overdue tasks with reassignment to another staff member, and
each person's workload. Reassignment is the audited `reassign` use case; a flash confirms it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.analytics import work_oversight as reads
from claimdesk.domain.errors import DomainError
from claimdesk.domain.users import User
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.tasks.queues import reassign
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, render

router = APIRouter(include_in_schema=False)


@router.get("/management/work")
def work_page(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _page(request, user, wiring)


def _page(request: Request, user: User, wiring: Wiring, error: DomainError | None = None,
          task_id: int | None = None) -> Response:  # fmt: skip
    now = wiring.clock.now()
    risky = reads.risky_tasks(wiring.uow(), user, now)
    loads = reads.workload(wiring.uow(), user, now)
    return render(request, "management_work.html", status_code=422 if error else 200,
                  user=user, risky=risky, loads=loads, staff=reads.staff(loads), error=error,
                  failed_task=task_id)  # fmt: skip


@router.post("/management/work/{task_id}/assign")
def assign(
    task_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
    assignee_id: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        task = reassign(wiring.uow(), wiring.clock, user, task_id, assignee_id,
                        note or "督办改派 / reassigned by a manager")  # fmt: skip
    except DomainError as error:
        return _page(request, user, wiring, error, task_id)
    claim = claim_service.get_claim(wiring.context(), actor=user, claim_id=task.claim_id)
    who = next((s.name for s in reads.staff(reads.workload(wiring.uow(), user, wiring.clock.now()))
                if s.user_id == assignee_id), "")  # fmt: skip
    flash(request, f"已改派：赔案 {claim.claim_no} 的任务交给 {who}",
          f"Reassigned: the task of claim {claim.claim_no} now with {who}")  # fmt: skip
    return RedirectResponse("/management/work", status_code=303)
