"""Auto settlement rules (车险理算), one behaviour per test: given a request, when settled,
then the figure and its reason follow the terms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auto_builders import a_damage, a_line, a_party, an_auto_request, codes, item

from claimdesk.rules.auto.incurred import net_incurred
from claimdesk.rules.auto.json_api import settle_json
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.auto.model import Recovery

PRODUCTS = load_auto_products()


def settle(request: dict[str, object]) -> dict[str, object]:
    return settle_json(request, PRODUCTS)


def test_the_reported_estimate_is_shown_but_never_paid() -> None:
    damage = a_damage(a_line(parts="800.00", labour="200.00"), reported_estimate="36000.00")
    result = settle(an_auto_request(own_damage=damage))
    assert result["assessments"][0]["reported_estimate"] == "36000.00"
    assert result["assessments"][0]["assessed"] == "1000.00"
    assert item(result, "vehicle_damage")["payable"] == "500.00"  # 1,000 − 500 deductible


def test_an_unsigned_survey_holds_the_settlement_with_nothing_paid() -> None:
    result = settle(an_auto_request(own_damage=a_damage(signed=False)))
    assert result["decision"] == "pending_assessment"
    assert result["payable"] == "0.00" and result["settlement"] == []
    assert [reason["code"] for reason in result["reasons"]] == ["SURVEY_NOT_SIGNED"]


def test_a_loss_at_the_tender_threshold_without_compliant_quotes_is_pending() -> None:
    damage = a_damage(
        a_line(parts="29000.00", labour="1000.00"),
        tender_quotes=[{"repair_shop": "路边店", "amount": "20000.00", "compliant": False}],
    )
    result = settle(an_auto_request(own_damage=damage))
    assert result["decision"] == "pending_assessment"
    assert [reason["code"] for reason in result["reasons"]] == ["TENDER_QUOTES_REQUIRED"]


def test_just_below_the_tender_threshold_the_survey_is_the_basis() -> None:
    damage = a_damage(a_line(parts="28999.99", labour="1000.00"))
    result = settle(an_auto_request(own_damage=damage))
    assert result["assessments"][0]["basis"] == "survey"


def test_with_no_fault_the_no_fault_limits_apply() -> None:
    party = a_party(at_fault=True, medical="5000.00", property_damage="3000.00")
    result = settle(an_auto_request(product="auto-compulsory", share="0.00", third_parties=[party]))
    assert item(result, "compulsory", "medical")["payable"] == "1800.00"
    assert item(result, "compulsory", "property_damage")["payable"] == "100.00"
    assert "COMPULSORY_NO_FAULT" in codes(item(result, "compulsory", "medical"))


@pytest.mark.parametrize(
    ("period_start", "medical_limit"),
    [("2020-09-18", "10000.00"), ("2020-09-19", "18000.00")],
    ids=["2008-schedule", "2020-schedule"],
)
def test_the_limits_are_those_of_the_policy_year(period_start: str, medical_limit: str) -> None:
    policy = {"policy_no": "JQ", "period_start": period_start, "period_end": "2027-12-31"}
    party = a_party(medical="50000.00")
    request = an_auto_request(product="auto-compulsory", policy=policy, third_parties=[party])
    assert item(settle(request), "compulsory", "medical")["limit"] == medical_limit


def test_an_accident_outside_the_policy_period_is_denied() -> None:
    request = an_auto_request(own_damage=a_damage())
    request["accident"]["date"] = "2027-03-01"
    result = settle(request)
    assert result["decision"] == "denied" and result["payable"] == "0.00"
    assert result["reasons"][0]["code"] == "ACCIDENT_OUTSIDE_POLICY_PERIOD"


def test_mutual_collision_with_an_injury_is_settled_normally_and_says_why() -> None:
    party = a_party(at_fault=True, medical="300.00", vehicle_damage=a_damage())
    request = an_auto_request(product="auto-compulsory", share="0.50", third_parties=[party])
    request["accident"]["mutual_collision_agreed"] = True
    request["own_damage"] = a_damage()
    result = settle(request)
    property_damage = item(result, "compulsory", "property_damage")
    assert property_damage["payee"] == "third_parties" and property_damage["payable"] == "1200.00"
    assert "MUTUAL_COLLISION_NOT_APPLICABLE" in codes(property_damage)


def test_with_no_fault_the_at_fault_vehicle_is_paid_by_its_own_insurer_on_our_behalf() -> None:
    party = a_party(at_fault=True, vehicle_damage=a_damage())
    result = settle(an_auto_request(product="auto-compulsory", share="0.00", third_parties=[party]))
    property_damage = item(result, "compulsory", "property_damage")
    assert property_damage["payable"] == "0.00"
    assert "NO_FAULT_SUBSTITUTION_BY_OTHER" in codes(property_damage)


def test_a_cover_not_bought_pays_nothing_and_says_so() -> None:
    request = an_auto_request(own_damage=a_damage())
    request["policy"]["parameters"]["vehicle_damage_cover"] = False
    vehicle_damage = item(settle(request), "vehicle_damage")
    assert vehicle_damage["payable"] == "0.00" and codes(vehicle_damage) == ["COVER_NOT_BOUGHT"]


def test_the_third_party_limit_caps_the_commercial_share() -> None:
    party = a_party(death_disability="900000.00")
    request = an_auto_request(third_parties=[party])
    request["policy"]["parameters"]["third_party_limit"] = "500000.00"
    third_party = item(settle(request), "third_party_liability")
    assert third_party["payable"] == "500000.00"
    assert "THIRD_PARTY_LIMIT_REACHED" in codes(third_party)


def test_liability_share_rounds_half_up_to_the_fen() -> None:
    damage = a_damage(a_line(parts="0.05", labour="0.00"))
    request = an_auto_request(share="0.50", own_damage=damage)
    request["policy"]["parameters"]["vehicle_damage_deductible"] = "0.00"
    assert item(settle(request), "vehicle_damage")["payable"] == "0.03"  # 0.025 → 0.03


def test_net_incurred_is_paid_plus_reserve_less_recoveries() -> None:
    recoveries = [Recovery("R1", "subrogation", Decimal("1500.00")),
                  Recovery("R2", "salvage_sale", Decimal("800.00"))]  # fmt: skip
    figures = net_incurred(Decimal("9200.00"), Decimal("300.00"), recoveries)
    assert figures.recoveries == Decimal("2300.00")
    assert figures.net_incurred == Decimal("7200.00")
