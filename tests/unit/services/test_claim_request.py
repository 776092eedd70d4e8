"""The engine's ClaimRequest built straight from domain objects: no database, no JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.request_json import parse_request, request_to_json
from claimdesk.contract.result_json import result_to_json
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness, Material, Visit
from claimdesk.domain.hospitals import Designation, Hospital
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.rules import model
from claimdesk.rules.engine import adjudicate
from claimdesk.rules.loader import load_products
from claimdesk.rules.reasons import ReasonCode
from claimdesk.services.adjudication.request import claim_request
from tests.builders import a_bill_line, a_lab_line
from tests.unit.rules.adjudication_builders import ALL_MATERIALS

PRODUCTS = load_products()
POLICY = Policy(7, "P-1", "tianan-group-medical", "工会", date(2026, 1, 1), date(2026, 12, 31))
INSURED = InsuredPerson(3, 7, "E1", "张三", "310101199001011234", conditions=("diabetes",))
AT = datetime(2026, 5, 20, 17, 0, tzinfo=UTC)  # already 21 May in Shanghai


def a_claim(*lines: object) -> Claim:
    visit = Visit(
        visit_ref="V1",
        kind="outpatient",
        date=date(2026, 5, 20),
        hospital_code="SH-0001",
        hospital_name="中山医院",
        diagnosis="急性支气管炎",
        lines=tuple(lines) or (a_bill_line(), a_lab_line("L2", "1000")),  # type: ignore[arg-type]
        receipt_number="R-1",
    )
    return Claim(
        1, "CLM-1", 7, 3, "tianan-group-medical", LineOfBusiness.HEALTH,
        ClaimStatus.UNDER_REVIEW, AT, 1, date(2026, 5, 20), visits=(visit,),
    )  # fmt: skip


def a_material(code: str, status: str = "received") -> Material:
    return Material(None, 1, code, f"{code}.pdf", "application/pdf", 1, "0" * 64, 1, AT, status)


ALL_MATERIALS_STORED = tuple(a_material(code) for code in sorted(ALL_MATERIALS))


def request_of(claim: Claim, *materials: Material, blacklisted: bool = False) -> model.ClaimRequest:
    history = {"outpatient_deductible_used": Decimal("600"), "hyperbaric_sessions_used": 2}
    return claim_request(claim, POLICY, INSURED, materials, history, blacklisted=blacklisted)


def test_given_a_stored_claim_then_the_request_carries_its_facts_typed() -> None:
    materials = (a_material("id_copy"), a_material("bank_book_copy", "rejected"))
    request = request_of(a_claim(), *materials, blacklisted=True)
    assert (request.product, request.claim_id) == ("tianan-group-medical", "CLM-1")
    assert request.submitted_on == date(2026, 5, 21)
    assert request.insured == model.Insured("E1", True, frozenset({"diabetes"}), True, False)
    assert request.materials == frozenset({"id_copy"})  # a rejected file is not provided
    assert request.history == {
        "outpatient_deductible_used": Decimal("600.00"),
        "hyperbaric_sessions_used": 2,
    }
    (visit,) = request.visits
    assert visit.hospital == model.Hospital("SH-0001", "中山医院", True, 3, "general", "shanghai")
    assert visit.receipt == model.Receipt("R-1", True, False)
    assert [line.line_id for line in visit.lines] == ["L1", "L2"]
    assert str(visit.lines[1].amount) == "1000.00"  # money at the fen, as the contract reads it


def test_given_a_stored_claim_then_its_request_survives_the_contract_json() -> None:
    request = request_of(a_claim(), *(a_material(code) for code in ALL_MATERIALS))
    assert parse_request(request_to_json(request)) == request


def test_given_a_stored_claim_then_the_typed_engine_agrees_with_the_json_contract() -> None:
    request = request_of(a_claim(a_lab_line("L1", "1234.56")), a_material("id_copy"))
    by_json = adjudicate_json(request_to_json(request), PRODUCTS)
    assert result_to_json(adjudicate(request, PRODUCTS)) == by_json
    request = request_of(a_claim(), *(a_material(code) for code in ALL_MATERIALS))
    result = adjudicate(request, PRODUCTS)
    assert result_to_json(result) == adjudicate_json(request_to_json(request), PRODUCTS)
    assert result.payable > 0


def test_given_a_registry_then_designation_level_and_region_come_from_it_not_the_visit() -> None:
    designated = Hospital("SH-0001", "复旦大学附属中山医院", 3, "a", "shanghai",
                          designations=(Designation("tianan-group-medical"),))  # fmt: skip
    only_p2 = Hospital("SH-0001", "中山医院", 2, "", "jiangsu", public=False,
                       designations=(Designation("tianan-group-medical", "P-2"),))  # fmt: skip
    history: dict[str, Decimal | int] = {}
    claim = a_claim()
    request = claim_request(claim, POLICY, INSURED, (), history, hospitals={"SH-0001": designated})
    assert request.visits[0].hospital == model.Hospital(
        "SH-0001", "中山医院", True, 3, "general", "shanghai", True
    )
    other = claim_request(claim, POLICY, INSURED, (), history, hospitals={"SH-0001": only_p2})
    assert other.visits[0].hospital == model.Hospital(
        "SH-0001", "中山医院", False, 2, "general", "jiangsu", False
    )  # designated for another policy only: not for P-1


def test_given_a_hospital_not_in_the_registry_then_it_is_never_assumed_designated() -> None:
    claim = a_claim(a_lab_line("L1", "1000"))  # the visit says designated, level 3, Shanghai
    request = claim_request(claim, POLICY, INSURED, ALL_MATERIALS_STORED, {}, hospitals={})
    hospital = request.visits[0].hospital
    assert (hospital.designated, hospital.level, hospital.public) == (False, 0, False)
    result = adjudicate(request, PRODUCTS)
    codes = {reason.code for reason in result.visits[0].reasons}
    assert ReasonCode.NON_DESIGNATED_HOSPITAL in codes and result.payable == 0
