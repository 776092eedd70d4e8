"""Auto claims: which reports need a surveyor at the first scene (第一现场查勘).

The rule table is data (survey_rules.yaml, seed 000 查勘定损员现场查勘范围表); each rule
code has one small predicate here. Every matching rule is returned as a reason. What follows
the survey (复勘, 招标定损, fast track) is in survey_assessment.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from claimdesk.domain.money import InvalidAmount, parse_amount
from claimdesk.workflow.deadlines import SHANGHAI


class DispatchRuleCode(StrEnum):
    TOTAL_LOSS = "TOTAL_LOSS"
    SINGLE_IMMOBILE_OR_REAR = "SINGLE_IMMOBILE_OR_REAR"
    LARGE_LOSS = "LARGE_LOSS"
    NIGHT = "NIGHT"
    OFF_ROAD = "OFF_ROAD"
    NO_POLICE_DAMAGE_INJURY = "NO_POLICE_DAMAGE_INJURY"
    FREQUENT = "FREQUENT"
    OLD_OR_RARE = "OLD_OR_RARE"
    NEAR_POLICY_EDGE = "NEAR_POLICY_EDGE"
    SUSPICIOUS = "SUSPICIOUS"


class Urgency(StrEnum):
    IMMEDIATE = "immediate"  # 立即赶往现场
    DISCRETION = "discretion"  # 视案情决定 / 委托
    ALWAYS = "always"


class AccidentCause(StrEnum):
    COLLISION = "collision"
    THEFT = "theft"  # 盗抢
    SPONTANEOUS_COMBUSTION = "spontaneous_combustion"  # 自燃
    FIRE = "fire"
    ROLLOVER = "rollover"  # 倾覆
    GLASS_BREAKAGE = "glass_breakage"  # 玻璃单独破损
    FLOOD = "flood"
    OTHER = "other"


class SurveyRulesError(ValueError):
    """survey_rules.yaml is malformed; raised on load."""


@dataclass(frozen=True)
class VehicleFacts:
    first_registered: date | None = None
    rare_model: bool = False


@dataclass(frozen=True)
class AutoReport:
    """What is known when the loss is reported (报案). Amounts are estimates in CNY."""

    accident_at: datetime
    cause: AccidentCause
    estimated_vehicle_loss: Decimal
    policy_start: date
    policy_end: date
    place: str = ""
    estimated_total_loss: Decimal | None = None  # with third parties; None → vehicle loss
    parties: int = 1  # vehicles/parties involved; 1 = single-vehicle accident (单方事故)
    total_loss: bool = False  # total or constructive total loss (全损/推定全损)
    vehicle_movable: bool = True
    rear_damage_only: bool = False
    out_of_town: bool = False  # outside the home city (异地出险)
    on_public_road: bool = True
    handled_by_traffic_police: bool = False
    property_damage: bool = False  # damage to property other than the insured vehicle (物损)
    injury: bool = False
    earlier_claims_in_policy_year: int = 0  # on the same vehicle, before this one
    vehicle_new: bool = False
    insured_vehicle: VehicleFacts = field(default_factory=VehicleFacts)
    third_party_vehicles: tuple[VehicleFacts, ...] = ()
    suspicions: tuple[str, ...] = ()  # staff notes or fraud flags


@dataclass(frozen=True)
class DispatchParameters:
    """Numbers of the rule table; defaults are seed 000's (民法典 第一千二百五十九条 bounds)."""

    vehicle_loss_over: Decimal = Decimal("10000")
    out_of_town_loss_from: Decimal = Decimal("30000")
    night_from: time = time(20, 0)
    night_until: time = time(3, 0)
    off_road_loss_from: Decimal = Decimal("800")
    max_parties: int = 2
    claims_from: int = 3
    age_years_from: int = 8
    days_within: int = 15


@dataclass(frozen=True)
class DispatchRule:
    code: DispatchRuleCode
    urgency: Urgency
    message_zh: str
    message_en: str
    source: str


@dataclass(frozen=True)
class SurveyRuleBook:
    rules: tuple[DispatchRule, ...]
    parameters: DispatchParameters = field(default_factory=DispatchParameters)


def dispatch_reasons(
    report: AutoReport, book: SurveyRuleBook | None = None
) -> tuple[DispatchRule, ...]:
    """Every rule the report matches, in table order; empty → no first-scene survey needed."""
    book = default_rule_book() if book is None else book
    _require_aware(report.accident_at)
    return tuple(rule for rule in book.rules if PREDICATES[rule.code](report, book.parameters))


def most_urgent(reasons: Iterable[DispatchRule]) -> Urgency | None:
    """immediate beats always beats discretion; None when nothing matched."""
    order = (Urgency.IMMEDIATE, Urgency.ALWAYS, Urgency.DISCRETION)
    found = {reason.urgency for reason in reasons}
    return next((urgency for urgency in order if urgency in found), None)


# One predicate per rule code; each reads one line of the seed 000 table.
def _total_loss(report: AutoReport, _: DispatchParameters) -> bool:
    causes = {AccidentCause.THEFT, AccidentCause.SPONTANEOUS_COMBUSTION}
    causes |= {AccidentCause.FIRE, AccidentCause.ROLLOVER}
    return report.total_loss or report.cause in causes


def _single_immobile_or_rear(report: AutoReport, _: DispatchParameters) -> bool:
    if report.cause is AccidentCause.GLASS_BREAKAGE:
        return False  # 不包括玻璃单独破损案件
    immobile = report.parties == 1 and not report.vehicle_movable
    return immobile or report.rear_damage_only


def _large_loss(report: AutoReport, p: DispatchParameters) -> bool:
    total = report.estimated_total_loss
    if total is None:
        total = report.estimated_vehicle_loss
    out_of_town = report.out_of_town and total >= p.out_of_town_loss_from
    return report.estimated_vehicle_loss > p.vehicle_loss_over or out_of_town


def _night(report: AutoReport, p: DispatchParameters) -> bool:
    local = report.accident_at.astimezone(SHANGHAI).time()
    if p.night_from <= p.night_until:
        return p.night_from <= local <= p.night_until
    return local >= p.night_from or local <= p.night_until


def _off_road(report: AutoReport, p: DispatchParameters) -> bool:
    return not report.on_public_road and report.estimated_vehicle_loss >= p.off_road_loss_from


def _no_police_damage_injury(report: AutoReport, p: DispatchParameters) -> bool:
    harmed = report.property_damage or report.injury
    return not report.handled_by_traffic_police and report.parties <= p.max_parties and harmed


def _frequent(report: AutoReport, p: DispatchParameters) -> bool:
    return report.earlier_claims_in_policy_year + 1 >= p.claims_from


def _old_or_rare(report: AutoReport, p: DispatchParameters) -> bool:
    day = _accident_day(report)
    vehicles = (report.insured_vehicle, *report.third_party_vehicles)
    return any(v.rare_model or _age_years(v, day) >= p.age_years_from for v in vehicles)


def _near_policy_edge(report: AutoReport, p: DispatchParameters) -> bool:
    day = _accident_day(report)
    after_start = (day - report.policy_start).days
    before_end = (report.policy_end - day).days
    near = 0 <= after_start <= p.days_within or 0 <= before_end <= p.days_within
    return near and not report.vehicle_new


def _suspicious(report: AutoReport, _: DispatchParameters) -> bool:
    return any(note.strip() for note in report.suspicions)


PREDICATES: Mapping[DispatchRuleCode, Callable[[AutoReport, DispatchParameters], bool]] = {
    DispatchRuleCode.TOTAL_LOSS: _total_loss,
    DispatchRuleCode.SINGLE_IMMOBILE_OR_REAR: _single_immobile_or_rear,
    DispatchRuleCode.LARGE_LOSS: _large_loss,
    DispatchRuleCode.NIGHT: _night,
    DispatchRuleCode.OFF_ROAD: _off_road,
    DispatchRuleCode.NO_POLICE_DAMAGE_INJURY: _no_police_damage_injury,
    DispatchRuleCode.FREQUENT: _frequent,
    DispatchRuleCode.OLD_OR_RARE: _old_or_rare,
    DispatchRuleCode.NEAR_POLICY_EDGE: _near_policy_edge,
    DispatchRuleCode.SUSPICIOUS: _suspicious,
}


def _accident_day(report: AutoReport) -> date:
    return report.accident_at.astimezone(SHANGHAI).date()


def _age_years(vehicle: VehicleFacts, on: date) -> int:
    """Full years since first registration; unknown registration counts as new."""
    born = vehicle.first_registered
    if born is None:
        return 0
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"accident_at must be timezone-aware, got {moment!r}")


# Loading survey_rules.yaml --------------------------------------------------------------


@lru_cache(maxsize=1)
def default_rule_book() -> SurveyRuleBook:
    text = resources.files("claimdesk.workflow").joinpath("survey_rules.yaml").read_text("utf-8")
    return parse_rule_book(text)


def parse_rule_book(text: str) -> SurveyRuleBook:
    data = yaml.safe_load(text) or {}
    try:
        rows = list(data["dispatch_rules"])
        rules = tuple(_parse_rule(row) for row in rows)
        params = _parse_parameters(row.get("params") or {} for row in rows)
    except (AttributeError, KeyError, TypeError, ValueError, InvalidAmount) as error:
        raise SurveyRulesError(f"survey_rules.yaml: {error!r}") from error
    if len({rule.code for rule in rules}) != len(rules):
        raise SurveyRulesError("survey_rules.yaml: a rule code appears twice")
    return SurveyRuleBook(rules, params)


def _parse_rule(row: Mapping[str, Any]) -> DispatchRule:
    texts = (str(row[key]) for key in ("message_zh", "message_en", "source"))
    return DispatchRule(DispatchRuleCode(row["code"]), Urgency(row["urgency"]), *texts)


def _parse_parameters(groups: Iterable[Mapping[str, Any]]) -> DispatchParameters:
    merged = {key: value for group in groups for key, value in group.items()}
    kinds = {
        f.name: type(getattr(DispatchParameters(), f.name)) for f in fields(DispatchParameters)
    }
    unknown = set(merged) - set(kinds)
    if unknown:
        raise ValueError(f"unknown params {sorted(unknown)}")
    return DispatchParameters(**{key: _convert(kinds[key], value) for key, value in merged.items()})


def _convert(kind: type, value: Any) -> Any:
    if kind is Decimal:
        return parse_amount(value)
    if kind is time:
        return time.fromisoformat(str(value))
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value
