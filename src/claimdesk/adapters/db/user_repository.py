"""Users and API tokens (tokens are stored only as their SHA-256)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.mapping import user_from_row
from claimdesk.adapters.db.models import ApiTokenRow, UserRow
from claimdesk.domain.errors import NotFound
from claimdesk.domain.users import Role, User, UserProfile

# Built once: read on every queue routing (issue 10: building a statement cost more than
# running it).
_LINES_OF_BUSINESS = select(UserRow.id, UserRow.lines_of_business).where(
    UserRow.id.in_(bindparam("ids", expanding=True))
)


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        *,
        username: str,
        display_name: str,
        role: Role,
        password_hash: str,
        insured_person_id: int | None,
        at: datetime,
    ) -> User:
        row = UserRow(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=password_hash,
            insured_person_id=insured_person_id,
            language="zh",
            active=True,
            created_at=at,
        )
        self.session.add(row)
        self.session.flush()
        return user_from_row(row)

    def get(self, user_id: int) -> User:
        row = self.session.get(UserRow, user_id)
        if row is None:
            raise NotFound("用户 user", user_id)
        return user_from_row(row)

    def find_with_hash(self, username: str) -> tuple[User, str] | None:
        query = select(UserRow).where(UserRow.username == username)
        row = self.session.execute(query).scalar_one_or_none()
        return None if row is None else (user_from_row(row), row.password_hash)

    def exists(self, username: str) -> bool:
        return self.find_with_hash(username) is not None

    def set_language(self, user_id: int, language: str) -> None:
        row = self.session.get(UserRow, user_id)
        if row is not None:
            row.language = language

    def all_users(self) -> list[User]:
        query = select(UserRow).order_by(UserRow.id)
        return [user_from_row(row) for row in self.session.execute(query).scalars()]

    def names(self, user_ids: set[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        query = select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(user_ids))
        return dict(self.session.execute(query).all())

    def lines_of_business(self, user_ids: set[int]) -> dict[int, tuple[str, ...]]:
        """Users limited to some lines; users absent from the answer take every line."""
        if not user_ids:
            return {}
        found = self.session.execute(_LINES_OF_BUSINESS, {"ids": sorted(user_ids)})
        return {uid: tuple(lines) for uid, lines in found if lines}

    def add_token(self, user_id: int, token_hash: str, at: datetime, expires: datetime) -> None:
        self.session.add(
            ApiTokenRow(user_id=user_id, token_hash=token_hash, created_at=at, expires_at=expires)
        )

    def user_for_token(self, token_hash: str, now: datetime) -> User | None:
        query = (
            select(UserRow)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(ApiTokenRow.token_hash == token_hash, ApiTokenRow.expires_at > now)
        )
        row = self.session.execute(query).scalar_one_or_none()
        return None if row is None or not row.active else user_from_row(row)

    def update_profile(self, user_id: int, profile: UserProfile) -> None:
        self.session.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(display_name=profile.display_name, role=str(profile.role),
                    phone=profile.phone or None, email=profile.email or None)
        )  # fmt: skip

    def set_active(self, user_id: int, active: bool) -> None:
        self.session.execute(update(UserRow).where(UserRow.id == user_id).values(active=active))

    def revoke_token(self, token_hash: str) -> None:
        self.session.execute(delete(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))

    def session_generation(self, user_id: int) -> int:
        row = self.session.get(UserRow, user_id)
        return -1 if row is None else row.session_generation

    def sign_out_everywhere(self, user_id: int) -> None:
        """Every API token goes, and browser sessions of an older generation stop working."""
        self.session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == user_id))
        self.session.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(session_generation=UserRow.session_generation + 1)
        )
