"""The claim's notices as staff see them (发送记录): each message, channel and delivery status,
recipients masked without view_pii; customer service resends an `unconfirmed` one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import OutboxMessage
from claimdesk.domain.pii import mask_email, mask_phone
from claimdesk.domain.users import Permission, User
from claimdesk.services.notices.resend import resend_unconfirmed
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class SentLine:
    message: OutboxMessage
    recipient: str  # masked for roles without view_pii


def outbox_lines(user: User, messages: list[OutboxMessage]) -> list[SentLine]:
    """The claim's messages (read with the claim page), recipients masked without view_pii."""
    return [SentLine(m, _shown(m, user.can(Permission.VIEW_PII))) for m in messages]


def _shown(message: OutboxMessage, pii: bool) -> str:
    if pii or message.channel == Channel.IN_APP:
        return message.recipient
    masked = mask_phone if message.channel == Channel.SMS else mask_email
    return masked(message.recipient)


@router.post("/claims/{claim_id}/messages/{message_id}/resend")
def resend(
    claim_id: Id, message_id: Id, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    _, queued = resend_unconfirmed(wiring.context(), actor=user, claim_id=claim_id,
                                   message_id=message_id)  # fmt: skip
    if queued:
        flash(request, f"已安排重发：消息 #{message_id}", f"Queued again: message #{message_id}")
    else:
        flash(request, f"消息 #{message_id} 已安排重发或已送达，未重复发送",
              f"Message #{message_id} was already queued or sent: not sent twice")  # fmt: skip
    return RedirectResponse(f"/claims/{claim_id}#outbox", status_code=303)
