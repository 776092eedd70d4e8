"""人伤 in the auto engine: bills reviewed with the health line rule, one-off settlements split
between the 交强险 sections, occupants left out, 三者险 for the rest by liability share."""

from __future__ import annotations

from decimal import Decimal

from auto_builders import a_damage, a_party, an_auto_request, an_injured, codes, item

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


def test_given_a_third_party_bill_then_excluded_fees_and_self_funded_parts_are_not_counted() -> (
    None
):
    party = an_injured(amount="1000.00", self_funded="250.00")
    party["medical_lines"].append({"line_id": "2", "type": "tonic_paste", "amount": "80.00"})
    result = settle_json(an_auto_request("auto-compulsory", injured=[party]), PRODUCTS)
    injury = result["injuries"][0]
    assert [line["eligible"] for line in injury["lines"]] == ["750.00", "0.00"]
    assert injury["lines"][0]["reasons"] == ["INJURY_OUTSIDE_SOCIAL_INSURANCE"]
    assert injury["lines"][1]["reasons"] == ["INJURY_FEE_EXCLUDED"]
    assert (injury["billed"], injury["medical"]) == ("1080.00", "750.00")
    medical = item(result, "compulsory", "medical")
    assert medical["payable"] == "750.00" and "INJURY_MEDICAL_REVIEWED" in codes(medical)


def test_given_a_one_off_settlement_below_the_bills_then_only_the_agreed_amount_is_paid() -> None:
    agreed = {"amount": "600.00", "signed_on": "2026-06-20"}
    party = an_injured(amount="1000.00", settlement=agreed)
    result = settle_json(an_auto_request("auto-compulsory", injured=[party]), PRODUCTS)
    assert result["payable"] == "600.00"
    assert item(result, "compulsory", "medical")["payable"] == "600.00"
    assert [entry["section"] for entry in result["settlement"]] == ["medical"]


def test_given_only_the_insured_vehicles_passenger_is_hurt_then_nothing_is_paid_for_it() -> None:
    request = an_auto_request("auto-compulsory", injured=[an_injured(role="passenger")])
    result = settle_json(request, PRODUCTS)
    assert result["decision"] == "denied" and result["payable"] == "0.00"
    assert "INJURY_OCCUPANT_NOT_COVERED" in [r["code"] for r in result["injuries"][0]["reasons"]]


def test_given_no_fault_then_the_no_fault_medical_limit_applies_to_the_injured() -> None:
    request = an_auto_request(
        "auto-compulsory", share="0.00", injured=[an_injured(amount="5000.00")],
        third_parties=[a_party(at_fault=True)],
    )  # fmt: skip
    medical = item(settle_json(request, PRODUCTS), "compulsory", "medical")
    assert (medical["limit"], medical["payable"]) == ("1800.00", "1800.00")
    assert codes(medical)[0] == "COMPULSORY_NO_FAULT"


def test_given_an_injury_then_mutual_collision_does_not_apply() -> None:
    request = an_auto_request(
        share="0.50", own_damage=a_damage(), third_parties=[a_party(at_fault=True)],
        injured=[an_injured(amount="100.00")],
    )  # fmt: skip
    request["accident"]["mutual_collision_agreed"] = True
    result = settle_json(request, PRODUCTS)
    assert "MUTUAL_COLLISION" not in [c for entry in result["settlement"] for c in codes(entry)]
    assert item(result, "compulsory", "medical")["payable"] == "100.00"


def test_given_third_party_injury_beyond_compulsory_then_third_party_liability_pays_the_share() -> (
    None
):
    request = an_auto_request(share="0.60", injured=[an_injured(amount="20000.00")])
    result = settle_json(request, PRODUCTS)
    assert item(result, "compulsory", "medical")["payable"] == "18000.00"
    assert item(result, "third_party_liability")["payable"] == "1200.00"  # 2,000 × 60%
    assert result["payable"] == "19200.00"


def test_given_injuries_when_stored_and_read_back_then_request_and_result_are_equal() -> None:
    agreed = {"amount": "900.00", "signed_on": "2026-06-20"}
    body = an_auto_request(injured=[an_injured(self_funded="10.00", settlement=agreed),
                                    an_injured("P2", role="driver")])  # fmt: skip
    request = parse_auto_request(body)
    assert parse_auto_request(auto_request_to_json(request)) == request
    result = settle(request, PRODUCTS)
    assert auto_result_from_json(stored_result_json(result)) == result
    assert result.injuries[0].settlement == Decimal("900.00")
