"""死亡伤残 items with their basis (standard × quantity × ratio) flowing through 交强险 and
三者险 with their clauses; 车上人员责任险 per seat × seats for the insured vehicle's occupants."""

from __future__ import annotations

from typing import Any

from auto_builders import an_auto_request, an_injured, codes, item

from claimdesk.rules.auto.engine import settle
from claimdesk.rules.auto.json_api import settle_json
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.auto.request import parse_auto_request
from claimdesk.rules.auto.round_trip import (
    auto_request_to_json,
    auto_result_from_json,
    stored_result_json,
)

PRODUCTS = load_auto_products()
ON_BOARD = {"on_board_cover": True, "on_board_driver_limit": "20000.00",
            "on_board_passenger_limit": "10000.00", "on_board_passenger_seats": "2"}  # fmt: skip


def an_item(
    kind: str = "disability_compensation", standard: str = "46000.00", quantity: str = "20",
    ratio: str | None = "0.10", item_id: str = "1",
) -> dict[str, Any]:  # fmt: skip
    found = {"item_id": item_id, "kind": kind, "basis": "2025年人均可支配收入",
             "standard": standard, "quantity": quantity}  # fmt: skip
    return found | ({"ratio": ratio} if ratio is not None else {})


def with_on_board(share: str = "1.00", **parameters: Any) -> dict[str, Any]:
    request = an_auto_request(share=share)
    request["policy"]["parameters"].update(ON_BOARD | parameters)
    return request


def test_given_disability_items_then_each_is_standard_times_years_times_grade() -> None:
    items = [an_item(), an_item("nursing", "120.00", "45", None, "2")]
    party = an_injured(amount="500.00", death_disability_items=items)
    result = settle_json(an_auto_request("auto-compulsory", injured=[party]), PRODUCTS)
    injury = result["injuries"][0]
    amounts = [entry["amount"] for entry in injury["death_disability_items"]]
    assert amounts == ["92000.00", "5400.00"]  # 46,000 × 20 × 10%; 120 × 45 days
    assert injury["death_disability_items"][0]["working"] == "46000.00 × 20 × 10% = 92000.00"
    assert injury["death_disability"] == "97400.00"
    section = item(result, "compulsory", "death_disability")
    assert (section["loss"], section["payable"]) == ("97400.00", "97400.00")
    assert "INJURY_DEATH_DISABILITY_ITEMS" in codes(section)
    assert all(r["clause"] for r in section["reasons"])


def test_given_items_beyond_the_compulsory_limit_then_third_party_liability_pays_the_share() -> (
    None
):
    party = an_injured(amount="0.00", death_disability_items=[an_item(ratio="0.30")])
    result = settle_json(an_auto_request(share="0.70", injured=[party]), PRODUCTS)
    # 46,000 × 20 × 30% = 276,000; 交强险 180,000; 三者险 (276,000 − 180,000) × 70% = 67,200
    assert item(result, "compulsory", "death_disability")["payable"] == "180000.00"
    assert item(result, "third_party_liability")["payable"] == "67200.00"


def test_given_a_one_off_settlement_then_it_replaces_the_items() -> None:
    agreed = {"amount": "30000.00", "signed_on": "2026-06-20"}
    party = an_injured(amount="1000.00", death_disability_items=[an_item()], settlement=agreed)
    result = settle_json(an_auto_request("auto-compulsory", injured=[party]), PRODUCTS)
    assert result["payable"] == "30000.00"
    assert item(result, "compulsory", "death_disability")["payable"] == "29000.00"


def test_given_the_cover_then_occupants_are_paid_per_seat_within_the_insured_seats() -> None:
    occupants = [an_injured("D1", role="driver", amount="25000.00"),
                 an_injured("P1", role="passenger", amount="4000.00"),
                 an_injured("P2", role="passenger", amount="12000.00"),
                 an_injured("P3", role="passenger", amount="3000.00")]  # fmt: skip
    result = settle_json(with_on_board("0.50") | {"injured": occupants}, PRODUCTS)
    driver, passengers = (
        item(result, "on_board_liability", "driver"),
        item(result, "on_board_liability", "passenger"),
    )
    assert (driver["payable"], driver["limit"]) == ("12500.00", "20000.00")
    assert (passengers["payable"], passengers["limit"]) == ("8000.00", "20000.00")  # 2,000 + 6,000
    assert "ON_BOARD_SEATS_EXCEEDED" in codes(passengers)  # P3 is the third passenger
    assert result["payable"] == "20500.00"


def test_given_a_passenger_above_the_seat_limit_then_the_seat_limit_pays() -> None:
    request = with_on_board() | {"injured": [an_injured(role="passenger", amount="15000.00")]}
    passengers = item(settle_json(request, PRODUCTS), "on_board_liability", "passenger")
    assert passengers["payable"] == "10000.00"
    assert "ON_BOARD_SEAT_LIMIT_REACHED" in codes(passengers)


def test_given_a_schedule_without_the_cover_then_occupants_are_not_paid() -> None:
    request = an_auto_request(injured=[an_injured(role="driver")])
    result = settle_json(request, PRODUCTS)
    assert item(result, "on_board_liability", "driver")["payable"] == "0.00"
    assert codes(item(result, "on_board_liability", "driver")) == ["COVER_NOT_BOUGHT"]
    assert result["payable"] == "0.00"


def test_given_third_parties_only_then_no_on_board_item() -> None:
    result = settle_json(with_on_board() | {"injured": [an_injured()]}, PRODUCTS)
    assert not [entry for entry in result["settlement"] if entry["cover"] == "on_board_liability"]


def test_given_items_and_occupants_when_stored_and_read_back_then_both_are_equal() -> None:
    body = with_on_board() | {"injured": [
        an_injured(death_disability_items=[an_item(),
                                           an_item("funeral", "7000.00", "6", None, "2")]),
        an_injured("D1", role="driver", death_disability_items=[an_item(quantity="2.5")]),
    ]}  # fmt: skip
    request = parse_auto_request(body)
    assert parse_auto_request(auto_request_to_json(request)) == request
    result = settle(request, PRODUCTS)
    assert auto_result_from_json(stored_result_json(result)) == result
