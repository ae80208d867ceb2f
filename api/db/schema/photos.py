"""Photos (影像锁定, migration 0005). The owner is polymorphic (a violation, household, sweep
or complaint), so it has no foreign key: the service checks it."""

from sqlalchemy import BigInteger, Column, Double, Index, Integer, Table, Text

from api.db.schema.common import (
    NOW,
    geometry,
    id_column,
    metadata,
    soft_delete_columns,
    timestamptz,
)

photo = Table(
    "photo",
    metadata,
    id_column(),
    Column("sha256", Text, nullable=False),
    Column("owner_type", Text, nullable=False),
    Column("owner_id", BigInteger, nullable=False),
    Column("stage", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("taken_at", timestamptz()),
    Column("gps", geometry("POINT")),
    Column("gps_distance_m", Double),
    Column("original_name", Text),
    Column("caption", Text),
    Column("uploaded_by", Text, nullable=False),
    Column("uploaded_at", timestamptz(), nullable=False, server_default=NOW),
    Column("request_id", Text),
    *soft_delete_columns(),
    Index("photo_owner_idx", "owner_type", "owner_id"),
    Index("photo_sha256_idx", "sha256"),
    Index("photo_gps_idx", "gps", postgresql_using="gist"),
)
