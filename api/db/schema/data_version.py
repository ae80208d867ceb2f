"""The data version of each community (migration 0011): a fresh value of the sequence
data_version_seq after every statement writing a row that belongs to it (triggers on the
record tables and on grid_stat), so that a cached tile knows when it is stale."""

from sqlalchemy import BigInteger, Column, Table

from api.db.schema.common import NOW, metadata, timestamptz

# community_id 0: records without a community.
data_version = Table(
    "data_version",
    metadata,
    Column("community_id", BigInteger, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("changed_at", timestamptz(), nullable=False, server_default=NOW),
)
