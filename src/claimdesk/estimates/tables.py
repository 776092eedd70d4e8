"""Stored facts (domain dataclasses) as the model's tables; the engine's figure as an estimate."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from claimdesk.domain.estimates import ClosedClaimFacts, NewClaimFacts

# Fewer settled claims than this: no model (the health fall-back or the sweep later).
MIN_CLOSED = 40


def closed_table(facts: Sequence[ClosedClaimFacts]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "closed_on": [f.closed_at.date() for f in facts],
            "product": [f.product for f in facts],
            "diagnosis": [f.diagnosis for f in facts],
            "hospital_level": [f.hospital_level for f in facts],
            "prior_claims": [f.prior_claims for f in facts],
            "claimed": [float(f.claimed) for f in facts],
            "payable": [float(f.payable) for f in facts],
        },
        schema_overrides={
            "closed_on": pl.Date,
            "hospital_level": pl.Int64,
            "prior_claims": pl.Int64,
        },
    )


def new_table(facts: Sequence[NewClaimFacts]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "product": [f.product for f in facts],
            "diagnosis": [f.diagnosis for f in facts],
            "hospital_level": [f.hospital_level for f in facts],
            "prior_claims": [f.prior_claims for f in facts],
            "claimed": [float(f.claimed) for f in facts],
        },
        schema={
            "product": pl.String,
            "diagnosis": pl.String,
            "hospital_level": pl.Int64,
            "prior_claims": pl.Int64,
            "claimed": pl.Float64,
        },
    )


def enough_to_fit(facts: Sequence[ClosedClaimFacts]) -> bool:
    return len(facts) >= MIN_CLOSED and any(f.claimed > 0 for f in facts)


def engine_basis(payable: Decimal, claimed: Decimal) -> tuple[str, str]:
    """The basis in words when the engine's own result on the submitted lines is the estimate."""
    return (
        f"按本产品条款对已提交的 {claimed:,.2f} 元费用明细试算（免赔额、赔付比例、限额），"
        "尚未核对材料，最终以核定为准",
        f"the product's terms (deductible, co-insurance, limits) applied to the {claimed:,.2f} "
        "yuan of bill lines submitted; materials not yet checked, the decision may differ",
    )
