"""Violations (违法建设): the footprints with their ledger and status (0001, 0004), their
append-only history (0001), and the requests to write one off (销账, 0004)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Numeric,
    SmallInteger,
    Table,
    Text,
    text,
)

from api.db.schema.common import (
    NOW,
    bookkeeping_columns,
    chain_columns,
    history_columns,
    id_column,
    metadata,
    polygon_columns,
    timestamptz,
)
from api.db.schema.places import in_compound

FALSE = text("false")


def area() -> Numeric:
    """Square metres as measured or recorded by people, to the centimetre."""
    return Numeric(12, 2)


violation = Table(
    "violation",
    metadata,
    id_column(),
    *polygon_columns("mapped_area_m2"),
    Column("geom_repaired", Boolean, nullable=False, server_default=FALSE),
    Column("grid_id", BigInteger),
    Column("compound_id", BigInteger, nullable=False),
    Column("community_id", BigInteger, nullable=False),
    Column("household_id", BigInteger, ForeignKey("household.id")),
    Column("address", Text),
    Column("party_name", Text),
    Column("party_phone", Text),
    Column("structure_type", Text, nullable=False),
    Column("use", Text, nullable=False, server_default=text("'other'")),
    Column("floors", SmallInteger, nullable=False, server_default=text("1")),
    Column("built_date", Date, nullable=False),
    Column("found_date", Date, nullable=False),
    Column("found_by", Text, nullable=False),
    Column("on_ministry_ledger", Boolean, nullable=False, server_default=FALSE),
    Column("on_survey5_ledger", Boolean, nullable=False, server_default=FALSE),
    Column("ledger_no", Text),
    Column("ledger", Text, nullable=False),
    Column("status", Text, nullable=False, server_default=text("'registered'")),
    Column("status_changed_at", timestamptz(), nullable=False, server_default=NOW),
    Column("measured_area_m2", area()),
    Column("floor_area_m2", area()),
    Column("demolished_area_m2", area()),
    Column("demolished_on", Date),
    Column("plan_measure", Text),
    Column("plan_responsible", Text),
    Column("plan_deadline", Date),
    Column("notes", Text),
    *bookkeeping_columns(),
    # Added by 0004, so last in the table.
    Column("stopped_on", Date),
    Column("rectified_on", Date),
    in_compound(),
    ForeignKeyConstraint(
        ["grid_id", "compound_id"], ["grid_cell.id", "grid_cell.compound_id"], onupdate="CASCADE"
    ),
    Index("violation_geom_idx", "geom", postgresql_using="gist"),
    Index("violation_grid_idx", "grid_id"),
    Index("violation_compound_idx", "compound_id"),
    Index("violation_community_idx", "community_id"),
    Index("violation_household_idx", "household_id"),
    Index("violation_status_idx", "status"),
    Index("violation_ledger_idx", "ledger"),
    Index("violation_found_date_idx", "found_date"),
)

violation_event = Table(
    "violation_event",
    metadata,
    id_column(always=True),
    Column("violation_id", BigInteger, ForeignKey("violation.id"), nullable=False),
    *history_columns(),
    *chain_columns(),
    Index("violation_event_violation_idx", "violation_id", "at", "id"),
    Index("violation_event_at_idx", "at"),
)

write_off_request = Table(
    "write_off_request",
    metadata,
    id_column(),
    Column("violation_id", BigInteger, ForeignKey("violation.id"), nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("requested_at", timestamptz(), nullable=False, server_default=NOW),
    Column("evidence", Text, nullable=False),
    Column("state", Text, nullable=False, server_default=text("'pending'")),
    Column("decided_by", Text),
    Column("decided_at", timestamptz()),
    Column("decision_reason", Text),
    Index("write_off_request_violation_idx", "violation_id"),
    # At most one pending request per violation.
    Index(
        "write_off_request_pending_key",
        "violation_id",
        unique=True,
        postgresql_where=text("state = 'pending'"),
    ),
)
