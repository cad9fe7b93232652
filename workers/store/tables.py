"""Every table of the system of record, as SQLAlchemy Core, for SQLite and PostgreSQL alike.

Each row carries its `workspace`: one database serves every workspace, and every query filters on it.
The full-text index is not a column here: it differs by dialect (an FTS5 table on SQLite, a generated
tsvector column on PostgreSQL) and is created by the first migration (workers/store/search.py reads it).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
})

Document = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)

documents = Table(
    "documents", metadata,
    # An integer key of our own: FTS5's external-content table is keyed by an integer rowid.
    Column("row_id", Integer, primary_key=True, autoincrement=True),
    Column("id", String(80), nullable=False),
    Column("workspace", String(64), nullable=False),
    # A source is a publisher id or an object describing it (service/schemas.py).
    Column("source", Document, nullable=False),
    Column("url", Text),
    Column("published_at", String(40)),
    Column("text", Text, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    UniqueConstraint("workspace", "id"),
    Index(None, "workspace", "created_at"),
    # Retention sweeps every workspace by age (workers/store/retention.py).
    Index(None, "created_at"),
)

results = Table(
    "results", metadata,
    # Every scoring is a row: the latest one is the result, the earlier ones its history.
    Column("row_id", Integer, primary_key=True, autoincrement=True),
    Column("statement_id", String(120), nullable=False),
    Column("workspace", String(64), nullable=False),
    Column("result", Document, nullable=False),
    Column("scorer_version", String(40), nullable=False),
    Column("computed_at", Timestamp, nullable=False),
    # Why this scoring happened: "first scoring", "registry changed", "document stored", ...
    Column("cause", String(200), nullable=False),
    Index(None, "workspace", "statement_id", "row_id"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("row_id", Integer, primary_key=True, autoincrement=True),
    # Made when the entry is recorded: an entry buffered in Redis while the database was away is
    # inserted once however often its drain is retried (service/audit.py).
    Column("entry_id", String(40), nullable=False, unique=True),
    Column("workspace", String(64), nullable=False),
    # None for what an operator did from the command line.
    Column("actor_key_id", String(64)),
    Column("role", String(20), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(200), nullable=False),
    Column("before", Document),
    Column("after", Document),
    Column("at", Timestamp, nullable=False),
    # Read newest first by when it happened: a buffered entry may be inserted after later ones.
    Index(None, "workspace", "at", "row_id"),
)

api_keys = Table(
    "api_keys", metadata,
    Column("id", String(64), primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("role", String(20), nullable=False),
    Column("label", String(200), nullable=False, server_default=""),
    # A digest of the secret, never the secret itself.
    Column("key_hash", String(128), nullable=False, unique=True),
    Column("created_at", Timestamp, nullable=False),
    Column("revoked_at", Timestamp),
    Index(None, "workspace"),
)

# The full-text index is dialect-specific DDL made by the first migration, not part of the tables
# above: schema comparisons (Alembic autogenerate, tests/workers/store/test_migrations.py) skip it.
FULL_TEXT_NAMES = frozenset({
    "documents_fts", "documents_fts_data", "documents_fts_idx", "documents_fts_docsize", "documents_fts_config",
    "search_vector", "ix_documents_search_vector",
})


def include_name(name, type_, parent_names) -> bool:
    return name not in FULL_TEXT_NAMES
