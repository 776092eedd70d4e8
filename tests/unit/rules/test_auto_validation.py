"""Bad auto input is refused naming the field, in zh and en, before anything is computed;
bad auto product files are refused on load naming the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from auto_builders import a_damage, a_line, a_party, an_auto_request, an_injured

from claimdesk.rules.auto.json_api import settle_json
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.errors import InvalidRequest, ProductDefinitionError
from claimdesk.rules.loader import load_products, packaged_products_dir

PRODUCTS = load_auto_products()


def with_share(share: Any) -> dict[str, Any]:
    return an_auto_request(share=share, own_damage=a_damage())


BAD_REQUESTS = [
    ("unknown-part-code", an_auto_request(own_damage=a_damage(a_line(part="flux_capacitor"))),
     "own_damage.survey.lines[0].part_code"),
    ("negative-price", an_auto_request(own_damage=a_damage(a_line(parts="-1.00"))),
     "own_damage.survey.lines[0].parts"),
    ("share-over-100%", with_share("1.01"), "accident.liability_share"),
    ("share-negative", with_share("-0.10"), "accident.liability_share"),
    ("share-as-float", with_share(0.7), "accident.liability_share"),
    ("three-decimals", an_auto_request(own_damage=a_damage(a_line(labour="1.001"))),
     "own_damage.survey.lines[0].labour"),
    ("no-price-no-agreement", an_auto_request(own_damage=a_damage(a_line(parts=None))),
     "own_damage.survey.lines[0].parts"),
    ("unknown-action", an_auto_request(own_damage=a_damage(a_line(action="ignore"))),
     "own_damage.survey.lines[0].action"),
    ("unknown-field", an_auto_request(surprise=True), "surprise"),
    ("commercial-without-compulsory-policy",
     {**an_auto_request(), "compulsory_policy": None}, "compulsory_policy"),
    ("fully-liable-yet-other-at-fault", an_auto_request(third_parties=[a_party(at_fault=True)]),
     "third_parties[0].at_fault"),
    ("third-party-part-code",
     an_auto_request(third_parties=[a_party(vehicle_damage=a_damage(a_line(part="wing")))]),
     "third_parties[0].vehicle_damage.survey.lines[0].part_code"),
    ("injured-unknown-role", an_auto_request(injured=[an_injured(role="pedestrian")]),
     "injured[0].role"),
    ("injured-negative-bill", an_auto_request(injured=[an_injured(amount="-5.00")]),
     "injured[0].medical_lines[0].amount"),
    ("injured-self-funded-over-amount",
     an_auto_request(injured=[an_injured(amount="100.00", self_funded="100.01")]),
     "injured[0].medical_lines[0].self_funded"),
    ("injured-zero-settlement",
     an_auto_request(injured=[an_injured(settlement={"amount": "0.00",
                                                     "signed_on": "2026-06-20"})]),
     "injured[0].settlement.amount"),
    ("injured-twice", an_auto_request(injured=[an_injured(), an_injured()]),
     "injured[1].party_id"),
    ("item-unknown-kind", an_auto_request(injured=[an_injured(death_disability_items=[
        {"item_id": "1", "kind": "luck", "basis": "x", "standard": "1.00", "quantity": "1"}])]),
     "injured[0].death_disability_items[0].kind"),
    ("item-zero-quantity", an_auto_request(injured=[an_injured(death_disability_items=[
        {"item_id": "1", "kind": "nursing", "basis": "x", "standard": "1.00", "quantity": "0"}])]),
     "injured[0].death_disability_items[0].quantity"),
    ("item-ratio-over-100%", an_auto_request(injured=[an_injured(death_disability_items=[
        {"item_id": "1", "kind": "nursing", "basis": "x", "standard": "1.00", "quantity": "1",
         "ratio": "1.10"}])]),
     "injured[0].death_disability_items[0].ratio"),
    ("item-negative-standard", an_auto_request(injured=[an_injured(death_disability_items=[
        {"item_id": "1", "kind": "nursing", "basis": "x", "standard": "-1.00", "quantity": "1"}])]),
     "injured[0].death_disability_items[0].standard"),
    ("item-without-basis", an_auto_request(injured=[an_injured(death_disability_items=[
        {"item_id": "1", "kind": "nursing", "basis": " ", "standard": "1.00", "quantity": "1"}])]),
     "injured[0].death_disability_items[0].basis"),
    ("item-twice", an_auto_request(injured=[an_injured(death_disability_items=[
        {"item_id": "7", "kind": "nursing", "basis": "x", "standard": "1.00", "quantity": "1"},
        {"item_id": "7", "kind": "funeral", "basis": "x", "standard": "1.00", "quantity": "1"}])]),
     "injured[0].death_disability_items[1].item_id"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("request_body", "field"),
    [(body, field) for _, body, field in BAD_REQUESTS],
    ids=[name for name, _, _ in BAD_REQUESTS],
)
def test_given_bad_input_when_settled_then_it_is_refused_naming_the_field(
    request_body: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRequest) as refused:
        settle_json(request_body, PRODUCTS)
    assert refused.value.field == field
    assert refused.value.message_zh and refused.value.message_en


def test_given_a_policy_parameter_missing_then_it_is_named() -> None:
    request = an_auto_request(own_damage=a_damage())
    del request["policy"]["parameters"]["vehicle_damage_deductible"]
    with pytest.raises(InvalidRequest) as refused:
        settle_json(request, PRODUCTS)
    assert refused.value.field == "policy.parameters.vehicle_damage_deductible"


def copy_product(tmp_path: Path, name: str, edit: tuple[str, str]) -> Path:
    text = (packaged_products_dir() / name).read_text(encoding="utf-8")
    assert edit[0] in text
    (tmp_path / name).write_text(text.replace(*edit), encoding="utf-8")
    return tmp_path


def test_given_an_auto_file_without_a_reason_message_then_loading_fails(tmp_path: Path) -> None:
    edit = ("  DEDUCTIBLE:\n", "  DEDUCTIBLE_TYPO:\n")
    with pytest.raises(ProductDefinitionError, match="DEDUCTIBLE_TYPO"):
        load_auto_products(copy_product(tmp_path, "auto-commercial.yaml", edit))


def test_given_an_auto_file_with_an_unknown_key_then_loading_fails(tmp_path: Path) -> None:
    edit = ("  constructive_total_loss_ratio:", "  constructive_total_loss_ration:")
    with pytest.raises(ProductDefinitionError) as refused:
        load_auto_products(copy_product(tmp_path, "auto-commercial.yaml", edit))
    assert refused.value.path == "vehicle_damage.constructive_total_loss_ration"


def test_given_a_health_file_with_an_unknown_line_of_business_then_loading_fails(
    tmp_path: Path,
) -> None:
    edit = ("line_of_business: health", "line_of_business: marine")
    with pytest.raises(ProductDefinitionError) as refused:
        load_products(copy_product(tmp_path, "tianan-group-medical.yaml", edit))
    assert refused.value.path == "line_of_business"


def test_given_the_package_then_products_declare_their_line_of_business() -> None:
    lines = {code: product.line_of_business for code, product in load_products().items()}
    assert lines == {
        "tianan-group-medical": "health",
        "tianan-student-accident": "accident",
        "tianan-student-accident-medical": "accident",
    }
    assert {product.line_of_business for product in PRODUCTS.values()} == {"auto"}
