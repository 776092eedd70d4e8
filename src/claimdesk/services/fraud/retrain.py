"""Retraining the stored-claims risk model (command, scheduled job, demo load): train on the
investigation outcomes, measure it by cross-validation on the same table, save the model and
its evaluation side by side (`<model>.evaluation.json`), re-score every stored claim."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.fraud.claim_features import claim_plan
from claimdesk.fraud.model import RiskModel, save_model, train_model
from claimdesk.services.fraud.scoring import CLAIM_MODEL_PARAMS, store_scores, training_table
from claimdesk.services.ports import Clock, UnitOfWork

if TYPE_CHECKING:
    # The evaluation loads scikit-learn: only a retrain needs it (imported there), not every
    # server process that imports this module for the scheduled job.
    from claimdesk.fraud.evaluation import Metrics

EVALUATION_FOLDS = 3


@dataclass(frozen=True)
class Retrained:
    model: RiskModel
    rows: int
    synthetic: bool  # too few labelled stored claims: the synthetic book was added
    metrics: Metrics
    scored: int
    trained_at: datetime


def evaluation_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name + ".evaluation.json")


def retrain(
    new_uow: Callable[[], UnitOfWork], clock: Clock, model_path: Path, seed: int = 0
) -> Retrained:
    from claimdesk.fraud.evaluation import cross_validate

    table, synthetic = training_table(new_uow(), seed)
    plan = claim_plan()
    metrics = cross_validate(table, plan, EVALUATION_FOLDS, CLAIM_MODEL_PARAMS, seed)
    model = train_model(table, plan, CLAIM_MODEL_PARAMS)
    now = clock.now()
    model_path.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, model_path)
    evaluation = {"trained_at": now.isoformat(), "rows": table.height, "synthetic": synthetic,
                  "folds": EVALUATION_FOLDS, "metrics": asdict(metrics)}  # fmt: skip
    evaluation_path(model_path).write_text(json.dumps(evaluation, indent=2), encoding="utf-8")
    with new_uow() as uow:
        scored = store_scores(uow, clock, model, None)
        uow.commit()
    return Retrained(model, table.height, synthetic, metrics, scored, now)


def stored_evaluation(model_path: Path) -> dict[str, Any] | None:
    path = evaluation_path(model_path)
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def due(model_path: Path, now: datetime, every: timedelta) -> bool:
    """The scheduled job retrains when there is no model or its evaluation is older than `every`."""
    evaluation = stored_evaluation(model_path)
    if evaluation is None or not model_path.is_file():
        return True
    return now - datetime.fromisoformat(str(evaluation["trained_at"])) >= every
