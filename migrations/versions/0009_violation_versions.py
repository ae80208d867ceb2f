"""Every state of a violation kept with its period of validity (the temporal store).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

`violation_version` holds one row per state a violation was in: its status, footprint,
grid cell, compound and community, ledger category, found date, areas, dates and
deadline, valid over `valid` = [the event that began it, the next event) — the last one
open-ended. "The state at T" is then a plain indexed query, `valid @> T` (GiST on the
footprint and the period together), instead of a replay of the history at read time; and
a footprint moved after T counts where it was at T, with the area it had.

Bulk loaders that write a whole history at once (the demo district) set
`weijian.bulk_history = on` for their transaction, which turns the trigger off, and then
call `weijian_rebuild_violation_versions(NULL)`.

The backfill (`weijian_rebuild_violation_versions`) walks each violation's history: the
state after an event is the current row with every field that a later event changed set
back to the value that the first such later change recorded as its old value (the diff's
`[old, new]`; the footprint from its GeoJSON), and the status is the last status the
history carries up to that event. That is how the grid figures and the monthly report
replayed the history at read time before this migration, so where that replay was right
(everything but candidates found by their current footprint and counted by their current
cell) the two agree. Checked by tests/test_demo_versions.py, which replays the demo
district's history independently (the old replay's SQL, written in the test) and finds
the same status, grid cell and footprint area for every violation at every month end of
the campaign; by the monthly-report and grid-figure tests on hand-built histories, which
pass unchanged; and by tests/test_versions.py, whose property test compares the figures
at every moment of random histories with a replay in Shapely + pyproj.

Every change of a violation's row (AFTER UPDATE) or history (AFTER INSERT on
violation_event) rebuilds that violation's versions in the same transaction, so a state
is written with the change; a change of the row made without an event (by hand) is then
seen in every version after the last event that changed that field — as the replay saw
it, and as comparing a frozen monthly submission brings to light.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Fields of a state besides the status and the footprint: name → SQL type.
FIELDS = {
    "grid_id": "bigint",
    "compound_id": "bigint",
    "community_id": "bigint",
    "ledger": "text",
    "found_date": "date",
    "measured_area_m2": "numeric",
    "floor_area_m2": "numeric",
    "demolished_area_m2": "numeric",
    "demolished_on": "date",
    "rectified_on": "date",
    "stopped_on": "date",
    "plan_deadline": "date",
}
COLUMNS = ", ".join(FIELDS)
AS_RECORDED = ",\n           ".join(
    f"CASE WHEN u.old ? '{name}' THEN (u.old ->> '{name}')::{kind} ELSE v.{name} END"
    for name, kind in FIELDS.items()
)

# The versions of the violations `{where}` selects, from their history (see above).
REBUILD = """
    WITH ev AS (
        SELECT e.id, e.violation_id, e.at, e.kind,
               lead(e.at) OVER w AS next_at,
               (array_remove(array_agg(e.to_status) OVER w, NULL))[
                   cardinality(array_remove(array_agg(e.to_status) OVER w, NULL))] AS status,
               bool_or(e.to_status = 'demolished' AND e.kind <> 'deleted') OVER w AS demolished
        FROM violation_event e
        WHERE {where}
        WINDOW w AS (PARTITION BY e.violation_id ORDER BY e.at, e.id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    )
    INSERT INTO violation_version (violation_id, valid, event_id, status, demolished, geom,
                                   mapped_area_m2, {columns})
    SELECT s.violation_id, tstzrange(s.at, s.next_at), s.id, s.status,
           COALESCE(s.demolished, false), s.geom, ST_Area(s.geom::geography), {columns}
    FROM (
        SELECT ev.violation_id, ev.at, ev.next_at, ev.id, ev.status, ev.demolished,
               CASE WHEN u.old ? 'geom'
                    THEN ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(u.old -> 'geom'), 4326))
                    ELSE v.geom END AS geom,
               {as_recorded}
        FROM ev
        JOIN violation v ON v.id = ev.violation_id
        -- Undo every later change: each field's old value in its first later change.
        LEFT JOIN LATERAL (
            SELECT jsonb_object_agg(f.name, f.old) AS old
            FROM (
                SELECT DISTINCT ON (k.name) k.name, l.diff -> k.name -> 0 AS old
                FROM violation_event l
                CROSS JOIN LATERAL jsonb_object_keys(l.diff) AS k(name)
                WHERE l.violation_id = ev.violation_id AND (l.at, l.id) > (ev.at, ev.id)
                  AND jsonb_typeof(l.diff -> k.name) = 'array'
                ORDER BY k.name, l.at, l.id
            ) f
        ) u ON true
        WHERE ev.kind <> 'deleted' AND ev.status IS NOT NULL
          AND (ev.next_at IS NULL OR ev.next_at > ev.at)
    ) s;
"""


def rebuild(where: str) -> str:
    return REBUILD.format(
        where=where,
        columns=COLUMNS,
        as_recorded=AS_RECORDED.replace("\n           ", "\n               "),
    )


UPGRADE = f"""
CREATE TABLE violation_version (
    violation_id bigint NOT NULL REFERENCES violation (id),
    valid tstzrange NOT NULL CHECK (NOT isempty(valid) AND NOT lower_inf(valid)),
    event_id bigint NOT NULL REFERENCES violation_event (id),
    status text NOT NULL,
    demolished boolean NOT NULL,
    geom geometry(MultiPolygon, 4326) NOT NULL,
    mapped_area_m2 double precision NOT NULL,
    grid_id bigint,
    compound_id bigint NOT NULL,
    community_id bigint NOT NULL,
    ledger text NOT NULL,
    found_date date NOT NULL,
    measured_area_m2 numeric(12, 2),
    floor_area_m2 numeric(12, 2),
    demolished_area_m2 numeric(12, 2),
    demolished_on date,
    rectified_on date,
    stopped_on date,
    plan_deadline date,
    PRIMARY KEY (violation_id, valid)
);
CREATE INDEX violation_version_geom_valid_idx ON violation_version USING gist (geom, valid);
CREATE INDEX violation_version_valid_idx ON violation_version USING gist (valid);
CREATE INDEX violation_version_grid_idx ON violation_version (grid_id);
CREATE INDEX violation_version_community_idx ON violation_version (community_id);

-- The versions of one violation (NULL: of every one) rebuilt from its history.
CREATE FUNCTION weijian_rebuild_violation_versions(vid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF vid IS NULL THEN
        DELETE FROM violation_version;
        {rebuild("true")}
    ELSE
        DELETE FROM violation_version WHERE violation_id = vid;
        {rebuild("e.violation_id = vid")}
    END IF;
END $$;

-- Every change of a violation's row or history rebuilds its versions, in the same
-- transaction; bulk loaders turn this off and rebuild everything once.
CREATE FUNCTION weijian_violation_versions_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('weijian.bulk_history', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'violation' THEN
        PERFORM weijian_rebuild_violation_versions(NEW.id);
    ELSE
        PERFORM weijian_rebuild_violation_versions(NEW.violation_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER violation_event_versions
    AFTER INSERT ON violation_event
    FOR EACH ROW EXECUTE FUNCTION weijian_violation_versions_follow();
CREATE TRIGGER violation_versions
    AFTER UPDATE ON violation
    FOR EACH ROW EXECUTE FUNCTION weijian_violation_versions_follow();

SELECT weijian_rebuild_violation_versions(NULL);
"""

DOWNGRADE = """
DROP TRIGGER violation_versions ON violation;
DROP TRIGGER violation_event_versions ON violation_event;
DROP FUNCTION weijian_violation_versions_follow();
DROP FUNCTION weijian_rebuild_violation_versions(bigint);
DROP TABLE violation_version;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
