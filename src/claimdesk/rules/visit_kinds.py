"""Which visits are for the accident (学生平安 附加险 4) rather than a disease (附加险 5)."""

from __future__ import annotations

from claimdesk.rules.model import Visit
from claimdesk.rules.terms import VisitGates


def is_accident_visit(visit: Visit, gates: VisitGates) -> bool:
    return gates.accident_kinds is None or visit.kind in gates.accident_kinds
