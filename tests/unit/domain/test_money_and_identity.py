"""Money parsing and identity checks at the edge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.domain.claim import BillLine
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.identity import check_bank_account, check_id_number, check_phone
from claimdesk.domain.money import InvalidAmount, format_amount, parse_amount, to_fen
from claimdesk.domain.pii import mask_bank_account, mask_id_number, mask_phone
from claimdesk.domain.refusals import Refused


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("300", "300.00"), ("0.1", "0.10"), (12, "12.00"), ("1e2", "100.00")],
    ids=["integer-string", "one-decimal", "int", "exponent"],
)
def test_amounts_parse_exactly(raw: object, expected: str) -> None:
    assert format_amount(parse_amount(raw)) == expected


@pytest.mark.parametrize(
    "raw",
    [0.1, "1.005", "abc", "NaN", "Infinity", True],
    ids=["float", "three-decimals", "text", "nan", "infinity", "bool"],
)
def test_bad_amounts_are_refused(raw: object) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(raw)


def test_rounding_is_half_up_to_the_fen() -> None:
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("2.345")) == Decimal("2.35")


def test_bill_line_whose_parts_do_not_add_up_is_refused_naming_the_line() -> None:
    with pytest.raises(Refused) as refused:
        BillLine("L7", "lab", "化验", Decimal("100.00"), self_pay=Decimal("90.00"))
    assert refused.value.field == "lines.L7.amount"
    assert refused.value.code == ErrorCode.BILL_LINE_PARTS_MISMATCH


def test_resident_id_checksum_is_checked() -> None:
    assert check_id_number("11010519491231002X") == "11010519491231002X"
    with pytest.raises(Refused) as refused:
        check_id_number("110105194912310021")
    assert refused.value.field == "id_number"
    assert refused.value.code == ErrorCode.ID_NUMBER_INVALID


def test_phone_and_bank_card_are_checked() -> None:
    assert check_phone("13912345678") == "13912345678"
    with pytest.raises(Refused) as bad_phone:
        check_phone("12345")
    assert bad_phone.value.code == ErrorCode.PHONE_INVALID
    assert check_bank_account("6222020200112233446")
    with pytest.raises(Refused) as bad_card:
        check_bank_account("6222020200112233447")
    assert bad_card.value.code == ErrorCode.BANK_ACCOUNT_INVALID


def test_personal_data_is_masked_keeping_only_what_identifies_the_record() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_bank_account("6222020200112233445") == "6222***********3445"
