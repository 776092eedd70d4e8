"""Load and validate the red-flag table (red_flags.yaml) shipped with the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TABLE = Path(__file__).with_name("red_flags.yaml")
KNOWN_CODES = frozenset(
    {
        "FREQUENT_CLAIMANT",
        "NEAR_POLICY_START",
        "NEAR_POLICY_END",
        "NIGHT_ACCIDENT",
        "JUST_UNDER_THRESHOLD",
        "HIGH_LOSS_RATIO",
        "LATE_REPORT",
        "MANY_SUPPLEMENTS",
    }
)


class InvalidRedFlagTable(ValueError):
    """The red-flag file is malformed; the message names the entry."""


@dataclass(frozen=True)
class FlagDefinition:
    code: str
    weight: int
    message_zh: str
    message_en: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RedFlagTable:
    investigate_at: int
    flags: tuple[FlagDefinition, ...]


def load_red_flags(path: Path = DEFAULT_TABLE) -> RedFlagTable:
    return parse_red_flags(yaml.safe_load(path.read_text(encoding="utf-8")))


def parse_red_flags(document: Any) -> RedFlagTable:
    """Validate: known unique codes, positive integer weights, both messages present."""
    if not isinstance(document, dict) or not isinstance(document.get("flags"), list):
        raise InvalidRedFlagTable("expected a mapping with a 'flags' list")
    flags = tuple(_definition(entry) for entry in document["flags"])
    codes = [flag.code for flag in flags]
    if len(set(codes)) != len(codes):
        raise InvalidRedFlagTable(f"duplicate flag codes: {codes}")
    threshold = document.get("investigate_at")
    if not isinstance(threshold, int) or threshold < 1:
        raise InvalidRedFlagTable("investigate_at must be a positive integer")
    return RedFlagTable(threshold, flags)


def _definition(entry: Any) -> FlagDefinition:
    if not isinstance(entry, dict):
        raise InvalidRedFlagTable(f"flag entry is not a mapping: {entry!r}")
    code = entry.get("code")
    if code not in KNOWN_CODES:
        raise InvalidRedFlagTable(f"unknown flag code: {code!r}")
    weight = entry.get("weight")
    if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
        raise InvalidRedFlagTable(f"{code}: weight must be a non-negative integer")
    for key in ("message_zh", "message_en"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise InvalidRedFlagTable(f"{code}: {key} is required")
    return FlagDefinition(
        code, weight, entry["message_zh"], entry["message_en"], entry.get("params") or {}
    )
