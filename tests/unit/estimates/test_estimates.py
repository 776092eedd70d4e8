"""预赔 estimate: interval coverage on a seeded synthetic book, money in fen, basis in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from claimdesk.estimates.evaluation import evaluate
from claimdesk.estimates.model import estimate, fit_estimator
from claimdesk.estimates.portfolio import closed_claims
from tests.lightgbm_threads import predict_on_every_core, record_predict_threads

CONFORMAL = "quantile LightGBM + conformal"


def test_given_a_seeded_book_when_held_out_later_then_near_80_percent_and_narrower() -> None:
    figures = evaluate(closed_claims(rows=4000, seed=3), date(2025, 3, 31))
    ours, naive = figures[CONFORMAL], figures["naive (product ratio)"]
    assert ours.rows > 500 and 0.72 <= ours.coverage <= 0.88
    assert ours.median_width < naive.median_width
    assert ours.median_abs_error < naive.median_abs_error


def test_given_a_new_claim_when_estimated_then_ordered_yuan_in_fen_with_the_basis_in_words() -> (
    None
):
    book = closed_claims(rows=2000, seed=4)
    estimator = fit_estimator(book)
    result = estimate(estimator, book.head(20))
    for one, claimed in zip(result, book.head(20)["claimed"], strict=True):
        assert Decimal(0) <= one.low <= one.median <= one.high <= Decimal(str(claimed))
        assert one.high == one.high.quantize(Decimal("0.01"))
    first = result[0]
    product = book["product"][0]
    assert first.basis_zh.startswith("依据 ") and f"件 {product} 已结案件" in first.basis_zh
    assert "80%" in first.basis_en and "=" not in first.basis_zh


def test_given_an_estimator_when_estimating_then_lightgbm_predicts_on_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report estimates one claim: predicting on one thread, not OpenMP on every core (the
    training's `num_threads` does not carry over to `predict`), gives the same figures."""
    book = closed_claims(rows=2000, seed=4)
    threads = record_predict_threads(monkeypatch)
    estimator = fit_estimator(book)  # its calibration predicts too
    one_by_one = [estimate(estimator, book[i : i + 1])[0] for i in range(5)]
    assert threads and set(threads) == {1}

    predict_on_every_core(monkeypatch)
    assert estimate(estimator, book.head(5)) == one_by_one
