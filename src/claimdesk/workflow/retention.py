"""Retention (保管期限), paper filing and borrowing periods: the figures are data
(retention.yaml), the rules pure functions over dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import yaml

from claimdesk.domain.archive import ArchiveItem, DocumentKind


@dataclass(frozen=True)
class RetentionRules:
    years: dict[DocumentKind, int]
    paper_filing_days: int
    max_borrow_days: int


def parse_retention(text: str) -> RetentionRules:
    data = yaml.safe_load(text) or {}
    years = {DocumentKind(kind): int(n) for kind, n in data["retention_years"].items()}
    missing = set(DocumentKind) - set(years)
    if missing:
        raise ValueError(f"retention.yaml: no retention for {sorted(missing)}")
    return RetentionRules(years, int(data["paper_filing_days"]), int(data["max_borrow_days"]))


@lru_cache(maxsize=1)
def default_retention() -> RetentionRules:
    text = resources.files("claimdesk.workflow").joinpath("retention.yaml").read_text("utf-8")
    return parse_retention(text)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def archive_items(archived_on: date, rules: RetentionRules) -> tuple[ArchiveItem, ...]:
    """One item per document kind, kept `years` from the day of archiving."""
    return tuple(
        ArchiveItem(kind, add_years(archived_on, rules.years[kind])) for kind in DocumentKind
    )


def paper_due(incident: date, rules: RetentionRules) -> date:
    return incident + timedelta(days=rules.paper_filing_days)


def retention_expired(item: ArchiveItem, today: date) -> bool:
    """An item may be destroyed from the day after its retention ends, once."""
    return item.destroyed_at is None and today > item.retain_until


def borrow_period_valid(today: date, due_back: date, rules: RetentionRules) -> bool:
    return today <= due_back <= today + timedelta(days=rules.max_borrow_days)
