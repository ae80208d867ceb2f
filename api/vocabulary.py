"""Every closed vocabulary of the records, in one place.

The database holds each of these as a CHECK constraint (migrations/versions); the
pydantic schemas, the lifecycles, the SQL that names a set of values and the map
(`GET /api/v1/public/vocabulary`) take them from here, and tests/test_vocabulary.py
fails when a CHECK and this module disagree. Pure: no HTTP, no database — `spatial`
does not import `api`, so its queries receive the sets they need (the standing
statuses) as bound parameters.

Each vocabulary is a `Literal` (what schemas and mypy see) and a tuple of its values
taken from it, in the order the database lists them.
"""

import json
from typing import Literal, get_args

# -- violation (migration 0001) --------------------------------------------------------
ViolationStatus = Literal[
    "registered",
    "verified",
    "planned",
    "rectifying",
    "demolished",
    "rectified",
    "written_off",
    "dismissed",
]
VIOLATION_STATUSES: tuple[ViolationStatus, ...] = get_args(ViolationStatus)
# Standing: still on the ground and not dealt with (counts in the occupied area).
STANDING: tuple[ViolationStatus, ...] = ("registered", "verified", "planned", "rectifying")
# Dealt with: removed or made legal.
DEALT_WITH: tuple[ViolationStatus, ...] = ("demolished", "rectified", "written_off")
# The statuses a write-off may be requested from.
WRITE_OFF_FROM: tuple[ViolationStatus, ...] = ("demolished", "rectified")

Ledger = Literal["stock_ministry", "stock_survey5", "stock_missed", "new"]
LEDGERS: tuple[Ledger, ...] = get_args(Ledger)

StructureType = Literal["rooftop_room", "enclosed_yard", "shed", "extension", "wall", "other"]
STRUCTURE_TYPES: tuple[StructureType, ...] = get_args(StructureType)

Use = Literal["dwelling", "storage", "business", "parking", "other"]
USES: tuple[Use, ...] = get_args(Use)

FoundBy = Literal["sweep", "complaint", "ledger_import", "other"]
FOUND_BY: tuple[FoundBy, ...] = get_args(FoundBy)

PlanMeasure = Literal["demolish", "rectify", "confiscate", "other"]
PLAN_MEASURES: tuple[PlanMeasure, ...] = get_args(PlanMeasure)

# violation_event.kind (migration 0004 widened 0001's list)
ViolationEventKind = Literal[
    "created",
    "updated",
    "deleted",
    "status_changed",
    "ledger_changed",
    "write_off_requested",
    "write_off_approved",
    "write_off_rejected",
    "stopped",
    "photo_added",
    "photo_removed",
    "complaint_linked",
]
VIOLATION_EVENT_KINDS: tuple[ViolationEventKind, ...] = get_args(ViolationEventKind)

# -- write-off requests (migration 0004) -----------------------------------------------
WriteOffState = Literal["pending", "approved", "rejected"]
WRITE_OFF_STATES: tuple[WriteOffState, ...] = get_args(WriteOffState)

# -- photos (migration 0005) -----------------------------------------------------------
PhotoOwnerType = Literal["violation", "household", "sweep", "complaint"]
PHOTO_OWNER_TYPES: tuple[PhotoOwnerType, ...] = get_args(PhotoOwnerType)

PhotoStage = Literal["before", "during", "after"]
PHOTO_STAGES: tuple[PhotoStage, ...] = get_args(PhotoStage)

PhotoContentType = Literal["image/jpeg", "image/png"]
PHOTO_CONTENT_TYPES: tuple[PhotoContentType, ...] = get_args(PhotoContentType)

# -- complaints (migration 0006) -------------------------------------------------------
ComplaintStatus = Literal["received", "assigned", "verified", "unfounded", "closed"]
COMPLAINT_STATUSES: tuple[ComplaintStatus, ...] = get_args(ComplaintStatus)
# Not answered yet: overdue past the response deadline.
COMPLAINT_OPEN: tuple[ComplaintStatus, ...] = ("received", "assigned")
COMPLAINT_ANSWERED: tuple[ComplaintStatus, ...] = ("verified", "unfounded")

ComplaintChannel = Literal["web", "hotline", "12345", "letter", "other"]
COMPLAINT_CHANNELS: tuple[ComplaintChannel, ...] = get_args(ComplaintChannel)

ComplaintEventKind = Literal["received", "assigned", "verified", "unfounded", "closed", "updated"]
COMPLAINT_EVENT_KINDS: tuple[ComplaintEventKind, ...] = get_args(ComplaintEventKind)

# -- accounts and the audit log (migration 0002) ---------------------------------------
UserRole = Literal["admin", "inspector", "viewer"]
USER_ROLES: tuple[UserRole, ...] = get_args(UserRole)

ApiKeyScope = Literal["read", "pii", "write", "complaints:write"]
API_KEY_SCOPES: tuple[ApiKeyScope, ...] = get_args(ApiKeyScope)

ActorKind = Literal["user", "api_key", "public", "system"]
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)

# Which column's CHECK holds which vocabulary: (table, column) → its values.
CHECKED: dict[tuple[str, str], tuple[str, ...]] = {
    ("violation", "status"): VIOLATION_STATUSES,
    ("violation", "ledger"): LEDGERS,
    ("violation", "structure_type"): STRUCTURE_TYPES,
    ("violation", "use"): USES,
    ("violation", "found_by"): FOUND_BY,
    ("violation", "plan_measure"): PLAN_MEASURES,
    ("violation_event", "kind"): VIOLATION_EVENT_KINDS,
    ("write_off_request", "state"): WRITE_OFF_STATES,
    ("photo", "owner_type"): PHOTO_OWNER_TYPES,
    ("photo", "stage"): PHOTO_STAGES,
    ("photo", "content_type"): PHOTO_CONTENT_TYPES,
    ("complaint", "status"): COMPLAINT_STATUSES,
    ("complaint", "channel"): COMPLAINT_CHANNELS,
    ("complaint_event", "kind"): COMPLAINT_EVENT_KINDS,
    ("app_user", "role"): USER_ROLES,
    ("demo_login", "role"): USER_ROLES,
    ("api_key", "scopes"): API_KEY_SCOPES,
    ("audit_log", "actor_kind"): ACTOR_KINDS,
}


def public() -> dict[str, dict[str, list[str]]]:
    """What the map needs to know (`GET /api/v1/public/vocabulary`): the values of each
    vocabulary it shows, and the sets it reasons with."""
    return {
        "violation": {
            "status": list(VIOLATION_STATUSES),
            "standing": list(STANDING),
            "dealt_with": list(DEALT_WITH),
            "write_off_from": list(WRITE_OFF_FROM),
            "ledger": list(LEDGERS),
            "structure_type": list(STRUCTURE_TYPES),
            "use": list(USES),
            "found_by": list(FOUND_BY),
            "plan_measure": list(PLAN_MEASURES),
        },
        "photo": {"stage": list(PHOTO_STAGES)},
        "complaint": {
            "status": list(COMPLAINT_STATUSES),
            "open": list(COMPLAINT_OPEN),
            "channel": list(COMPLAINT_CHANNELS),
        },
    }


def javascript() -> str:
    """frontend/js/vocabulary.js, the map's copy of `public()` (a module it imports
    without waiting for the service); tests/test_vocabulary.py checks it is current."""
    body = json.dumps(public(), ensure_ascii=False, indent=2)
    return (
        "/* Generated from api/vocabulary.py — do not edit. Regenerate with\n"
        "   python -m api.vocabulary > frontend/js/vocabulary.js\n"
        "   (tests/test_vocabulary.py fails while it differs from the module). */\n"
        f"export const VOCABULARY = {body};\n"
    )


if __name__ == "__main__":
    print(javascript(), end="")
