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

LISTED_CLAIMS = 20  # other claims listed per duplicate group, oldest first; then a count


def duplicate_groups(uow: UnitOfWork, claim: Claim) -> list[DuplicateGroup]:
    """Groups of two or more invoices that include one of this claim's visits."""
    numbers = {"".join(v.receipt_number.split()).upper() for v in claim.visits}
    visits = {(v.hospital_code or v.hospital_name, v.date) for v in claim.visits}
    assert claim.id is not None  # assessed once stored
    records = uow.fraud.invoices_like(numbers - {""}, visits, claim.id)
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
    others, more = _listed(claim, groups)
    return {
        **_with_more({"other_claims": others}, more),
        "groups": [_group(claim, g) for g in groups],
    }


def _group(claim: Claim, group: DuplicateGroup) -> dict[str, Any]:
    others, more = _listed(claim, [group])
    claims = sorted({*others, claim.claim_no} & set(group.claim_ids))
    explained = {"kind": str(group.kind), "key": group.key, "scope": str(group.scope)}
    return _with_more({**explained, "claims": claims}, more)


def _possible_flag(claim: Claim, groups: list[DuplicateGroup]) -> RedFlag:
    others, more = _listed(claim, groups)
    listed = "、".join(others) or claim.claim_no
    zh, en = (
        (f"{listed}…等另外 {more} 件", f"{listed} … and {more} more") if more else (listed,) * 2
    )
    return RedFlag(
        POSSIBLE_DUPLICATE,
        POSSIBLE_DUPLICATE_WEIGHT,
        f"同医院同日同金额的就诊已在赔案 {zh} 中出现（发票号缺失）",
        f"a visit with the same hospital, day and amount is in claim {en} (no receipt number)",
        _with_more({"other_claims": others}, more),
    )


def _listed(claim: Claim, groups: list[DuplicateGroup]) -> tuple[list[str], int]:
    """The first other claims (oldest first: a claim number is its report day and sequence)
    and how many more: at most LISTED_CLAIMS are stored and shown (lead's decision, issue 17:
    an invoice copied into hundreds of claims made every report read and store them all)."""
    others = sorted({no for group in groups for no in group.claim_ids} - {claim.claim_no})
    return others[:LISTED_CLAIMS], max(len(others) - LISTED_CLAIMS, 0)


def _with_more(listed: dict[str, Any], more: int) -> dict[str, Any]:
    """`more_claims` only when some were left out: explanations of up to LISTED_CLAIMS
    others stay as they were stored before the bound."""
    return {**listed, "more_claims": more} if more else listed
