"""车上人员责任险 (示范条款 2020): the insured vehicle's own driver and passengers, whom 交强险
and 三者险 never cover. Each occupant's reviewed injury loss (medical + 死亡伤残, or the one-off
settlement) × the liability share, within the per-seat limit; passengers at most as many as
the insured seats (赔偿人数以投保座位数为限), so the passengers' limit is per-seat × seats.

Pure: one settlement item for the driver, one for the passengers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from claimdesk.domain.auto_injury import InjuredRole
from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.auto.figures import figure
from claimdesk.rules.auto.messages import reason_of
from claimdesk.rules.auto.model import AutoRequest
from claimdesk.rules.auto.reasons import AutoReasonCode as Code
from claimdesk.rules.auto.result import InjuryReview, SettlementItem
from claimdesk.rules.auto.terms import AutoProduct, OnBoardTerms
from claimdesk.rules.auto.working import amount, percent
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.terms import PolicyParameter

COVER = "on_board_liability"


def on_board_items(
    request: AutoRequest, product: AutoProduct, injuries: Sequence[InjuryReview]
) -> tuple[SettlementItem, ...]:
    terms = product.on_board
    occupants = [r for r in injuries if r.role != str(InjuredRole.THIRD_PARTY) and loss_of(r)]
    if terms is None or not occupants:
        return ()
    drivers = [r for r in occupants if r.role == str(InjuredRole.DRIVER)]
    passengers = [r for r in occupants if r.role == str(InjuredRole.PASSENGER)]
    if not bought(terms, request):
        reasons = (reason_of(product, Code.COVER_NOT_BOUGHT),)
        return tuple(
            SettlementItem(COVER, section, "on_board", total(group), None, ZERO, amount(ZERO),
                           reasons)
            for section, group in (("driver", drivers), ("passenger", passengers)) if group
        )  # fmt: skip
    items = []
    if drivers:
        limit = figure(terms.driver_limit, request)
        items.append(seat_item(request, product, "driver", drivers, limit, len(drivers)))
    if passengers:
        limit = figure(terms.passenger_limit, request)
        seats = seat_count(terms, request)
        items.append(seat_item(request, product, "passenger", passengers, limit, seats))
    return tuple(items)


def bought(terms: OnBoardTerms, request: AutoRequest) -> bool:
    """An optional cover: a schedule that does not name it did not buy it."""
    if isinstance(terms.cover, bool):
        return terms.cover
    if isinstance(terms.cover, Decimal):
        return terms.cover != 0
    raw = request.policy.parameters.get(terms.cover.name)
    if raw is None:
        return False
    if not isinstance(raw, bool):
        where = f"policy.parameters.{terms.cover.name}"
        en = "must say (true/false) whether the policy includes on-board liability"
        raise InvalidRequest(where, en, "须说明保单是否投保车上人员责任险(true/false)")
    return raw


def seat_count(terms: OnBoardTerms, request: AutoRequest) -> int:
    seats = figure(terms.passenger_seats, request)
    if seats != seats.to_integral_value() or seats < 1:
        name = (
            terms.passenger_seats.name if isinstance(terms.passenger_seats, PolicyParameter) else ""
        )
        where = f"policy.parameters.{name}" if name else "on_board.passenger_seats"
        raise InvalidRequest(
            where, "must be a whole number of seats, at least 1", "投保座位数须为正整数"
        )
    return int(seats)


def loss_of(review: InjuryReview) -> Decimal:
    return review.medical + review.death_disability


def total(group: Sequence[InjuryReview]) -> Decimal:
    return sum((loss_of(review) for review in group), ZERO)


def seat_item(
    request: AutoRequest,
    product: AutoProduct,
    section: str,
    group: Sequence[InjuryReview],
    per_seat: Decimal,
    seats: int,
) -> SettlementItem:
    """Σ min(loss × 责任比例, per-seat limit) over the first `seats` occupants."""
    share = request.accident.liability_share
    parts, payable = [], ZERO
    codes = [Code.ON_BOARD_LIABILITY, Code.LIABILITY_SHARE]
    for index, review in enumerate(group):
        if index >= seats:
            parts.append(f"{review.party_id}: {amount(ZERO)} (> {seats} seats)")
            codes.append(Code.ON_BOARD_SEATS_EXCEEDED)
            continue
        owed = to_fen(loss_of(review) * share)
        paid = min(owed, per_seat)
        if owed > per_seat:
            codes.append(Code.ON_BOARD_SEAT_LIMIT_REACHED)
        payable += paid
        parts.append(
            f"{review.party_id}: min({amount(loss_of(review))} × {percent(share)},"
            f" {amount(per_seat)}) = {amount(paid)}"
        )
    working = "; ".join(parts) + f"; = {amount(payable)}"
    reasons = tuple(reason_of(product, code) for code in dict.fromkeys(codes))
    limit = per_seat * seats
    return SettlementItem(COVER, section, "on_board", total(group), limit, payable, working,
                          reasons)  # fmt: skip
