"""E-mail over SMTP (smtplib), and the set of channel senders the worker uses."""

from __future__ import annotations

import hashlib
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import format_datetime

from claimdesk.adapters.sms import FileSms
from claimdesk.config import Settings
from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import OutboxMessage
from claimdesk.services.notices.ports import Sender


def message_id(event_key: str, domain: str) -> str:
    """Derived from the event: a receiver that keeps Message-IDs can drop a repeat (see docs)."""
    digest = hashlib.sha256(event_key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, timeout: float = 10.0) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    def send(self, message: OutboxMessage) -> None:
        """Returns once the server accepted the message (250 after DATA); raises otherwise."""
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(self.compose(message))

    def compose(self, message: OutboxMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Date"] = format_datetime(message.created_at)
        email["Message-ID"] = message_id(message.event_key, self.sender.rpartition("@")[2])
        email["X-ClaimDesk-Event"] = message.event_key
        email.set_content(message.body)
        return email


class InApp:
    """In-app messages are delivered by being written (the outbox row is the message)."""

    def send(self, message: OutboxMessage) -> None:
        return None


def senders_from(settings: Settings) -> Mapping[Channel, Sender]:
    return {
        Channel.EMAIL: SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from),
        Channel.SMS: FileSms(settings.home / "sms-outbox.jsonl"),
        Channel.IN_APP: InApp(),
    }
