"""Every auto product ships worked examples (request + hand-computed result); the engine
must reproduce every figure the example states."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.rules.test_adjudication_examples import assert_matches

from claimdesk.contract.request_json import loads
from claimdesk.rules.auto.json_api import settle_json
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.loader import packaged_products_dir

AUTO_PRODUCTS = load_auto_products()
EXAMPLES = sorted(
    path
    for path in (packaged_products_dir() / "examples").glob("*/*.json")
    if path.parent.name in AUTO_PRODUCTS
)
REQUIRED = {
    "auto-compulsory": {"compulsory-only-within-limits", "injury-third-party-one-off-settlement"},
    "auto-commercial": {
        "compulsory-and-vehicle-damage-70-30",
        "constructive-total-loss-with-salvage",
        "tender-lowest-compliant-quote",
        "glass-at-agreed-price",
        "recovery-after-payment-net-incurred",
        "injury-beyond-compulsory-medical-limit",
        "death-disability-items-beyond-compulsory-limit",
        "on-board-liability-per-seat-and-seats",
    },
}


def read_example(path: Path) -> dict[str, object]:
    example = loads(path.read_text(encoding="utf-8"))
    assert isinstance(example, dict)
    return example


def test_given_the_package_then_every_auto_product_ships_the_required_examples() -> None:
    shipped = {(path.parent.name, path.stem) for path in EXAMPLES}
    for product, names in REQUIRED.items():
        assert {(product, name) for name in names} <= shipped


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_given_an_auto_example_when_settled_then_the_result_matches_the_hand_figures(
    path: Path,
) -> None:
    example = read_example(path)
    assert example["description"], "the hand computation is written down"
    assert_matches(example["result"], settle_json(example["request"], AUTO_PRODUCTS))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_given_an_auto_example_then_every_amount_carries_its_clause_in_zh_and_en(
    path: Path,
) -> None:
    result = settle_json(read_example(path)["request"], AUTO_PRODUCTS)
    reasons = [reason for item in result["settlement"] for reason in item["reasons"]]
    reasons += [reason for loss in result["assessments"] for reason in loss["reasons"]]
    reasons += [reason for injury in result.get("injuries", ()) for reason in injury["reasons"]]
    assert result["settlement"] and all(item["reasons"] for item in result["settlement"])
    for reason in reasons:
        assert reason["message_zh"] and reason["message_en"] and reason["clause"]
