"""Households (一户一档, migration 0001): a household of a compound, optionally a point on
its building."""

from sqlalchemy import BigInteger, Column, Index, Table, Text

from api.db.schema.common import bookkeeping_columns, geometry, id_column, metadata
from api.db.schema.places import in_compound

household = Table(
    "household",
    metadata,
    id_column(),
    Column("compound_id", BigInteger, nullable=False),
    Column("community_id", BigInteger, nullable=False),
    Column("building", Text, nullable=False),
    Column("unit", Text),
    Column("room", Text),
    Column("address", Text),
    Column("party_name", Text),
    Column("party_phone", Text),
    Column("geom", geometry("POINT")),
    Column("notes", Text),
    *bookkeeping_columns(),
    in_compound(),
    Index("household_compound_idx", "compound_id"),
    Index("household_community_idx", "community_id"),
    Index("household_geom_idx", "geom", postgresql_using="gist"),
)
