"""Alembic environment: migrations are plain SQL run over one connection.

The database URL comes from the `sqlalchemy.url` option when the service's
`weijian db upgrade` sets it, else from the DATABASE_URL environment variable.
"""

import os

from alembic import context
from sqlalchemy import create_engine, pool

from api.settings import sqlalchemy_url

config = context.config
url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", "")
if not url:
    raise SystemExit("DATABASE_URL is not set: say which PostgreSQL database to migrate.")


def run_migrations_offline() -> None:
    context.configure(url=sqlalchemy_url(url), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
