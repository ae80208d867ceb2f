"""SQL conditions shared by the record tables' filters (alias t, bound parameters)."""

BBOX = "ST_Intersects(t.geom, ST_MakeEnvelope(%(xmin)s, %(ymin)s, %(xmax)s, %(ymax)s, 4326))"
BOOKKEEPING_PROPERTIES = {
    "version": "t.version",
    "created_at": "t.created_at",
    "updated_at": "t.updated_at",
}


def personal(column: str, kind: str) -> str:
    """A personal-data column, masked (王**, 100****5678) unless %(pii)s is true."""
    return f"CASE WHEN %(pii)s THEN {column} ELSE weijian_mask_{kind}({column}) END"
