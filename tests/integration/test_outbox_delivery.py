"""The outbox delivers every notice once to a real SMTP server, through crashes and races."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.mailer import InApp, SmtpMailer
from claimdesk.adapters.sms import FileSms
from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import Forbidden, NotFound
from claimdesk.domain.notices import ContactPreference, MessageStatus, OutboxMessage
from claimdesk.services.claims.materials import submit_materials
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.notices import preferences
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.notices.outbox import LEASE, run_pass
from claimdesk.services.notices.ports import Sender
from claimdesk.services.notices.resend import resend_unconfirmed
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import World, a_lab_line, a_report, a_world, with_all_materials

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
EMAIL = "zhangsan@example.cn"


class WorkerKilled(BaseException):
    """Not an Exception: nothing in the worker catches it, like a process kill."""


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def events(self) -> list[str]:
        return [str(message["X-ClaimDesk-Event"]) for message in self.messages]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _advance(clock: FixedClock, by: timedelta) -> None:
    clock.moment += by


def _senders(port: int, home: Path) -> dict[Channel, Sender]:
    return {
        Channel.EMAIL: SmtpMailer("127.0.0.1", port, "claims@claimdesk.test"),
        Channel.SMS: FileSms(home / "sms-outbox.jsonl"),
        Channel.IN_APP: InApp(),
    }


def _sms_lines(container: Container) -> list[dict[str, str]]:
    path = container.settings.home / "sms-outbox.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _wants_email(world: World, *channels: Channel) -> None:
    c = world.container
    chosen = channels or (Channel.IN_APP, Channel.SMS, Channel.EMAIL)
    wanted = ContactPreference(0, chosen, EMAIL, "13912345678")
    preferences.set_preference(
        c.context(), actor=world.users["customer"], insured_id=None, wanted=wanted
    )


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, **extra: Any) -> Claim:
    c = world.container
    return move_claim(
        c.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason="",
        expected_version=claim.version,
    )


def _accepted_claim(world: World) -> Claim:
    c = world.container
    claim, _ = report_claim(
        c.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    with_all_materials(c, world.users["agent"], claim.id or 0)
    return _move(world, "specialist", claim, S.ACCEPTED)


def _messages(container: Container, claim_id: int) -> list[OutboxMessage]:
    with container.uow() as uow:
        return uow.outbox.for_claim(claim_id)


def _deliver(container: Container, port: int) -> None:
    notifications.worker_pass(
        container.uow, container.clock, _senders(port, container.settings.home)
    )


def _report_to_payment(world: World, port: int) -> Claim:
    c = world.container
    customer = world.users["customer"]
    claim, _ = report_claim(
        c.context(),
        actor=customer,
        report=a_report(lines=(a_lab_line("L1", "1000.00"),)),
        idempotency_key=None,
    )
    claim = _move(world, "specialist", claim, S.ACCEPTED)  # nothing attached yet: 一次性告知
    _deliver(c, port)
    with_all_materials(c, customer, claim.id or 0)
    submit_materials(c.context(), actor=customer, claim_id=claim.id or 0)
    claim = _move(
        world,
        "specialist2",
        get_claim(c.context(), actor=customer, claim_id=claim.id or 0),
        S.ADJUDICATED,
    )
    claim = _move(world, "approver", claim, S.APPROVED)
    _deliver(c, port)
    (instruction,) = payment_flow.claim_payments(
        c.context(), actor=world.users["finance"], claim_id=claim.id or 0
    )
    payment_flow.release_payment(
        c.context(), actor=world.users["finance"], instruction_id=instruction.id or 0
    )
    payment_flow.export_batch(c.context(), actor=world.users["finance"])
    result = payment_flow.BankResult(instruction.id or 0, True, "BANK-001")
    payment_flow.import_results(c.context(), actor=world.users["finance"], results=[result])
    return get_claim(c.context(), actor=customer, claim_id=claim.id or 0)


def test_report_to_payment_sends_each_notice_once_on_each_channel(
    container: Container, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    world = a_world(container)
    _wants_email(world)
    claim = _report_to_payment(world, port)
    for _ in range(3):  # the worker runs again and again: nothing more goes out
        _deliver(container, port)
    kinds = ["accepted", "missing_materials", "approved", "paid"]
    assert sorted(m["Subject"] for m in handler.messages) == sorted(
        m.subject for m in _messages(container, claim.id or 0) if m.channel == Channel.EMAIL
    )
    messages = _messages(container, claim.id or 0)
    assert sorted(m.kind for m in messages if m.channel == Channel.EMAIL) == sorted(kinds)
    assert len(handler.messages) == 4 and len(set(handler.events())) == 4
    assert len(_sms_lines(container)) == 4
    assert {m.status for m in messages} == {MessageStatus.SENT} and len(messages) == 12
    paid = next(m for m in handler.messages if "赔款到账" in str(m["Subject"]))
    assert "人民币" in paid.get_payload(decode=True).decode()  # type: ignore[union-attr]


def test_a_worker_killed_after_leasing_loses_nothing(
    container: Container, inbox: tuple[Inbox, int], clock: FixedClock
) -> None:
    handler, port = inbox
    world = a_world(container)
    _wants_email(world)
    claim = _accepted_claim(world)

    def kill(stage: str, message_id: int) -> None:
        if stage == "leased":
            raise WorkerKilled

    senders = _senders(port, container.settings.home)
    with pytest.raises(WorkerKilled):
        run_pass(container.uow, clock, senders, checkpoint=kill)
    run_pass(container.uow, clock, senders)  # the lease still holds: nobody takes it yet
    assert handler.messages == []
    _advance(clock, LEASE + timedelta(seconds=1))
    run_pass(container.uow, clock, senders)  # restarted: the lease expired, delivered now
    assert handler.events() == [f"claim:{claim.id}:accepted:2:email"]
    assert all(m.status == MessageStatus.SENT for m in _messages(container, claim.id or 0))


def _killed_after_handing_over(
    container: Container, port: int, clock: FixedClock
) -> tuple[World, Claim, dict[Channel, Sender]]:
    """An e-mail handed to the server, then the worker killed before marking it sent; the
    lease has expired since."""
    world = a_world(container)
    _wants_email(world, Channel.EMAIL)
    claim = _accepted_claim(world)

    def kill(stage: str, message_id: int) -> None:
        if stage == "handed_over":
            raise WorkerKilled

    senders = _senders(port, container.settings.home)
    with pytest.raises(WorkerKilled):
        run_pass(container.uow, clock, senders, checkpoint=kill)
    _advance(clock, LEASE + timedelta(seconds=1))
    return world, claim, senders


def test_a_worker_killed_after_handing_over_never_sends_it_again(
    container: Container, inbox: tuple[Inbox, int], clock: FixedClock
) -> None:
    """The one window: handed over, not yet marked. The message is not resent; it is shown."""
    handler, port = inbox
    _, claim, senders = _killed_after_handing_over(container, port, clock)
    result = run_pass(container.uow, clock, senders)
    run_pass(container.uow, clock, senders)
    assert handler.events() == [f"claim:{claim.id}:accepted:2:email"]  # received once
    assert result.unconfirmed == 1
    statuses = {m.channel: m.status for m in _messages(container, claim.id or 0)}
    assert statuses == {
        Channel.IN_APP: MessageStatus.SENT,
        Channel.EMAIL: MessageStatus.UNCONFIRMED,
    }


def test_two_workers_in_parallel_deliver_each_message_once(
    container: Container, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    world = a_world(container)
    _wants_email(world)
    claims = [_accepted_claim(world) for _ in range(4)]
    senders = _senders(port, container.settings.home)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                run_pass(container.uow, container.clock, senders)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(handler.events()) == sorted(f"claim:{c.id}:accepted:2:email" for c in claims)
    assert len(_sms_lines(container)) == 4


def test_an_unreachable_server_is_retried_with_backoff_then_given_up(
    container: Container, clock: FixedClock
) -> None:
    world = a_world(container)
    _wants_email(world)
    claim = _accepted_claim(world)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    senders = _senders(dead_port, container.settings.home)
    for minutes in (1, 2, 4, 8):
        run_pass(container.uow, clock, senders, max_attempts=5)
        email = next(m for m in _messages(container, claim.id or 0) if m.channel == Channel.EMAIL)
        assert email.status == MessageStatus.PENDING and "Connection" in email.last_error
        assert email.next_attempt_at == clock.now() + timedelta(minutes=minutes)
        run_pass(container.uow, clock, senders, max_attempts=5)  # not due yet: no attempt
        _advance(clock, timedelta(minutes=minutes))
    run_pass(container.uow, clock, senders, max_attempts=5)
    email = next(m for m in _messages(container, claim.id or 0) if m.channel == Channel.EMAIL)
    assert email.status == MessageStatus.FAILED and email.attempts == 5


def test_staff_resend_an_unconfirmed_notice_once_and_audited(
    container: Container, inbox: tuple[Inbox, int], clock: FixedClock
) -> None:
    """Unconfirmed (issue 16): customer service checks and sends it again — once, audited."""
    handler, port = inbox
    world, claim, senders = _killed_after_handing_over(container, port, clock)
    run_pass(container.uow, clock, senders)
    (email,) = [m for m in _messages(container, claim.id or 0) if m.channel == Channel.EMAIL]
    assert email.status == MessageStatus.UNCONFIRMED
    (in_app,) = [m for m in _messages(container, claim.id or 0) if m.channel == Channel.IN_APP]

    def resend(who: str, message_id: int) -> tuple[OutboxMessage, bool]:
        return resend_unconfirmed(container.context(), actor=world.users[who],
                                  claim_id=claim.id or 0, message_id=message_id)  # fmt: skip

    for role in ("surveyor", "finance", "customer"):
        with pytest.raises((Forbidden, NotFound)):
            resend(role, email.id or 0)
    assert resend("agent", in_app.id or 0) == (in_app, False)  # sent: nothing to resend
    queued, first = resend("agent", email.id or 0)
    assert first and queued.status == MessageStatus.PENDING
    assert resend("manager", email.id or 0)[1] is False  # a double click queues it once
    run_pass(container.uow, clock, senders)
    run_pass(container.uow, clock, senders)
    assert handler.events() == [f"claim:{claim.id}:accepted:2:email"] * 2  # once more, by choice
    with container.uow() as uow:
        assert uow.outbox.get(email.id or 0).status == MessageStatus.SENT
        trail = uow.audit.for_entity("claim", str(claim.id))
    (resent,) = [r.entry for r in trail if r.entry.action == "notice_resent"]
    assert resent.actor == "agent" and resent.after["message"] == email.id
