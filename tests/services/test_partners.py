"""Partners (合作机构), price agreements, salvage and recoveries on a real database (both)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.auto_claim import AssessmentItem, Salvage, SurveyRecord
from claimdesk.domain.errors import ErrorCode, Forbidden, InvalidInput, ReasonRequired
from claimdesk.domain.partners import (
    PartnerKind,
    RecoveryStatus,
    SalvageMethod,
    SalvageStatus,
)
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.services.auto import surveys
from claimdesk.services.partners import recoveries, registry, salvage
from tests.builders import AutoWorld, an_auto_world
from tests.services.test_auto_claims import _by_assigned, reported

SHOP = {"kind": "repair_shop", "name": "北京燕京汽车修理厂", "level": "一类", "shop_type": "4S店",
        "agreement_no": "XY-2026-001", "contact": "010-88886666", "region": "北京"}  # fmt: skip
AGREEMENT = {"kind": "parts", "part_code": "BMP-R-01", "part_name": "后保险杠",
             "vehicle_model": "大众帕萨特", "agreed_price": "1200.00",
             "valid_from": "2026-01-01", "valid_to": "2026-12-31"}  # fmt: skip


def _agreement(container: Container, auto: AutoWorld) -> None:
    registry.save_agreement(container.context(), actor=auto.users["admin"], fields=AGREEMENT)


def _shop_id(container: Container, auto: AutoWorld) -> int:
    shop = registry.save_partner(container.context(), actor=auto.users["admin"], fields=SHOP)
    assert shop.id is not None
    return shop.id


def _line(amount: str, reason: str = "", code: str = "BMP-R-01") -> AssessmentItem:
    return AssessmentItem("后保险杠", "repair", Decimal(amount), "", code, over_price_reason=reason)


def _audits(container: Container, entity: str, entity_id: str) -> list[str]:
    with container.uow() as uow:
        return [r.entry.action for r in uow.audit.for_entity(entity, entity_id)]


def test_an_import_stores_the_valid_rows_and_reports_each_rejected_one(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    rows = [
        {"类型": "修理厂", "名称": "北京博瑞汽修", "等级": "二类", "修理厂类别": "合作修理厂"},
        {"类型": "修理厂", "名称": "坏等级修理厂", "等级": "五类", "修理厂类别": "4s"},
        {"类型": "公估机构", "名称": "民太安公估", "费用": "-5"},
        {"类型": "拖车救援", "名称": "", "费用": "300"},
        {"类型": "拖车救援", "名称": "京通救援", "费用": "300"},
    ]
    report = registry.import_partners(container.context(), actor=auto.users["admin"], rows=rows)
    assert report.stored == 2
    assert [(r.row, r.field) for r in report.rejected] == [(3, "level"), (4, "fee"), (5, "name")]
    assert "等级" in report.rejected[0].message_zh and "level" in report.rejected[0].message_en
    stored = registry.list_partners(container.context(), actor=auto.users["specialist"])
    assert sorted(p.name for p in stored) == ["京通救援", "北京博瑞汽修"]
    assert "import_partners" in _audits(container, "import", "import_partners")


def test_agreement_rows_with_a_negative_price_or_bad_period_are_refused_and_not_stored(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    rows = [
        {**AGREEMENT, "agreed_price": "-100.00"},
        {**AGREEMENT, "valid_to": "2025-12-31"},
        {**AGREEMENT, "kind": "tyres"},
        {**AGREEMENT, "part_code": "GLS-F-01", "kind": "玻璃价格协议", "agreed_price": "2,100"},
    ]
    report = registry.import_agreements(container.context(), actor=auto.users["admin"], rows=rows)
    assert report.stored == 1
    assert [(r.row, r.field) for r in report.rejected] == [
        (2, "agreed_price"), (3, "valid_to"), (4, "kind")
    ]  # fmt: skip
    assert report.rejected[0].message_zh == "协议价须大于零"
    found = registry.list_agreements(container.context(), actor=auto.users["admin"])
    assert [(a.part_code, str(a.kind), a.agreed_price) for a in found] == [
        ("GLS-F-01", "glass", Decimal("2100.00"))
    ]
    with pytest.raises(Refused) as refused:
        registry.save_agreement(
            container.context(), actor=auto.users["admin"],
            fields={**AGREEMENT, "agreed_price": "-1.00"},
        )  # fmt: skip
    assert refused.value.code is ErrorCode.AGREED_PRICE_NOT_POSITIVE
    assert len(registry.list_agreements(container.context(), actor=auto.users["admin"])) == 1


def test_only_partner_managers_change_the_registry(container: Container) -> None:
    auto = an_auto_world(container)
    with pytest.raises(Forbidden):
        registry.save_partner(container.context(), actor=auto.users["manager"], fields=SHOP)
    with pytest.raises(Forbidden):
        registry.import_partners(container.context(), actor=auto.users["specialist"], rows=[SHOP])
    assert registry.list_partners(container.context(), actor=auto.users["manager"]) == []


def test_a_line_above_the_agreed_price_is_flagged_and_needs_a_reason_to_sign(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    _agreement(container, auto)
    shop_id = _shop_id(container, auto)
    claim_id = reported(container, auto).claim.id or 0
    record = SurveyRecord("追尾", (), (_line("1500.00"),), Decimal("1500.00"),
                          repair_shop_id=shop_id)  # fmt: skip
    _by_assigned(container, auto, claim_id, record)
    with container.uow() as uow:
        stored = uow.auto.surveys_for(claim_id)[-1].record
    assert stored is not None and stored.repair_shop == "北京燕京汽车修理厂"
    line = stored.items[0]
    assert line.agreed_price == Decimal("1200.00") and line.over_agreed_price
    with pytest.raises(Refused) as refused:
        surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)
    assert refused.value.code is ErrorCode.OVER_AGREED_PRICE
    assert refused.value.field == "items.0.over_price_reason"
    assert "1200.00" in refused.value.message_zh and "1200.00" in refused.value.message_en
    with_reason = SurveyRecord("追尾", (), (_line("1500.00", "原厂件缺货，改用进口件"),),
                               Decimal("1500.00"), repair_shop_id=shop_id)  # fmt: skip
    _by_assigned(container, auto, claim_id, with_reason)
    signed = surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)
    assert signed.record is not None and signed.record.items[0].over_agreed_price


def test_an_agreement_applies_only_on_its_model_and_dates(container: Container) -> None:
    auto = an_auto_world(container)
    registry.save_agreement(container.context(), actor=auto.users["admin"],
                            fields={**AGREEMENT, "valid_to": "2026-03-31"})  # fmt: skip
    claim_id = reported(container, auto).claim.id or 0
    _by_assigned(container, auto, claim_id, SurveyRecord("", (), (_line("1500.00"),),
                                                         Decimal("1500.00")))  # fmt: skip
    surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)
    with container.uow() as uow:
        record = uow.auto.surveys_for(claim_id)[-1].record
    assert record is not None and record.items[0].agreed_price is None  # expired on 2026-06-01


def test_an_unknown_part_code_or_shop_is_refused_and_nothing_is_recorded(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    _agreement(container, auto)
    claim_id = reported(container, auto).claim.id or 0
    bad = SurveyRecord("", (), (_line("100.00"), _line("100.00", code="NOPE-9")),
                       Decimal("200.00"))  # fmt: skip
    with pytest.raises(Refused) as refused:
        _by_assigned(container, auto, claim_id, bad)
    assert refused.value.code is ErrorCode.AUTO_PART_CODE_UNKNOWN
    assert refused.value.field == "items.1.part_code" and "NOPE-9" in refused.value.message_zh
    unknown_shop = SurveyRecord("", (), (), Decimal("200.00"), repair_shop_id=999)
    with pytest.raises(Refused) as refused:
        _by_assigned(container, auto, claim_id, unknown_shop)
    assert refused.value.code is ErrorCode.PARTNER_UNKNOWN
    with container.uow() as uow:
        assert uow.auto.surveys_for(claim_id)[-1].record is None
    assert "record_survey" not in _audits(container, "claim", str(claim_id))


def _paid(container: Container, auto: AutoWorld, claim_id: int, amount: str) -> None:
    """Arrange: a confirmed payment on the claim (the payment flow has its own tests)."""
    payee = Payee("王五", "", "6222020200112233445", "工商银行")
    at = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    with container.uow() as uow:
        uow.payments.add(PaymentInstruction(None, claim_id, PaymentKind.FULL, Decimal(amount),
                                            payee, PaymentStatus.PAID, auto.users["finance"].id,
                                            at))  # fmt: skip
        uow.commit()


def test_a_recovery_after_payment_lowers_net_incurred(container: Container) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto).claim.id or 0
    specialist, approver = auto.users["specialist"], auto.users["approver"]
    with pytest.raises(Refused) as refused:
        recoveries.open_recovery(container.context(), actor=specialist, claim_id=claim_id,
                                 against="李四", amount_claimed=Decimal("2000.00"))  # fmt: skip
    assert refused.value.code is ErrorCode.RECOVERY_BEFORE_PAYMENT
    _paid(container, auto, claim_id, "3000.00")
    before = recoveries.claim_recoveries(container.context(), actor=specialist, claim_id=claim_id)
    case = recoveries.open_recovery(
        container.context(), actor=specialist, claim_id=claim_id, against="李四",
        against_insurer="某财产保险公司", amount_claimed=Decimal("2000.00"),
    )  # fmt: skip
    assert case.id is not None and case.status is RecoveryStatus.OPEN
    partly = recoveries.record_receipt(
        container.context(),
        actor=specialist,
        recovery_id=case.id,
        amount=Decimal("1200.00"),
        received_on=date(2026, 6, 10),
    )
    assert partly.status is RecoveryStatus.PARTLY_RECOVERED
    after = recoveries.claim_recoveries(container.context(), actor=specialist, claim_id=claim_id)
    assert after.figures.paid == Decimal("3000.00")
    assert after.figures.recoveries == Decimal("1200.00")
    assert after.figures.net_incurred == before.figures.net_incurred - Decimal("1200.00")
    with pytest.raises(ReasonRequired):
        recoveries.write_off_recovery(container.context(), actor=approver, recovery_id=case.id,
                                      reason=" ")  # fmt: skip
    off = recoveries.write_off_recovery(container.context(), actor=approver, recovery_id=case.id,
                                        reason="对方无力偿还")  # fmt: skip
    assert off.status is RecoveryStatus.WRITTEN_OFF and off.received == Decimal("1200.00")
    with pytest.raises(Refused) as refused:
        recoveries.record_receipt(
            container.context(),
            actor=specialist,
            recovery_id=case.id,
            amount=Decimal("1.00"),
            received_on=date(2026, 6, 11),
        )
    assert refused.value.code is ErrorCode.RECOVERY_CLOSED
    actions = _audits(container, "claim", str(claim_id))
    assert {"open_recovery", "recovery_receipt", "write_off_recovery"} <= set(actions)


def test_negative_or_zero_receipts_are_refused(container: Container) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto).claim.id or 0
    _paid(container, auto, claim_id, "3000.00")
    with pytest.raises(Refused) as refused:
        recoveries.open_recovery(container.context(), actor=auto.users["specialist"],
                                 claim_id=claim_id, against="李四",
                                 amount_claimed=Decimal("-5.00"))  # fmt: skip
    assert refused.value.code is ErrorCode.RECOVERY_AMOUNT_NOT_POSITIVE
    with container.uow() as uow:
        assert uow.partners.recoveries_for(claim_id) == []


def test_salvage_sold_books_a_recovery_and_is_signed_off(container: Container) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto).claim.id or 0
    record = SurveyRecord("全损", (), (), Decimal("3000.00"), Salvage("残车", Decimal("800.00")))
    _by_assigned(container, auto, claim_id, record)
    specialist, approver = auto.users["specialist"], auto.users["approver"]
    handling = salvage.record_salvage(container.context(), actor=specialist, claim_id=claim_id,
                                      method=SalvageMethod.SELL)  # fmt: skip
    assert (handling.description, handling.value) == ("残车", Decimal("800.00"))
    with pytest.raises(Refused) as refused:
        salvage.sign_off_salvage(container.context(), actor=approver, claim_id=claim_id)
    assert refused.value.code is ErrorCode.SALVAGE_OUT_OF_ORDER
    sold = salvage.sell_salvage(container.context(), actor=specialist, claim_id=claim_id,
                                buyer="北京再生资源公司", price=Decimal("950.00"),
                                sold_on=date(2026, 6, 5))  # fmt: skip
    assert sold.status is SalvageStatus.SOLD and sold.recovery_id is not None
    signed = salvage.sign_off_salvage(container.context(), actor=approver, claim_id=claim_id)
    assert signed.status is SalvageStatus.SIGNED_OFF and signed.signed_off_by == "approver"
    view = recoveries.claim_recoveries(container.context(), actor=specialist, claim_id=claim_id)
    assert view.figures.recoveries == Decimal("950.00")
    assert [str(c.kind) for c in view.recoveries] == ["salvage_sale"]
    actions = _audits(container, "claim", str(claim_id))
    assert {"record_salvage", "sell_salvage", "sign_off_salvage"} <= set(actions)


def test_a_salvage_deduction_is_recorded_and_a_negative_value_refused(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto).claim.id or 0
    specialist = auto.users["specialist"]
    with pytest.raises(InvalidInput) as error:
        salvage.record_salvage(container.context(), actor=specialist, claim_id=claim_id,
                               method=SalvageMethod.DEDUCT, description="旧件",
                               value=Decimal("-1.00"))  # fmt: skip
    assert error.value.field == "value" and "负数" in error.value.message_zh
    with container.uow() as uow:
        assert uow.partners.salvage_for(claim_id) is None
    kept = salvage.record_salvage(container.context(), actor=specialist, claim_id=claim_id,
                                  method=SalvageMethod.DEDUCT, description="旧件",
                                  value=Decimal("60.00"))  # fmt: skip
    assert kept.method is SalvageMethod.DEDUCT
    with pytest.raises(Refused):
        salvage.sell_salvage(
            container.context(),
            actor=specialist,
            claim_id=claim_id,
            buyer="x",
            price=Decimal("1.00"),
            sold_on=date(2026, 6, 5),
        )


def test_partner_kinds_filter(container: Container) -> None:
    auto = an_auto_world(container)
    _shop_id(container, auto)
    registry.save_partner(
        container.context(),
        actor=auto.users["admin"],
        fields={"kind": "assessor", "name": "民太安公估", "fee": "500"},
    )
    assessors = registry.list_partners(container.context(), actor=auto.users["specialist"],
                                       kind=PartnerKind.ASSESSOR)  # fmt: skip
    assert [(p.name, p.fee, p.level) for p in assessors] == [
        ("民太安公估", Decimal("500.00"), None)
    ]
