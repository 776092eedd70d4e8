"""A simple auto case through 人伤一次性了断 (internal step): every injured person settled
one-off and the signed survey plus the settlements within the fast-track limit (5,000) count
as a vehicle-damage case, so its documents are due two working days after the survey
(seed 000 长沙中心 3(3)). Called when a settlement is recorded and when a survey is signed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import SurveyKind, SurveyStatus
from claimdesk.domain.users import User
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.tasks.deadlines import start_fast_track_documents
from claimdesk.workflow.survey_assessment import default_thresholds, simple_auto_case


def injury_fast_track(uow: UnitOfWork, actor: User, claim_id: int, at: datetime) -> bool:
    """Set the fast-track flag and start the documents limit from the survey, if it applies."""
    auto_file = uow.auto.find_file(claim_id)
    if auto_file is None or auto_file.fast_track or auto_file.incident.property_damage:
        return False
    files = uow.injuries.files_for(claim_id)
    if not files or any(found.settlement is None for found in files):
        return False
    signed = [
        survey for survey in uow.auto.surveys_for(claim_id)
        if survey.kind is SurveyKind.FIRST and survey.status is SurveyStatus.SIGNED
        and survey.record is not None and survey.customer_signed_at is not None
    ]  # fmt: skip
    if not signed:
        return False
    survey = signed[-1]
    assert survey.record is not None and survey.customer_signed_at is not None
    settled = sum((f.settlement.amount for f in files if f.settlement is not None), Decimal(0))
    total = survey.record.assessed_loss + settled
    simple = simple_auto_case(
        total, default_thresholds(), single_vehicle=False, vehicle_damage_only=True
    )
    if not simple:
        return False
    uow.auto.save_flags(replace(auto_file, fast_track=True))
    start_fast_track_documents(uow, uow.claims.get(claim_id), survey.customer_signed_at)
    entry = AuditEntry(
        actor.username, "survey_thresholds", "claim", str(claim_id), {"fast_track": "False"},
        {"fast_track": "True", "assessed_incl_injury": f"{total:.2f}"}, "injury_one_off",
    )  # fmt: skip
    uow.audit.append(entry, at)
    return True
