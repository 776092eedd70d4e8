"""The surveyor's arrival deadline and a tender quote's compliance: pure rules, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claimdesk.domain.partners import (
    Partner,
    PartnerKind,
    QuoteCompliance,
    ShopType,
    quote_compliance,
)
from claimdesk.workflow.deadlines import DeadlineStatus
from claimdesk.workflow.survey_arrival import appointment_acceptable, arrival_status

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
AT = NOW + timedelta(hours=1)


def test_an_appointment_only_after_the_call_and_only_when_reached() -> None:
    assert appointment_acceptable(NOW, True, AT)
    assert appointment_acceptable(NOW, False, None)
    assert not appointment_acceptable(NOW, False, AT)
    assert not appointment_acceptable(NOW, True, NOW - timedelta(minutes=1))


@pytest.mark.parametrize(
    ("now", "recorded", "expected"),
    [
        (NOW, None, DeadlineStatus.ON_TRACK),
        (AT - timedelta(minutes=30), None, DeadlineStatus.AT_RISK),
        (AT + timedelta(seconds=1), None, DeadlineStatus.BREACHED),
        (AT + timedelta(hours=5), AT, DeadlineStatus.MET),
        (AT + timedelta(hours=5), AT + timedelta(minutes=1), DeadlineStatus.BREACHED),
    ],
)
def test_arrival_status(now: datetime, recorded: datetime | None, expected: DeadlineStatus) -> None:
    assert arrival_status(AT, recorded, now) is expected


def test_no_arrival_deadline_before_an_appointment() -> None:
    assert arrival_status(None, None, NOW) is None


def _shop(**changes: object) -> Partner:
    values: dict[str, object] = {"id": 1, "kind": PartnerKind.REPAIR_SHOP, "name": "湘江"}
    values |= {"agreement_no": "XL-1", "shop_type": ShopType.COOPERATING}
    values.update(changes)
    return Partner(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, QuoteCompliance.COMPLIANT),
        ({"shop_type": ShopType.DEALER_4S}, QuoteCompliance.NOT_COOPERATING),
        ({"agreement_no": " "}, QuoteCompliance.NO_AGREEMENT),
        ({"active": False}, QuoteCompliance.INACTIVE),
    ],
)
def test_quote_compliance(changes: dict[str, object], expected: QuoteCompliance) -> None:
    assert quote_compliance(_shop(**changes)) is expected
