"""人伤 (bodily injury) in the auto engine: each injured party's medical costs reviewed line by
line with the health engine's line rule (`rules/line_eligibility.py::line_base`: excluded fee
types, the part outside the social-insurance scope), a one-off settlement (一次性了断) split
between the 交强险 medical and death/disability sections, and the insured vehicle's own
occupants left out (交强险 and 三者险 cover third parties only, not 本车人员).

Pure: the reviewed amounts feed `compulsory.section_loss` and `commercial.third_party_item`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.auto_injury import InjuredRole
from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.auto.messages import reason_of
from claimdesk.rules.auto.model import DeathDisabilityItem, InjuredParty, MedicalLine
from claimdesk.rules.auto.reasons import AutoReasonCode as Code
from claimdesk.rules.auto.result import InjuryReview, ReviewedItem, ReviewedLine
from claimdesk.rules.auto.terms import AutoProduct, InjuryReviewTerms
from claimdesk.rules.auto.working import amount, percent
from claimdesk.rules.line_eligibility import line_base
from claimdesk.rules.model import Line
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import MedicalTerms

# The health line codes this review can raise, as auto codes.
LINE_CODES = {
    ReasonCode.EXCLUDED_FEE_TYPE: Code.INJURY_FEE_EXCLUDED,
    ReasonCode.SELF_FUNDED: Code.INJURY_OUTSIDE_SOCIAL_INSURANCE,
}
NO_REVIEW = InjuryReviewTerms(frozenset(), social_insurance_scope=False)


@dataclass(frozen=True, slots=True)
class InjuryTotals:
    """The third parties' injury losses per 交强险 section."""

    medical: Decimal = ZERO
    death_disability: Decimal = ZERO
    settled: bool = False  # a one-off settlement (一次性了断) fixed some of these amounts
    itemised: bool = False  # 死亡伤残 items with their basis counted

    @property
    def any(self) -> bool:
        return bool(self.medical or self.death_disability)


def medical_terms(review: InjuryReviewTerms) -> MedicalTerms:
    """The review as health medical terms: the in-scope part (and, without the scope rule, the
    self-funded part) is eligible; excluded fee types are 0; nothing else applies."""
    parts = ("self_pay",) if review.social_insurance_scope else ("self_pay", "self_funded")
    reported = {"self_funded": ReasonCode.SELF_FUNDED} if review.social_insurance_scope else {}
    return MedicalTerms(
        eligible_parts=parts,
        reported_parts=reported,
        excluded_fee_types=review.excluded_fee_types,
        supply_limits=(),
        item_session_limits=(),
        annual_session_limits=(),
        exam_review=None,
        coverages=(),
        annual_limit=None,
    )


def review_line(line: MedicalLine, terms: MedicalTerms) -> ReviewedLine:
    """A traffic-accident bill is paid by the injured party in full (no social-insurance fund
    share): in scope = amount − self-funded part."""
    health_line = Line(
        line_id=line.line_id,
        type=line.type,
        amount=line.amount,
        fund_paid=ZERO,
        category_self_pay=ZERO,
        self_funded=line.self_funded,
        self_pay=line.amount - line.self_funded,
        name=line.name,
    )
    state = line_base(health_line, terms)
    codes = tuple(LINE_CODES[code] for code in state.reasons if code in LINE_CODES)
    return ReviewedLine(line.line_id, line.type, line.amount, state.eligible, codes)


def review_item(item: DeathDisabilityItem) -> ReviewedItem:
    """standard × quantity × ratio, to the fen (ROUND_HALF_UP)."""
    value = to_fen(item.standard * item.quantity * item.ratio)
    quantity = f"{item.quantity.normalize():f}"
    working = f"{amount(item.standard)} × {quantity} × {percent(item.ratio)} = {amount(value)}"
    return ReviewedItem(item.item_id, str(item.kind), item.basis, value, working)


def review_party(party: InjuredParty, product: AutoProduct) -> InjuryReview:
    terms = medical_terms(product.injury_review or NO_REVIEW)
    lines = tuple(review_line(line, terms) for line in party.medical_lines)
    items = tuple(review_item(item) for item in party.death_disability_items)
    billed = sum((line.amount for line in lines), ZERO)
    reviewed = sum((line.eligible for line in lines), ZERO)
    codes: list[Code] = [Code.INJURY_MEDICAL_REVIEWED] if lines else []
    codes += sorted({code for line in lines for code in line.reasons})
    codes += [Code.INJURY_DEATH_DISABILITY_ITEMS] if items else []
    medical = reviewed
    death_disability = party.death_disability + sum((item.amount for item in items), ZERO)
    settlement = party.settlement.amount if party.settlement is not None else None
    if settlement is not None:
        medical = min(reviewed, settlement)
        death_disability = settlement - medical
        codes.append(Code.INJURY_ONE_OFF_SETTLEMENT)
    covered = party.role is InjuredRole.THIRD_PARTY
    if not covered:
        codes.append(Code.INJURY_OCCUPANT_NOT_COVERED)
    return InjuryReview(
        party_id=party.party_id,
        role=str(party.role),
        covered=covered,
        billed=billed,
        medical=medical,
        death_disability=death_disability,
        settlement=settlement,
        lines=lines,
        reasons=tuple(reason_of(product, code) for code in codes),
        items=items,
    )


def review_injuries(
    parties: Iterable[InjuredParty], product: AutoProduct
) -> tuple[InjuryReview, ...]:
    return tuple(review_party(party, product) for party in parties)


def injury_totals(reviews: Iterable[InjuryReview]) -> InjuryTotals:
    covered = [review for review in reviews if review.covered]
    return InjuryTotals(
        medical=sum((review.medical for review in covered), ZERO),
        death_disability=sum((review.death_disability for review in covered), ZERO),
        settled=any(review.settlement is not None for review in covered),
        itemised=any(review.items and review.settlement is None for review in covered),
    )
