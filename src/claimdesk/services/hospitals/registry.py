"""A visit's hospital resolved against the registry inside the caller's transaction.

Used when a claim is reported (the stored visit carries the registry's code, name, level and
region) and when it is adjudicated (designation per product and policy, read afresh).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from claimdesk.domain.claim import Claim, Visit
from claimdesk.domain.hospitals import (
    UNKNOWN_REGION,
    Hospital,
    find_by_name,
    in_registry,
    normalise,
)
from claimdesk.services.ports import UnitOfWork


def registry_for(uow: UnitOfWork, visits: Iterable[Visit]) -> dict[str, Hospital]:
    return uow.hospitals.by_codes({v.hospital_code for v in visits if v.hospital_code})


def unknown_visits(uow: UnitOfWork, claim: Claim) -> list[Visit]:
    """The visits whose hospital is not in the registry (医院未在目录中)."""
    hospitals = registry_for(uow, claim.visits)
    return [v for v in claim.visits if not in_registry(v, hospitals)]


def resolve_visits(
    uow: UnitOfWork, visits: Iterable[Visit], product_code: str, policy_no: str
) -> tuple[Visit, ...]:
    """By code, else by exact name or alias; what the submitter said of designation, level or
    region is replaced by the registry's, and an unknown hospital is never designated."""
    return tuple(_resolve(uow, visit, product_code, policy_no) for visit in visits)


def _resolve(uow: UnitOfWork, visit: Visit, product_code: str, policy_no: str) -> Visit:
    hospital = uow.hospitals.get(visit.hospital_code) if visit.hospital_code else None
    if hospital is None and visit.hospital_name.strip():
        hospital = _by_name(uow, visit.hospital_name)
    if hospital is None:
        return replace(visit, hospital_code="", designated=False, hospital_level=0,
                       region=UNKNOWN_REGION)  # fmt: skip
    return with_hospital(visit, hospital, product_code, policy_no)


def _by_name(uow: UnitOfWork, name: str) -> Hospital | None:
    candidates = {h.code: h for h in uow.hospitals.named(name.strip())}
    if not candidates:  # spelled with other brackets or spaces: compare normalised forms
        candidates = {h.code: h for h in uow.hospitals.search(name.strip()[:2], limit=200)}
        candidates = {c: h for c, h in candidates.items() if _same(h, name)}
    return find_by_name(candidates, name)


def _same(hospital: Hospital, name: str) -> bool:
    return normalise(name) in {normalise(n) for n in hospital.names()}


def with_hospital(visit: Visit, hospital: Hospital, product_code: str, policy_no: str) -> Visit:
    return replace(
        visit,
        hospital_code=hospital.code,
        hospital_name=hospital.name,
        designated=hospital.designated_for(product_code, policy_no),
        hospital_level=hospital.level,
        region=hospital.region,
    )


def snapshot(visit: Visit) -> dict[str, object]:
    return {"visit_ref": visit.visit_ref, "hospital_code": visit.hospital_code,
            "hospital_name": visit.hospital_name, "designated": visit.designated,
            "hospital_level": visit.hospital_level, "region": visit.region}  # fmt: skip
