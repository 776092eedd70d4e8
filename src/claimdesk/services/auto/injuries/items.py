"""死亡伤残 items of an injured person on an auto claim (丧葬费, 死亡赔偿金, 残疾赔偿金,
被扶养人生活费, 误工费, 护理费 …), each with the basis of its standard: the engine computes
standard × quantity × ratio and counts it in the death/disability section of 交强险 and then
三者险 (a third party) or 车上人员责任险 (an occupant). One audited transaction; bad input is
refused naming the field, nothing stored."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.auto_injury import DeathDisabilityEntry, DeathDisabilityKind
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.auto.injuries.use_cases import _audit, _open_person, _snapshot
from claimdesk.services.context import ServiceContext

MOST_UNITS = Decimal("10000")  # years, months or days of one item
KINDS = {str(kind) for kind in DeathDisabilityKind}


def add_death_disability_item(
    context: ServiceContext, *, actor: User, person_id: int, kind: str, basis: str,
    standard: Decimal, quantity: Decimal, ratio: Decimal = Decimal("1"),
) -> DeathDisabilityEntry:  # fmt: skip
    require(actor, Permission.REVIEW_MATERIALS)
    basis = basis.strip()
    check_item(kind, basis, standard, quantity, ratio)
    with context.uow as uow:
        person = _open_person(uow, actor, person_id)
        now = context.clock.now()
        entry = DeathDisabilityEntry(
            None, person_id, DeathDisabilityKind(kind), basis[:500], standard, quantity, ratio,
            actor.username, now,
        )  # fmt: skip
        entry = uow.injuries.add_item(entry)
        _audit(uow, context, actor, "add_injury_death_disability_item", person.claim_id, None,
               _snapshot(entry))  # fmt: skip
        uow.commit()
        return entry


def check_item(kind: str, basis: str, standard: Decimal, quantity: Decimal, ratio: Decimal) -> None:
    if kind not in KINDS:
        raise InvalidInput(
            "死亡伤残赔偿项目不在目录中", "unknown death/disability item", field="kind"
        )
    if not basis:
        raise InvalidInput(
            "请填写计算依据(标准的来源)", "state the basis of the standard", field="basis"
        )
    if not standard.is_finite() or standard < 0 or standard != round(standard, 2):
        zh = "标准须为不小于 0、最多两位小数的金额"
        en = "the standard must be an amount of at least 0 with at most 2 decimals"
        raise InvalidInput(zh, en, field="standard")
    if not quantity.is_finite() or not 0 < quantity <= MOST_UNITS or quantity != round(quantity, 2):
        zh = f"数量(年/月/日)须大于 0 且不超过 {MOST_UNITS}，最多两位小数"
        en = f"the quantity (years, months, days) must be above 0 and at most {MOST_UNITS}"
        raise InvalidInput(zh, en + ", with at most 2 decimals", field="quantity")
    if not ratio.is_finite() or not 0 < ratio <= 1 or ratio != round(ratio, 4):
        zh = "赔偿指数须大于 0 且不超过 1(100%)，最多四位小数"
        en = "the ratio must be above 0 and at most 1 (100%), with at most 4 decimals"
        raise InvalidInput(zh, en, field="ratio")
