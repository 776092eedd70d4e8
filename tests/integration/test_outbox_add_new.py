"""A notice's channels written with one read and one flush: only the events not yet written,
in order, and the count of new ones (what `notify` returns)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from claimdesk.adapters.db.models_outbox import OutboxRow
from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import MessageStatus, OutboxMessage
from tests.builders import a_world

pytestmark = pytest.mark.postgres

AT = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def _message(key: str, insured: int, channel: Channel) -> OutboxMessage:
    return OutboxMessage(None, key, insured, "claim_reported", channel, "someone",
                         f"通知 {key}", "正文", MessageStatus.PENDING, AT, AT)  # fmt: skip


def test_only_events_not_yet_written_are_added_in_order(container: Container) -> None:
    insured = a_world(container).insured[0].id or 0
    with container.uow() as uow:
        assert uow.outbox.add(_message("e:sms", insured, Channel.SMS))
        uow.commit()
    with container.uow() as uow:
        wanted = [_message(f"e:{c}", insured, c) for c in (Channel.IN_APP, Channel.SMS,
                                                           Channel.EMAIL)]  # fmt: skip
        assert uow.outbox.add_new(wanted) == 2
        assert uow.outbox.add_new(wanted) == 0
        assert not uow.outbox.add(_message("e:sms", insured, Channel.SMS))
        assert uow.outbox.add_new([]) == 0
        uow.commit()
    with container.uow() as uow:
        query = select(OutboxRow.event_key).order_by(OutboxRow.id)
        keys = list(uow.session.scalars(query))  # type: ignore[attr-defined]
    assert keys == ["e:sms", f"e:{Channel.IN_APP}", f"e:{Channel.EMAIL}"]
