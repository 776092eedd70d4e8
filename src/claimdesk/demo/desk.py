"""The demo's complaints desk and callbacks (投诉, 回访) spread over the demo's last month.

Complaints are logged by phone on settled claims every few days: the older ones classified and
answered, the newest still open within their time limit. A paid claim picked for a callback is
called a few hours after payment when it goes on to be closed; those still paid wait on the
desk's list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from claimdesk.domain.channels import Channel
from claimdesk.domain.complaints import NewComplaint, RootCause, Severity
from claimdesk.domain.service_desk import Callback
from claimdesk.domain.users import User
from claimdesk.services.complaints import use_cases as complaints
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.service_desk.callbacks import record_callback

if TYPE_CHECKING:
    from claimdesk.demo.clock import SteppingClock

UowFactory = Callable[[], UnitOfWork]
COMPLAINTS = (
    ("理赔进度太慢，材料交齐一周还没有结果", RootCause.SLOW_PAYMENT),
    ("理算金额和我算的不一样，希望解释", RootCause.AMOUNT_DISPUTED),
    ("客服电话一直占线", RootCause.SERVICE_ATTITUDE),
    ("赔款到账比承诺的晚了两天", RootCause.SLOW_PAYMENT),
)
ANSWER = "您好，已核实并加急处理，详情已电话告知。"
OPEN_COMPLAINTS = 2  # the newest complaints are still being handled


def load_desk_demo(
    new_uow: UowFactory, clock: SteppingClock, agent: User, claim_ids: list[int], today: datetime
) -> None:
    """Complaints on `claim_ids` (settled claims), one every few days over the last month."""
    count = len(claim_ids)
    for number, claim_id in enumerate(claim_ids):
        clock.moment = today - timedelta(days=28) + timedelta(days=27) * number / max(count, 1)
        context = ServiceContext(uow=new_uow(), clock=clock)
        text, cause = COMPLAINTS[number % len(COMPLAINTS)]
        new = NewComplaint(Channel.PHONE, text, claim_id)
        case = complaints.log_complaint(context, actor=agent, new=new)
        if number >= count - OPEN_COMPLAINTS:
            continue
        for step in (_classify(cause), _answer):
            clock.moment += timedelta(hours=5)
            step(ServiceContext(uow=new_uow(), clock=clock), agent, case.id or 0)


def _classify(cause: RootCause) -> Callable[[ServiceContext, User, int], object]:
    def classify(context: ServiceContext, agent: User, case_id: int) -> object:
        return complaints.classify(context, actor=agent, case_id=case_id,
                                   severity=Severity.ORDINARY, root_cause=cause)  # fmt: skip

    return classify


def _answer(context: ServiceContext, agent: User, case_id: int) -> object:
    return complaints.answer(context, actor=agent, case_id=case_id, text=ANSWER)


def call_back(new_uow: UowFactory, clock: SteppingClock, agent: User, claim_id: int) -> bool:
    """回访 a few hours after payment when the paid claim was picked for a callback."""
    with new_uow() as uow:
        due = {item.claim_id for item in uow.service_desk.due_callbacks(limit=500)}
    if claim_id not in due:
        return False
    clock.moment += timedelta(hours=3)
    reached = claim_id % 3 != 0  # now and then nobody answers
    wanted = Callback(None, claim_id, reached, 5 if reached else None,
                      "回访：客户对理赔服务满意" if reached else "无人接听",
                      clock.moment, agent.id)  # fmt: skip
    record_callback(ServiceContext(uow=new_uow(), clock=clock), actor=agent, claim_id=claim_id,
                    wanted=wanted)  # fmt: skip
    return True
