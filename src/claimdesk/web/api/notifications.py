"""Notices API: the customer's messages and preferences, a claim's delivery status; the worker.

The server runs the outbox worker every `outbox_interval_seconds` (0: off) beside the SLA sweep.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, StringConstraints

from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import ContactPreference, OutboxMessage
from claimdesk.domain.pii import mask_email, mask_phone
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.notices import preferences
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.notices.resend import resend_unconfirmed
from claimdesk.web.deps import ApiUser, Wiring, WiringDep
from claimdesk.web.params import Id, OptionalIdQuery

router = APIRouter(tags=["notifications"])
logger = logging.getLogger(__name__)
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class PreferenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channels: list[Channel]
    email: Short = ""
    phone: Short = ""
    language: Short = "zh-CN"


@router.get("/api/me/messages")
def my_messages(user: ApiUser, wiring: WiringDep) -> list[dict[str, Any]]:
    return [message_out(m, user) for m in preferences.my_messages(wiring.context(), actor=user)]


@router.get("/api/claims/{claim_id}/messages")
def claim_messages(claim_id: Id, user: ApiUser, wiring: WiringDep) -> list[dict[str, Any]]:
    messages = preferences.claim_messages(wiring.context(), actor=user, claim_id=claim_id)
    return [message_out(m, user) for m in messages]


@router.post("/api/claims/{claim_id}/messages/{message_id}/resend")
def resend(claim_id: Id, message_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    """An `unconfirmed` notice sent again after staff checked (idempotent: queued once)."""
    message, queued = resend_unconfirmed(
        wiring.context(), actor=user, claim_id=claim_id, message_id=message_id
    )
    return {**message_out(message, user), "queued": queued}


@router.get("/api/me/notification-preferences")
def get_preferences(
    user: ApiUser, wiring: WiringDep, insured_person_id: OptionalIdQuery = None
) -> dict[str, Any]:
    """Customers read their own; staff pass `insured_person_id` to act on a customer's behalf."""
    return preference_out(
        preferences.get_preference(wiring.context(), actor=user, insured_id=insured_person_id),
        user,
    )


@router.put("/api/me/notification-preferences")
def put_preferences(
    body: PreferenceIn, user: ApiUser, wiring: WiringDep, insured_person_id: OptionalIdQuery = None
) -> dict[str, Any]:
    wanted = ContactPreference(0, tuple(body.channels), body.email, body.phone, body.language)
    saved = preferences.set_preference(
        wiring.context(), actor=user, insured_id=insured_person_id, wanted=wanted
    )
    return preference_out(saved, user)


def message_out(message: OutboxMessage, user: User) -> dict[str, Any]:
    recipient = message.recipient
    if message.channel == Channel.SMS and not _sees_contact(user):
        recipient = mask_phone(recipient)
    elif message.channel == Channel.EMAIL and not _sees_contact(user):
        recipient = mask_email(recipient)
    return {
        "id": message.id,
        "claim_id": message.claim_id,
        "kind": message.kind,
        "channel": message.channel.value,
        "recipient": recipient,
        "subject": message.subject,
        "body": message.body,
        "status": message.status.value,
        "attempts": message.attempts,
        "last_error": message.last_error,
        "next_attempt_at": message.next_attempt_at.isoformat(),
        "created_at": message.created_at.isoformat(),
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
    }


def preference_out(preference: ContactPreference, user: User) -> dict[str, Any]:
    """Addresses masked for staff without view_pii (the customer sees their own in full)."""
    shown = _sees_contact(user)
    return {
        "insured_person_id": preference.insured_person_id,
        "channels": [channel.value for channel in preference.channels],
        "email": preference.email if shown else mask_email(preference.email),
        "phone": preference.phone if shown else mask_phone(preference.phone),
        "language": preference.language,
    }


def _sees_contact(user: User) -> bool:
    return user.role == Role.CUSTOMER or user.can(Permission.VIEW_PII)


async def deliver_every(wiring: Wiring, interval: int, stop: asyncio.Event) -> None:
    """Wait, then one pass; a stop request is honoured between passes, never inside one."""
    senders = wiring.senders
    while True:
        try:
            await asyncio.wait_for(stop.wait(), interval)
            return
        except TimeoutError:
            pass
        try:
            lease = timedelta(seconds=wiring.settings.outbox_lease_seconds)
            await asyncio.to_thread(
                notifications.worker_pass, wiring.uow, wiring.clock, senders, lease
            )
        except Exception:  # the next pass retries; a failed pass must not stop the server
            logger.exception("notice worker pass failed")


@asynccontextmanager
async def worker_running(wiring: Wiring) -> AsyncIterator[None]:
    """The notice worker beside the server; on shutdown the pass in progress is finished."""
    interval = wiring.settings.outbox_interval_seconds
    stop = asyncio.Event()
    task = asyncio.create_task(deliver_every(wiring, interval, stop)) if interval > 0 else None
    try:
        yield
    finally:
        stop.set()
        if task is not None:
            await task
