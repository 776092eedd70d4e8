"""Every product ships worked examples (request + expected result); the engine must match."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.loader import load_products, packaged_products_dir

PRODUCTS = load_products()
# Auto products settle with their own engine (tests/unit/rules/test_auto_examples.py).
EXAMPLES = sorted(
    path
    for path in (packaged_products_dir() / "examples").glob("*/*.json")
    if path.parent.name not in load_auto_products()
)


def assert_matches(expected: Any, actual: Any, where: str = "result") -> None:
    """Every key the example states must match; examples may omit messages (codes compared)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            assert_matches(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            assert_matches(want, got, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"


def test_given_the_package_then_every_product_ships_examples() -> None:
    shipped = {path.parent.name for path in EXAMPLES}
    assert set(PRODUCTS) <= shipped


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_given_a_worked_example_when_adjudicated_then_the_result_matches(path: Path) -> None:
    example = json.loads(path.read_text(encoding="utf-8"))
    result = adjudicate_json(example["request"], PRODUCTS)
    assert_matches(example["result"], result)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_given_a_worked_example_then_every_reason_carries_messages_and_a_clause(
    path: Path,
) -> None:
    example = json.loads(path.read_text(encoding="utf-8"))
    result = adjudicate_json(example["request"], PRODUCTS)
    reasons = result["reasons"] + [r for v in result["visits"] for r in v["reasons"]]
    for reason in reasons:
        assert reason["message_zh"] and reason["message_en"] and reason["clause"]
