"""The demo's public logins (migration 0008): written only by `weijian demo load`, read
by the login page only when WEIJIAN_ENV=demo."""

from sqlalchemy import Column, SmallInteger, Table, Text, text

from api.db.schema.common import metadata

demo_login = Table(
    "demo_login",
    metadata,
    Column("position", SmallInteger, primary_key=True, autoincrement=False),
    Column("username", Text, nullable=False, unique=True),
    Column("password", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("name", Text, nullable=False, server_default=text("''")),
    comment="The demo's public logins: written by `weijian demo load` only, read only when "
    "WEIJIAN_ENV=demo.",
)
