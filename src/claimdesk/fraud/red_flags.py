"""Red flags (疑点) as data, evaluated by pure functions over `ClaimFacts`.

Only a blacklist hit or an exact duplicate invoice stops a claim; every other flag adds its
weight, and enough weight routes the claim to an investigator (seed 004: 多次索赔客户 and
高赔付率客户 warnings; seed 000: 打假防骗).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.fraud.red_flag_config import FlagDefinition, RedFlagTable


@dataclass(frozen=True)
class ClaimFacts:
    """What the checks need to know about one claim; the service gathers it, no queries here."""

    claim_id: str
    insured_id: str
    policy_start: datetime
    policy_end: datetime
    incident_at: datetime
    reported_at: datetime
    amount: Decimal
    prior_claims_in_policy_year: int = 0
    loss_ratio: Decimal = Decimal("0")
    supplement_count: int = 0
    blacklisted: bool = False
    duplicate_invoice: bool = False

    def __post_init__(self) -> None:
        for name in ("policy_start", "policy_end", "incident_at", "reported_at"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"{name} must be an aware datetime")


@dataclass(frozen=True)
class RedFlag:
    code: str
    weight: int
    message_zh: str
    message_en: str
    details: dict[str, Any] = field(default_factory=dict, compare=False)


class Routing(StrEnum):
    PROCEED = "proceed"
    INVESTIGATE = "investigate"
    HARD_STOP = "hard_stop"


@dataclass(frozen=True)
class RiskDecision:
    routing: Routing
    flags: tuple[RedFlag, ...]
    total_weight: int


Check = Callable[[ClaimFacts, dict[str, Any]], dict[str, Any] | None]


def frequent_claimant(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    prior = facts.prior_claims_in_policy_year
    return {"prior_claims": prior} if prior >= int(params["min_prior_claims"]) else None


def near_policy_start(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    days = (facts.incident_at - facts.policy_start).days
    return {"days": days} if 0 <= days <= int(params["days"]) else None


def near_policy_end(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    days = (facts.policy_end - facts.incident_at).days
    return {"days": days} if 0 <= days <= int(params["days"]) else None


def night_accident(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    """Night is judged on the local clock: 20:00 to 03:00 by default, across midnight."""
    local = facts.incident_at.astimezone(ZoneInfo(str(params["timezone"])))
    start, end = time(int(params["from_hour"])), time(int(params["until_hour"]))
    at_night = local.time() >= start or local.time() < end
    return {"time": local.strftime("%H:%M")} if at_night else None


def just_under_threshold(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    """Amounts shaved to stay below a fast-track or approval-authority line."""
    margin = Decimal(str(params["margin"]))
    for raw in params["thresholds"]:
        threshold = Decimal(str(raw))
        if threshold * (1 - margin) <= facts.amount < threshold:
            return {"amount": facts.amount, "threshold": threshold}
    return None


def high_loss_ratio(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    high = facts.loss_ratio >= Decimal(str(params["min_loss_ratio"]))
    return {"loss_ratio": facts.loss_ratio} if high else None


def late_report(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    delay = facts.reported_at - facts.incident_at
    late = delay > timedelta(days=int(params["days"]))
    return {"days": delay.days} if late else None


def many_supplements(facts: ClaimFacts, params: dict[str, Any]) -> dict[str, Any] | None:
    count = facts.supplement_count
    return {"supplements": count} if count >= int(params["min_supplements"]) else None


CHECKS: dict[str, Check] = {
    "FREQUENT_CLAIMANT": frequent_claimant,
    "NEAR_POLICY_START": near_policy_start,
    "NEAR_POLICY_END": near_policy_end,
    "NIGHT_ACCIDENT": night_accident,
    "JUST_UNDER_THRESHOLD": just_under_threshold,
    "HIGH_LOSS_RATIO": high_loss_ratio,
    "LATE_REPORT": late_report,
    "MANY_SUPPLEMENTS": many_supplements,
}


def raised_flags(facts: ClaimFacts, table: RedFlagTable) -> tuple[RedFlag, ...]:
    """Every configured flag that this claim raises, with its explanation filled in."""
    return tuple(
        _flag(definition, found)
        for definition in table.flags
        if (found := CHECKS[definition.code](facts, definition.params)) is not None
    )


def _flag(definition: FlagDefinition, found: dict[str, Any]) -> RedFlag:
    return RedFlag(
        definition.code,
        definition.weight,
        definition.message_zh.format(**found),
        definition.message_en.format(**found),
        found,
    )


def assess(facts: ClaimFacts, table: RedFlagTable, extra: tuple[RedFlag, ...] = ()) -> RiskDecision:
    """Hard stop on a blacklist hit or an exact duplicate invoice; else weigh the flags
    (`extra`: flags the caller found outside `ClaimFacts`, e.g. a possible duplicate visit)."""
    flags = raised_flags(facts, table) + extra + _hard_stops(facts)
    total = sum(flag.weight for flag in flags)
    if facts.blacklisted or facts.duplicate_invoice:
        return RiskDecision(Routing.HARD_STOP, flags, total)
    routing = Routing.INVESTIGATE if total >= table.investigate_at else Routing.PROCEED
    return RiskDecision(routing, flags, total)


def _hard_stops(facts: ClaimFacts) -> tuple[RedFlag, ...]:
    stops = []
    if facts.blacklisted:
        stops.append(
            RedFlag("BLACKLIST", 0, "被保险人在道德风险黑名单内", "insured is blacklisted")
        )
    if facts.duplicate_invoice:
        stops.append(RedFlag("DUPLICATE_INVOICE", 0, "发票重复报销", "invoice already claimed"))
    return tuple(stops)
