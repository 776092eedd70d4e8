"""Errors with stable codes: bad product files and bad requests name where the problem is."""

from __future__ import annotations


class ProductDefinitionError(ValueError):
    """A product file that does not validate: which file, where in it, and what is wrong."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        super().__init__(f"{file}: {path or '<root>'}: {problem}")
        self.file = file
        self.path = path
        self.problem = problem


class InvalidRequest(ValueError):
    """An adjudication request that cannot be adjudicated; `field` is a path like
    `visits[0].lines[1].amount`."""

    def __init__(self, field: str, message_en: str, message_zh: str, code: str = "INVALID_INPUT"):
        super().__init__(f"{field}: {message_en}")
        self.field = field
        self.message_en = message_en
        self.message_zh = message_zh
        self.code = code

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "field": self.field,
        }


class UnknownProduct(InvalidRequest):
    def __init__(self, product: str) -> None:
        super().__init__(
            "product", f"unknown product {product!r}", f"未知产品 {product!r}", "UNKNOWN_PRODUCT"
        )
