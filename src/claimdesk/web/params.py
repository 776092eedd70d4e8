"""Typed edge parameters: ids, cursors and months are checked before anything reaches a database.

A path or query integer beyond what the id column holds used to reach the driver and come back as a
500; with these aliases it is a 422 at the edge (and, in range but unknown, the usual 404).
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, Field

# Ids are INTEGER columns: 4 bytes on PostgreSQL. A larger number can never name a row, and
# sent to PostgreSQL it fails as "integer out of range" — so the edge stops it (422).
MAX_ID = 2**31 - 1
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def _real_month(text: str) -> str:
    """`0000-01` matches the pattern yet is no calendar month (year 0 does not exist)."""
    date(int(text[:4]), int(text[5:7]), 1)  # raises ValueError -> 422
    return text


Id = Annotated[int, Path(ge=1, le=MAX_ID, description="1 … 2³¹−1")]
OptionalIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="1 … 2³¹−1")]
CursorQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="id of the last row seen")]
Month = Annotated[
    str, Query(pattern=MONTH_PATTERN, description="YYYY-MM"), AfterValidator(_real_month)
]
# For request bodies: the same range as path ids.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


def clean_file_name(name: str | None) -> str:
    """A display name without directories, control or bidi-override characters (U+202E …).

    Categories Cc (controls), Cf (format: bidi overrides, zero-width) and Cs/Co/Cn are dropped,
    so `invoice\u202egpj.exe` cannot pose as a picture in a list.
    """
    base = PurePosixPath((name or "").replace("\\", "/")).name
    kept = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return kept.strip()[:255] or "file"


def keyset_id(text: str) -> int:
    """The id part of a text cursor (`score|id`, `due_at|id`); ValueError when out of range."""
    value = int(text)
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"id out of range: {value}")
    return value


def finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text}")
    return value


def aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"time without a zone: {text}")
    return value
