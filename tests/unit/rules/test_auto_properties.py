"""Properties of the auto settlement over generated accidents: limits hold, nothing exceeds
the assessed loss, and a larger liability share never pays less."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from auto_builders import a_damage, a_line, a_party, an_auto_request
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.rules.auto.json_api import settle_json
from claimdesk.rules.auto.loader import load_auto_products

PRODUCTS = load_auto_products()
WITH_FAULT = {"death_disability": Decimal("180000"), "medical": Decimal("18000"),
              "property_damage": Decimal("2000")}  # fmt: skip

fen = st.integers(min_value=0, max_value=2_900_000).map(lambda cents: f"{Decimal(cents) / 100:.2f}")
shares = st.integers(min_value=1, max_value=100).map(lambda percent: f"{percent / 100:.2f}")


@st.composite
def accidents(
    draw: st.DrawFn, share: str | None = None, other_at_fault: bool | None = None
) -> dict[str, Any]:
    own = a_damage(a_line(parts=draw(fen), labour=draw(fen)))
    party = a_party(
        at_fault=draw(st.booleans()) if other_at_fault is None else other_at_fault,
        vehicle_damage=a_damage(a_line(parts=draw(fen), labour="0.00")),
        medical=draw(fen),
        death_disability=draw(st.sampled_from(["0.00", "50000.00", "400000.00"])),
    )
    request = an_auto_request(share=share or draw(shares), own_damage=own, third_parties=[party])
    request["policy"]["parameters"]["vehicle_damage_deductible"] = draw(fen)
    if request["accident"]["liability_share"] == "1.00":
        party["at_fault"] = False
    return request


def total(result: dict[str, Any], cover: str) -> Decimal:
    return sum(
        (Decimal(item["payable"]) for item in result["settlement"] if item["cover"] == cover),
        Decimal(0),
    )


def assessed(result: dict[str, Any]) -> Decimal:
    return sum((Decimal(loss["assessed"]) for loss in result["assessments"]), Decimal(0))


@settings(max_examples=80, deadline=None)
@given(accidents())
def test_the_compulsory_part_never_exceeds_its_section_limits(request: dict[str, Any]) -> None:
    result = settle_json(request, PRODUCTS)
    for item in result["settlement"]:
        if item["cover"] == "compulsory" and item["section"] in WITH_FAULT:
            assert Decimal(item["payable"]) <= WITH_FAULT[item["section"]]
            assert Decimal(item["payable"]) <= Decimal(item["loss"])


@settings(max_examples=80, deadline=None)
@given(accidents())
def test_vehicle_payments_never_exceed_the_assessed_vehicle_losses(request: dict[str, Any]) -> None:
    result = settle_json(request, PRODUCTS)
    party = request["third_parties"][0]
    bodily = Decimal(party["medical"]) + Decimal(party["death_disability"])
    assert Decimal(result["payable"]) <= assessed(result) + bodily
    assert total(result, "vehicle_damage") <= Decimal("150000.00")
    assert all(Decimal(item["payable"]) >= 0 for item in result["settlement"])


@settings(max_examples=80, deadline=None)
@given(accidents(share="0.70", other_at_fault=False))
def test_full_liability_pays_at_least_as_much_as_seventy_percent(request: dict[str, Any]) -> None:
    seventy = settle_json(request, PRODUCTS)
    full = {**request, "accident": {**request["accident"], "liability_share": "1.00"}}
    hundred = settle_json(full, PRODUCTS)
    assert Decimal(hundred["payable"]) >= Decimal(seventy["payable"])
    for cover in ("compulsory", "vehicle_damage", "third_party_liability"):
        assert total(hundred, cover) >= total(seventy, cover)
