"""documents with their full-text index, results with history, audit log, API keys

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

# FTS5 external-content table kept in step with `documents` by triggers; porter stems like the
# english tsvector on PostgreSQL, so both backends match "strikes" with "strike".
SQLITE_FULL_TEXT = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', content_rowid='row_id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, text) VALUES (new.row_id, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.row_id, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.row_id, old.text); "
    "INSERT INTO documents_fts(rowid, text) VALUES (new.row_id, new.text); END",
]
POSTGRESQL_FULL_TEXT = [
    "ALTER TABLE documents ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("source", JSON, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("published_at", sa.String(40)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("row_id", name="pk_documents"),
        sa.UniqueConstraint("workspace", "id", name="uq_documents_workspace_id"),
    )
    op.create_index("ix_documents_workspace_created_at", "documents", ["workspace", "created_at"])
    op.create_table(
        "results",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("statement_id", sa.String(120), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("result", JSON, nullable=False),
        sa.Column("scorer_version", sa.String(40), nullable=False),
        sa.Column("computed_at", TIMESTAMP, nullable=False),
        sa.Column("cause", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("row_id", name="pk_results"),
    )
    op.create_index("ix_results_workspace_statement_id_row_id", "results", ["workspace", "statement_id", "row_id"])
    op.create_table(
        "audit_log",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("actor_key_id", sa.String(64)),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("before", JSON),
        sa.Column("after", JSON),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("row_id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_workspace_row_id", "audit_log", ["workspace", "row_id"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("label", sa.String(200), nullable=False, server_default=""),
        sa.Column("key_hash", sa.String(128), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_workspace", "api_keys", ["workspace"])
    for statement in (SQLITE_FULL_TEXT if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_FULL_TEXT):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER documents_fts_{trigger}")
        op.execute("DROP TABLE documents_fts")
    for table in ("api_keys", "audit_log", "results", "documents"):
        op.drop_table(table)
