"""Quality sampling (理赔质量抽检): a seeded random sample of each handler's closed claims.

Pure and reproducible: the same claims, rate, month and seed always give the same sample,
so a reviewer's list does not change when the page is reloaded. Each handler with closed
claims gets ceil(rate × closed) of them, at least one (every handler is checked monthly).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_RATE = Decimal("0.10")


@dataclass(frozen=True)
class ClosedClaim:
    claim_id: int
    handler: str


def sample_size(closed: int, rate: Decimal) -> int:
    if closed == 0:
        return 0
    return min(closed, max(1, math.ceil(Decimal(closed) * rate)))


def quality_sample(
    claims: Iterable[ClosedClaim], month: str, rate: Decimal = DEFAULT_RATE, seed: int = 0
) -> dict[str, tuple[int, ...]]:
    """Handler → sampled claim ids (ascending)."""
    if not Decimal("0") <= rate <= Decimal("1"):
        raise ValueError("the sampling rate is a fraction between 0 and 1")
    by_handler: dict[str, list[int]] = defaultdict(list)
    for claim in claims:
        by_handler[claim.handler].append(claim.claim_id)
    sample = {}
    for handler, ids in sorted(by_handler.items()):
        chooser = random.Random(f"{seed}:{month}:{handler}")  # string seeds are stable
        picked = chooser.sample(sorted(set(ids)), sample_size(len(set(ids)), rate))
        sample[handler] = tuple(sorted(picked))
    return sample
