"""Scheduled model jobs run by the server's periodic pass (web/api/sla.py `_sweep_every`):

- 预赔 sweep: estimate every claim still waiting inside its 2-hour limit;
- retrain: once `fraud_retrain_interval_hours` have passed since the stored model's
  evaluation, retrain the stored-claims risk model (evaluation saved beside it), re-score the
  claims, reload it, and refit the 预赔 quantile model on the settled claims.
A failed job is logged and retried on the next pass; it never stops the server.
"""

from __future__ import annotations

import logging
from datetime import timedelta
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


def estimate_job(wiring: Wiring) -> int:
    try:
        count = estimates.sweep(wiring.context())
    except Exception:  # retried on the next pass
        logger.exception("payout estimate sweep failed")
        return 0
    if count:
        logger.info("payout estimates stored: %d", count)
    return count


def retrain_job(wiring: Wiring) -> bool:
    """True when the model was retrained on this pass."""
    settings = wiring.settings
    hours, path = settings.fraud_retrain_interval_hours, settings.fraud_model_path
    if hours <= 0 or path is None or not isinstance(wiring, ModelWiring):
        return False
    try:
        if not fraud_retrain.due(path, wiring.clock.now(), timedelta(hours=hours)):
            return False
        fraud_retrain.retrain(wiring.uow, wiring.clock, path)
        wiring.reload_fraud_model()
        wiring.refit_estimator()
    except Exception:  # retried on the next pass
        logger.exception("fraud model retrain failed")
        return False
    logger.info("fraud model retrained: %s", path)
    return True
