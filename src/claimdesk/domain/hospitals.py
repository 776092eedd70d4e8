"""医院目录 (hospital registry): what the terms need to know of a hospital, kept as data.

`designated`, `level` and `region` of a visit come from here, never from the submitter. A
hospital is designated (指定医院) for a product — or for one policy of the product only — when
it carries a `Designation` for it (seed 004 第一部分: 我司指定医疗机构, 第五部分 医院名录).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from claimdesk.domain.claim import Visit

LEVELS = (0, 1, 2, 3)  # 0: 未定级 (a clinic), 1–3: 一级 / 二级 / 三级
GRADES = ("", "a", "b", "c", "special")  # 甲等, 乙等, 丙等, 特等
REGIONS = ("shanghai", "jiangsu", "zhejiang", "anhui", "beijing", "other_mainland",
           "hk_macau_taiwan", "abroad")  # fmt: skip
UNKNOWN_REGION = "unknown"  # a visit whose hospital is not in the registry
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


@dataclass(frozen=True)
class Designation:
    """指定: for every policy of the product (`policy_no` empty) or for one policy only."""

    product_code: str
    policy_no: str = ""


@dataclass(frozen=True)
class Hospital:
    code: str
    name: str
    level: int = 0
    grade: str = ""
    region: str = "shanghai"
    public: bool = True  # 公立 (seed 004: 指定的公立医院); a private clinic is not
    aliases: tuple[str, ...] = ()
    active: bool = True
    designations: tuple[Designation, ...] = ()
    id: int | None = None

    def designated_for(self, product_code: str, policy_no: str) -> bool:
        return any(
            d.product_code == product_code and d.policy_no in ("", policy_no)
            for d in self.designations
        )

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def normalise(text: str) -> str:
    """Full-width brackets and spaces folded (NFKC), whitespace removed, case ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def find_by_name(hospitals: Mapping[str, Hospital], name: str) -> Hospital | None:
    """The one hospital whose name or alias is exactly `name` (normalised); None if none."""
    wanted = normalise(name)
    found = [h for h in hospitals.values() if wanted in {normalise(n) for n in h.names()}]
    return found[0] if len(found) == 1 else None


def in_registry(visit: Visit, hospitals: Mapping[str, Hospital]) -> bool:
    return bool(visit.hospital_code) and visit.hospital_code in hospitals


@dataclass(frozen=True)
class VisitHospital:
    """What the engine is told of a visit's hospital."""

    designated: bool
    level: int
    region: str
    public: bool
    known: bool


def visit_hospital(
    visit: Visit, hospitals: Mapping[str, Hospital], product_code: str, policy_no: str
) -> VisitHospital:
    """From the registry; a hospital not in it is never assumed designated, public or ranked."""
    hospital = hospitals.get(visit.hospital_code) if visit.hospital_code else None
    if hospital is None:
        return VisitHospital(False, 0, UNKNOWN_REGION, False, known=False)
    designated = hospital.designated_for(product_code, policy_no)
    return VisitHospital(designated, hospital.level, hospital.region, hospital.public, True)
