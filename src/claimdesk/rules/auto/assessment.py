"""Assessment drives payment (定损): the signed survey, the re-survey, or the lowest compliant
tender quote at or above the tender threshold — never the reporter's estimate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from claimdesk.domain.money import ZERO
from claimdesk.rules.auto.messages import reason_of
from claimdesk.rules.auto.model import (
    Assessment,
    PriceAgreement,
    SalvageHandling,
    Survey,
    SurveyLine,
)
from claimdesk.rules.auto.reasons import AutoReasonCode as Code
from claimdesk.rules.auto.result import AssessedLoss, LineAssessment
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.rules.errors import InvalidRequest


def assess(
    subject: str,
    where: str,
    assessment: Assessment,
    agreements: Iterable[PriceAgreement],
    on: dt.date,
    product: AutoProduct,
) -> AssessedLoss:
    """The assessed loss of one vehicle; `where` is its request path for error messages."""
    agreements = tuple(agreements)
    basis_survey, basis, code = chosen_survey(assessment)
    lines = price_lines(f"{where}.{basis}", basis_survey, assessment, agreements, on)
    surveyed = survey_total(
        price_lines(f"{where}.survey", assessment.survey, assessment, agreements, on)
    )
    total = sum((line.amount for line in lines), ZERO)
    tender = lowest_compliant_quote(assessment)
    basis, codes = basis_of(total, basis_survey, tender, product, (basis, code))
    codes += price_codes(lines) + salvage_codes(basis_survey)
    assessed = tender if basis == "tender" and tender is not None else total
    return AssessedLoss(
        subject=subject,
        basis=basis,
        reported_estimate=assessment.reported_estimate,
        surveyed=surveyed,
        resurveyed=total if assessment.resurvey is not None else None,
        tender=tender,
        assessed=assessed if basis != "pending" else ZERO,
        salvage=basis_survey.salvage_value,
        salvage_deducted=basis_survey.salvage_handling is SalvageHandling.DEDUCTED,
        total_loss_declared=basis_survey.total_loss,
        lines=lines,
        reasons=tuple(reason_of(product, code) for code in codes),
    )


def basis_of(
    total: Decimal,
    survey: Survey,
    tender: Decimal | None,
    product: AutoProduct,
    surveyed: tuple[str, Code],
) -> tuple[str, list[Code]]:
    """Signed survey, or tender at or above the threshold (a wreck is not repaired, so a
    declared total loss goes without); unsigned or without compliant quotes: pending."""
    if not survey.signed:
        return "pending", [Code.SURVEY_NOT_SIGNED]
    if total < product.tender_from or survey.total_loss:
        return surveyed[0], [surveyed[1]]
    if tender is None:
        return "pending", [Code.TENDER_QUOTES_REQUIRED]
    return "tender", [Code.ASSESSED_FROM_TENDER]


def chosen_survey(assessment: Assessment) -> tuple[Survey, str, Code]:
    """复勘 replaces the first survey: the re-surveyed figure is the one signed last."""
    if assessment.resurvey is not None:
        return assessment.resurvey, "resurvey", Code.ASSESSED_FROM_RESURVEY
    return assessment.survey, "survey", Code.ASSESSED_FROM_SURVEY


def survey_total(lines: Iterable[LineAssessment]) -> Decimal:
    return sum((line.amount for line in lines), ZERO)


def lowest_compliant_quote(assessment: Assessment) -> Decimal | None:
    compliant = [quote.amount for quote in assessment.quotes if quote.compliant]
    return min(compliant) if compliant else None


def price_lines(
    where: str,
    survey: Survey,
    assessment: Assessment,
    agreements: tuple[PriceAgreement, ...],
    on: dt.date,
) -> tuple[LineAssessment, ...]:
    return tuple(
        price_line(f"{where}.lines[{index}]", line, agreed_price(agreements, line, assessment, on))
        for index, line in enumerate(survey.lines)
    )


def agreed_price(
    agreements: tuple[PriceAgreement, ...], line: SurveyLine, assessment: Assessment, on: dt.date
) -> Decimal | None:
    """The price agreement for this part and model valid on the accident date, if any."""
    for agreement in agreements:
        if (
            agreement.part_code == line.part_code
            and agreement.vehicle_model == assessment.vehicle_model
            and agreement.valid_from <= on <= agreement.valid_to
        ):
            return agreement.agreed_price
    return None


def price_line(where: str, line: SurveyLine, agreed: Decimal | None) -> LineAssessment:
    """Agreed prices are the default and the ceiling (玻璃价格协议, seed 000 报价岗 1)."""
    if line.parts is None and agreed is None:
        en = "no price given and no price agreement for this part and model on the accident date"
        raise InvalidRequest(f"{where}.parts", en, "未填配件价格，且事故日无此配件与车型的价格协议")
    parts = agreed if line.parts is None else line.parts
    assert parts is not None  # for mypy: one of the two is set
    codes: tuple[Code, ...] = ()
    if agreed is not None and parts >= agreed:
        parts, codes = agreed, (Code.PRICE_AGREEMENT_APPLIED,)
    return LineAssessment(
        line.line_id,
        line.part_code,
        line.action,
        parts,
        line.labour,
        parts + line.labour,
        agreed,
        codes,
    )


def price_codes(lines: Iterable[LineAssessment]) -> list[Code]:
    return [Code.PRICE_AGREEMENT_APPLIED] if any(line.reasons for line in lines) else []


def salvage_codes(survey: Survey) -> list[Code]:
    if survey.salvage_value == 0:
        return []
    deducted = survey.salvage_handling is SalvageHandling.DEDUCTED
    return [Code.SALVAGE_DEDUCTED if deducted else Code.SALVAGE_TAKEN]
