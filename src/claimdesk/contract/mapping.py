"""Explicit translation from the contract's pydantic schemas to the engine's dataclasses."""

from __future__ import annotations

from claimdesk.contract.schemas import (
    AccidentIn,
    HospitalIn,
    LineIn,
    OutcomeIn,
    ReceiptIn,
    RequestIn,
    VisitIn,
)
from claimdesk.rules import model


def to_domain(request: RequestIn) -> model.ClaimRequest:
    return model.ClaimRequest(
        product=request.product,
        claim_id=request.claim_id,
        submitted_on=request.submitted_on,
        policy=model.Policy(
            request.policy.policy_no,
            request.policy.period_start,
            request.policy.period_end,
            dict(request.policy.parameters),
        ),
        insured=model.Insured(
            request.insured.insured_id,
            request.insured.blacklisted,
            frozenset(request.insured.conditions),
            request.insured.social_insurance,
            request.insured.minor,
        ),
        history=dict(request.history),
        materials=frozenset(request.materials),
        visits=tuple(visit_to_domain(visit) for visit in request.visits),
        accident=accident_to_domain(request.accident),
        outcome=outcome_to_domain(request.outcome),
    )


def visit_to_domain(visit: VisitIn) -> model.Visit:
    return model.Visit(
        visit_id=visit.visit_id,
        kind=visit.kind,
        date=visit.date,
        hospital=hospital_to_domain(visit.hospital),
        lines=tuple(line_to_domain(line) for line in visit.lines),
        receipt=receipt_to_domain(visit.receipt),
        diagnosis=visit.diagnosis,
        service=visit.service,
        rescue=visit.rescue,
        other_payer_paid=visit.other_payer_paid,
        discharge_date=visit.discharge_date,
        social_security_card=visit.social_security_card,
    )


def hospital_to_domain(hospital: HospitalIn) -> model.Hospital:
    return model.Hospital(
        hospital.code,
        hospital.name,
        hospital.designated,
        hospital.level,
        hospital.ward,
        hospital.region,
        hospital.public,
    )


def receipt_to_domain(receipt: ReceiptIn | None) -> model.Receipt | None:
    if receipt is None:
        return None
    return model.Receipt(receipt.number, receipt.original, receipt.handwritten)


def line_to_domain(line: LineIn) -> model.Line:
    return model.Line(
        line_id=line.line_id,
        type=line.type,
        amount=line.amount,
        fund_paid=line.fund_paid,
        category_self_pay=line.category_self_pay,
        self_funded=line.self_funded,
        self_pay=line.self_pay,
        name=line.name,
        auxiliary=line.auxiliary,
        days_supply=line.days_supply,
        sessions=line.sessions,
    )


def accident_to_domain(accident: AccidentIn | None) -> model.Accident | None:
    return None if accident is None else model.Accident(accident.date, accident.cause)


def outcome_to_domain(outcome: OutcomeIn | None) -> model.Outcome | None:
    if outcome is None:
        return None
    return model.Outcome(
        outcome.kind,
        outcome.date,
        tuple(outcome.disability_grades),
        outcome.prior_disability_grade,
    )
