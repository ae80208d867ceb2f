-- Template. Where the footprint given as a GeoJSON geometry text in %(geojson)s belongs
-- (placeholder rule: locate_rule.sql); no row when it lies outside every compound.
SELECT l.grid_id, l.compound_id, l.community_id
FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%(geojson)s), 4326) AS geom) r
CROSS JOIN LATERAL ({rule}) l
