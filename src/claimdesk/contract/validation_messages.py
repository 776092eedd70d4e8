"""Pydantic error details turned into the contract's field paths and Chinese messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Errors raised on a whole line are reported on the field the claimant must fix.
FIELD_OF_MODEL_ERROR = {"parts_do_not_add_up": "amount"}

MESSAGES_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "invalid_amount": "金额无效:须为最多两位小数的数字",
    "negative_amount": "金额不得为负数",
    "parts_do_not_add_up": "金额不等于统筹支付、分类自负、自费与自负之和",
    "invalid_date": "日期无效:须为 YYYY-MM-DD 格式",
    "date_out_of_range": "日期须在1900年至2100年之间",
    "invalid_parameter": "保单参数无效",
    "string_type": "须为字符串",
    "bool_type": "须为 true 或 false",
    "bool_parsing": "须为 true 或 false",
    "int_type": "须为整数",
    "int_parsing": "须为整数",
    "int_from_float": "须为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_too_short": "不得为空",
    "literal_error": "取值不在允许范围内",
    "list_type": "须为列表",
    "dict_type": "须为对象",
    "model_type": "须为对象",
    "model_attributes_type": "须为对象",
}


def field_path(loc: Sequence[str | int], error_type: str = "") -> str:
    """('visits', 0, 'lines', 1, 'amount') -> 'visits[0].lines[1].amount'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    extra = FIELD_OF_MODEL_ERROR.get(error_type)
    return f"{path}.{extra}" if extra and path else (extra or path or "<request>")


def message_zh(error: Any) -> str:
    return MESSAGES_ZH.get(str(error.get("type", "")), "输入无效")
