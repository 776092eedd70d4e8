"""The auto engine's `AutoRequest` built from a stored auto claim (internal step).

The own vehicle's assessment is the signed first survey, the signed re-survey and the tender
quotes; the accident carries the liability share staff recorded (a single-vehicle accident is
the insured's alone: 100%). Never the reporter's estimate, which is passed for display only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from claimdesk.domain.auto_claim import (
    AssessmentItem,
    AutoFile,
    Survey,
    SurveyKind,
    SurveyStatus,
    TenderQuote,
)
from claimdesk.domain.auto_injury import InjuryFile
from claimdesk.domain.auto_settlement import CompulsoryHandling, Liability
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.partners import SalvageHandling, SalvageMethod
from claimdesk.domain.policy import Policy
from claimdesk.domain.refusals import Refused
from claimdesk.rules import model as rules_model
from claimdesk.rules.auto import model
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.workflow.deadlines import SHANGHAI

# The engine knows repair and replace; a replaced assembly (总成) is a replacement.
ENGINE_ACTIONS = {"repair": "repair", "replace": "replace", "replace_assembly": "replace"}
# The policy schedule may give the vehicle's new price (新车购置价) for a total loss.
NEW_PRICE = "vehicle_new_price"


def auto_request(
    claim: Claim,
    policy: Policy,
    auto_file: AutoFile,
    surveys: Sequence[Survey],
    quotes: Sequence[TenderQuote],
    liability: Liability | None,
    product: AutoProduct,
    salvage: SalvageHandling | None = None,
    injured: tuple[model.InjuredParty, ...] = (),
) -> model.AutoRequest:
    incident = auto_file.incident
    day = incident.accident_at.astimezone(SHANGHAI).date()
    terms_policy = _policy(policy)
    return model.AutoRequest(
        product=product.code,
        claim_id=claim.claim_no,
        policy=terms_policy,
        # 交强险 and 商业险 of the vehicle are sold on one policy here: same number and period.
        compulsory_policy=terms_policy if product.compulsory_product is not None else None,
        accident=_accident(day, auto_file, liability),
        vehicle=model.Vehicle(
            model=_model_name(auto_file),
            new_price=_new_price(policy),
            months_in_use=_months(incident.vehicle.first_registered, day),
        ),
        own_damage=_own_damage(auto_file, surveys, quotes, salvage),
        third_parties=_third_parties(auto_file, liability),
        injured=injured,
    )


def _policy(policy: Policy) -> rules_model.Policy:
    parameters = {
        key: value for key, value in policy.parameters.items() if isinstance(value, bool | Decimal)
    }
    return rules_model.Policy(policy.policy_no, policy.period_start, policy.period_end, parameters)


def _new_price(policy: Policy) -> Decimal | None:
    value = policy.parameters.get(NEW_PRICE)
    return value if isinstance(value, Decimal) else None


def _months(first_registered: date | None, day: date) -> int:
    if first_registered is None:
        return 0
    months = (day.year - first_registered.year) * 12 + day.month - first_registered.month
    return max(months - (1 if day.day < first_registered.day else 0), 0)


def _model_name(auto_file: AutoFile) -> str:
    vehicle = auto_file.incident.vehicle
    return vehicle.model or vehicle.plate


def _accident(day: date, auto_file: AutoFile, liability: Liability | None) -> model.Accident:
    others = auto_file.incident.third_party_vehicles
    if liability is None and others:
        raise Refused(ErrorCode.AUTO_LIABILITY_MISSING, field="liability_share")
    share = Decimal("1") if liability is None else liability.share
    mutual = liability is not None and liability.handling is CompulsoryHandling.MUTUAL_COLLISION
    return model.Accident(day, share, mutual)


def _third_parties(
    auto_file: AutoFile, liability: Liability | None
) -> tuple[model.ThirdParty, ...]:
    """The other vehicles (their damage is settled on their own claims): at fault unless we
    bore it all, or 无责代赔 says they had none."""
    if liability is None:
        return ()
    at_fault = liability.share < 1 and liability.handling is not CompulsoryHandling.SUBSTITUTION
    return tuple(
        model.ThirdParty(party_id=vehicle.plate or f"V{n}", vehicle=True, at_fault=at_fault)
        for n, vehicle in enumerate(auto_file.incident.third_party_vehicles, 1)
    )


def _own_damage(
    auto_file: AutoFile,
    surveys: Sequence[Survey],
    quotes: Sequence[TenderQuote],
    salvage: SalvageHandling | None,
) -> model.Assessment:
    first = _signed(surveys, SurveyKind.FIRST)
    if first is None:
        raise Refused(ErrorCode.AUTO_SURVEY_MISSING, field="survey")
    resurvey = _signed(surveys, SurveyKind.RESURVEY)
    total_loss = auto_file.incident.total_loss
    return model.Assessment(
        vehicle_model=_model_name(auto_file),
        survey=_survey(first, total_loss, salvage),
        reported_estimate=auto_file.incident.estimated_loss,
        resurvey=None if resurvey is None else _survey(resurvey, total_loss, salvage),
        # A quote's compliance is its registry shop's standing when recorded (tender.py).
        quotes=tuple(model.Quote(q.repair_shop, q.amount, q.compliant) for q in quotes),
    )


def _signed(surveys: Sequence[Survey], kind: SurveyKind) -> Survey | None:
    found = [s for s in surveys if s.kind is kind and s.status is SurveyStatus.SIGNED]
    return found[-1] if found else None


def _survey(survey: Survey, total_loss: bool, handling: SalvageHandling | None) -> model.Survey:
    """The salvage as recorded by its handling (services/partners/salvage.py) when there is
    one: its value, and sold (变卖, proceeds a recovery) or deducted; else the surveyed value,
    deducted (left with the insured)."""
    record = survey.record
    assert record is not None  # a signed survey was recorded first
    salvage = record.salvage.value if record.salvage is not None else Decimal("0.00")
    method = model.SalvageHandling.DEDUCTED
    if handling is not None:
        salvage = handling.value
        if handling.method is SalvageMethod.SELL:
            method = model.SalvageHandling.TAKEN
    return model.Survey(
        signed=True,
        lines=tuple(_line(n, item) for n, item in enumerate(record.items, 1)),
        salvage_value=salvage,
        salvage_handling=method,
        total_loss=total_loss,
    )


def _line(position: int, item: AssessmentItem) -> model.SurveyLine:
    return model.SurveyLine(
        line_id=str(position),
        part_code=item.part_code,
        action=ENGINE_ACTIONS.get(item.action, item.action),
        parts=item.amount - item.labour,
        labour=item.labour,
    )


def injured_parties(files: Sequence[InjuryFile]) -> tuple[model.InjuredParty, ...]:
    """人伤 as the engine reads it: bill lines (reviewed there), 死亡伤残 items with their
    basis, the one-off settlement."""
    return tuple(
        model.InjuredParty(
            party_id=f"P{found.person.id}",
            role=found.person.role,
            medical_lines=tuple(
                model.MedicalLine(
                    str(line.id), line.line_type, line.amount, line.self_funded, line.name
                )
                for line in found.lines
            ),
            settlement=None
            if found.settlement is None
            else model.OneOffSettlement(found.settlement.amount, found.settlement.signed_on),
            death_disability_items=tuple(
                model.DeathDisabilityItem(
                    str(entry.id),
                    entry.kind,
                    entry.basis,
                    entry.standard,
                    entry.quantity,
                    entry.ratio,
                )
                for entry in found.death_disability
            ),
        )
        for found in files
    )
