-- Template. Locate again the live violations touching %(area)s (hex EWKB) (placeholder
-- rule: locate_rule.sql); each that moved gets its new place and an 'updated' event by
-- %(actor)s with %(reason)s and %(request_id)s saying what moved.
WITH located AS (
    SELECT r.id, r.grid_id AS old_grid_id, r.compound_id AS old_compound_id,
           r.community_id AS old_community_id, l.grid_id, l.compound_id, l.community_id
    FROM violation r
    LEFT JOIN LATERAL ({rule}) l ON true
    WHERE r.deleted_at IS NULL AND ST_Intersects(r.geom, %(area)s::geometry)
),
moved AS (
    UPDATE violation v
    SET grid_id = l.grid_id, compound_id = l.compound_id, community_id = l.community_id,
        version = v.version + 1, updated_at = now()
    FROM located l
    WHERE v.id = l.id AND l.compound_id IS NOT NULL
      AND (l.old_grid_id, l.old_compound_id, l.old_community_id)
          IS DISTINCT FROM (l.grid_id, l.compound_id, l.community_id)
    RETURNING l.*
)
INSERT INTO violation_event (violation_id, actor, kind, reason, diff, request_id)
SELECT id, %(actor)s, 'updated', %(reason)s,
       jsonb_strip_nulls(jsonb_build_object(
           'grid_id', CASE WHEN old_grid_id IS DISTINCT FROM grid_id
                           THEN jsonb_build_array(old_grid_id, grid_id) END,
           'compound_id', CASE WHEN old_compound_id IS DISTINCT FROM compound_id
                               THEN jsonb_build_array(old_compound_id, compound_id) END,
           'community_id', CASE WHEN old_community_id IS DISTINCT FROM community_id
                                THEN jsonb_build_array(old_community_id, community_id) END)),
       %(request_id)s
FROM moved
