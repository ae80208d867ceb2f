"""Complaints (投诉举报, migration 0006) and their append-only history."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Table,
    Text,
    text,
)

from api.db.schema.common import (
    NOW,
    bookkeeping_columns,
    chain_columns,
    geometry,
    history_columns,
    id_column,
    metadata,
    timestamptz,
)
from api.db.schema.places import in_compound

complaint = Table(
    "complaint",
    metadata,
    id_column(),
    Column("tracking_no", Text, nullable=False, unique=True),
    Column("received_at", timestamptz(), nullable=False, server_default=NOW),
    Column("channel", Text, nullable=False, server_default=text("'web'")),
    Column("external_ref", Text),
    Column("description", Text, nullable=False),
    Column("geom", geometry("POINT")),
    Column("address", Text),
    Column("reporter_name", Text),
    Column("reporter_phone", Text),
    Column("community_id", BigInteger, ForeignKey("community.id")),
    Column("compound_id", BigInteger),
    Column("status", Text, nullable=False, server_default=text("'received'")),
    Column("status_changed_at", timestamptz(), nullable=False, server_default=NOW),
    Column("assigned_to", Text),
    Column("assigned_at", timestamptz()),
    Column("violation_id", BigInteger, ForeignKey("violation.id")),
    Column("response_deadline", Date, nullable=False),
    Column("responded_at", timestamptz()),
    Column("closed_at", timestamptz()),
    *bookkeeping_columns(),
    in_compound(),
    Index("complaint_geom_idx", "geom", postgresql_using="gist"),
    Index("complaint_status_idx", "status"),
    Index("complaint_community_idx", "community_id"),
    Index("complaint_received_at_idx", "received_at"),
    Index("complaint_violation_idx", "violation_id"),
    # A system pushing the same complaint twice (a retry) is told, not duplicated.
    Index(
        "complaint_external_ref_key",
        "channel",
        "external_ref",
        unique=True,
        postgresql_where=text("external_ref IS NOT NULL AND deleted_at IS NULL"),
    ),
)

complaint_event = Table(
    "complaint_event",
    metadata,
    id_column(always=True),
    Column("complaint_id", BigInteger, ForeignKey("complaint.id"), nullable=False),
    *history_columns(),
    *chain_columns(),
    Index("complaint_event_complaint_idx", "complaint_id", "at", "id"),
)
