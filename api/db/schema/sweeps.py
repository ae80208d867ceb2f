"""Sweeps (排查, migration 0001): the ground a team covered, drawn or from a GPS track with
the distance the inspectors could see either side of it."""

from sqlalchemy import ARRAY, BigInteger, Column, Double, Index, Table, Text

from api.db.schema.common import (
    bookkeeping_columns,
    geometry,
    id_column,
    metadata,
    polygon_columns,
    timestamptz,
)
from api.db.schema.places import in_compound

sweep = Table(
    "sweep",
    metadata,
    id_column(),
    Column("team", Text),
    Column("inspectors", ARRAY(Text), nullable=False),
    Column("started_at", timestamptz(), nullable=False),
    Column("ended_at", timestamptz(), nullable=False),
    *polygon_columns(),
    Column("track", geometry("LINESTRING")),
    Column("sight_radius_m", Double),
    Column("compound_id", BigInteger, nullable=False),
    Column("community_id", BigInteger, nullable=False),
    Column("notes", Text),
    *bookkeeping_columns(),
    in_compound(),
    Index("sweep_geom_idx", "geom", postgresql_using="gist"),
    Index("sweep_track_idx", "track", postgresql_using="gist"),
    Index("sweep_compound_idx", "compound_id"),
    Index("sweep_community_idx", "community_id"),
    Index("sweep_started_idx", "started_at"),
)
