"""claims' and tasks' revisions, moved by the database on every write their API answers read

Issue 17.
`claims.revision` changes in the same transaction as every write to what `GET
/api/claims/{id}` answers: the claim's row, its visits, their bill lines and the insured's
name. Database triggers move it, so every writer is covered (the ORM, table statements,
another process, a hand-made fix). The web process keeps a claim's answer while its revision
stays (web/claim_answers.py).

A revision is never given twice, to any row: a deleted claim's id taken again by a new
claim cannot meet an answer kept for the old one. SQLite takes it from the one-row
`revision_clock` (writers are one at a time there anyway); PostgreSQL from the
sequence `revisions` (a row would serialise concurrent writers until they commit).

Revision ID: 9c4e1f7a2d60
Revises: 6b2d8e4f1a93
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9c4e1f7a2d60"
down_revision = "6b2d8e4f1a93"
branch_labels = None
depends_on = None

# SQLite. The claim's own triggers give a new revision; the others "touch" the claim (an
# UPDATE that sets nothing new still fires the claim's update trigger). The WHEN keeps the
# trigger from firing on its own revision write.
_NEXT = (
    # A clock row deleted (a table emptied by hand or by a test) comes back past every
    # revision stored; the rows are scanned only then.
    "INSERT INTO revision_clock (id, n) SELECT 1, MAX("
    "(SELECT COALESCE(MAX(revision), 0) FROM claims), "
    "(SELECT COALESCE(MAX(revision), 0) FROM tasks)) "
    "WHERE NOT EXISTS (SELECT 1 FROM revision_clock WHERE id = 1); "
    "UPDATE revision_clock SET n = n + 1 WHERE id = 1; "
    "UPDATE {table} SET revision = (SELECT n FROM revision_clock WHERE id = 1) "
    "WHERE id = NEW.id;"
)
_TOUCH = "UPDATE claims SET revision = revision WHERE id = {claim};"
_LINE_CLAIM = "(SELECT claim_id FROM visits WHERE id = {row}.visit_id)"
_SQLITE = (
    *(
        statement.format(table=table, next=_NEXT.format(table=table))
        for table in ("claims", "tasks")
        for statement in (
            "CREATE TRIGGER {table}_revision_insert AFTER INSERT ON {table} BEGIN {next} END",
            "CREATE TRIGGER {table}_revision_update AFTER UPDATE ON {table} "
            "WHEN NEW.revision IS OLD.revision BEGIN {next} END",
        )
    ),
    "CREATE TRIGGER visits_revision_insert AFTER INSERT ON visits BEGIN "
    f"{_TOUCH.format(claim='NEW.claim_id')} END",
    "CREATE TRIGGER visits_revision_update AFTER UPDATE ON visits BEGIN "
    f"{_TOUCH.format(claim='OLD.claim_id')} {_TOUCH.format(claim='NEW.claim_id')} END",
    "CREATE TRIGGER visits_revision_delete AFTER DELETE ON visits BEGIN "
    f"{_TOUCH.format(claim='OLD.claim_id')} END",
    "CREATE TRIGGER bill_lines_revision_insert AFTER INSERT ON bill_lines BEGIN "
    f"{_TOUCH.format(claim=_LINE_CLAIM.format(row='NEW'))} END",
    "CREATE TRIGGER bill_lines_revision_update AFTER UPDATE ON bill_lines BEGIN "
    f"{_TOUCH.format(claim=_LINE_CLAIM.format(row='OLD'))} "
    f"{_TOUCH.format(claim=_LINE_CLAIM.format(row='NEW'))} END",
    "CREATE TRIGGER bill_lines_revision_delete AFTER DELETE ON bill_lines BEGIN "
    f"{_TOUCH.format(claim=_LINE_CLAIM.format(row='OLD'))} END",
    "CREATE TRIGGER insured_persons_revision_update AFTER UPDATE ON insured_persons "
    "WHEN NEW.name IS NOT OLD.name OR NEW.id IS NOT OLD.id BEGIN "
    "UPDATE claims SET revision = revision "
    "WHERE insured_person_id IN (OLD.id, NEW.id); END",
)
_SQLITE_NAMES = (
    "claims_revision_insert", "claims_revision_update", "tasks_revision_insert",
    "tasks_revision_update", "visits_revision_insert",
    "visits_revision_update", "visits_revision_delete", "bill_lines_revision_insert",
    "bill_lines_revision_update", "bill_lines_revision_delete", "insured_persons_revision_update",
)  # fmt: skip

_PG_TOUCH = "UPDATE claims SET revision = revision WHERE id = {claim};"
_POSTGRES = (
    "CREATE SEQUENCE revisions",
    """CREATE FUNCTION new_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.revision := nextval('revisions'); RETURN NEW; END $$""",
    """CREATE TRIGGER claims_revision BEFORE INSERT OR UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION new_revision()""",
    """CREATE TRIGGER tasks_revision BEFORE INSERT OR UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION new_revision()""",
    f"""CREATE FUNCTION visits_touch_claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN {_PG_TOUCH.format(claim="OLD.claim_id")} END IF;
      IF TG_OP <> 'DELETE' THEN {_PG_TOUCH.format(claim="NEW.claim_id")} END IF;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER visits_touch_claim AFTER INSERT OR UPDATE OR DELETE ON visits
    FOR EACH ROW EXECUTE FUNCTION visits_touch_claim()""",
    f"""CREATE FUNCTION bill_lines_touch_claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        {_PG_TOUCH.format(claim="(SELECT claim_id FROM visits WHERE id = OLD.visit_id)")}
      END IF;
      IF TG_OP <> 'DELETE' THEN
        {_PG_TOUCH.format(claim="(SELECT claim_id FROM visits WHERE id = NEW.visit_id)")}
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER bill_lines_touch_claim AFTER INSERT OR UPDATE OR DELETE ON bill_lines
    FOR EACH ROW EXECUTE FUNCTION bill_lines_touch_claim()""",
    """CREATE FUNCTION insured_persons_touch_claims() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims SET revision = revision WHERE insured_person_id IN (OLD.id, NEW.id);
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER insured_persons_touch_claims AFTER UPDATE ON insured_persons
    FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name OR NEW.id IS DISTINCT FROM OLD.id)
    EXECUTE FUNCTION insured_persons_touch_claims()""",
)


def upgrade() -> None:
    for table in ("claims", "tasks"):
        column = sa.Column("revision", sa.Integer(), server_default="0", nullable=False)
        op.add_column(table, column)
    op.create_table(
        "revision_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO revision_clock (id, n) VALUES (1, 0)")
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRES if postgres else _SQLITE:
        op.execute(statement)
    # Rows already stored get a revision of their own from the clock or the sequence.
    op.execute("UPDATE claims SET revision = revision")
    op.execute("UPDATE tasks SET revision = revision")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER insured_persons_touch_claims ON insured_persons")
        op.execute("DROP TRIGGER bill_lines_touch_claim ON bill_lines")
        op.execute("DROP TRIGGER visits_touch_claim ON visits")
        op.execute("DROP TRIGGER claims_revision ON claims")
        op.execute("DROP TRIGGER tasks_revision ON tasks")
        for function in (
            "insured_persons_touch_claims", "bill_lines_touch_claim", "visits_touch_claim",
            "new_revision",
        ):  # fmt: skip
            op.execute(f"DROP FUNCTION {function}()")
        op.execute("DROP SEQUENCE revisions")
    else:
        for name in _SQLITE_NAMES:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("revision_clock")
    for table in ("claims", "tasks"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("revision")
