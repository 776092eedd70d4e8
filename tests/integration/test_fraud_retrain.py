"""Retraining the stored-claims risk model (issue 15): the command and the server's scheduled
job store the model, its evaluation beside it, and the scores — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

from claimdesk.bootstrap import Container
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.fraud.retrain import due, evaluation_path
from claimdesk.services.fraud.scoring import ranked_claims
from claimdesk.web.scheduled_jobs import retrain_job
from tests.builders import a_report, a_world


def test_scheduled_retrain_stores_the_evaluation_and_scores(container: Container) -> None:
    world = a_world(container)
    report_claim(container.context(), actor=world.users["agent"], report=a_report())
    path = container.settings.fraud_model_path
    assert path is not None and not path.exists()
    assert container.fraud_model is None
    assert retrain_job(container) is True
    evaluation = json.loads(evaluation_path(path).read_text(encoding="utf-8"))
    assert path.is_file() and evaluation["rows"] > 0 and evaluation["synthetic"] is True
    assert 0.5 < evaluation["metrics"]["roc_auc"] <= 1.0
    assert evaluation["trained_at"] == container.clock.now().isoformat()
    assert container.fraud_model is not None  # reloaded for the after-move re-score
    ranked = ranked_claims(container.uow(), world.users["investigator"], None, 10)
    assert len(ranked) == 1
    assert retrain_job(container) is False  # not due again until the interval has passed
    now = container.clock.now()
    assert due(path, now + timedelta(hours=24), timedelta(hours=24))
    assert not due(path, now + timedelta(hours=23), timedelta(hours=24))
