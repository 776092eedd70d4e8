"""The demo's calendar (demo/month.py): a year of settled claims behind a month of open work."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from claimdesk.demo.health import PATHS
from claimdesk.demo.month import IN_PROGRESS, demo_today, reported_at, step_gaps, targets

TODAY = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


def test_every_state_comes_first_then_about_a_third_of_the_claims_stay_open() -> None:
    states = list(PATHS)
    chosen = targets(states, 200)
    assert chosen[: len(states)] == states
    assert set(chosen) == set(states)
    open_share = sum(target in IN_PROGRESS for target in chosen) / len(chosen)
    assert 0.25 <= open_share <= 0.4


def test_open_claims_were_reported_this_month_and_settled_ones_across_the_year() -> None:
    rng = random.Random(2026)
    chosen = targets(list(PATHS), 200)
    moments = []
    for index, target in enumerate(chosen):
        path = sum(step_gaps(rng, len(PATHS[target])), timedelta(0))
        moments.append((target, reported_at(target, index, 200, TODAY, path, rng) + path))
    last_steps = [at for target, at in moments if target in IN_PROGRESS]
    settled = [at for target, at in moments if target not in IN_PROGRESS]
    assert all(TODAY - timedelta(days=17) <= at < TODAY for at in last_steps)
    recent = sum(TODAY - at < timedelta(days=1) for at in last_steps) / len(last_steps)
    assert recent > 0.7  # most open claims moved within the day: their limits run on time
    assert min(settled) < datetime(2026, 2, 1, tzinfo=UTC) and max(settled) < TODAY


def test_the_demo_today_stays_inside_the_demo_policy_year() -> None:
    assert demo_today(TODAY) == TODAY
    assert demo_today(datetime(2027, 5, 1, tzinfo=UTC)).year == 2026
    assert demo_today(datetime(2025, 5, 1, tzinfo=UTC)) > datetime(2026, 2, 1, tzinfo=UTC)
