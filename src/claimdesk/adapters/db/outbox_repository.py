"""The outbox and contact preferences: rows ⇄ records; leases are compare-and-set UPDATEs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, exists, insert, or_, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_materials import NoticeRow
from claimdesk.adapters.db.models_outbox import ContactPreferenceRow, OutboxRow
from claimdesk.domain.channels import Channel
from claimdesk.domain.errors import NotFound
from claimdesk.domain.notices import ContactPreference, MessageStatus, OutboxMessage

PENDING = MessageStatus.PENDING.value
# Built once: which of these events are already written.
_KNOWN = select(OutboxRow.event_key).where(
    OutboxRow.event_key.in_(bindparam("keys", expanding=True))
)
SENDING = MessageStatus.SENDING.value
# New messages are never read back from this session's identity map: a table INSERT spares
# the ORM flush (one a notice).
_INSERT = insert(cast(Table, OutboxRow.__table__))


class SqlOutbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboxMessage) -> bool:
        """False when the event was already written (the unique key is the last guard)."""
        return self.add_new([message]) == 1

    def add_new(self, messages: Sequence[OutboxMessage]) -> int:
        """Those of the messages (distinct events) not already written, in order: one read
        and one INSERT for a notice's channels (issue 17). Returns how many were new."""
        if not messages:
            return 0
        keys = [message.event_key for message in messages]
        known = set(self.session.scalars(_KNOWN, {"keys": keys}))
        new = [message for message in messages if message.event_key not in known]
        if new:
            self.session.execute(
                _INSERT, [{k: v for k, v in vars(m).items() if k != "id"} for m in new]
            )
        return len(new)

    def get(self, message_id: int) -> OutboxMessage:
        row = self.session.get(OutboxRow, message_id, populate_existing=True)
        if row is None:
            raise NotFound("消息 message", message_id)
        return _message(row)

    def for_claim(self, claim_id: int) -> list[OutboxMessage]:
        query = select(OutboxRow).where(OutboxRow.claim_id == claim_id).order_by(OutboxRow.id)
        return [_message(row) for row in self.session.scalars(query)]

    def in_app_for(self, insured_person_id: int) -> list[OutboxMessage]:
        query = select(OutboxRow).where(
            OutboxRow.insured_person_id == insured_person_id,
            OutboxRow.channel == Channel.IN_APP.value,
            OutboxRow.status == MessageStatus.SENT.value,
        )
        return [_message(row) for row in self.session.scalars(query.order_by(OutboxRow.id))]

    def lease_due(self, now: datetime, lease_id: str, until: datetime, limit: int) -> list[int]:
        """Each row is taken by compare-and-set: two workers never hold the same lease."""
        free = or_(OutboxRow.locked_until.is_(None), OutboxRow.locked_until < now)
        due = (OutboxRow.status == PENDING, OutboxRow.next_attempt_at <= now, free)
        candidates = self.session.scalars(
            select(OutboxRow.id).where(*due).order_by(OutboxRow.id).limit(limit)
        ).all()
        return [
            message_id
            for message_id in candidates
            if self._update(
                (OutboxRow.id == message_id, *due), locked_until=until, lease_id=lease_id
            )
        ]

    def start_sending(self, message_id: int, lease_id: str, until: datetime) -> bool:
        return self._update(
            (
                OutboxRow.id == message_id,
                OutboxRow.lease_id == lease_id,
                OutboxRow.status == PENDING,
            ),
            status=SENDING,
            locked_until=until,
            attempts=OutboxRow.attempts + 1,
        )

    def finish(self, message_id: int, lease_id: str, **values: object) -> bool:
        """Only the holder of the attempt id may record its outcome."""
        return self._update((OutboxRow.id == message_id, OutboxRow.lease_id == lease_id), **values)

    def expire_sending(self, now: datetime) -> int:
        statement = (
            update(OutboxRow)
            .where(OutboxRow.status == SENDING, OutboxRow.locked_until < now)
            .values(status=MessageStatus.UNCONFIRMED.value, last_error="worker stopped mid-send")
        )
        return int(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def preference(self, insured_person_id: int) -> ContactPreference | None:
        row = self.session.get(ContactPreferenceRow, insured_person_id)
        if row is None:
            return None
        channels = tuple(Channel(c) for c in row.channels.split(",") if c)
        return ContactPreference(
            row.insured_person_id, channels, row.email, row.phone, row.language
        )

    def save_preference(self, preference: ContactPreference, at: datetime) -> None:
        row = self.session.get(ContactPreferenceRow, preference.insured_person_id)
        if row is None:
            row = ContactPreferenceRow(insured_person_id=preference.insured_person_id)
            self.session.add(row)
        row.channels = ",".join(preference.channels)
        row.email, row.phone = preference.email, preference.phone
        row.language, row.updated_at = preference.language, at
        self.session.flush()

    def unrelayed_notices(self, kind: str) -> list[tuple[int, int]]:
        """Notices of this kind with no outbox row yet: (notice id, claim id)."""
        relayed = exists().where(OutboxRow.notice_id == NoticeRow.id)
        query = select(NoticeRow.id, NoticeRow.claim_id).where(NoticeRow.kind == kind, ~relayed)
        return [
            (row.id, row.claim_id) for row in self.session.execute(query.order_by(NoticeRow.id))
        ]

    def requeue_unconfirmed(self, message_id: int, now: datetime) -> bool:
        """`unconfirmed` → `pending`, due now: of two racing resends exactly one sees True."""
        unconfirmed = MessageStatus.UNCONFIRMED.value
        return self._update(
            (OutboxRow.id == message_id, OutboxRow.status == unconfirmed),
            status=MessageStatus.PENDING.value, next_attempt_at=now, locked_until=None,
            lease_id=None, last_error="resent by staff",
        )  # fmt: skip

    def _update(self, where: tuple[object, ...], **values: object) -> bool:
        statement = update(OutboxRow).where(*where).values(**values)  # type: ignore[arg-type]
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _message(row: OutboxRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        event_key=row.event_key,
        insured_person_id=row.insured_person_id,
        kind=row.kind,
        channel=Channel(row.channel),
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        status=MessageStatus(row.status),
        next_attempt_at=row.next_attempt_at,
        created_at=row.created_at,
        claim_id=row.claim_id,
        notice_id=row.notice_id,
        language=row.language,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )
