"""Bad input is refused at the edge with the field named; nothing is silently corrected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from adjudication_builders import a_claim, a_line, a_visit

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.request_json import loads
from claimdesk.rules.errors import InvalidRequest, ProductDefinitionError
from claimdesk.rules.loader import load_product, load_products

PRODUCTS = load_products()


def claim_with_second_line(**line_changes: Any) -> dict[str, Any]:
    second = {**a_line("L2"), **line_changes}
    return a_claim([a_visit(lines=[a_line("L1"), second])])


@pytest.mark.parametrize(
    ("claim", "field"),
    [
        (claim_with_second_line(amount="999.00"), "visits[0].lines[1].amount"),
        (claim_with_second_line(type="massage"), "visits[0].lines[1].type"),
        (claim_with_second_line(self_pay="-1.00", amount="-1.00"), "visits[0].lines[1].amount"),
        (claim_with_second_line(amount="100.001"), "visits[0].lines[1].amount"),
        (claim_with_second_line(amount=100.001), "visits[0].lines[1].amount"),
        (claim_with_second_line(self_pay=0.1 + 0.2), "visits[0].lines[1].self_pay"),
        (a_claim([a_visit(date="1899-12-31")]), "visits[0].date"),
        (a_claim([a_visit(date="2101-01-01")]), "visits[0].date"),
        (a_claim(submitted_on="2026-13-01"), "submitted_on"),
        (a_claim([a_visit(kind="dental_clinic")]), "visits[0].kind"),
        (a_claim([a_visit(service="astrology")]), "visits[0].service"),
        (a_claim(product="no-such-product"), "product"),
        (a_claim(history={"bonus_paid": "1.00"}), "history.bonus_paid"),
        ({k: v for k, v in a_claim().items() if k != "claim_id"}, "claim_id"),
    ],
    ids=[
        "parts-do-not-add-up", "unknown-line-type", "negative-amount", "three-decimals",
        "float-three-decimals", "float-noise", "date-before-1900", "date-after-2100",
        "not-a-date", "unknown-kind", "unknown-service", "unknown-product", "unknown-history",
        "missing-claim-id",
    ],
)  # fmt: skip
def test_given_invalid_input_when_adjudicated_then_the_error_names_the_field(
    claim: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRequest) as error:
        adjudicate_json(claim, PRODUCTS)
    assert error.value.field == field
    assert error.value.message_zh and error.value.message_en


def test_given_a_json_number_with_two_decimals_then_it_is_read_exactly() -> None:
    text = '{"amount": 300.10}'
    assert str(loads(text)["amount"]) == "300.10"


def test_given_amounts_as_json_numbers_then_the_result_equals_the_string_form() -> None:
    claim = a_claim([a_visit(lines=[a_line(self_pay="100.10")])])
    as_numbers = loads(
        __import__("json").dumps(claim).replace('"100.10"', "100.10").replace('"0.00"', "0")
    )
    assert adjudicate_json(as_numbers, PRODUCTS) == adjudicate_json(claim, PRODUCTS)


@pytest.mark.parametrize(
    ("text", "path", "problem"),
    [
        ("code: x\nbenefit: teleport\n", "benefit", "must be one of"),
        ("code: x\nbenefit: medical_expense\ncolour: red\n", "colour", "unknown key"),
    ],
    ids=["unknown-benefit", "unknown-key"],
)
def test_given_a_bad_product_file_then_loading_names_file_path_and_problem(
    tmp_path: Any, text: str, path: str, problem: str
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ProductDefinitionError) as error:
        load_product(file)
    assert (error.value.file, error.value.path) == (str(file), path)
    assert problem in error.value.problem


def test_given_a_product_with_a_misspelt_nested_key_then_the_path_points_into_it(
    tmp_path: Any,
) -> None:
    source = PRODUCTS["tianan-group-medical"].source
    text = Path(source).read_text(encoding="utf-8").replace("max_sessions: 5", "max_session: 5")
    file = tmp_path / "typo.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ProductDefinitionError) as error:
        load_product(file)
    assert error.value.path == "medical.item_session_limits[0].max_session"
