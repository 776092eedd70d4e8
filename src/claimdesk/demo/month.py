"""The demo's calendar: a year of settled claims behind a current month of open work.

Settled claims (paid, closed, denied, withdrawn …) are spread over the year up to three weeks
before the demo's today; claims still in progress were reported in the last days, so their time
limits are mostly running on time, some at risk and a few breached, as in a real office.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from claimdesk.domain.claim import ClaimStatus

S = ClaimStatus
YEAR_START = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
# The demo policy runs through 2026: a later load keeps its today inside the policy year.
LAST_TODAY = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
FIRST_TODAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
IN_PROGRESS = frozenset(
    {
        S.REPORTED,
        S.ACCEPTED,
        S.MATERIALS_PENDING,
        S.UNDER_REVIEW,
        S.INVESTIGATION,
        S.ADJUDICATED,
        S.APPROVED,
        S.PAYMENT_PENDING,
        S.REOPENED,
    }
)
SETTLED_UNTIL = timedelta(days=10)  # the newest settled claim was reported ten days ago
# After one claim in every state, the targets cycle through every state once and as many
# settled claims again: about a third of the claims are open, as in a real month's inventory.
EXTRA_SETTLED = (
    *(S.CLOSED, S.ARCHIVED, S.PAID, S.CLOSED, S.DENIED, S.CLOSED, S.ARCHIVED),
    *(S.CLOSED, S.WITHDRAWN, S.CLOSED, S.PAID, S.ARCHIVED, S.CLOSED, S.DENIED),
)
LATE_SHARE = 0.03  # one step in thirty-odd takes a day or two (a time limit is missed)


def targets(states: list[ClaimStatus], count: int) -> list[ClaimStatus]:
    """The state each demo claim ends in: every state first, then mostly settled ones."""
    cycle = [*states, *EXTRA_SETTLED]
    return [states[i] if i < len(states) else cycle[i % len(cycle)] for i in range(count)]


def demo_today(now: datetime) -> datetime:
    """The moment the demo is "today": now, kept inside the demo's policy year."""
    return min(max(now, FIRST_TODAY), LAST_TODAY)


def step_gaps(rng: random.Random, steps: int) -> list[timedelta]:
    """Hours between a claim's steps: mostly within the working day, now and then late."""
    return [
        timedelta(hours=rng.randint(26, 50) if rng.random() < LATE_SHARE else rng.randint(1, 10))
        for _ in range(steps)
    ]


def reported_at(
    target: ClaimStatus,
    index: int,
    count: int,
    today: datetime,
    path: timedelta,
    rng: random.Random,
) -> datetime:
    """When the claim was reported: settled claims across the year, open ones this month."""
    if target in IN_PROGRESS:
        return today - path - _waiting(rng)
    span = today - SETTLED_UNTIL - YEAR_START
    return YEAR_START + span * index / count + timedelta(minutes=rng.randint(0, 600))


def _waiting(rng: random.Random) -> timedelta:
    """How long the open claim has waited since its last step: mostly hours, some days (at
    risk), rarely two weeks (breached)."""
    draw = rng.random()
    if draw < 0.04:
        return timedelta(days=rng.randint(12, 16))
    if draw < 0.14:
        return timedelta(days=rng.randint(7, 9), hours=rng.randint(0, 12))
    return timedelta(hours=rng.randint(1, 22))
