"""Columnar claim and visit gates: the same gates as `claim_gates` and `visit_gates`."""

from __future__ import annotations

import numpy as np
import polars as pl

from claimdesk.rules.batch_kernels import Bools, Ints, codes_of, group_any, member
from claimdesk.rules.batch_lines import BIT, Lines
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import Product


def check_vocabulary(frame: pl.DataFrame, product: Product) -> None:
    """Unknown kinds, line types or services are input errors naming the row."""
    known = {
        "kind": product.visit_kinds,
        "type": product.line_types,
        "service": {"", *product.visit_gates.excluded_services},
    }
    for column, values in known.items():
        bad = ~frame[column].fill_null("").is_in(list(values))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            value = frame[column][row]
            raise InvalidRequest(f"rows[{row}].{column}", f"unknown value {value!r}", "未知取值")


def claim_gates(frame: pl.DataFrame, product: Product, lines: Lines) -> dict[str, np.ndarray]:
    """Per claim: denied (blacklist, time bar), missing materials (`|`-joined), stopped."""
    check_vocabulary(frame, product)
    first = lines.claim_start
    denied = frame["blacklisted"].to_numpy()[first] & product.blacklist_gate
    if product.claim_deadline_months is not None:
        months = product.claim_deadline_months
        deadline = frame["period_start"].dt.offset_by(f"{months}mo")
        denied = denied | (frame["submitted_on"] > deadline).to_numpy()[first]
    missing = np.where(denied, "", missing_materials(frame, product, lines))  # denial first
    return {"denied": denied, "missing": missing, "stopped": denied | (missing != "")}


def missing_materials(frame: pl.DataFrame, product: Product, lines: Lines) -> np.ndarray:
    groups = int(first_count(lines))
    codes, vocabulary = codes_of(frame, "materials")
    provided = [set(text.split("|")) for text in vocabulary]
    per_claim = codes[lines.claim_start]
    missing: list[list[str]] = [[] for _ in range(groups)]
    for rule in sorted(product.materials, key=lambda rule: rule.material):
        needed = group_any(rule_rows(frame, rule, lines), lines.claim, groups)
        has = np.array([rule.material in entry for entry in provided])[per_claim]
        for claim in np.flatnonzero(needed & ~has):
            if rule.material not in missing[claim]:
                missing[claim].append(rule.material)
    return np.array(["|".join(sorted(names)) for names in missing], dtype=object)


def first_count(lines: Lines) -> int:
    return int(lines.claim[-1]) + 1 if len(lines.claim) else 0


def rule_rows(frame: pl.DataFrame, rule: object, lines: Lines) -> Bools:
    from claimdesk.rules.terms import MaterialRule

    assert isinstance(rule, MaterialRule)
    rows = np.ones(len(lines.kind), dtype=np.bool_)
    if rule.visit_kinds is not None:
        rows &= member(lines.kind, lines.kinds, rule.visit_kinds)
    if rule.when == "other_payer_paid":
        rows &= lines.other_payer_paid > 0
    elif rule.when == "no_social_security_card":
        rows &= ~frame["social_security_card"].to_numpy()
    return rows


def visit_gate_bits(frame: pl.DataFrame, product: Product, lines: Lines) -> Ints:
    gates = product.visit_gates
    bits = np.zeros(len(lines.kind), dtype=np.int64)
    day = frame["date"]
    if gates.policy_period:
        outside = (day < frame["period_start"]) | (day > frame["period_end"])
        bits |= np.where(outside.to_numpy(), BIT[ReasonCode.OUTSIDE_POLICY_PERIOD], 0)
    bits |= np.where(
        non_designated(frame, product, lines), BIT[ReasonCode.NON_DESIGNATED_HOSPITAL], 0
    )
    if gates.allowed_regions is not None:
        region, regions = codes_of(frame, "region")
        outside_region = ~member(region, regions, gates.allowed_regions)
        bits |= np.where(outside_region, BIT[ReasonCode.OUT_OF_REGION], 0)
    if gates.receipt_required:
        original = frame["receipt_original"].fill_null(False).to_numpy()
        handwritten = frame["receipt_handwritten"].fill_null(False).to_numpy()
        bits |= np.where(~original | handwritten, BIT[ReasonCode.INVALID_RECEIPT], 0)
    standard = member(lines.kind, lines.kinds, gates.inpatient_standard_kinds)
    standard &= member(lines.diagnosis, lines.diagnoses, gates.inpatient_standard_not_met)
    standard &= ~frame["rescue"].to_numpy()
    bits |= np.where(standard, BIT[ReasonCode.INPATIENT_STANDARD_NOT_MET], 0)
    service, services = codes_of(frame, "service")
    excluded = member(service, services, set(gates.excluded_services))
    return bits | np.where(excluded, BIT[ReasonCode.EXCLUDED_SERVICE], 0)


def non_designated(frame: pl.DataFrame, product: Product, lines: Lines) -> Bools:
    gates = product.visit_gates
    designated = frame["designated"].to_numpy()
    level = frame["level"].to_numpy()
    ward, wards = codes_of(frame, "ward")
    result = np.zeros(len(lines.kind), dtype=np.bool_)
    for kind, requirement in gates.hospital_requirements.items():
        if kind in gates.designation_exempt_kinds:
            continue
        rows = lines.kind == lines.kinds.get(kind, -1)
        fails = (requirement.designated & ~designated) | (level < requirement.min_level)
        fails |= member(ward, wards, requirement.excluded_wards)
        result |= rows & fails
    return result
