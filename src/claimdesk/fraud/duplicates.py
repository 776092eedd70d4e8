"""Duplicate invoices (重复报销): one invoice claimed twice, in one claim or across claims.

Two keys make a duplicate: the invoice number (normalised), or the same hospital, date and
amount. Exact matching by hashing finds every such pair: recall on exact duplicates is total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class DuplicateKind(StrEnum):
    INVOICE_NUMBER = "invoice_number"
    HOSPITAL_DATE_AMOUNT = "hospital_date_amount"


class DuplicateScope(StrEnum):
    WITHIN_CLAIM = "within_claim"
    ACROSS_CLAIMS = "across_claims"
    ACROSS_INSUREDS = "across_insureds"


@dataclass(frozen=True)
class InvoiceRecord:
    record_id: str
    claim_id: str
    insured_id: str
    invoice_number: str
    hospital: str
    issued_on: date
    amount: Decimal


@dataclass(frozen=True)
class DuplicateGroup:
    kind: DuplicateKind
    key: str
    scope: DuplicateScope
    records: tuple[InvoiceRecord, ...]

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(sorted({record.claim_id for record in self.records}))


def _number_key(record: InvoiceRecord) -> str:
    return "".join(record.invoice_number.split()).upper()


def _visit_key(record: InvoiceRecord) -> str:
    hospital = "".join(record.hospital.split())
    return f"{hospital}|{record.issued_on.isoformat()}|{record.amount.quantize(Decimal('0.01'))}"


def find_duplicate_invoices(records: Iterable[InvoiceRecord]) -> list[DuplicateGroup]:
    """Every group of two or more records sharing an invoice number or hospital+date+amount."""
    listed = list(records)
    groups = _groups(listed, DuplicateKind.INVOICE_NUMBER, _number_key)
    groups += _groups(listed, DuplicateKind.HOSPITAL_DATE_AMOUNT, _visit_key)
    return groups


def _groups(records: list[InvoiceRecord], kind: DuplicateKind, key_of) -> list[DuplicateGroup]:  # type: ignore[no-untyped-def]
    by_key: dict[str, list[InvoiceRecord]] = defaultdict(list)
    for record in records:
        key = key_of(record)
        if key.strip("|"):
            by_key[key].append(record)
    return [
        DuplicateGroup(kind, key, _scope(found), tuple(found))
        for key, found in by_key.items()
        if len(found) > 1
    ]


def _scope(records: list[InvoiceRecord]) -> DuplicateScope:
    if len({record.insured_id for record in records}) > 1:
        return DuplicateScope.ACROSS_INSUREDS
    if len({record.claim_id for record in records}) > 1:
        return DuplicateScope.ACROSS_CLAIMS
    return DuplicateScope.WITHIN_CLAIM


def duplicated_record_ids(records: Iterable[InvoiceRecord]) -> set[str]:
    """Ids of every record that has a twin (each copy counts, the first one too)."""
    return {
        record.record_id for group in find_duplicate_invoices(records) for record in group.records
    }


def exact_duplicates(groups: Iterable[DuplicateGroup]) -> list[DuplicateGroup]:
    """Exact: the same invoice number, or a re-numbered copy (hospital + date + amount with
    both invoices numbered). A visit without an invoice number that matches on hospital, date
    and amount may be a second visit that day: a possible duplicate, weighed, not a stop."""
    return [
        group
        for group in groups
        if group.kind is DuplicateKind.INVOICE_NUMBER
        or all(_number_key(record) for record in group.records)
    ]


POSSIBLE_DUPLICATE = "POSSIBLE_DUPLICATE_VISIT"
POSSIBLE_DUPLICATE_WEIGHT = 2
