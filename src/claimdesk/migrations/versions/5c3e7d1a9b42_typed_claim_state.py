"""typed claim state: approval, denial, adjudicator, adjusters, difficult, fast track

Moves what `claims.extra` (a JSON bag of strings) held into typed columns and the
`claim_adjusters` table, then drops `extra`.

Revision ID: 5c3e7d1a9b42
Revises: 240c52f38890
Create Date: 2026-12-02 02:40:00.000000
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "5c3e7d1a9b42"
down_revision = "240c52f38890"
branch_labels = None
depends_on = None

FEN = Decimal("0.01")


def upgrade() -> None:
    op.create_table(
        "claim_adjusters",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("claim_id", "user_id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fast_track", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("adjudicated_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("difficult", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("difficult_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("approved_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("approved_amount", claimdesk.adapters.db.types.Money(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "approved_at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("denial_reason_codes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("denial_clause", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            "fk_claims_adjudicated_by_users", "users", ["adjudicated_by"], ["id"]
        )
        batch_op.create_foreign_key("fk_claims_approved_by_users", "users", ["approved_by"], ["id"])
    _move_extra(op.get_bind())
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("extra")


def _move_extra(connection: sa.Connection) -> None:
    rows = connection.execute(sa.text("SELECT id, extra, updated_at FROM claims")).all()
    for claim_id, raw, updated_at in rows:
        extra = _bag(raw)
        if not extra:
            continue
        columns = _columns(connection, claim_id, extra, updated_at)
        if columns:
            assignments = ", ".join(f"{name} = :{name}" for name in columns)
            update = sa.text(f"UPDATE claims SET {assignments} WHERE id = :claim_id").bindparams(
                *_typed_params(columns)
            )
            connection.execute(update, {**columns, "claim_id": claim_id})
        for position, user_id in enumerate(_ids(extra.get("adjusted_by", ""))):
            connection.execute(
                sa.text(
                    "INSERT INTO claim_adjusters (claim_id, user_id, position)"
                    " VALUES (:claim_id, :user_id, :position)"
                ),
                {"claim_id": claim_id, "user_id": user_id, "position": position},
            )


def _bag(raw: Any) -> dict[str, str]:
    """The JSON column comes back as a dict (PostgreSQL) or its text (SQLite, raw SQL)."""
    if raw is None:
        return {}
    value = json.loads(raw) if isinstance(raw, str) else raw
    return {str(key): str(item) for key, item in dict(value).items()}


def _columns(
    connection: sa.Connection, claim_id: int, extra: dict[str, str], updated_at: Any
) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    if extra.get("fast_track") == "1":
        columns["fast_track"] = True
    if extra.get("difficult") == "1":
        columns["difficult"] = True
    adjudicator = _ids(extra.get("adjudicated_by", ""))
    if adjudicator:
        columns["adjudicated_by"] = adjudicator[0]
    if "denial_clause" in extra or "denial_reason_codes" in extra:
        columns["denial_clause"] = extra.get("denial_clause", "")
        columns["denial_reason_codes"] = [
            code for code in extra.get("denial_reason_codes", "").split(",") if code
        ]
    columns.update(_approval(connection, claim_id, extra, updated_at))
    return columns


def _approval(
    connection: sa.Connection, claim_id: int, extra: dict[str, str], updated_at: Any
) -> dict[str, Any]:
    """The old bag kept no approval time: the audited move to approved gives it (the
    claim's last update if the audit has none)."""
    approver = _ids(extra.get("approved_by", ""))
    try:
        amount = Decimal(extra.get("approved_amount", "")).quantize(FEN)
    except InvalidOperation:
        return {}
    if not approver:
        return {}
    audited = connection.execute(
        sa.text(
            "SELECT MAX(at) FROM audit_records WHERE entity_type = 'claim'"
            " AND entity_id = :entity_id AND action = 'move:approved'"
        ),
        {"entity_id": str(claim_id)},
    ).scalar()
    return {
        "approved_by": approver[0],
        "approved_amount": int(amount / FEN),  # stored as integer fen (Money)
        "approved_at": audited if audited is not None else updated_at,
    }


def _typed_params(columns: dict[str, Any]) -> list[sa.BindParameter[Any]]:
    """Raw values pass through as stored; only the JSON list needs its type to be encoded."""
    return [
        sa.bindparam(name, type_=sa.JSON()) for name in columns if name == "denial_reason_codes"
    ]


def _ids(text: str) -> list[int]:
    seen: list[int] = []
    for part in text.split(","):
        if part.strip().isdigit() and int(part) not in seen:
            seen.append(int(part))
    return seen


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extra", sa.JSON(), nullable=False, server_default="{}"))
    _restore_extra(op.get_bind())
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint("fk_claims_approved_by_users", type_="foreignkey")
        batch_op.drop_constraint("fk_claims_adjudicated_by_users", type_="foreignkey")
        for name in ("denial_clause", "denial_reason_codes", "approved_at", "approved_amount",
                     "approved_by", "difficult_reason", "difficult", "adjudicated_by",
                     "fast_track"):  # fmt: skip
            batch_op.drop_column(name)
    op.drop_table("claim_adjusters")


def _restore_extra(connection: sa.Connection) -> None:
    claims = connection.execute(
        sa.text(
            "SELECT id, fast_track, difficult, adjudicated_by, approved_by, approved_amount,"
            " denial_reason_codes, denial_clause FROM claims"
        )
    ).all()
    for row in claims:
        extra = _old_bag(connection, row)
        update = sa.text("UPDATE claims SET extra = :extra WHERE id = :claim_id").bindparams(
            sa.bindparam("extra", type_=sa.JSON())
        )
        connection.execute(update, {"extra": extra, "claim_id": row.id})


def _old_bag(connection: sa.Connection, row: Any) -> dict[str, str]:
    extra: dict[str, str] = {}
    if row.fast_track:
        extra["fast_track"] = "1"
    if row.difficult:
        extra["difficult"] = "1"
    if row.adjudicated_by is not None:
        extra["adjudicated_by"] = str(row.adjudicated_by)
    if row.approved_by is not None and row.approved_amount is not None:
        extra["approved_by"] = str(row.approved_by)
        extra["approved_amount"] = f"{Decimal(row.approved_amount) * FEN:.2f}"
    if row.denial_clause is not None:
        codes = row.denial_reason_codes
        codes = json.loads(codes) if isinstance(codes, str) else (codes or [])
        extra["denial_reason_codes"] = ",".join(codes)
        extra["denial_clause"] = row.denial_clause
    adjusters = connection.execute(
        sa.text("SELECT user_id FROM claim_adjusters WHERE claim_id = :c ORDER BY position"),
        {"c": row.id},
    ).scalars()
    joined = ",".join(str(user_id) for user_id in adjusters)
    if joined:
        extra["adjusted_by"] = joined
    return extra
