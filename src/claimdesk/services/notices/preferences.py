"""The customer's own side of notices: their messages (in-app and per claim) and the contact
preference (channels, language, addresses) that decides where the hooks in use_cases.py write."""

from __future__ import annotations

from dataclasses import replace

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.channels import DELIVERY_CHANNELS, Channel
from claimdesk.domain.errors import ErrorCode, Forbidden, InvalidInput
from claimdesk.domain.notices import ContactPreference, OutboxMessage
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.notices.templates import LANGUAGES
from claimdesk.services.notices.use_cases import default_preference


def my_messages(context: ServiceContext, *, actor: User) -> list[OutboxMessage]:
    """The customer's in-app messages, oldest first."""
    uow = context.uow
    require(actor, Permission.READ_OWN_CLAIMS)
    with uow:
        return uow.outbox.in_app_for(actor.insured_person_id or -1)


def claim_messages(context: ServiceContext, *, actor: User, claim_id: int) -> list[OutboxMessage]:
    """Every message of a claim on every channel, with its delivery status (staff, customer)."""
    uow = context.uow
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.outbox.for_claim(claim_id)


def get_preference(
    context: ServiceContext, *, actor: User, insured_id: int | None
) -> ContactPreference:
    uow = context.uow
    with uow:
        insured = uow.policies.get_insured(_whose(actor, insured_id))
        return uow.outbox.preference(insured.id or 0) or default_preference(insured)


def set_preference(
    context: ServiceContext, *, actor: User, insured_id: int | None, wanted: ContactPreference
) -> ContactPreference:
    """The customer, or staff on the customer's behalf (e.g. on the phone), sets the channels."""
    uow, clock = context.uow, context.clock
    _check_preference(wanted)
    if actor.role != Role.CUSTOMER:
        # Redirecting someone's notices is how a payout fraud hides; only the service desk
        # (on the customer's call) may, and the trail keeps both addresses.
        require(actor, Permission.CHANGE_CONTACTS)
    with uow:
        insured = uow.policies.get_insured(_whose(actor, insured_id))
        old = uow.outbox.preference(insured.id or 0) or default_preference(insured)
        preference = replace(wanted, insured_person_id=insured.id or 0)
        uow.outbox.save_preference(preference, clock.now())
        entry = AuditEntry(actor.username, "set_contact_preferences", "insured_person",
                           str(insured.id), _contacts(old), _contacts(preference))  # fmt: skip
        uow.audit.append(entry, clock.now())
        uow.commit()
        return preference


def _contacts(preference: ContactPreference) -> dict[str, object]:
    return {"channels": list(preference.channels), "language": preference.language,
            "email": preference.email, "phone": preference.phone}  # fmt: skip


def _whose(actor: User, insured_id: int | None) -> int:
    """A customer edits only their own; staff name the insured person they act for."""
    if actor.role == Role.CUSTOMER:
        if insured_id not in (None, actor.insured_person_id) or actor.insured_person_id is None:
            raise Forbidden("只能修改本人的通知设置", "customers set only their own preferences")
        return actor.insured_person_id
    require(actor, Permission.READ_ALL_CLAIMS)
    if insured_id is None:
        raise InvalidInput("请指定被保险人", "name the insured person", field="insured_person_id")
    return insured_id


def _check_preference(preference: ContactPreference) -> None:
    if not DELIVERY_CHANNELS.issuperset(preference.channels):
        raise InvalidInput("请选择短信、电子邮件或站内信", "choose SMS, e-mail or in-app",
                           field="channels")  # fmt: skip
    if Channel.EMAIL in preference.channels and "@" not in preference.email:
        raise Refused(ErrorCode.CONTACT_EMAIL_MISSING, field="email")
    if Channel.SMS in preference.channels and not preference.phone.strip():
        raise Refused(ErrorCode.CONTACT_PHONE_MISSING, field="phone")
    if preference.language not in LANGUAGES:
        raise InvalidInput("语言无效", "unknown language", field="language")
