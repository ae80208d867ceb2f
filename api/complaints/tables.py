"""How complaints are read and written: GeoJSON properties, list filters, and the SQL
over the `complaint` table.

The reporter's identity is the street office's alone: the reporter's properties are
shown to admins only; everyone else — inspectors, viewers, API keys, even with the
`pii` scope — gets features without those keys at all.
"""

from datetime import date, datetime
from typing import Any

from api.auth.principal import Principal, Role
from api.collections.declare import (
    BBOX,
    BOOKKEEPING,
    Collection,
    Layer,
    Property,
    bool_filter,
    choice_filter,
    day_start_filter,
    id_filter,
    text_filter,
)
from api.complaints.lifecycle import LABELS_ZH, MOVES, OPEN, STATUSES
from api.db.filters import ONLY_COMMUNITY, ONLY_COMPOUND, Q
from api.db.literals import listed, literal
from api.vocabulary import COMPLAINT_CHANNELS as CHANNELS

A_DAY_TZ = "A day, YYYY-MM-DD (inclusive, campaign time zone)."

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


def sees_reporter(viewer: Principal) -> bool:
    """Only the street office (admins) ever sees who complained."""
    return viewer.role is Role.ADMIN


COMPLAINTS = Collection(
    name="complaint",
    label="complaint",
    path="complaints",
    title="Complaints (投诉举报)",
    description="Complaints from the public, the 12345 platform and staff: where, what, when, "
    "and how they were handled. Who complained is for the street office alone.",
    geometry_type="Point",
    geometry_required=False,
    item_param="complaint_id",
    properties={
        "tracking_no": Property("t.tracking_no", str, "The tracking number (TS-…).", **Q),
        "received_at": Property("t.received_at", datetime, "When it was received.", **Q),
        "channel": Property("t.channel", str, f"How it came: {', '.join(CHANNELS)}.", **Q),
        "external_ref": Property("t.external_ref", str, "Its number on the sending system.", **Q),
        "description": Property("t.description", str, "What was reported.", **Q),
        "address": Property("t.address", str, "Where, in words.", **Q),
        "community_id": Property("t.community_id", int, "Its community.", **Q),
        "compound_id": Property("t.compound_id", int, "Its compound.", **Q),
        "status": Property("t.status", str, f"Status: {', '.join(STATUSES)}.", **Q),
        "status_label": Property(STATUS_LABEL, str, "The status in Chinese."),
        "status_changed_at": Property("t.status_changed_at", datetime, "When it last moved."),
        "allowed_moves": Property(
            ALLOWED_MOVES,
            list[dict[str, Any]],
            "The moves its status allows: `to`, the roles that may make it (`by`), and what "
            "each needs.",
        ),
        "assigned_to": Property("t.assigned_to", str, "Who handles it.", **Q),
        "assigned_at": Property("t.assigned_at", datetime, "When it was handed to them."),
        "violation_id": Property("t.violation_id", int, "The violation it led to.", **Q),
        "response_deadline": Property(
            "t.response_deadline", date, "When it must be answered by.", **Q
        ),
        "overdue": Property(OVERDUE, bool, "Not answered by its deadline."),
        "responded_at": Property("t.responded_at", datetime, "When it was answered."),
        "closed_at": Property("t.closed_at", datetime, "When it was closed."),
        **BOOKKEEPING,
        "reporter_name": Property(
            "t.reporter_name", str, "Who complained (street office only).", shown_to=sees_reporter
        ),
        "reporter_phone": Property(
            "t.reporter_phone", str, "Their phone (street office only).", shown_to=sees_reporter
        ),
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter("t.compound_id = %(compound_id)s", ONLY_COMPOUND),
        "status": choice_filter("t.status = ANY(%(status)s)", "status", STATUSES, "statuses"),
        "channel": choice_filter("t.channel = ANY(%(channel)s)", "channel", CHANNELS, "channels"),
        "assigned_to": text_filter(
            "lower(t.assigned_to) = lower(%(assigned_to)s)", "Only those handed to this user."
        ),
        "violation_id": id_filter("t.violation_id = %(violation_id)s", "Only those linked to it."),
        "received_from": day_start_filter("t.received_at >= %(received_from)s", A_DAY_TZ),
        "received_to": day_start_filter(
            "t.received_at < %(received_to)s", A_DAY_TZ, day_after=True
        ),
        "overdue": bool_filter(
            f"{OVERDUE} = %(overdue)s",
            "true: not answered (still received or assigned) and past the response deadline; "
            "false: the others.",
        ),
    },
    layer=Layer(
        "Complaints (投诉举报), without reporters",
        temporal="t.received_at",
        hidden=("reporter_name", "reporter_phone"),
    ),
)


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
