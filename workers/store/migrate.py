"""Apply the Alembic migrations in workers/store/migrations to a database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation would read a "%" in a password as a placeholder.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(engine.url.render_as_string(hide_password=False), connection), revision)


def downgrade(engine, revision: str = "base") -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(engine.url.render_as_string(hide_password=False), connection), revision)
