"""Maintained grid statistics (migration 0003): each cell's current figures, and the cells
whose figures must be recomputed before they are read (marked by triggers)."""

from sqlalchemy import ARRAY, BigInteger, Column, Double, ForeignKey, Index, Integer, Table

from api.db.schema.common import NOW, metadata, timestamptz

grid_stat = Table(
    "grid_stat",
    metadata,
    Column("grid_id", BigInteger, ForeignKey("grid_cell.id"), primary_key=True),
    Column("area_m2", Double, nullable=False),
    Column("occupied_m2", Double, nullable=False),
    Column("demolished_m2", Double, nullable=False),
    Column("violations_standing", Integer, nullable=False),
    Column("swept_m2", Double, nullable=False),
    Column("sweep_ids", ARRAY(BigInteger), nullable=False),
    Column("last_swept_at", timestamptz()),
    Column("computed_at", timestamptz(), nullable=False, server_default=NOW),
)

# No primary key: a cell may be marked many times before it is recomputed.
grid_stat_dirty = Table(
    "grid_stat_dirty",
    metadata,
    Column("grid_id", BigInteger, nullable=False),
    Column("marked_at", timestamptz(), nullable=False, server_default=NOW),
    Index("grid_stat_dirty_grid_idx", "grid_id"),
)
