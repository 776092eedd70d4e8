"""The engine's `ClaimRequest` built straight from a stored claim's domain objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo

from claimdesk.domain.claim import (
    AccidentFacts,
    AccidentOutcome,
    BillLine,
    Claim,
    Material,
    Visit,
    satisfies_checklist,
)
from claimdesk.domain.hospitals import Hospital, visit_hospital
from claimdesk.domain.money import to_fen
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.rules import model

SHANGHAI = ZoneInfo("Asia/Shanghai")


def claim_request(
    claim: Claim,
    policy: Policy,
    insured: InsuredPerson,
    materials: Iterable[Material],
    history: Mapping[str, Decimal | int],
    *,
    blacklisted: bool = False,
    hospitals: Mapping[str, Hospital] | None = None,
) -> model.ClaimRequest:
    """`hospitals`: the registry entries of the visits' hospitals; designation, level, region
    and ownership then come from the registry (None: as stored on the visit)."""
    return model.ClaimRequest(
        product=claim.product_code,
        claim_id=claim.claim_no,
        submitted_on=claim.reported_at.astimezone(SHANGHAI).date(),
        policy=model.Policy(
            policy.policy_no, policy.period_start, policy.period_end, dict(policy.parameters)
        ),
        insured=model.Insured(
            insured_id=insured.member_no,
            blacklisted=blacklisted,
            conditions=frozenset(insured.conditions),
            social_insurance=insured.social_insurance,
        ),
        history={k: v if isinstance(v, int) else to_fen(v) for k, v in history.items()},
        # Rejected files (unclear copy, wrong document) do not count as provided.
        materials=frozenset(m.code for m in materials if satisfies_checklist(m)),
        visits=tuple(
            _visit(visit, _hospital(visit, hospitals, claim.product_code, policy.policy_no))
            for visit in claim.visits
        ),
        accident=_accident(claim.accident),
        outcome=_outcome(claim.outcome),
    )


def _accident(accident: AccidentFacts | None) -> model.Accident | None:
    return None if accident is None else model.Accident(accident.date, accident.cause)


def _outcome(outcome: AccidentOutcome | None) -> model.Outcome | None:
    if outcome is None:
        return None
    return model.Outcome(outcome.kind, outcome.date, outcome.disability_grades,
                         outcome.prior_disability_grade)  # fmt: skip


def _hospital(
    visit: Visit, hospitals: Mapping[str, Hospital] | None, product_code: str, policy_no: str
) -> model.Hospital:
    if hospitals is None:
        return model.Hospital(visit.hospital_code, visit.hospital_name, visit.designated,
                              visit.hospital_level, visit.ward, visit.region)  # fmt: skip
    facts = visit_hospital(visit, hospitals, product_code, policy_no)
    return model.Hospital(visit.hospital_code, visit.hospital_name, facts.designated,
                          facts.level, visit.ward, facts.region, facts.public)  # fmt: skip


def _visit(visit: Visit, hospital: model.Hospital) -> model.Visit:
    return model.Visit(
        visit_id=visit.visit_ref,
        kind=visit.kind,
        date=visit.date,
        discharge_date=visit.discharge_date,
        hospital=hospital,
        diagnosis=visit.diagnosis,
        service=visit.service,
        rescue=visit.rescue,
        other_payer_paid=to_fen(visit.other_payer_paid),
        receipt=model.Receipt(
            visit.receipt_number, visit.receipt_original, visit.receipt_handwritten
        ),
        lines=tuple(_line(line) for line in visit.lines),
    )


def _line(line: BillLine) -> model.Line:
    return model.Line(
        line_id=line.line_ref,
        type=line.type,
        name=line.name,
        auxiliary=line.auxiliary,
        days_supply=line.days_supply,
        sessions=line.sessions,
        amount=to_fen(line.amount),
        fund_paid=to_fen(line.fund_paid),
        category_self_pay=to_fen(line.category_self_pay),
        self_funded=to_fen(line.self_funded),
        self_pay=to_fen(line.self_pay),
    )
