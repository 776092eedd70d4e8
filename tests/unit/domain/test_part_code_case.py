"""A catalogue part (`front_bumper`) picks up an imported price agreement (`FRONT_BUMPER`):
part codes match whatever their case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claimdesk.domain.partners import AgreementKind, PriceAgreement

AGREEMENT = PriceAgreement(None, AgreementKind.PARTS, "FRONT_BUMPER", "前保险杠", "丰田卡罗拉",
                           Decimal("900.00"), date(2026, 1, 1), date(2026, 12, 31))  # fmt: skip


def test_the_catalogue_code_finds_the_imported_agreement() -> None:
    assert AGREEMENT.applies("front_bumper", "丰田卡罗拉", date(2026, 6, 1))
    assert AGREEMENT.applies("FRONT_BUMPER", "丰田卡罗拉", date(2026, 6, 1))
    assert not AGREEMENT.applies("rear_bumper", "丰田卡罗拉", date(2026, 6, 1))
    assert not AGREEMENT.applies("front_bumper", "丰田卡罗拉", date(2027, 1, 1))
