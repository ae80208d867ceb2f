"""Alembic environment: migrations are plain SQL run over one connection.

The database is the libpq DSN (URL or key=value form) in the `weijian.dsn` option,
which `weijian db upgrade` sets from the service's settings, else DATABASE_URL.

The schema the migrations build is declared in api/db/schema (`target_metadata`), so
`alembic check` tells whether the database and the declaration agree, and
`alembic revision --autogenerate` drafts a migration from a change there (the options,
shared with tests/test_schema.py, are in api/db/schema/compare.py).
"""

import os

import psycopg
from alembic import context
from sqlalchemy import create_engine, pool

from api.db.schema import metadata
from api.db.schema.compare import AUTOGENERATE_OPTIONS
from api.settings import psycopg_url

config = context.config
dsn = config.get_main_option("weijian.dsn") or os.environ.get("DATABASE_URL", "")
if not dsn:
    raise SystemExit("DATABASE_URL is not set: say which PostgreSQL database to migrate.")
dsn = psycopg_url(dsn)

# What autogenerate and `alembic check` compare the database with, and how.
COMPARE = {"target_metadata": metadata, **AUTOGENERATE_OPTIONS}


def run_migrations_offline() -> None:
    context.configure(dialect_name="postgresql", literal_binds=True, **COMPARE)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # psycopg connects from the DSN itself, so any form libpq accepts works here.
    engine = create_engine(
        "postgresql+psycopg://", creator=lambda: psycopg.connect(dsn), poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True, **COMPARE)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
