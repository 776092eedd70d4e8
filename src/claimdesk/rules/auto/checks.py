"""Checks of an auto request against its product: errors name the field, nothing computed."""

from __future__ import annotations

from collections.abc import Iterator

from claimdesk.rules.auto.model import Assessment, AutoRequest
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.rules.errors import InvalidRequest


def check_auto_request(request: AutoRequest, product: AutoProduct) -> None:
    check_policies(request, product)
    for where, part_code in part_codes(request):
        if part_code not in product.parts:
            raise InvalidRequest(
                where,
                f"unknown part code {part_code!r} for this product",
                f"本产品配件目录中没有配件代码 {part_code!r}",
                "UNKNOWN_PART_CODE",
            )
    check_parties(request)


def check_policies(request: AutoRequest, product: AutoProduct) -> None:
    """A commercial settlement follows our 交强险 on the same vehicle (道路交通安全法 第十七条)."""
    if product.compulsory_product is not None and request.compulsory_policy is None:
        zh = "商业险理算须提供同一车辆的交强险保单"
        raise InvalidRequest("compulsory_policy", "required for a commercial product", zh)
    if product.compulsory_product is None and request.compulsory_policy is not None:
        zh = "交强险理算不需要另附交强险保单"
        raise InvalidRequest("compulsory_policy", "only for a commercial product", zh)


def part_codes(request: AutoRequest) -> Iterator[tuple[str, str]]:
    if request.own_damage is not None:
        yield from assessment_parts("own_damage", request.own_damage)
    for index, party in enumerate(request.third_parties):
        if party.vehicle_damage is not None:
            yield from assessment_parts(
                f"third_parties[{index}].vehicle_damage", party.vehicle_damage
            )
    for index, agreement in enumerate(request.price_agreements):
        yield f"price_agreements[{index}].part_code", agreement.part_code


def assessment_parts(where: str, assessment: Assessment) -> Iterator[tuple[str, str]]:
    surveys = [("survey", assessment.survey)]
    surveys += [("resurvey", assessment.resurvey)] if assessment.resurvey is not None else []
    for name, survey in surveys:
        for index, line in enumerate(survey.lines):
            yield f"{where}.{name}.lines[{index}].part_code", line.part_code


def check_parties(request: AutoRequest) -> None:
    seen: set[str] = set()
    for index, party in enumerate(request.third_parties):
        where = f"third_parties[{index}]"
        if party.party_id in seen:
            raise InvalidRequest(f"{where}.party_id", "duplicate party", "当事方重复")
        seen.add(party.party_id)
        if party.at_fault and request.accident.liability_share == 1:
            en = "no other party can be at fault when the insured's liability share is 100%"
            raise InvalidRequest(f"{where}.at_fault", en, "被保险人负全部责任时，其他方不能有责")
