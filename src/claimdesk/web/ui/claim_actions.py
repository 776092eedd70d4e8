"""Named actions on the staff claim page (受理, 提交核赔, 退回补充材料, 拒赔…): the panel's data,
the confirmation page of the reasoned and destructive ones, 转疑难案件, and the flash after.

Every action ends in the same use cases as before (`move_claim`, `mark_difficult`), which check
the move, the permission and the version; this module only names and confirms them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import DomainError, NotFound
from claimdesk.domain.labels import label
from claimdesk.domain.users import Permission, User
from claimdesk.services.approval import panel
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.claims.moves import moves_for
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.action_panel import denial_reasons
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, render
from claimdesk.workflow.claim_actions import ClaimAction, find_action

router = APIRouter(include_in_schema=False)


@router.get("/claims/{claim_id}/actions/{action}")
def confirm_page(
    claim_id: Id, action: ClaimAction, request: Request, user: SessionUser, wiring: WiringDep
) -> Response:
    return _confirm(request, user, wiring, claim_id, action)


def _confirm(request: Request, user: User, wiring: Any, claim_id: int, action: ClaimAction,
             error: DomainError | None = None) -> Response:  # fmt: skip
    claim = claim_service.get_claim(wiring.context(), actor=user, claim_id=claim_id)
    chosen = find_action(claim.status, moves_for(user, claim), action,
                         may_mark_difficult=user.can(Permission.ASSIGN_TASKS),
                         difficult=claim.difficult)  # fmt: skip
    if chosen is None:  # not offered now: the page says so rather than a dead form
        raise NotFound("操作 action", action)
    return render(request, "claim_action.html", status_code=422 if error else 200, user=user,
                  claim=claim, action=chosen, error=error, errors=field_errors(error),
                  reasons=denial_reasons(wiring.products.get(claim.product_code)))  # fmt: skip


@router.post("/claims/{claim_id}/difficult")
def mark_difficult(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """转疑难案件 (managers): the panel then votes; audited by the use case."""
    check_csrf(request, csrf_token)
    try:
        claim = panel.mark_difficult(wiring.context(), actor=user, claim_id=claim_id, reason=reason)
    except DomainError as error:
        return _confirm(request, user, wiring, claim_id, ClaimAction.MARK_DIFFICULT, error)
    done(request, ClaimAction.MARK_DIFFICULT, claim)
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


def done(request: Request, action: ClaimAction, claim: Claim) -> None:
    """The flash after an action: what was done, to which claim, and where it stands now."""
    flash(
        request,
        f"已{label('claim_action', action)}：赔案 {claim.claim_no}，"
        f"当前状态：{_status(claim.status, 'zh')}",
        f"{label('claim_action', action, 'en')}: claim {claim.claim_no}, "
        f"now {_status(claim.status, 'en')}",
    )


def move_failed(
    request: Request, user: User, wiring: Any, claim_id: int, action: ClaimAction | None,
    error: DomainError,
) -> Response:  # fmt: skip
    """A refused move from the confirmation page comes back to it, with the error by its field."""
    if action is not None and error.field in ("reason", "reason_codes", "clause"):
        return _confirm(request, user, wiring, claim_id, action, error)
    return claim_view(request, user, wiring, claim_id, error=error)


def _status(status: ClaimStatus, lang: str) -> str:
    from claimdesk.web.ui import i18n
    from claimdesk.web.ui.catalog import STATUS_NAMES

    return i18n.translations(lang).gettext(STATUS_NAMES.get(str(status), str(status)))
