"""The investigation's status (调查), shared by the fraud records and the workflow table."""

from __future__ import annotations

from enum import StrEnum


class InvestigationStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
