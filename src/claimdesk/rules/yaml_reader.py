"""A small typed reader over parsed YAML that reports problems with file and path."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from claimdesk.rules.errors import ProductDefinitionError
from claimdesk.rules.terms import Figure, PolicyParameter


@dataclass(frozen=True, slots=True)
class Node:
    """A mapping in a product file, with the file name and its path for error messages."""

    file: str
    path: str
    data: dict[str, Any]

    def fail(self, problem: str, key: str | None = None) -> ProductDefinitionError:
        return ProductDefinitionError(self.file, self._join(key), problem)

    def _join(self, key: str | None) -> str:
        if key is None:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.fail(f"unknown key (allowed: {', '.join(sorted(allowed))})", str(key))

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        if key not in self.data:
            raise self.fail("missing required key", key)
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.fail("must be a non-empty string", key)
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail("must be a non-negative integer", key)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail("must be true or false", key)
        return value

    def decimal(self, key: str) -> Decimal:
        return parse_decimal(self, key, self.raw(key))

    def figure(self, key: str) -> Figure:
        """A fixed decimal ("600.00") or a policy parameter ({policy: deductible})."""
        value = self.raw(key)
        if isinstance(value, dict):
            return PolicyParameter(self.child(key).text("policy"))
        return parse_decimal(self, key, value)

    def texts(self, key: str, default: list[str] | None = None) -> frozenset[str]:
        return frozenset(self.text_list(key, default))

    def text_list(self, key: str, default: list[str] | None = None) -> tuple[str, ...]:
        value = self.data.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail("must be a list of non-empty strings", key)
        return tuple(value)

    def optional_texts(self, key: str) -> frozenset[str] | None:
        return self.texts(key) if self.has(key) else None

    def child(self, key: str) -> Node:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.fail("must be a mapping", key)
        return Node(self.file, self._join(key), value)

    def children(self, key: str) -> list[Node]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail("must be a list", key)
        nodes = [Node(self.file, f"{self._join(key)}[{i}]", item) for i, item in enumerate(value)]
        for node in nodes:
            if not isinstance(node.data, dict):
                raise node.fail("must be a mapping")
        return nodes


def parse_decimal(node: Node, key: str, value: Any) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, str | int):
        raise node.fail('must be a decimal written as a quoted string, e.g. "600.00"', key)
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise node.fail(f"not a decimal: {value!r}", key) from error
    if not number.is_finite() or number < 0:
        raise node.fail("must be a finite non-negative decimal", key)
    return number
