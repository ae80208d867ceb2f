"""Monthly reports (月报, migration 0007): the figures a community submitted for a month,
frozen; append-only. A resubmission names the row it `supersedes`, which must be of the same
community and month (the composite key), and each row is superseded at most once."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from api.db.schema.common import NOW, chain_columns, id_column, metadata, timestamptz

monthly_report = Table(
    "monthly_report",
    metadata,
    id_column(always=True),
    Column("community_id", BigInteger, ForeignKey("community.id"), nullable=False),
    Column("month", Date, nullable=False),
    Column("figures", JSONB, nullable=False),
    Column("rules", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("as_of", timestamptz(), nullable=False),
    Column("submitted_by", Text, nullable=False),
    Column("submitted_at", timestamptz(), nullable=False, server_default=NOW),
    Column("reason", Text),
    Column("supersedes", BigInteger),
    Column("request_id", Text),
    # the heads of the history chains when it was submitted (weijian_chain_heads())
    Column("chain_heads", JSONB),
    *chain_columns(),
    UniqueConstraint("id", "community_id", "month"),
    UniqueConstraint("supersedes"),
    ForeignKeyConstraint(
        ["supersedes", "community_id", "month"],
        ["monthly_report.id", "monthly_report.community_id", "monthly_report.month"],
    ),
    # One first submission per community and month.
    Index(
        "monthly_report_first_key",
        "community_id",
        "month",
        unique=True,
        postgresql_where=text("supersedes IS NULL"),
    ),
    Index("monthly_report_month_idx", "month", "community_id", "id"),
)
