"""What a signed survey decides (seed 000): 复勘, 大额案件, 招标定损, 小额快赔; and the gate
that holds 核赔 until the re-survey and the tender quotes the assessed loss calls for."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import (
    AutoFile,
    ResurveyRequired,
    Survey,
    SurveyKind,
    SurveyRecord,
    SurveyStatus,
    TenderRequired,
)
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.users import User
from claimdesk.services.auto.injuries.flags import injury_fast_track
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.tasks.deadlines import start_fast_track_documents
from claimdesk.workflow.survey_assessment import (
    SurveyAction,
    default_thresholds,
    post_survey_actions,
    simple_auto_case,
)

# The 10-minute limit counts minutes, so the working-day calendar is never consulted.


# 招标定损: quotes from at least three partner repair shops (this installation's rule).
MIN_TENDER_QUOTES = 3


def check_auto_approval(uow: UnitOfWork, claim: Claim, target: ClaimStatus) -> None:
    """核赔 waits for the re-survey and the tender quotes the assessed loss calls for."""
    if target != ClaimStatus.APPROVED or claim.line_of_business != LineOfBusiness.AUTO:
        return
    auto_file = uow.auto.find_file(_id(claim))
    if auto_file is None:
        return
    surveys = uow.auto.surveys_for(_id(claim))
    if auto_file.resurvey_required and not any(_signed_resurvey(s) for s in surveys):
        raise ResurveyRequired()
    quotes = len(uow.auto.quotes_for(_id(claim)))
    if auto_file.tender_required and quotes < MIN_TENDER_QUOTES:
        raise TenderRequired(MIN_TENDER_QUOTES, quotes)


def _signed_resurvey(survey: Survey) -> bool:
    return survey.kind is SurveyKind.RESURVEY and survey.status is SurveyStatus.SIGNED


def apply_thresholds(
    uow: UnitOfWork, actor: User, before: AutoFile, record: SurveyRecord | None, at: datetime
) -> None:
    """After sign-off: 复勘 ≥ 5,000, 大额案件 ≥ 10,000, 招标定损 ≥ 30,000 (seed 000); a simple
    case (single vehicle, or ≤ 5,000) is fast-tracked with its two-working-day documents limit."""
    assert record is not None
    thresholds = default_thresholds()
    actions = post_survey_actions(record.assessed_loss, thresholds)
    simple = simple_auto_case(
        record.assessed_loss,
        thresholds,
        single_vehicle=not before.incident.third_party_vehicles,
        vehicle_damage_only=before.incident.vehicle_damage_only,
    )
    after = replace(
        before,
        fast_track=simple,
        large_case=SurveyAction.LARGE_CASE_REVIEW in actions,
        resurvey_required=before.resurvey_required or SurveyAction.RESURVEY in actions,
        tender_required=SurveyAction.TENDER in actions,
    )
    uow.auto.save_flags(after)
    if simple:
        start_fast_track_documents(uow, uow.claims.get(before.claim_id), at)
    elif before.incident.injury:  # 人伤一次性了断 already signed: may still be a simple case
        injury_fast_track(uow, actor, before.claim_id, at)
    uow.audit.append(
        AuditEntry(
            actor.username,
            "survey_thresholds",
            "claim",
            str(before.claim_id),
            _flags(before),
            _flags(after),
            ",".join(actions),
        ),
        at,
    )


def _flags(auto_file: AutoFile) -> dict[str, Any]:
    keys = ("fast_track", "large_case", "resurvey_required", "tender_required")
    return {key: getattr(auto_file, key) for key in keys}


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id
