"""audit entries keyed for an idempotent drain and read by time; documents indexed by age

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_created_at", "documents", ["created_at"])
    with op.batch_alter_table("audit_log") as table:
        # Rows from before this revision get their row id as entry id: unique, and never the
        # shape of a new one (32 hex digits).
        table.add_column(sa.Column("entry_id", sa.String(40), nullable=True))
    op.execute("UPDATE audit_log SET entry_id = CAST(row_id AS VARCHAR(40))")
    with op.batch_alter_table("audit_log") as table:
        table.alter_column("entry_id", existing_type=sa.String(40), nullable=False)
        table.create_unique_constraint("uq_audit_log_entry_id", ["entry_id"])
        table.drop_index("ix_audit_log_workspace_row_id")
        table.create_index("ix_audit_log_workspace_at_row_id", ["workspace", "at", "row_id"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as table:
        table.drop_index("ix_audit_log_workspace_at_row_id")
        table.create_index("ix_audit_log_workspace_row_id", ["workspace", "row_id"])
        table.drop_constraint("uq_audit_log_entry_id", type_="unique")
        table.drop_column("entry_id")
    op.drop_index("ix_documents_created_at", "documents")
