"""医院目录 rules without a database: import rows, designation per product/policy, names."""

from __future__ import annotations

from claimdesk.domain.claim import Visit
from claimdesk.domain.hospital_rows import parse_row
from claimdesk.domain.hospitals import Designation, Hospital, find_by_name, visit_hospital

PRODUCTS = {"tianan-group-medical", "tianan-student-accident-medical"}
GOOD = {"医院编码": "SH-0003", "医院名称": "上海市第六人民医院", "等级": "三级甲等",
        "地区": "上海", "公立": "是", "别名": "六院；市六医院、六院", "指定产品":
        "tianan-group-medical;tianan-student-accident-medical:TA-STU-1"}  # fmt: skip


def test_a_good_row_is_read_with_level_grade_aliases_and_designations() -> None:
    hospital, errors = parse_row(2, GOOD, PRODUCTS)
    assert errors == [] and hospital is not None
    assert (hospital.level, hospital.grade, hospital.region, hospital.public) == (
        3, "a", "shanghai", True,
    )  # fmt: skip
    assert hospital.aliases == ("六院", "市六医院")  # split on ；、 and de-duplicated
    assert hospital.designated_for("tianan-group-medical", "ANY")
    assert hospital.designated_for("tianan-student-accident-medical", "TA-STU-1")
    assert not hospital.designated_for("tianan-student-accident-medical", "TA-STU-2")


def test_a_bad_row_names_every_field_with_reasons_in_both_languages() -> None:
    row = {"code": "坏 编码", "name": "", "level": "四级", "region": "火星", "public": "也许",
           "designated": "no-such-product"}  # fmt: skip
    hospital, errors = parse_row(7, row, PRODUCTS)
    assert hospital is None
    assert {e.field for e in errors} == {"code", "name", "level", "region", "public", "designated"}
    assert all(e.row == 7 and e.message_zh and e.message_en for e in errors)


def test_levels_read_in_chinese_or_digits_and_a_clinic_has_no_grade() -> None:
    for text, expected in (("二级", (2, "")), ("3a", (3, "a")), ("一级乙等", (1, "b")),
                           ("未定级", (0, "")), ("", (0, ""))):  # fmt: skip
        hospital, _ = parse_row(2, {"code": "H1", "name": "x", "level": text}, PRODUCTS)
        assert hospital is not None and (hospital.level, hospital.grade) == expected, text
    assert parse_row(2, {"code": "H1", "name": "x", "level": "未定级甲等"}, PRODUCTS)[0] is None


def test_names_match_whatever_the_brackets_and_spaces_but_never_ambiguously() -> None:
    clinic = Hospital("P1", "某私立诊所（非指定）", aliases=("某私立诊所",), public=False)
    zhongshan = Hospital("SH-0001", "复旦大学附属中山医院", 3, aliases=("中山医院",))
    hospitals = {h.code: h for h in (clinic, zhongshan)}
    assert find_by_name(hospitals, "某私立诊所 (非指定)") == clinic
    assert find_by_name(hospitals, "中山医院") == zhongshan
    assert find_by_name(hospitals, "中山") is None  # a fragment is a search, not a match
    twin = Hospital("SH-9", "另一家", aliases=("中山医院",))
    assert find_by_name({**hospitals, "SH-9": twin}, "中山医院") is None


def test_a_visit_whose_hospital_is_unknown_is_not_designated_public_or_ranked() -> None:
    from datetime import date

    visit = Visit("V1", "outpatient", date(2026, 5, 20), "", "路边诊所", "咽炎", designated=True)
    facts = visit_hospital(visit, {}, "tianan-group-medical", "P-1")
    assert (facts.known, facts.designated, facts.public, facts.level) == (False, False, False, 0)
    listed = Hospital("H1", "路边诊所", 1, designations=(Designation("tianan-group-medical"),))
    visit = Visit("V1", "outpatient", date(2026, 5, 20), "H1", "路边诊所", "咽炎")
    assert visit_hospital(visit, {"H1": listed}, "tianan-group-medical", "P-1").designated
