"""Every state of a violation with its period of validity (migration 0009): written by
triggers in the same transaction as the change, read for "the state at T"."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Double,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import TSTZRANGE

from api.db.schema.common import geometry, metadata
from api.db.schema.violations import area

violation_version = Table(
    "violation_version",
    metadata,
    Column("violation_id", BigInteger, ForeignKey("violation.id"), nullable=False),
    Column("valid", TSTZRANGE, nullable=False),
    Column("event_id", BigInteger, ForeignKey("violation_event.id"), nullable=False),
    Column("status", Text, nullable=False),
    Column("demolished", Boolean, nullable=False),
    Column("geom", geometry("MULTIPOLYGON"), nullable=False),
    Column("mapped_area_m2", Double, nullable=False),
    Column("grid_id", BigInteger),
    Column("compound_id", BigInteger, nullable=False),
    Column("community_id", BigInteger, nullable=False),
    Column("ledger", Text, nullable=False),
    Column("found_date", Date, nullable=False),
    Column("measured_area_m2", area()),
    Column("floor_area_m2", area()),
    Column("demolished_area_m2", area()),
    Column("demolished_on", Date),
    Column("rectified_on", Date),
    Column("stopped_on", Date),
    Column("plan_deadline", Date),
    PrimaryKeyConstraint("violation_id", "valid"),
    Index("violation_version_geom_valid_idx", "geom", "valid", postgresql_using="gist"),
    Index("violation_version_valid_idx", "valid", postgresql_using="gist"),
    Index("violation_version_grid_idx", "grid_id"),
    Index("violation_version_community_idx", "community_id"),
)
