"""预赔 for the demo's loaded claims (issue 15): the claims the demo loads were reported through
contexts of their own, before any model existed, so none carries an estimate. Once the model
is fitted at load, every claim still awaiting a decision is estimated as the report and the
server's periodic job would have done: at its report time plus one job interval."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from claimdesk.demo.clock import SteppingClock
from claimdesk.services.context import ServiceContext
from claimdesk.services.estimates import use_cases as estimates
from claimdesk.services.ports import UnitOfWork

# The periodic pass runs every `sla_sweep_interval_seconds` (default 300 s).
JOB_DELAY = timedelta(seconds=300)


def estimate_demo_claims(base: ServiceContext, new_uow: Callable[[], UnitOfWork]) -> int:
    """Estimate every undecided demo claim that has none; the number stored."""
    stored = 0
    for claim_id in estimates.unestimated_claims(replace(base, uow=new_uow())):
        with new_uow() as uow:
            reported = uow.claims.get(claim_id).reported_at
        context = replace(base, uow=new_uow(), clock=SteppingClock(reported + JOB_DELAY))
        stored += estimates.estimate_loaded(context, claim_id)
    return stored
