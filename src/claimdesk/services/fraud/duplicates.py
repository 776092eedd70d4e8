"""Duplicate invoices across stored claims (重复报销): the claim's visits against every
stored visit with the same receipt number or the same hospital and day."""

from __future__ import annotations

from typing import Any

from claimdesk.domain.claim import Claim
from claimdesk.fraud.duplicates import (
    POSSIBLE_DUPLICATE,
    POSSIBLE_DUPLICATE_WEIGHT,
    DuplicateGroup,
    exact_duplicates,
    find_duplicate_invoices,
)
from claimdesk.fraud.red_flags import RedFlag
from claimdesk.services.ports import UnitOfWork


def duplicate_groups(uow: UnitOfWork, claim: Claim) -> list[DuplicateGroup]:
    """Groups of two or more invoices that include one of this claim's visits."""
    numbers = {"".join(v.receipt_number.split()).upper() for v in claim.visits}
    visits = {(v.hospital_code or v.hospital_name, v.date) for v in claim.visits}
    records = uow.fraud.invoices_like(numbers - {""}, visits)
    return [
        group
        for group in find_duplicate_invoices(records)
        if any(record.claim_id == claim.claim_no for record in group.records)
    ]


def duplicate_findings(uow: UnitOfWork, claim: Claim) -> tuple[dict[str, Any], tuple[RedFlag, ...]]:
    """The exact duplicates' explanation (empty when none), and a possible-duplicate flag."""
    groups = duplicate_groups(uow, claim)
    exact = exact_duplicates(groups)
    possible = [group for group in groups if group not in exact]
    flags = (_possible_flag(claim, possible),) if possible else ()
    return (_explained(claim, exact) if exact else {}), flags


def _explained(claim: Claim, groups: list[DuplicateGroup]) -> dict[str, Any]:
    others = sorted({no for group in groups for no in group.claim_ids} - {claim.claim_no})
    return {
        "other_claims": others,
        "groups": [
            {"kind": str(g.kind), "key": g.key, "scope": str(g.scope), "claims": list(g.claim_ids)}
            for g in groups
        ],
    }


def _possible_flag(claim: Claim, groups: list[DuplicateGroup]) -> RedFlag:
    others = sorted({no for group in groups for no in group.claim_ids} - {claim.claim_no})
    listed = "、".join(others) or claim.claim_no
    return RedFlag(
        POSSIBLE_DUPLICATE,
        POSSIBLE_DUPLICATE_WEIGHT,
        f"同医院同日同金额的就诊已在赔案 {listed} 中出现（发票号缺失）",
        f"a visit with the same hospital, day and amount is in claim {listed} (no receipt number)",
        {"other_claims": others},
    )
