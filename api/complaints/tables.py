"""How complaints are read and written: GeoJSON properties, list filters, and the SQL
over the `complaint` table.

The reporter's identity is the street office's alone: it is in the properties only
of the table admins read (`complaints_for`); everyone else — inspectors, viewers, API
keys, even with the `pii` scope — gets features without those keys at all.
"""

from api.auth.principal import Principal, Role
from api.complaints.lifecycle import LABELS_ZH, MOVES, OPEN
from api.db.filters import BBOX, BOOKKEEPING_PROPERTIES
from api.db.literals import listed, literal
from api.db.records import RecordTable

# Labels and statuses are this module's constants, never user input.
STATUS_LABEL = (
    "CASE t.status "
    + " ".join(
        f"WHEN {literal(status)} THEN {literal(label)}" for status, label in LABELS_ZH.items()
    )
    + " END"
)
# Not answered by its deadline; days are the campaign's (the session's time zone).
OVERDUE = f"(t.status IN ({listed(OPEN)}) AND t.response_deadline < current_date)"

# The moves the lifecycle allows from the complaint's status, each with the roles that may
# make it and what it needs, so that a client offers each person exactly theirs.
ALLOWED_MOVES = (
    "CASE t.status "
    + " ".join(
        f"WHEN {literal(status)} THEN json_build_array("
        + ", ".join(
            f"json_build_object('to', {literal(m.to)}, "
            f"'by', json_build_array({listed(r.value for r in sorted(m.by))}), "
            f"'needs', json_build_array({listed(m.needs)}))"
            for m in moves
        )
        + ")"
        for status, moves in MOVES.items()
        if moves
    )
    + " ELSE json_build_array() END"
)

_PROPERTIES = {
    "tracking_no": "t.tracking_no",
    "received_at": "t.received_at",
    "channel": "t.channel",
    "external_ref": "t.external_ref",
    "description": "t.description",
    "address": "t.address",
    "community_id": "t.community_id",
    "compound_id": "t.compound_id",
    "status": "t.status",
    "status_label": STATUS_LABEL,
    "status_changed_at": "t.status_changed_at",
    "allowed_moves": ALLOWED_MOVES,
    "assigned_to": "t.assigned_to",
    "assigned_at": "t.assigned_at",
    "violation_id": "t.violation_id",
    "response_deadline": "t.response_deadline",
    "overdue": OVERDUE,
    "responded_at": "t.responded_at",
    "closed_at": "t.closed_at",
    **BOOKKEEPING_PROPERTIES,
}
_FILTERS = {
    "bbox": BBOX,
    "community_id": "t.community_id = %(community_id)s",
    "compound_id": "t.compound_id = %(compound_id)s",
    "status": "t.status = ANY(%(status)s)",
    "channel": "t.channel = ANY(%(channel)s)",
    "assigned_to": "lower(t.assigned_to) = lower(%(assigned_to)s)",
    "violation_id": "t.violation_id = %(violation_id)s",
    "received_from": "t.received_at >= %(received_from)s",  # a start of day
    "received_to": "t.received_at < %(received_to)s",  # the start of the day after
    "overdue": f"{OVERDUE} = %(overdue)s",
}

COMPLAINTS = RecordTable(
    name="complaint", label="complaint", properties=_PROPERTIES, filters=_FILTERS
)
COMPLAINTS_WITH_REPORTER = RecordTable(
    name="complaint",
    label="complaint",
    properties={
        **_PROPERTIES,
        "reporter_name": "t.reporter_name",
        "reporter_phone": "t.reporter_phone",
    },
    filters=_FILTERS,
)


def sees_reporter(viewer: Principal) -> bool:
    """Only the street office (admins) ever sees who complained."""
    return viewer.role is Role.ADMIN


def complaints_for(viewer: Principal) -> RecordTable:
    return COMPLAINTS_WITH_REPORTER if sees_reporter(viewer) else COMPLAINTS


# The community (and compound) holding a point given as GeoJSON text in %(geom)s.
def place_query(point: str) -> str:
    """(community_id, compound_id) holding the point given as an SQL expression: the
    first community by id whose area holds it, and its first compound holding it."""
    return f"""
SELECT cm.id AS community_id,
       (SELECT c.id FROM compound c
        WHERE c.community_id = cm.id AND c.deleted_at IS NULL AND ST_Intersects(c.geom, {point})
        ORDER BY c.id LIMIT 1) AS compound_id
FROM community cm
WHERE cm.deleted_at IS NULL AND ST_Intersects(cm.geom, {point})
ORDER BY cm.id
LIMIT 1"""


PLACE_SQL = place_query("ST_SetSRID(ST_GeomFromGeoJSON(%(geom)s), 4326)")

# The tracking number and the deadline follow the received day in the campaign's time
# zone (the session's): TS-YYYYMMDD-<random suffix>, received day + %(days)s.
INSERT_SQL = """
INSERT INTO complaint (tracking_no, received_at, channel, external_ref, description, geom,
                       address, reporter_name, reporter_phone, community_id, compound_id,
                       response_deadline)
SELECT 'TS-' || to_char(r.at, 'YYYYMMDD') || '-' || %(suffix)s, r.at, %(channel)s,
       %(external_ref)s, %(description)s, ST_SetSRID(ST_GeomFromGeoJSON(%(geom)s), 4326),
       %(address)s, %(reporter_name)s, %(reporter_phone)s, %(community_id)s, %(compound_id)s,
       r.at::date + %(days)s::int
FROM (SELECT COALESCE(%(received_at)s::timestamptz, now()) AS at) r
RETURNING id, tracking_no, received_at, response_deadline, status
"""

SAME_EXTERNAL_REF_SQL = """
SELECT id, tracking_no FROM complaint
WHERE channel = %(channel)s AND external_ref = %(external_ref)s AND deleted_at IS NULL
"""

TRACKING_SQL = """
SELECT id, tracking_no, status, received_at, response_deadline, closed_at
FROM complaint WHERE tracking_no = %(tracking_no)s AND deleted_at IS NULL
"""

# An account that may handle a complaint of community %(community_id)s (NULL: none).
ASSIGNEE_SQL = """
SELECT username, role, active,
       role = 'admin' OR (role = 'inspector' AND %(community_id)s::bigint = ANY(communities))
FROM app_user WHERE lower(username) = lower(%(username)s)
"""

# What the history records of a complaint's place.
POINT_SQL = "SELECT ST_AsGeoJSON(geom, 7)::json FROM complaint WHERE id = %(id)s"
