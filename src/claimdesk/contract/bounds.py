"""Bounds of the contract's fields, shared by the pydantic schemas (`field_types`) and the
standard-form reader, which imports no pydantic: each `.jsonl` worker process would pay
≈ 0.1 s CPU to import it although a file in the standard form never needs it."""

from __future__ import annotations

from datetime import date

FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)
