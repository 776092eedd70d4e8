"""Demo partners (合作机构) of the auto fleet: repair shops, an assessor, a tower, one glass
price agreement, one salvage sale and one recovery (追偿) after payment.

Runs at the end of `load_auto_demo`; everything goes through the use cases.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from claimdesk.demo.clock import SteppingClock
from claimdesk.demo.people import bank_card_number
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.partners import SalvageMethod
from claimdesk.domain.payment import Payee, PaymentStatus
from claimdesk.domain.users import User
from claimdesk.rules.auto.loader import shipped_auto_products
from claimdesk.services.auto import settlement
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.context import Products, ServiceContext
from claimdesk.services.partners import recoveries, registry, salvage
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.ports import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
S = ClaimStatus
PARTNERS: tuple[dict[str, str], ...] = (
    {"kind": "repair_shop", "name": "北京燕京汽车修理厂", "level": "1", "shop_type": "cooperating",
     "agreement_no": "HZ-2026-001", "contact": "010-88886666", "region": "北京朝阳"},
    {"kind": "repair_shop", "name": "北京博瑞汽修", "level": "2", "shop_type": "cooperating",
     "agreement_no": "HZ-2026-002", "contact": "010-62556677", "region": "北京海淀"},
    {"kind": "repair_shop", "name": "北京华通4S店", "level": "1", "shop_type": "4s",
     "agreement_no": "HZ-2026-003", "contact": "010-67891234", "region": "北京丰台"},
    {"kind": "assessor", "name": "民太安保险公估北京分公司", "agreement_no": "GG-2026-01",
     "contact": "010-58881234", "region": "北京", "fee": "800.00"},
    {"kind": "towing", "name": "京通道路救援", "agreement_no": "JY-2026-01",
     "contact": "400-810-1234", "region": "北京", "fee": "300.00"},
)  # fmt: skip
GLASS = {"kind": "glass", "part_code": "GLS-OMK-F", "part_name": "前挡风玻璃",
         "vehicle_model": "福田欧马可", "agreed_price": "1850.00", "valid_from": "2026-01-01",
         "valid_to": "2026-12-31"}  # fmt: skip


def load_partners(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], products: Products
) -> None:
    """The registry and the glass agreement, before the claims: tender quotes name its shops."""
    for fields in PARTNERS:
        context = ServiceContext(uow=new_uow(), clock=clock, products=products,
                                 auto_products=shipped_auto_products())  # fmt: skip
        registry.save_partner(context, actor=staff["admin"], fields=fields)
    context = ServiceContext(uow=new_uow(), clock=clock, products=products,
                             auto_products=shipped_auto_products())  # fmt: skip
    registry.save_agreement(context, actor=staff["admin"], fields=GLASS)


def load_partner_demo(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], products: Products,
    signed_claims: list[int],
) -> None:  # fmt: skip
    """A salvage sale on one signed claim, and on another a
    payment through the bank followed by a recovery from the other driver's insurer."""

    def context() -> ServiceContext:
        return ServiceContext(uow=new_uow(), clock=clock, products=products,
                              auto_products=shipped_auto_products())  # fmt: skip

    if len(signed_claims) < 2:
        return
    sold, paid = signed_claims[0], signed_claims[1]
    salvage.record_salvage(context(), actor=staff["specialist"], claim_id=sold,
                           method=SalvageMethod.SELL)  # fmt: skip
    clock.moment += timedelta(days=3)
    salvage.sell_salvage(context(), actor=staff["specialist"], claim_id=sold,
                         buyer="北京华运再生资源回收公司", price=Decimal("45.00"),
                         sold_on=clock.moment.date())  # fmt: skip
    salvage.sign_off_salvage(context(), actor=staff["approver"], claim_id=sold)
    # The engine reads the handling: sold, so taken (a recovery), no longer deducted.
    settlement.settle_auto_claim(context(), actor=staff["specialist"], claim_id=sold)
    if _pay(new_uow, context, clock, staff, paid):
        case = recoveries.open_recovery(
            context(), actor=staff["specialist"], claim_id=paid, against="李建国（三者车驾驶员）",
            against_insurer="某财产保险股份有限公司北京分公司", amount_claimed=Decimal("1800.00"),
        )  # fmt: skip
        clock.moment += timedelta(days=20)
        recoveries.record_receipt(
            context(),
            actor=staff["specialist"],
            recovery_id=case.id or 0,
            amount=Decimal("1000.00"),
            received_on=clock.moment.date(),
        )


def _pay(
    new_uow: UowFactory, context: Callable[[], ServiceContext], clock: SteppingClock,
    staff: dict[str, User], claim_id: int,
) -> bool:  # fmt: skip
    """Accept → review → adjudicate → approve, the payee captured, paid through the bank."""
    for who, target in (("agent", S.ACCEPTED), ("specialist", S.UNDER_REVIEW),
                        ("specialist", S.ADJUDICATED), ("approver", S.APPROVED)):  # fmt: skip
        with new_uow() as uow:
            claim = uow.claims.get(claim_id)
        if claim.status == target:
            continue
        clock.moment += timedelta(hours=2)
        move_claim(context(), actor=staff[who], claim_id=claim_id, target=target, reason="",
                   expected_version=claim.version)  # fmt: skip
    with new_uow() as uow:
        claim = uow.claims.get(claim_id)
        insured = uow.policies.get_insured(claim.insured_person_id)
    if claim.status != S.APPROVED:
        return False
    card = bank_card_number(random.Random(claim_id))
    payee = Payee(insured.name, insured.id_number, card, "中国工商银行")
    # The approver captures the account on the insured's request; finance releases (maker-checker).
    payment_flow.new_payee(context(), actor=staff["approver"], claim_id=claim_id, payee=payee,
                           documented_reason="被保险人书面提供收款账户")  # fmt: skip
    finance = staff["finance"]
    for instruction in payment_flow.claim_payments(context(), actor=finance, claim_id=claim_id):
        if instruction.status == PaymentStatus.PENDING_RELEASE:
            payment_flow.release_payment(
                context(), actor=finance, instruction_id=instruction.id or 0
            )
    _, sent = payment_flow.export_batch(context(), actor=finance)
    results = [payment_flow.BankResult(i.id or 0, True, f"DEMO-{i.id}") for i in sent]
    payment_flow.import_results(context(), actor=finance, results=results)
    return True
