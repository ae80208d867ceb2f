"""Places (migration 0001): communities (社区), their compounds (小区), and grid cells (网格).

A compound is unique with its community, and a cell with its compound, so that the
records below can point at (compound, community) or (cell, compound) pairs that must agree.
"""

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

from api.db.schema.common import bookkeeping_columns, id_column, metadata, polygon_columns

NOT_DELETED = text("deleted_at IS NULL")

community = Table(
    "community",
    metadata,
    id_column(),
    Column("code", Text, nullable=False),
    Column("name", Text, nullable=False),
    *polygon_columns(),
    *bookkeeping_columns(),
    Index("community_code_key", "code", unique=True, postgresql_where=NOT_DELETED),
    Index("community_geom_idx", "geom", postgresql_using="gist"),
)

compound = Table(
    "compound",
    metadata,
    id_column(),
    Column("community_id", BigInteger, ForeignKey("community.id"), nullable=False),
    Column("code", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("address", Text),
    Column("deadline", Date),
    *polygon_columns(),
    *bookkeeping_columns(),
    UniqueConstraint("id", "community_id"),
    Index("compound_code_key", "code", unique=True, postgresql_where=NOT_DELETED),
    Index("compound_community_idx", "community_id"),
    Index("compound_geom_idx", "geom", postgresql_using="gist"),
)


def in_compound() -> ForeignKeyConstraint:
    """(compound_id, community_id) names a compound of that community."""
    return ForeignKeyConstraint(
        ["compound_id", "community_id"],
        ["compound.id", "compound.community_id"],
        onupdate="CASCADE",
    )


grid_cell = Table(
    "grid_cell",
    metadata,
    id_column(),
    Column("compound_id", BigInteger, nullable=False),
    Column("community_id", BigInteger, nullable=False),
    Column("code", Text, nullable=False),
    Column("name", Text, nullable=False),
    *polygon_columns(),
    *bookkeeping_columns(),
    UniqueConstraint("id", "compound_id"),
    in_compound(),
    Index("grid_cell_code_key", "code", unique=True, postgresql_where=NOT_DELETED),
    Index("grid_cell_compound_idx", "compound_id"),
    Index("grid_cell_community_idx", "community_id"),
    Index("grid_cell_geom_idx", "geom", postgresql_using="gist"),
)
