"""User use cases: add a user, sign in, issue and resolve API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import Duplicate, InvalidCredentials
from claimdesk.domain.users import Role, User
from claimdesk.services.ports import Clock, PasswordHasher, UnitOfWork
from claimdesk.services.users.sign_in import check_password

TOKEN_LIFETIME = timedelta(hours=12)


def add_user(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    insured_person_id: int | None = None,
    actor: str = "system",
) -> User:
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


def authenticate(uow: UnitOfWork, hasher: PasswordHasher, username: str, password: str) -> User:
    with uow:
        found = uow.users.find_with_hash(username)
    if found is None or not found[0].active or not hasher.verify(password, found[1]):
        raise InvalidCredentials()
    return found[0]


def issue_token(uow: UnitOfWork, clock: Clock, user: User) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with uow:
        uow.users.add_token(user.id, _digest(token), now, now + TOKEN_LIFETIME)
        uow.commit()
    return token


def user_for_token(uow: UnitOfWork, clock: Clock, token: str) -> User | None:
    with uow:
        return uow.users.user_for_token(_digest(token), clock.now())


def revoke_token(uow: UnitOfWork, token: str) -> None:
    """Sign-out of an API client: the token stops working at once."""
    with uow:
        uow.users.revoke_token(_digest(token))
        uow.commit()


def sign_out_everywhere(uow: UnitOfWork, clock: Clock, user: User) -> None:
    with uow:
        uow.users.sign_out_everywhere(user.id)
        uow.audit.append(
            AuditEntry(user.username, "sign_out_everywhere", "user", str(user.id)), clock.now()
        )
        uow.commit()


def session_generation(uow: UnitOfWork, user_id: int) -> int:
    with uow:
        return uow.users.session_generation(user_id)


def load_session_user(uow: UnitOfWork, user_id: int) -> tuple[User, int]:
    """The signed-in user of a page and their session generation, in one unit of work."""
    with uow:
        return uow.users.get(user_id), uow.users.session_generation(user_id)


def load_user(uow: UnitOfWork, user_id: int) -> User:
    with uow:
        return uow.users.get(user_id)


def set_language(uow: UnitOfWork, user: User, language: str) -> None:
    with uow:
        uow.users.set_language(user.id, language)
        uow.commit()


def _digest(token: str) -> str:
    # Only the digest is stored: a leaked database does not leak usable tokens.
    return hashlib.sha256(token.encode()).hexdigest()
