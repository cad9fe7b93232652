"""Alembic environment: the URL comes from the caller (workers/store/migrate.py), which reads
CORROBORATE_DATABASE_URL through config.settings, so migrations and the app use one setting."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from config.settings import DatabaseSettings
from workers.store.tables import include_name, metadata

def run_migrations() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or DatabaseSettings.from_env().engine_url
    engine = create_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, include_name=include_name,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
