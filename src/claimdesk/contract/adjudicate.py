"""The contract in JSON: request dict in, result dict out (the CLI and HTTP edges use this)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimdesk.contract.request_json import parse_request
from claimdesk.contract.result_json import result_to_json
from claimdesk.rules.engine import adjudicate
from claimdesk.rules.terms import Product


def adjudicate_json(payload: Any, products: Mapping[str, Product]) -> dict[str, Any]:
    return result_to_json(adjudicate(parse_request(payload), products))
