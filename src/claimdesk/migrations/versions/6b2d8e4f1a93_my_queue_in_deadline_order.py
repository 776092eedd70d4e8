"""my queue read in deadline order from its index (issue 17)

`ix_tasks_assignee_status` (assignee, status) becomes `ix_tasks_assignee_status_due`
(assignee, status, due_at, id): the queue's keyset order. A specialist's queue page (open
tasks, soonest deadline first, 50 a page) read every open task of theirs and sorted them
(≈ 1,200 in the bench: most of a queue request); now it reads the page from the index.
Same rows, same order (id breaks ties); the (assignee, status) lookups use its prefix.

Revision ID: 6b2d8e4f1a93
Revises: 027a6554fe91
Create Date: 2026-12-03 10:50:00
"""

from __future__ import annotations

from alembic import op

revision = "6b2d8e4f1a93"
down_revision = "027a6554fe91"
branch_labels = None
depends_on = None

COLUMNS = ["assignee_id", "status", "due_at", "id"]


def upgrade() -> None:
    op.create_index("ix_tasks_assignee_status_due", "tasks", COLUMNS, unique=False)
    op.drop_index("ix_tasks_assignee_status", table_name="tasks")


def downgrade() -> None:
    op.create_index("ix_tasks_assignee_status", "tasks", ["assignee_id", "status"], unique=False)
    op.drop_index("ix_tasks_assignee_status_due", table_name="tasks")
