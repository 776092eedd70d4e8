"""Every error code is mapped once to an HTTP status; every business refusal has its own code."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from claimdesk.domain import errors
from claimdesk.domain.errors import DomainError, ErrorCode
from claimdesk.domain.refusals import MESSAGES, Refused
from claimdesk.web.errors import STATUS, error_body

SOURCE = Path(__file__).resolve().parents[3] / "src" / "claimdesk"
PAYMENTS_SLICE = [
    *sorted((SOURCE / "services" / "payments").glob("*.py")),
    SOURCE / "domain" / "payment.py",
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_error_code_has_an_http_status() -> None:
    unmapped = [code for code in ErrorCode if code not in STATUS]
    assert unmapped == []
    assert all(400 <= status < 500 for status in STATUS.values())


@pytest.mark.parametrize("code", list(MESSAGES), ids=str)
def test_every_refusal_has_a_chinese_and_an_english_message(code: ErrorCode) -> None:
    message_zh, message_en = MESSAGES[code]
    assert CHINESE.search(message_zh) and message_en and not CHINESE.search(message_en)
    details = dict.fromkeys(_placeholders(message_zh) | _placeholders(message_en), "x")
    body = error_body(Refused(code, field="f", **details))
    assert body == {"code": str(code), "message_zh": body["message_zh"],
                    "message_en": body["message_en"], "field": "f"}  # fmt: skip


def test_invalid_input_is_not_used_for_a_refusal_with_its_own_code() -> None:
    assert ErrorCode.INVALID_INPUT not in MESSAGES


def _raised_codes(path: Path) -> list[tuple[str, ErrorCode]]:
    """(where, code) of every `raise X(...)` in a module, X a domain error or `Refused(code)`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        call = node.exc
        name = call.func.id if isinstance(call.func, ast.Name) else ""
        where = f"{path.name}:{node.lineno}"
        if name == "Refused":
            assert isinstance(call.args[0], ast.Attribute), where
            found.append((where, ErrorCode(call.args[0].attr)))
        elif isinstance(error := getattr(errors, name, None), type):
            assert issubclass(error, DomainError), where
            found.append((where, error.code))
    return found


def test_no_two_refusals_in_the_payments_slice_share_a_code() -> None:
    raised = [item for path in PAYMENTS_SLICE for item in _raised_codes(path)]
    by_code: dict[ErrorCode, list[str]] = {}
    for where, code in raised:
        by_code.setdefault(code, []).append(where)
    shared = {code: places for code, places in by_code.items() if len(places) > 1}
    assert len(raised) >= 8 and shared == {}
    assert ErrorCode.INVALID_INPUT not in by_code
