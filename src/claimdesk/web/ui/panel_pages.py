"""疑难案件 from the staff claim page: a manager sends the case to the panel with the reason;
panel members (approvers) vote with their reasons. The use cases (services/approval/panel.py)
check permission, state and maker-checker; a majority of three moves the claim."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.services.approval import panel
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf
from claimdesk.workflow.authority import PanelOutcome, Vote

router = APIRouter(include_in_schema=False)
Reason = Annotated[str, Form(max_length=1000)]
RESULT = {
    PanelOutcome.APPROVED: (
        "集体讨论通过，案件已核赔",
        "the panel approved: the claim is approved",
    ),
    PanelOutcome.REJECTED: ("集体讨论决定拒赔", "the panel decided to deny the claim"),
    PanelOutcome.UNDECIDED: ("等待其他成员表决", "waiting for the other members"),
}


# 转疑难案件 itself is the named action (web/ui/claim_actions.py); the panel form posts there.


@router.post("/claims/{claim_id}/panel/votes")
def cast_vote(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], vote: Annotated[str, Form(max_length=10)] = "",
    reason: Reason = "", clause: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        ballot = panel.Ballot(_vote(vote), reason, clause)
        decision = panel.cast_vote(wiring.context(), actor=user, claim_id=claim_id, ballot=ballot)
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    zh, en = RESULT[decision.outcome]
    yes, no = decision.approvals, decision.rejections
    flash(request, f"表决已记录（同意 {yes}，不同意 {no}）：{zh}",
          f"Vote recorded ({yes} for, {no} against): {en}")  # fmt: skip
    return RedirectResponse(f"/claims/{claim_id}#panel", status_code=303)


def _vote(text: str) -> Vote:
    try:
        return Vote(text)
    except ValueError:
        raise InvalidInput("请选择同意或不同意", "choose approve or reject", field="vote") from None
