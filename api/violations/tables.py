"""The violations collection: how violations are read — GeoJSON properties, list
filters, scoping and personal data — declared once."""

from datetime import date, datetime

from api.campaign.deadlines import LATE_FIND_DAYS_SQL, deadline_sql
from api.campaign.lifecycle import MOVES
from api.collections.declare import (
    BBOX,
    BOOKKEEPING,
    Collection,
    Layer,
    Property,
    Tiles,
    bool_filter,
    choice_filter,
    date_filter,
    id_filter,
)
from api.db.filters import A_DATE, ONLY_COMMUNITY, ONLY_COMPOUND, ONLY_GRID, Q
from api.db.literals import listed, literal
from api.violations.vocab import LEDGERS, STATUSES
from api.vocabulary import STANDING as STANDING_STATUSES

STANDING = f"t.status IN ({listed(STANDING_STATUSES)})"
# The deadline that holds: the violation's own, else its compound's — or, found after
# the compound's deadline (a late find), its found date plus WEIJIAN_LATE_FIND_DAYS.
DEADLINE = deadline_sql(
    "t.plan_deadline",
    "(SELECT c.deadline FROM compound c WHERE c.id = t.compound_id)",
    "t.found_date",
    LATE_FIND_DAYS_SQL,
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

VIOLATIONS = Collection(
    name="violation",
    label="violation",
    path="violations",
    title="Violations (违法建设)",
    description="Illegal structures, each a footprint with its ledger category, status, "
    "plan and history; grid cell, compound and community are derived from the footprint.",
    item_param="violation_id",
    properties={
        "grid_id": Property("t.grid_id", int, "The grid cell holding its largest part.", **Q),
        "compound_id": Property("t.compound_id", int, "Its compound (derived).", **Q),
        "community_id": Property("t.community_id", int, "Its community (derived).", **Q),
        "household_id": Property("t.household_id", int, "The household it belongs to.", **Q),
        "address": Property("t.address", str, "Where it is.", **Q),
        "party_name": Property("t.party_name", str, "Owner or occupant.", personal="name"),
        "party_phone": Property("t.party_phone", str, "Their phone.", personal="phone"),
        "structure_type": Property("t.structure_type", str, "What kind of structure.", **Q),
        "use": Property("t.use", str, "What it is used for.", **Q),
        "floors": Property("t.floors", int, "Number of floors.", **Q),
        "built_date": Property("t.built_date", date, "When it was built.", **Q),
        "found_date": Property("t.found_date", date, "When the campaign found it.", **Q),
        "found_by": Property("t.found_by", str, "How it was found.", **Q),
        "on_ministry_ledger": Property(
            "t.on_ministry_ledger", bool, "On the housing ministry's stock ledger.", **Q
        ),
        "on_survey5_ledger": Property(
            "t.on_survey5_ledger", bool, "On the 5th survey's ledger of newly found stock.", **Q
        ),
        "ledger_no": Property("t.ledger_no", str, "Its number on that ledger.", **Q),
        "ledger": Property("t.ledger", str, f"Ledger category: {', '.join(LEDGERS)}.", **Q),
        "status": Property("t.status", str, f"Status: {', '.join(STATUSES)}.", **Q),
        "status_changed_at": Property("t.status_changed_at", datetime, "When it last moved."),
        "allowed_moves": Property(
            ALLOWED_MOVES, list[str], "The statuses it may move to next (POST …/transitions)."
        ),
        "mapped_area_m2": Property(
            "round(t.mapped_area_m2::numeric, 2)", float, "Geodesic area of the footprint, m²."
        ),
        "measured_area_m2": Property("t.measured_area_m2", float, "Measured on site, m².", **Q),
        "floor_area_m2": Property("t.floor_area_m2", float, "Floor area over all floors, m²."),
        "demolished_area_m2": Property("t.demolished_area_m2", float, "Area demolished, m².", **Q),
        "demolished_on": Property("t.demolished_on", date, "When it was demolished.", **Q),
        "rectified_on": Property("t.rectified_on", date, "When it was rectified.", **Q),
        "stopped_on": Property("t.stopped_on", date, "When new construction was stopped.", **Q),
        "plan_measure": Property("t.plan_measure", str, "The planned measure.", **Q),
        "plan_responsible": Property("t.plan_responsible", str, "Who answers for the plan."),
        "plan_deadline": Property("t.plan_deadline", date, "The plan's deadline.", **Q),
        "deadline": Property(
            DEADLINE,
            date,
            "The deadline that holds: the plan's, else the compound's; found after the "
            "compound's deadline, its found date plus WEIJIAN_LATE_FIND_DAYS.",
        ),
        "overdue": Property(OVERDUE, bool, "Still standing past its deadline."),
        "stop_overdue": Property(
            STOP_OVERDUE, bool, "New construction not stopped in time, or stopped late."
        ),
        "geom_repaired": Property("t.geom_repaired", bool, "Whether the service repaired it."),
        "notes": Property("t.notes", str),
        **BOOKKEEPING,
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter("t.compound_id = %(compound_id)s", ONLY_COMPOUND),
        "grid_id": id_filter("t.grid_id = %(grid_id)s", ONLY_GRID),
        "household_id": id_filter("t.household_id = %(household_id)s", "Only this household's."),
        "status": choice_filter("t.status = ANY(%(status)s)", "status", STATUSES, "statuses"),
        "ledger": choice_filter(
            "t.ledger = ANY(%(ledger)s)", "ledger", LEDGERS, "ledger categories"
        ),
        "found_from": date_filter("t.found_date >= %(found_from)s", A_DATE),
        "found_to": date_filter("t.found_date <= %(found_to)s", A_DATE),
        "built_from": date_filter("t.built_date >= %(built_from)s", A_DATE),
        "built_to": date_filter("t.built_date <= %(built_to)s", A_DATE),
        "overdue": bool_filter(
            f"({OVERDUE}) = %(overdue)s",
            "true: still standing past the deadline (the plan's, else the compound's); "
            "false: the others.",
        ),
        "stop_overdue": bool_filter(
            f"({STOP_OVERDUE}) = %(stop_overdue)s",
            "true: new construction not stopped within WEIJIAN_NEW_CONSTRUCTION_DAYS of being "
            "found, or stopped late.",
        ),
    },
    layer=Layer("Violations (违法建设)", temporal="t.found_date", temporal_type=date),
    tiles=Tiles(
        {
            0: ("status", "ledger", "mapped_area_m2"),
            14: (
                "status",
                "ledger",
                "mapped_area_m2",
                "measured_area_m2",
                "community_id",
                "compound_id",
                "grid_id",
                "found_date",
            ),
        }
    ),
)
