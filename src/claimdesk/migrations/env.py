"""Alembic environment: target metadata is ClaimDesk's tables."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy import engine_from_config, pool

from claimdesk.adapters.db.models import Base

config = context.config
target_metadata = Base.metadata
# SQLite cannot reflect the duplicate scan's expression indexes (ix_visits_receipt_key,
# ix_visits_date_hospital), so autogenerate skips comparing them there: expected, not news.
warnings.filterwarnings("ignore", message=".*expression-based index")


def run_migrations() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
