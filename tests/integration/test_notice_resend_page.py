"""The staff claim page lists the claim's notices (recipients masked without view_pii) and
gives customer service a resend for an `unconfirmed` one; others see no button (issue 16)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import MessageStatus
from tests.builders import a_world
from tests.integration.test_finance_pages import csrf
from tests.integration.test_outbox_delivery import _accepted_claim, _messages, _wants_email
from tests.integration.test_web_pages import sign_in


def _handed_over_then_worker_died(container: Container, clock: FixedClock) -> int:
    """Leased, marked `sending`, then the worker vanished: the lease expires → unconfirmed."""
    with container.uow() as uow:
        leased = uow.outbox.lease_due(clock.now(), "w1", clock.now() + timedelta(seconds=5), 20)
        uow.commit()
    with container.uow() as uow:
        for message_id in leased:
            uow.outbox.start_sending(message_id, "w1", clock.now() + timedelta(seconds=5))
        uow.commit()
    clock.moment += timedelta(seconds=6)
    with container.uow() as uow:
        assert uow.outbox.expire_sending(clock.now()) == len(leased)
        uow.commit()
    return len(leased)


def test_customer_service_resends_an_unconfirmed_notice_from_the_claim_page(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    world = a_world(container)
    _wants_email(world, Channel.SMS)
    claim = _accepted_claim(world)
    assert _handed_over_then_worker_died(container, clock) >= 1
    (sms,) = [m for m in _messages(container, claim.id or 0) if m.channel == Channel.SMS]
    assert sms.status == MessageStatus.UNCONFIRMED

    sign_in(client, "surveyor")  # no view_pii, no customer service: masked, no button
    page = client.get(f"/claims/{claim.id}").text
    assert "送达未确认" in page and "139****5678" in page and "13912345678" not in page
    assert f'data-resend="{sms.id}"' not in page
    client.post("/logout", data={"csrf_token": csrf(page)})

    sign_in(client, "agent")
    page = client.get(f"/claims/{claim.id}").text
    assert f'data-resend="{sms.id}"' in page
    path = f"/claims/{claim.id}/messages/{sms.id}/resend"
    for _ in range(2):  # a double click: queued once
        done = client.post(path, data={"csrf_token": csrf(page)}, follow_redirects=False)
        assert done.status_code == 303
    after = client.get(done.headers["location"]).text
    assert "未重复发送" in after and f'data-resend="{sms.id}"' not in after
    with container.uow() as uow:
        assert uow.outbox.get(sms.id or 0).status == MessageStatus.PENDING
        trail = uow.audit.for_entity("claim", str(claim.id))
    assert [r.entry.actor for r in trail if r.entry.action == "notice_resent"] == ["agent"]
