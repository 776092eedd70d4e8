"""Quality sampling (抽检): seeded, reproducible, at least one claim per handler."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.workflow.quality_sampling import ClosedClaim, quality_sample, sample_size

CLAIMS = [ClosedClaim(i, "wang") for i in range(1, 41)] + [ClosedClaim(99, "li")]


def test_the_same_seed_gives_the_same_sample() -> None:
    first = quality_sample(CLAIMS, "2026-05", Decimal("0.10"), seed=7)
    assert first == quality_sample(list(reversed(CLAIMS)), "2026-05", Decimal("0.10"), seed=7)
    assert len(first["wang"]) == 4 and first["li"] == (99,)
    assert set(first["wang"]) <= set(range(1, 41))


def test_another_seed_or_month_draws_again() -> None:
    draws = {quality_sample(CLAIMS, month, Decimal("0.1"), seed)["wang"]
             for month in ("2026-05", "2026-06") for seed in (1, 2, 3)}  # fmt: skip
    assert len(draws) > 1


@pytest.mark.parametrize(("closed", "size"), [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (40, 4)])
def test_sample_size_rounds_up_with_at_least_one(closed: int, size: int) -> None:
    assert sample_size(closed, Decimal("0.10")) == size


def test_a_rate_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError):
        quality_sample(CLAIMS, "2026-05", Decimal("1.5"))
