"""Alembic environment: migrate the engine handed over in config.attributes (or the configured URL)."""

from alembic import context
from sqlalchemy import create_engine, text

from narrator.store import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))

MIGRATION_LOCK = 7_254_917_303
"""PostgreSQL advisory lock key: the app and every worker migrate at start; one at a time."""

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
