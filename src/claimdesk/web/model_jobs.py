"""Scheduled model jobs run by the periodic pass (web/scheduled_jobs.py), once per period
across every server and worker process:

- 预赔 sweep: estimate every claim still waiting inside its 2-hour limit;
- retrain: once `fraud_retrain_interval_hours` have passed since the stored model's
  evaluation, retrain the stored-claims risk model (evaluation saved beside it), re-score the
  claims, reload it, and refit the 预赔 quantile model on the settled claims.
A failed retrain is stored in `job_runs` and retried after a doubling back-off
(`job_retry_seconds`, …, at most `job_retry_max_seconds`), not on every pass.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from claimdesk.services.context import ServiceContext
from claimdesk.services.estimates import use_cases as estimates
from claimdesk.services.fraud import retrain as fraud_retrain
from claimdesk.web.deps import Wiring

logger = logging.getLogger(__name__)


@runtime_checkable
class ModelWiring(Wiring, Protocol):
    def context(self) -> ServiceContext: ...
    def reload_fraud_model(self) -> object: ...
    def refit_estimator(self) -> object: ...
    def reload_if_retrained(self) -> bool: ...


def estimate_job(wiring: Wiring) -> int:
    count = estimates.sweep(wiring.context())
    if count:
        logger.info("payout estimates stored: %d", count)
    return count


def retrain_period(wiring: Wiring, now: datetime) -> str | None:
    """The model generation a retrain replaces ("none" when there is no model yet), or None
    when no retrain is due: every process sees the same key, so one of them retrains."""
    settings = wiring.settings
    hours, path = settings.fraud_retrain_interval_hours, settings.fraud_model_path
    if hours <= 0 or path is None or not isinstance(wiring, ModelWiring):
        return None
    wiring.reload_if_retrained()  # another process may have retrained since the last pass
    if not fraud_retrain.due(path, now, timedelta(hours=hours)):
        return None
    evaluation = fraud_retrain.stored_evaluation(path) if path.is_file() else None
    return f"after:{evaluation['trained_at']}" if evaluation else "after:none"


def retrain(wiring: Wiring) -> None:
    path = wiring.settings.fraud_model_path
    assert path is not None and isinstance(wiring, ModelWiring)
    fraud_retrain.retrain(wiring.uow, wiring.clock, path)
    wiring.reload_fraud_model()
    wiring.refit_estimator()
    logger.info("fraud model retrained: %s", path)
