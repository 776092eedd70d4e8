"""Customer notices through the outbox: a message per channel, and the contact preference.

The store and the channel adapters' Protocols are in services/notices/ports.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from claimdesk.domain.channels import Channel


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # gave up after MAX_ATTEMPTS: visible on the claim
    UNCONFIRMED = "unconfirmed"  # the worker died while handing it over: check, do not resend


@dataclass(frozen=True)
class OutboxMessage:
    id: int | None
    event_key: str
    insured_person_id: int
    kind: str
    channel: Channel
    recipient: str
    subject: str
    body: str
    status: MessageStatus
    next_attempt_at: datetime
    created_at: datetime
    claim_id: int | None = None
    notice_id: int | None = None
    language: str = "zh-CN"
    attempts: int = 0
    last_error: str = ""
    sent_at: datetime | None = None


@dataclass(frozen=True)
class ContactPreference:
    insured_person_id: int
    channels: tuple[Channel, ...]
    email: str = ""
    phone: str = ""
    language: str = "zh-CN"
