"""How violations are read: GeoJSON properties and list filters."""

from api.campaign.lifecycle import MOVES
from api.db.filters import BBOX, BOOKKEEPING_PROPERTIES, personal
from api.db.literals import listed, literal
from api.db.records import RecordTable
from api.vocabulary import STANDING as STANDING_STATUSES

STANDING = f"t.status IN ({listed(STANDING_STATUSES)})"
# The deadline that holds: the violation's own, else its compound's.
DEADLINE = (
    "COALESCE(t.plan_deadline, (SELECT c.deadline FROM compound c WHERE c.id = t.compound_id))"
)
OVERDUE = f"COALESCE({STANDING} AND {DEADLINE} < current_date, false)"
# New construction must be stopped within N days of being found (zero tolerance):
# flagged while still not stopped past that, or when it was stopped late.
NEW_DAYS = "COALESCE(current_setting('weijian.new_construction_days', true), '7')::int"
STOP_OVERDUE = (
    f"(t.ledger = 'new' AND t.status <> 'dismissed' AND CASE "
    f"WHEN t.stopped_on IS NULL THEN {STANDING} AND t.found_date + {NEW_DAYS} < current_date "
    f"ELSE t.stopped_on > t.found_date + {NEW_DAYS} END)"
)

# The statuses a violation may move to next (the lifecycle's table, as SQL), so that a
# client can offer exactly those moves.
ALLOWED_MOVES = (
    "CASE t.status "
    + " ".join(
        f"WHEN {literal(status)} THEN json_build_array({listed(m.to for m in moves)})"
        for status, moves in MOVES.items()
        if moves
    )
    + " ELSE json_build_array() END"
)

VIOLATIONS = RecordTable(
    name="violation",
    label="violation",
    properties={
        "grid_id": "t.grid_id",
        "compound_id": "t.compound_id",
        "community_id": "t.community_id",
        "household_id": "t.household_id",
        "address": "t.address",
        "party_name": personal("t.party_name", "name"),
        "party_phone": personal("t.party_phone", "phone"),
        "structure_type": "t.structure_type",
        "use": "t.use",
        "floors": "t.floors",
        "built_date": "t.built_date",
        "found_date": "t.found_date",
        "found_by": "t.found_by",
        "on_ministry_ledger": "t.on_ministry_ledger",
        "on_survey5_ledger": "t.on_survey5_ledger",
        "ledger_no": "t.ledger_no",
        "ledger": "t.ledger",
        "status": "t.status",
        "status_changed_at": "t.status_changed_at",
        "allowed_moves": ALLOWED_MOVES,
        "mapped_area_m2": "round(t.mapped_area_m2::numeric, 2)",
        "measured_area_m2": "t.measured_area_m2",
        "floor_area_m2": "t.floor_area_m2",
        "demolished_area_m2": "t.demolished_area_m2",
        "demolished_on": "t.demolished_on",
        "rectified_on": "t.rectified_on",
        "stopped_on": "t.stopped_on",
        "plan_measure": "t.plan_measure",
        "plan_responsible": "t.plan_responsible",
        "plan_deadline": "t.plan_deadline",
        "deadline": DEADLINE,
        "overdue": OVERDUE,
        "stop_overdue": STOP_OVERDUE,
        "geom_repaired": "t.geom_repaired",
        "notes": "t.notes",
        **BOOKKEEPING_PROPERTIES,
    },
    filters={
        "bbox": BBOX,
        "community_id": "t.community_id = %(community_id)s",
        "compound_id": "t.compound_id = %(compound_id)s",
        "grid_id": "t.grid_id = %(grid_id)s",
        "household_id": "t.household_id = %(household_id)s",
        "status": "t.status = ANY(%(status)s)",
        "ledger": "t.ledger = ANY(%(ledger)s)",
        "found_from": "t.found_date >= %(found_from)s",
        "found_to": "t.found_date <= %(found_to)s",
        "built_from": "t.built_date >= %(built_from)s",
        "built_to": "t.built_date <= %(built_to)s",
        "overdue": f"({OVERDUE}) = %(overdue)s",
        "stop_overdue": f"({STOP_OVERDUE}) = %(stop_overdue)s",
    },
)
