"""Visit-level gates (第一部分, 第四部分 二): a failing gate zeroes every line of the visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from claimdesk.rules.messages import reason_of
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import Reason
from claimdesk.rules.terms import Product, VisitGates
from claimdesk.rules.visit_kinds import is_accident_visit

Gate = Callable[[Visit, ClaimRequest, VisitGates], bool]


def outside_policy_period(visit: Visit, request: ClaimRequest, gates: VisitGates) -> bool:
    """学生平安 附加险 4: an accident in the period is treated within its window even past the
    policy end (the window is its own gate); any other visit falls in the period."""
    policy, accident = request.policy, request.accident
    if not gates.policy_period:
        return False
    if (
        gates.accident_window_days is not None
        and accident is not None
        and is_accident_visit(visit, gates)
    ):
        return not policy.period_start <= accident.date <= policy.period_end
    return not policy.period_start <= visit.date <= policy.period_end


def non_designated_hospital(visit: Visit, request: ClaimRequest, gates: VisitGates) -> bool:
    """第一部分: designated hospitals only, emergencies excepted; inpatient level 2+.
    学生平安 附加险 4–5: public hospitals of level 2 or higher."""
    requirement = gates.hospital_requirements.get(visit.kind)
    if visit.kind in gates.designation_exempt_kinds or requirement is None:
        return False
    hospital = visit.hospital
    return (
        (requirement.designated and not hospital.designated)
        or (requirement.public and not hospital.public)
        or hospital.level < requirement.min_level
        or hospital.ward in requirement.excluded_wards
    )


def out_of_region(visit: Visit, request: ClaimRequest, gates: VisitGates) -> bool:
    """第四部分 二.19: treatment elsewhere than the covered region."""
    regions = gates.allowed_regions
    return regions is not None and visit.hospital.region not in regions


def invalid_receipt(visit: Visit, request: ClaimRequest, gates: VisitGates) -> bool:
    """第四部分 二.8, 二.25: original, printed receipts only; a lost receipt (null) never pays."""
    receipt = visit.receipt
    if not gates.receipt_required:
        return False
    return receipt is None or not receipt.original or receipt.handwritten


def inpatient_standard_not_met(visit: Visit, request: ClaimRequest, gates: VisitGates) -> bool:
    """释义5: listed conditions are treated as outpatients unless the stay is a rescue."""
    return (
        visit.kind in gates.inpatient_standard_kinds
        and visit.diagnosis in gates.inpatient_standard_not_met
        and not visit.rescue
    )


def outside_accident_window(visit: Visit, request: ClaimRequest, gates: VisitGates) -> bool:
    """学生平安 附加险 4: treatment within N days of the accident date (民法典 第二百零一条:
    the day of the accident is not counted)."""
    window, accident = gates.accident_window_days, request.accident
    if window is None or accident is None or not is_accident_visit(visit, gates):
        return False
    return not accident.date <= visit.date <= accident.date + timedelta(days=window)


GATES: tuple[tuple[ReasonCode, Gate], ...] = (
    (ReasonCode.OUTSIDE_POLICY_PERIOD, outside_policy_period),
    (ReasonCode.OUTSIDE_180_DAYS, outside_accident_window),
    (ReasonCode.NON_DESIGNATED_HOSPITAL, non_designated_hospital),
    (ReasonCode.OUT_OF_REGION, out_of_region),
    (ReasonCode.INVALID_RECEIPT, invalid_receipt),
    (ReasonCode.INPATIENT_STANDARD_NOT_MET, inpatient_standard_not_met),
)


def visit_gate_reasons(visit: Visit, request: ClaimRequest, product: Product) -> tuple[Reason, ...]:
    """Every failing gate, in a fixed order, then the excluded service with its own clause."""
    gates = product.visit_gates
    reasons = [reason_of(product, code) for code, gate in GATES if gate(visit, request, gates)]
    clause = gates.excluded_services.get(visit.service or "")
    if clause is not None:
        reasons.append(reason_of(product, ReasonCode.EXCLUDED_SERVICE, clause))
    reasons.extend(excluded_accident(visit, request, product))
    return tuple(reasons)


def excluded_accident(visit: Visit, request: ClaimRequest, product: Product) -> tuple[Reason, ...]:
    """An excluded accident refuses its own visits when a disease stay is claimed beside it
    (when every visit is the accident's, the claim-level gate refuses the claim)."""
    accident = request.accident
    if accident is None or product.accident is not None:
        return ()
    if not is_accident_visit(visit, product.visit_gates):
        return ()
    if all(is_accident_visit(v, product.visit_gates) for v in request.visits):
        return ()
    exclusion = product.accident_exclusions.get(accident.cause or "")
    return () if exclusion is None else (reason_of(product, exclusion[0], exclusion[1]),)
