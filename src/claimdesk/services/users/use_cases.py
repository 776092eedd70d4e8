"""User use cases: add a user, sign in, issue and resolve API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import Duplicate, InvalidCredentials
from claimdesk.domain.users import Role, User
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import PasswordHasher
from claimdesk.services.users.sign_in import check_password

TOKEN_LIFETIME = timedelta(hours=12)


def add_user(
    context: ServiceContext,
    *,
    hasher: PasswordHasher,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    insured_person_id: int | None = None,
    actor: str = "system",
) -> User:
    uow, clock = context.uow, context.clock
    check_password(password, username)
    with uow:
        if uow.users.exists(username):
            raise Duplicate(
                f"用户名已存在：{username}", f"user {username} exists", field="username"
            )
        user = uow.users.add(
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=hasher.hash(password),
            insured_person_id=insured_person_id,
            at=clock.now(),
        )
        uow.audit.append(
            AuditEntry(
                actor=actor,
                action="add_user",
                entity_type="user",
                entity_id=str(user.id),
                after={"role": str(role)},
            ),
            clock.now(),
        )
        uow.commit()
        return user


def authenticate(
    context: ServiceContext, *, hasher: PasswordHasher, username: str, password: str
) -> User:
    uow = context.uow
    with uow:
        found = uow.users.find_with_hash(username)
    if found is None or not found[0].active or not hasher.verify(password, found[1]):
        raise InvalidCredentials()
    return found[0]


def issue_token(context: ServiceContext, *, user: User) -> str:
    uow, clock = context.uow, context.clock
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with uow:
        uow.users.add_token(user.id, _digest(token), now, now + TOKEN_LIFETIME)
        uow.commit()
    return token


def user_for_token(context: ServiceContext, *, token: str) -> User | None:
    uow, clock = context.uow, context.clock
    with uow:
        return uow.users.user_for_token(_digest(token), clock.now())


def revoke_token(context: ServiceContext, *, token: str) -> None:
    """Sign-out of an API client: the token stops working at once."""
    uow = context.uow
    with uow:
        uow.users.revoke_token(_digest(token))
        uow.commit()


def sign_out_everywhere(context: ServiceContext, *, user: User) -> None:
    uow, clock = context.uow, context.clock
    with uow:
        uow.users.sign_out_everywhere(user.id)
        uow.audit.append(
            AuditEntry(user.username, "sign_out_everywhere", "user", str(user.id)), clock.now()
        )
        uow.commit()


def session_generation(context: ServiceContext, *, user_id: int) -> int:
    uow = context.uow
    with uow:
        return uow.users.session_generation(user_id)


def load_session_user(context: ServiceContext, *, user_id: int) -> tuple[User, int]:
    """The signed-in user of a page and their session generation, in one unit of work."""
    uow = context.uow
    with uow:
        return uow.users.get(user_id), uow.users.session_generation(user_id)


def load_user(context: ServiceContext, *, user_id: int) -> User:
    uow = context.uow
    with uow:
        return uow.users.get(user_id)


def set_language(context: ServiceContext, *, user: User, language: str) -> None:
    uow = context.uow
    with uow:
        uow.users.set_language(user.id, language)
        uow.commit()


def _digest(token: str) -> str:
    # Only the digest is stored: a leaked database does not leak usable tokens.
    return hashlib.sha256(token.encode()).hexdigest()
