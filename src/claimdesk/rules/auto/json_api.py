"""The auto settlement in JSON: request dict in, result dict out (CLI and, later, HTTP)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimdesk.rules.auto.engine import settle
from claimdesk.rules.auto.request import parse_auto_request
from claimdesk.rules.auto.result import auto_result_to_json
from claimdesk.rules.auto.terms import AutoProduct


def settle_json(payload: Any, products: Mapping[str, AutoProduct]) -> dict[str, Any]:
    return auto_result_to_json(settle(parse_auto_request(payload), products))


def is_auto_request(payload: Any, products: Mapping[str, AutoProduct]) -> bool:
    """Dispatch on the product's line of business: an auto product code goes to this engine."""
    return isinstance(payload, dict) and payload.get("product") in products
