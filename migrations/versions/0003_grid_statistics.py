"""Maintained grid statistics: each cell's current figures, kept current by triggers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

The figures of a cell "now, over all time" are what the map and the dashboards ask
for most; computing them afresh for a district of thousands of cells takes seconds.
So `grid_stat` keeps them. Every write that can change a cell's figures — a
violation, its history, a sweep, the cell itself — marks the cells it touches in
`grid_stat_dirty` (statement-level triggers, so bulk loads stay set-based), and
readers recompute the marked cells before they read (api/analytics/maintained.py):
a figure is never served stale.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE grid_stat (
    grid_id bigint PRIMARY KEY REFERENCES grid_cell (id),
    area_m2 double precision NOT NULL,
    occupied_m2 double precision NOT NULL,
    demolished_m2 double precision NOT NULL,
    violations_standing integer NOT NULL,
    swept_m2 double precision NOT NULL,
    sweep_ids bigint[] NOT NULL,
    last_swept_at timestamptz,
    computed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE grid_stat_dirty (
    grid_id bigint NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_stat_dirty_grid_idx ON grid_stat_dirty (grid_id);

-- Cells a set of footprints touches, and the cells they belong to.
CREATE FUNCTION weijian_mark_cells_of_violations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO grid_stat_dirty (grid_id)
        SELECT g.id FROM new_rows n JOIN grid_cell g ON ST_Intersects(g.geom, n.geom)
        UNION SELECT n.grid_id FROM new_rows n WHERE n.grid_id IS NOT NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO grid_stat_dirty (grid_id)
        SELECT g.id FROM old_rows o JOIN grid_cell g ON ST_Intersects(g.geom, o.geom)
        UNION SELECT o.grid_id FROM old_rows o WHERE o.grid_id IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION weijian_mark_cells_of_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO grid_stat_dirty (grid_id)
    SELECT g.id FROM (SELECT DISTINCT violation_id FROM new_rows) e
    JOIN violation v ON v.id = e.violation_id
    JOIN grid_cell g ON ST_Intersects(g.geom, v.geom);
    RETURN NULL;
END $$;

CREATE FUNCTION weijian_mark_cells_of_sweeps() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO grid_stat_dirty (grid_id)
        SELECT g.id FROM new_rows n JOIN grid_cell g ON ST_Intersects(g.geom, n.geom);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO grid_stat_dirty (grid_id)
        SELECT g.id FROM old_rows o JOIN grid_cell g ON ST_Intersects(g.geom, o.geom);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION weijian_mark_cells() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO grid_stat_dirty (grid_id) SELECT id FROM new_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO grid_stat_dirty (grid_id) SELECT id FROM old_rows;
    END IF;
    RETURN NULL;
END $$;
"""

TABLES = {
    "violation": "weijian_mark_cells_of_violations",
    "sweep": "weijian_mark_cells_of_sweeps",
    "grid_cell": "weijian_mark_cells",
}


def triggers() -> str:
    statements = []
    for table, function in TABLES.items():
        statements += [
            f"CREATE TRIGGER {table}_stat_insert AFTER INSERT ON {table} "
            f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
            f"CREATE TRIGGER {table}_stat_update AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
            f"CREATE TRIGGER {table}_stat_delete AFTER DELETE ON {table} "
            f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
        ]
    statements.append(
        "CREATE TRIGGER violation_event_stat_insert AFTER INSERT ON violation_event "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION weijian_mark_cells_of_events();"
    )
    # Every existing cell is computed on first read.
    statements.append("INSERT INTO grid_stat_dirty (grid_id) SELECT id FROM grid_cell;")
    return "\n".join(statements)


DOWNGRADE = (
    """
DROP TRIGGER violation_event_stat_insert ON violation_event;
"""
    + "\n".join(
        f"DROP TRIGGER {t}_stat_{op} ON {t};"
        for t in TABLES
        for op in ("insert", "update", "delete")
    )
    + """
DROP FUNCTION weijian_mark_cells();
DROP FUNCTION weijian_mark_cells_of_sweeps();
DROP FUNCTION weijian_mark_cells_of_events();
DROP FUNCTION weijian_mark_cells_of_violations();
DROP TABLE grid_stat_dirty;
DROP TABLE grid_stat;
"""
)


def upgrade() -> None:
    op.execute(UPGRADE)
    op.execute(triggers())


def downgrade() -> None:
    op.execute(DOWNGRADE)
