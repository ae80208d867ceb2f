"""The lifecycle of a complaint, as one table.

    received → assigned → verified | unfounded → closed
    received → unfounded          the street office screens it out without a visit
    assigned → assigned           the street office hands it to someone else

Who may make a move:

    | from       | to        | who                                   | needs                     |
    |------------|-----------|---------------------------------------|---------------------------|
    | received   | assigned  | street office (admin)                 | assigned_to               |
    | received   | unfounded | street office (admin)                 | reason                    |
    | assigned   | assigned  | street office (admin)                 | assigned_to               |
    | assigned   | verified  | admin, inspector of its community     | violation_id or violation |
    | assigned   | unfounded | admin, inspector of its community     | reason                    |
    | verified   | closed    | admin, inspector of its community     |                           |
    | unfounded  | closed    | admin, inspector of its community     |                           |

Every move also takes an optional `reason`. "Answered" means moved past `assigned`
(verified or unfounded): a complaint still `received` or `assigned` after its
response deadline is overdue. API keys push complaints in but never move them: the
answer is a person's. Pure functions: no HTTP, no database.
"""

from dataclasses import dataclass

from api import vocabulary
from api.auth.principal import Role

STATUSES = vocabulary.COMPLAINT_STATUSES
OPEN = vocabulary.COMPLAINT_OPEN  # not answered yet: overdue past the response deadline
ANSWERED = vocabulary.COMPLAINT_ANSWERED

LABELS_ZH = {
    "received": "已受理",
    "assigned": "已派单，核查中",
    "verified": "经核查属实，已立案处理",
    "unfounded": "经核查不属实",
    "closed": "已办结",
}

STREET_OFFICE = frozenset({Role.ADMIN})
HANDLERS = frozenset({Role.ADMIN, Role.INSPECTOR})

# What a move may take besides `reason`, and what the words for each are.
INPUTS = {
    "assigned_to": "assigned_to: the username of the inspector (or admin) who checks it on site",
    "violation": "violation_id of the violation it reports, or violation: a GeoJSON Feature "
    "registering a new one",
    "reason": "reason: what was found on site that makes it unfounded",
}


@dataclass(frozen=True)
class Move:
    to: str
    by: frozenset[Role]
    needs: tuple[str, ...] = ()


MOVES: dict[str, tuple[Move, ...]] = {
    "received": (
        Move("assigned", STREET_OFFICE, ("assigned_to",)),
        Move("unfounded", STREET_OFFICE, ("reason",)),
    ),
    "assigned": (
        Move("assigned", STREET_OFFICE, ("assigned_to",)),
        Move("verified", HANDLERS, ("violation",)),
        Move("unfounded", HANDLERS, ("reason",)),
    ),
    "verified": (Move("closed", HANDLERS),),
    "unfounded": (Move("closed", HANDLERS),),
    "closed": (),
}


def allowed(status: str) -> list[str]:
    """The statuses a complaint in `status` may move to (by someone)."""
    return [move.to for move in MOVES[status]]


def find_move(status: str, to: str) -> Move | None:
    return next((m for m in MOVES[status] if m.to == to), None)


def may_make(move: Move, role: Role) -> bool:
    return role in move.by


def unmet(move: Move, sent: set[str]) -> list[str]:
    """What the move needs and the request lacks, in words a person can act on."""
    return [INPUTS[name] for name in move.needs if name not in sent]


def unexpected(move: Move, sent: set[str]) -> list[str]:
    """Inputs sent that this move does not use (`reason` is always welcome)."""
    return sorted(name for name in sent if name != "reason" and name not in move.needs)


def who(move: Move) -> str:
    if move.by == STREET_OFFICE:
        return "the street office (admin)"
    return "the street office or an inspector of the complaint's community"
