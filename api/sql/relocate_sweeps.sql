-- Template. Locate again the live sweeps touching %(area)s (hex EWKB) (placeholder
-- rule: locate_rule.sql): their compound and community follow their footprint.
WITH located AS (
    SELECT r.id, r.compound_id AS old_compound_id, r.community_id AS old_community_id,
           l.compound_id, l.community_id
    FROM sweep r
    LEFT JOIN LATERAL ({rule}) l ON true
    WHERE r.deleted_at IS NULL AND ST_Intersects(r.geom, %(area)s::geometry)
)
UPDATE sweep s
SET compound_id = l.compound_id, community_id = l.community_id,
    version = s.version + 1, updated_at = now()
FROM located l
WHERE s.id = l.id AND l.compound_id IS NOT NULL
  AND (l.old_compound_id, l.old_community_id) IS DISTINCT FROM (l.compound_id, l.community_id)
