"""The customer reads stages in plain words: no internal statuses, staff names or reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claimdesk.domain.audit import AuditEntry, AuditRecord
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.customer_words import (
    CustomerStage,
    customer_events,
    customer_stage,
    first_reached,
)
from claimdesk.domain.labels import label

S, C = ClaimStatus, CustomerStage
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _trail(*steps: tuple[str, str | None, str]) -> list[AuditRecord]:
    records = []
    for number, (actor, status, action) in enumerate(steps):
        after = {"status": status} if status else None
        entry = AuditEntry(actor, action, "claim", "1", None, after, "内部原因 internal")
        records.append(AuditRecord(number + 1, START + timedelta(hours=number), entry, "", ""))
    return records


@pytest.mark.parametrize(
    ("status", "denied", "paid", "stage"),
    [
        (S.REPORTED, False, False, C.RECEIVED),
        (S.MATERIALS_PENDING, False, False, C.DOCUMENTS_NEEDED),
        (S.INVESTIGATION, False, False, C.UNDER_REVIEW),  # never "referred to investigation"
        (S.APPROVED, False, False, C.UNDER_REVIEW),
        (S.PAYMENT_PENDING, False, False, C.PAYMENT_ON_ITS_WAY),
        (S.CLOSED, True, False, C.NOT_PAYABLE),
        (S.CLOSED, False, True, C.PAID),
        (S.ARCHIVED, False, False, C.CLOSED),
        (S.WITHDRAWN, False, False, C.WITHDRAWN),
    ],
)
def test_each_status_reads_as_a_stage(
    status: ClaimStatus, denied: bool, paid: bool, stage: CustomerStage
) -> None:
    assert customer_stage(status, denied=denied, paid=paid) == stage


def test_every_stage_has_words_in_both_languages() -> None:
    for stage in CustomerStage:
        assert label("customer_stage", stage) != stage.value
        assert label("customer_stage", stage, "en") != stage.value


def test_the_timeline_keeps_stage_changes_only_and_who_was_you() -> None:
    trail = _trail(
        ("customer", None, "report_claim"),
        ("zhang.specialist", S.ACCEPTED, "move:accepted"),
        ("zhang.specialist", S.UNDER_REVIEW, "move:under_review"),
        ("li.investigator", S.INVESTIGATION, "move:investigation"),
        ("zhang.specialist", None, "set_open_reason"),
        ("zhang.specialist", S.ADJUDICATED, "move:adjudicated"),
        ("system", S.PAID, "move:paid"),
        ("manager", S.CLOSED, "move:closed"),
    )
    events = customer_events(trail, customer_username="customer", denied=False)
    assert [event.stage for event in events] == [C.RECEIVED, C.UNDER_REVIEW, C.PAID]
    assert [event.by_customer for event in events] == [True, False, False]
    assert first_reached(events)[C.PAID] == START + timedelta(hours=6)
