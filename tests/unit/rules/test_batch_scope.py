"""Issue 11: the columnar batch path refuses the accident products, naming what it does not
follow (and pointing to the per-claim path), never paying them on a partial reading."""

from __future__ import annotations

import random

import polars as pl
import pytest
from adjudication_generator import claim_rows, random_claim
from batch_oracle import PRODUCTS

from claimdesk.rules.batch import adjudicate_lines
from claimdesk.rules.batch_scope import (
    ACCIDENT,
    ALLOWANCE,
    LUMP_SUM,
    POLICY_FIGURES,
    columnar_unsupported,
)
from claimdesk.rules.errors import InvalidRequest


def test_each_unsupported_feature_of_the_accident_products_is_named() -> None:
    student = columnar_unsupported(PRODUCTS["tianan-student-accident"])
    assert set(student) >= {LUMP_SUM, ACCIDENT, POLICY_FIGURES}
    rider = columnar_unsupported(PRODUCTS["tianan-student-accident-medical"])
    assert ACCIDENT in rider and ALLOWANCE in rider
    assert columnar_unsupported(PRODUCTS["tianan-group-medical"]) == ()


@pytest.mark.parametrize("code", ["tianan-student-accident", "tianan-student-accident-medical"])
def test_an_accident_product_table_is_refused_with_the_reasons(code: str) -> None:
    rows = claim_rows(random_claim(random.Random(7), "C-1", visits=1))
    frame = pl.DataFrame(rows).with_columns(product=pl.lit(code))
    with pytest.raises(InvalidRequest) as refused:
        adjudicate_lines(frame, PRODUCTS)
    error = refused.value
    assert (error.field, error.code) == ("product", "COLUMNAR_UNSUPPORTED")
    assert "per-claim path" in error.message_en and "逐案理算" in error.message_zh
    for zh, en in columnar_unsupported(PRODUCTS[code]):
        assert zh in error.message_zh and en in error.message_en
