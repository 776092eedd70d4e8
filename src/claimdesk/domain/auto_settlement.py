"""Auto settlement inputs recorded by staff: the liability decision (事故责任认定) and whether
交强险 无责代赔 or 互碰自赔 applies. Shares are ratios 0–1 (the API speaks percent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.labels import both
from claimdesk.domain.refusals import Refused

HUNDRED = Decimal(100)


class CompulsoryHandling(StrEnum):
    NORMAL = "normal"  # each party's 交强险 pays what it owes
    SUBSTITUTION = "substitution"  # 无责代赔: we pay the no-fault vehicle's share for our car
    MUTUAL_COLLISION = "mutual_collision"  # 互碰自赔: each insurer pays its own vehicle


@dataclass(frozen=True)
class Liability:
    """责任比例 from the traffic police decision and the 交强险 handling, for one claim."""

    claim_id: int
    share: Decimal  # 0..1
    handling: CompulsoryHandling = CompulsoryHandling.NORMAL
    decision_no: str = ""  # 事故认定书编号
    recorded_by: str = ""
    recorded_at: datetime | None = None


def share_from_percent(percent: Decimal) -> Decimal:
    """A share given in percent (0–100), as a ratio with four places; refused outside."""
    if not percent.is_finite() or percent < 0 or percent > HUNDRED:
        raise Refused(ErrorCode.LIABILITY_SHARE_OUT_OF_RANGE, field="liability_share")
    return (percent / HUNDRED).quantize(Decimal("0.0001"))


def check_handling(handling: CompulsoryHandling, share: Decimal, other_vehicles: int) -> None:
    """互碰自赔 needs other vehicles and every party at fault (0 < share < 100%); 无责代赔
    needs other vehicles and our insured at fault (share > 0)."""
    if handling is CompulsoryHandling.NORMAL:
        return
    why: tuple[str, str] | None = None
    if other_vehicles == 0:
        why = ("单方事故没有其他车辆", "a single-vehicle accident has no other vehicle")
    elif handling is CompulsoryHandling.MUTUAL_COLLISION and not 0 < share < 1:
        why = ("互碰自赔要求各方均有责任", "every party must bear some fault")
    elif handling is CompulsoryHandling.SUBSTITUTION and share == 0:
        why = ("被保险人无责时由对方代赔", "the insured bore no fault")
    if why is not None:
        zh, en = both("compulsory_handling", handling)
        raise Refused(
            ErrorCode.AUTO_HANDLING_NOT_APPLICABLE,
            field="compulsory_handling",
            handling_zh=zh,
            handling_en=en,
            why_zh=why[0],
            why_en=why[1],
        )
