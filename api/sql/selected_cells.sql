-- The grid cells asked for (id, geom, area_m2): one cell, a compound's, a community's,
-- within the viewer's communities (%(scope)s, null: every one); null filters are off.
SELECT g.id, g.geom, g.area_m2 FROM grid_cell g
WHERE g.deleted_at IS NULL
  AND (%(grid_id)s::bigint IS NULL OR g.id = %(grid_id)s)
  AND (%(compound_id)s::bigint IS NULL OR g.compound_id = %(compound_id)s)
  AND (%(community_id)s::bigint IS NULL OR g.community_id = %(community_id)s)
  AND (%(scope)s::bigint[] IS NULL OR g.community_id = ANY(%(scope)s))
