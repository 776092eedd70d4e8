"""Blacklist (道德风险黑名单): insureds with proven false claims, valid for a period.

Seed 004 二.26: a blacklisted insured's claims in that year are refused, so a hit is a hard stop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class BlacklistEntry:
    id_number: str
    reason: str
    evidence: str
    valid_from: date
    valid_until: date | None
    added_by: str

    def in_force_during(self, start: date, end: date) -> bool:
        """In force on at least one day of [start, end] (a policy year, seed 004 二.26)."""
        return self.valid_from <= end and (self.valid_until is None or start <= self.valid_until)

    def is_valid_on(self, day: date) -> bool:
        """Valid from `valid_from` through `valid_until` inclusive; open-ended when None."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class BlacklistHit:
    id_number: str
    entries: tuple[BlacklistEntry, ...]

    @property
    def hit(self) -> bool:
        return bool(self.entries)


def normalise_id_number(id_number: str) -> str:
    """Resident ID numbers are compared without spaces and with an upper-case check letter X."""
    return "".join(id_number.split()).upper()


def check_blacklist(id_number: str, entries: Iterable[BlacklistEntry], on: date) -> BlacklistHit:
    """The entries for this person that are in force on the given day."""
    wanted = normalise_id_number(id_number)
    valid = tuple(
        entry
        for entry in entries
        if normalise_id_number(entry.id_number) == wanted and entry.is_valid_on(on)
    )
    return BlacklistHit(wanted, valid)


def check_blacklist_for_year(
    id_number: str, entries: Iterable[BlacklistEntry], start: date, end: date
) -> BlacklistHit:
    """Seed 004 二.26: a blacklisted insured's claims of that (policy) year are refused."""
    wanted = normalise_id_number(id_number)
    valid = tuple(
        entry
        for entry in entries
        if normalise_id_number(entry.id_number) == wanted and entry.in_force_during(start, end)
    )
    return BlacklistHit(wanted, valid)
