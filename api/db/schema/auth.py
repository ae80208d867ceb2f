"""Users, their bearer tokens, API keys and the append-only audit log (migration 0002);
failed logins per client address (0009).
Tokens and keys are stored only as HMAC digests."""

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from api.db.schema.common import NOW, chain_columns, id_column, metadata, timestamptz

app_user = Table(
    "app_user",
    metadata,
    id_column(),
    Column("username", Text, nullable=False),
    Column("display_name", Text),
    Column("role", Text, nullable=False),
    Column("communities", ARRAY(BigInteger), nullable=False, server_default=text("'{}'")),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("failed_logins", Integer, nullable=False, server_default=text("0")),
    Column("last_failed_at", timestamptz()),
    Column("locked_until", timestamptz()),
    Column("created_at", timestamptz(), nullable=False, server_default=NOW),
    Column("updated_at", timestamptz(), nullable=False, server_default=NOW),
)
# Usernames are unique whatever their case.
Index("app_user_username_key", func.lower(app_user.c.username), unique=True)

auth_token = Table(
    "auth_token",
    metadata,
    id_column(always=True),
    Column("digest", Text, nullable=False, unique=True),
    Column("user_id", BigInteger, ForeignKey("app_user.id"), nullable=False),
    Column("created_at", timestamptz(), nullable=False, server_default=NOW),
    Column("expires_at", timestamptz(), nullable=False),
    Column("revoked_at", timestamptz()),
    Index("auth_token_user_idx", "user_id"),
)

api_key = Table(
    "api_key",
    metadata,
    id_column(),
    Column("name", Text, nullable=False),
    Column("prefix", Text, nullable=False),
    Column("digest", Text, nullable=False, unique=True),
    Column("scopes", ARRAY(Text), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", timestamptz(), nullable=False, server_default=NOW),
    Column("last_used_at", timestamptz()),
    Column("revoked_at", timestamptz()),
    Column("revoked_by", Text),
)

audit_log = Table(
    "audit_log",
    metadata,
    id_column(always=True),
    Column("at", timestamptz(), nullable=False, server_default=NOW),
    Column("actor", Text, nullable=False),
    Column("actor_kind", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("record_type", Text),
    Column("record_id", BigInteger),
    Column("status", Integer, nullable=False),
    Column("request_id", Text),
    Column("detail", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    *chain_columns(),
    Index("audit_log_at_idx", "at"),
    Index("audit_log_actor_idx", "actor", "at"),
    Index("audit_log_record_idx", "record_type", "record_id"),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("address", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", timestamptz(), nullable=False),
    Column("last_failed_at", timestamptz(), nullable=False),
    comment="Failed logins per client address in the current window.",
)
