"""The outbox worker: lease due messages, deliver, mark sent; back off and give up visibly.

Delivery guarantee (docs/notifications.md): a message is leased (still `pending`), then marked
`sending` in its own short transaction, then handed to the channel, then marked `sent`. A worker
that dies before `sending` leaves a lease that expires, so another worker delivers it (nothing
lost). A worker that dies after `sending` may or may not have handed it over: that row is never
sent again automatically — it becomes `unconfirmed`, visible on the claim (nothing duplicated).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import MessageStatus, OutboxMessage
from claimdesk.services.notices.ports import Sender
from claimdesk.services.ports import Clock, UnitOfWork

# Short, so a killed worker's notices go out again within a minute; a slow pass that outlives
# its lease is harmless: `start_sending` compares the lease id, so a message is sent once.
LEASE = timedelta(seconds=60)
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
MAX_ATTEMPTS = 5
BATCH = 20


# Test seam: called at "leased" and "handed_over" — a test raises there to kill the worker.
Checkpoint = Callable[[str, int], None]


@dataclass(frozen=True)
class PassResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unconfirmed: int = 0


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failed attempt, at most an hour."""
    delay: timedelta = BACKOFF_BASE * 2 ** max(attempts - 1, 0)
    return min(delay, BACKOFF_CAP)


def run_pass(
    uow_factory: Callable[[], UnitOfWork],
    clock: Clock,
    senders: Mapping[Channel, Sender],
    *,
    max_attempts: int = MAX_ATTEMPTS,
    checkpoint: Checkpoint | None = None,
    lease: timedelta = LEASE,
) -> PassResult:
    """One worker pass: give up on dead hand-overs, lease what is due, deliver each."""
    unconfirmed = _expire_sending(uow_factory(), clock)
    lease_id = uuid.uuid4().hex
    leased = _lease(uow_factory(), clock, lease_id, lease)
    outcomes = [
        _deliver(uow_factory, clock, senders, (message_id, lease_id, lease), max_attempts,
                 checkpoint)
        for message_id in leased
    ]  # fmt: skip
    return PassResult(
        sent=outcomes.count(MessageStatus.SENT),
        retried=outcomes.count(MessageStatus.PENDING),
        failed=outcomes.count(MessageStatus.FAILED),
        unconfirmed=unconfirmed,
    )


def _expire_sending(uow: UnitOfWork, clock: Clock) -> int:
    with uow:
        count = uow.outbox.expire_sending(clock.now())
        uow.commit()
        return count


def _lease(uow: UnitOfWork, clock: Clock, lease_id: str, lease: timedelta) -> list[int]:
    with uow:
        now = clock.now()
        leased = uow.outbox.lease_due(now, lease_id, now + lease, BATCH)
        uow.commit()
        return leased


def _deliver(
    uow_factory: Callable[[], UnitOfWork],
    clock: Clock,
    senders: Mapping[Channel, Sender],
    leased: tuple[int, str, timedelta],
    max_attempts: int,
    checkpoint: Checkpoint | None,
) -> MessageStatus | None:
    """lease → `sending` (committed) → hand over → `sent`; only the last two steps can race."""
    message_id, lease_id, lease = leased
    if checkpoint is not None:
        checkpoint("leased", message_id)
    message = _start_sending(uow_factory(), clock, message_id, lease_id, lease)
    if message is None:
        return None  # another worker took it after our lease expired
    try:
        senders[message.channel].send(message)
    except Exception as error:  # a refusal or a failed connection: not handed over
        return _failed(uow_factory(), clock, message, lease_id, error, max_attempts)
    if checkpoint is not None:
        checkpoint("handed_over", message_id)
    return _finish(uow_factory(), message_id, lease_id, status=MessageStatus.SENT,
                   sent_at=clock.now(), last_error="")  # fmt: skip


def _start_sending(
    uow: UnitOfWork, clock: Clock, message_id: int, lease_id: str, lease: timedelta
) -> OutboxMessage | None:
    with uow:
        if not uow.outbox.start_sending(message_id, lease_id, clock.now() + lease):
            return None
        uow.commit()
        return uow.outbox.get(message_id)


def _failed(
    uow: UnitOfWork,
    clock: Clock,
    message: OutboxMessage,
    lease_id: str,
    error: Exception,
    max_attempts: int,
) -> MessageStatus | None:
    give_up = message.attempts >= max_attempts
    status = MessageStatus.FAILED if give_up else MessageStatus.PENDING
    return _finish(
        uow,
        message.id or 0,
        lease_id,
        status=status,
        next_attempt_at=clock.now() + backoff(message.attempts),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def _finish(uow: UnitOfWork, message_id: int, lease_id: str, **values: object) -> MessageStatus:
    with uow:
        uow.outbox.finish(message_id, lease_id, locked_until=None, **values)
        uow.commit()
    status = values["status"]
    assert isinstance(status, MessageStatus)
    return status
