"""Masking of personal data (ID numbers, phones, bank accounts) for roles that don't need it."""

from __future__ import annotations


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    """110101********1234: region code and last four stay, as on Chinese bank forms."""
    return mask_middle(value, 6, 4)


def mask_phone(value: str) -> str:
    return mask_middle(value, 3, 4)


def mask_bank_account(value: str) -> str:
    return mask_middle(value, 4, 4)


def mask_email(value: str) -> str:
    """z***@example.cn: the first letter and the domain, enough to recognise one's own."""
    local, at, domain = value.partition("@")
    return mask_middle(local, 1, 0) + at + domain if at else mask_middle(value, 1, 0)
