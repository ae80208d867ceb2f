-- Every compound as a GeoJSON Feature (text) with how many illegal structures were
-- found there, how many still stand (%(standing)s) and how many were dealt with
-- (%(dealt)s): public, so no personal data and no single structure's details.
SELECT json_build_object(
    'type', 'Feature', 'id', c.id,
    'geometry', ST_AsGeoJSON(c.geom, 6)::json,
    'properties', json_build_object(
        'name', c.name, 'community', cm.name, 'deadline', c.deadline,
        'violations', count(v.id),
        'standing', count(v.id) FILTER (WHERE v.status = ANY(%(standing)s)),
        'dealt_with', count(v.id) FILTER (WHERE v.status = ANY(%(dealt)s))))::text
FROM compound c
JOIN community cm ON cm.id = c.community_id
LEFT JOIN violation v
    ON v.compound_id = c.id AND v.deleted_at IS NULL AND v.status <> 'dismissed'
WHERE c.deleted_at IS NULL
GROUP BY c.id, cm.name
ORDER BY c.id
