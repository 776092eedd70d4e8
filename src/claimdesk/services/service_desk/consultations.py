"""Consultations (咨询): agents log what a customer asked and what they were told; FAQ search.

Also declares the service desk's store (consultations and callbacks, services/callbacks.py).
"""

from __future__ import annotations

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.channels import CONSULTATION_CHANNELS
from claimdesk.domain.errors import ErrorCode, InvalidInput
from claimdesk.domain.refusals import Refused
from claimdesk.domain.service_desk import Consultation
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.service_desk.faq_search import FaqHit, default_index, search

MAX_TEXT = 2000


def search_faq(actor: User, query: str, limit: int = 5) -> list[FaqHit]:
    """Any signed-in user (customers and agents) may search the knowledge base."""
    return search(default_index(), query[:200], max(1, min(limit, 20)))


def log_consultation(context: ServiceContext, *, actor: User, wanted: Consultation) -> Consultation:
    uow, clock = context.uow, context.clock
    require(actor, Permission.SERVE_CUSTOMERS)  # the agents at the desk
    _check_faq_id(wanted.faq_id)
    if wanted.channel not in CONSULTATION_CHANNELS:
        raise InvalidInput("请选择电话、在线、柜面或 App", "choose phone, online, counter or app",
                           field="channel")  # fmt: skip
    question = _text(wanted.question, "question")
    answer = _text(wanted.answer, "answer")
    with uow:
        if wanted.insured_person_id is not None:
            uow.policies.get_insured(wanted.insured_person_id)
        saved = uow.service_desk.add_consultation(
            Consultation(None, wanted.insured_person_id, wanted.channel, question, answer,
                         wanted.faq_id, clock.now(), actor.id)
        )  # fmt: skip
        after = {"channel": str(saved.channel), "faq_id": saved.faq_id}
        uow.audit.append(
            AuditEntry(
                actor.username, "log_consultation", "consultation", str(saved.id), None, after
            ),
            clock.now(),
        )
        uow.commit()
        return saved


def list_consultations(
    context: ServiceContext, *, actor: User, after_id: int | None, limit: int
) -> list[Consultation]:
    uow = context.uow
    require(actor, Permission.SERVE_CUSTOMERS)
    with uow:
        return uow.service_desk.consultations(after_id=after_id, limit=limit)


def _check_faq_id(faq_id: str | None) -> None:
    if faq_id is not None and faq_id not in {e.id for e in default_index().entries}:
        raise Refused(ErrorCode.FAQ_ENTRY_UNKNOWN, field="faq_id")


def _text(text: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput("请填写内容", "please write something", field=field)
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            "内容过长（最多 2000 字）", "too long (2,000 characters at most)", field=field
        )
    return text
