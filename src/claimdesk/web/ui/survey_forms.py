"""The surveyor room's forms → the API's pydantic schemas (one validation for pages and API).

A form line is numbered (`part_0`, `amount_0`, …); a line left blank is skipped. A pydantic
refusal becomes an InvalidInput naming the form field, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from claimdesk.contract.validation_messages import message_zh
from claimdesk.domain.errors import InvalidInput
from claimdesk.web.api.auto_claim_schemas import SurveyIn

MAX_LINES = 20
LINE_FIELDS = ("part", "part_code", "action", "amount", "labour", "reason", "over_price_reason")
Schema = TypeVar("Schema", bound=BaseModel)


def survey_input(form: Mapping[str, str], photo_ids: list[int]) -> SurveyIn:
    items = [_line(form, n) for n in range(MAX_LINES)]
    lines = [line for line in items if line]
    data: dict[str, Any] = {
        "scene_facts": form.get("scene_facts", "").strip(),
        "photo_ids": photo_ids,
        "items": lines,
        "assessed_loss": form.get("assessed_loss", "").strip() or _total(lines),
    }
    if form.get("repair_shop_id", "").strip():
        data["repair_shop_id"] = form["repair_shop_id"].strip()
    description, value = form.get("salvage_description", "").strip(), form.get("salvage_value", "")
    if description or value.strip():
        data["salvage"] = {"description": description, "value": value.strip()}
    return validated(SurveyIn, data)


def _line(form: Mapping[str, str], n: int) -> dict[str, str]:
    line = {name: form.get(f"{name}_{n}", "").strip() for name in LINE_FIELDS}
    if not line["part"] and not line["amount"]:
        return {}
    return {key: value for key, value in line.items() if value or key in ("part", "amount")}


def _total(lines: list[dict[str, str]]) -> str:
    """The assessed loss defaults to the lines' sum (the service checks they agree)."""
    try:
        return str(sum((Decimal(line["amount"]) for line in lines), Decimal("0.00")))
    except (InvalidOperation, KeyError):
        return "0.00"  # the line's own amount is then refused, naming its field


def quotes_input(form: Mapping[str, str]) -> list[dict[str, str]]:
    rows = []
    for n in range(10):
        shop, amount = form.get(f"shop_{n}", "").strip(), form.get(f"quote_{n}", "").strip()
        if shop or amount:
            rows.append({"repair_shop_id": shop, "amount": amount,
                         "note": form.get(f"note_{n}", "").strip()})  # fmt: skip
    return rows


def validated(schema: type[Schema], data: dict[str, Any]) -> Schema:
    try:
        return schema.model_validate(data)
    except ValidationError as invalid:
        problem = invalid.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "form"
        raise InvalidInput(
            f"{field}：{message_zh(problem)}", f"{field}: {problem['msg']}", field=field
        ) from invalid
