"""Staff resend of an `unconfirmed` notice: the worker died while handing it over, so nobody
knows whether the customer got it. It is never resent automatically (nothing duplicated);
customer service decides, after checking, to send it again — once, audited."""

from __future__ import annotations

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import NotFound
from claimdesk.domain.notices import OutboxMessage
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext


def resend_unconfirmed(
    context: ServiceContext, *, actor: User, claim_id: int, message_id: int
) -> tuple[OutboxMessage, bool]:
    """Idempotent: a double click or a retry queues it once; returns (message, queued now)."""
    require(actor, Permission.SERVE_CUSTOMERS)
    uow, clock = context.uow, context.clock
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        message = uow.outbox.get(message_id)
        if message.claim_id != claim_id:
            raise NotFound("消息 message", message_id)  # another claim's notice is not here
        queued = uow.outbox.requeue_unconfirmed(message_id, clock.now())
        if queued:
            uow.audit.append(
                AuditEntry(actor.username, "notice_resent", "claim", str(claim_id),
                           {"message": message_id, "status": str(message.status)},
                           {"message": message_id, "status": "pending",
                            "channel": str(message.channel), "kind": message.kind},
                           "未确认送达，客服核实后重发 / unconfirmed: resent after checking"),
                clock.now(),
            )  # fmt: skip
        uow.commit()
        return uow.outbox.get(message_id), queued
