-- Template. The ids of the live records of table `records` (an identifier from a known
-- list) touching %(area)s (hex EWKB) that would belong nowhere (placeholder rule:
-- locate_rule.sql), or null when there are none.
SELECT array_agg(r.id ORDER BY r.id)
FROM {records} r
LEFT JOIN LATERAL ({rule}) l ON true
WHERE r.deleted_at IS NULL AND ST_Intersects(r.geom, %(area)s::geometry)
  AND l.compound_id IS NULL
