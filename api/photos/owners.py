"""The records a photo can belong to, and who may see or add to them.

A photo's owner is polymorphic (no foreign key), so this table says where each kind
of owner lives and who may see it. A kind whose table comes with a later migration
answers 422 until the table exists. Adding a kind of owner is one entry here (and one
value in the photo table's owner_type CHECK).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal, Role
from api.errors import Gone, NotFound, Unprocessable

Rule = Callable[[Principal, int | None], bool]


def in_scope(principal: Principal, community_id: int | None) -> bool:
    """Records of the principal's communities (every community for the street office)."""
    return principal.authenticated and principal.in_scope(community_id)


def street_office(principal: Principal, community_id: int | None) -> bool:
    """Only the street office's admins, whatever the community."""
    return principal.role is Role.ADMIN


def complaint_intake(principal: Principal, community_id: int | None) -> bool:
    """The street office, and whoever takes a complaint in: the public's report (the
    complaint routes pass the public principal) or a key with the complaints:write scope."""
    return (
        principal.role is Role.ADMIN
        or not principal.authenticated
        or "complaints:write" in principal.scopes
    )


@dataclass(frozen=True)
class OwnerKind:
    table: str  # with columns id, community_id, deleted_at
    label: str
    may_read: Rule = in_scope
    may_add: Rule = in_scope
    unavailable: str | None = None  # the table may be missing: the refusal then


OWNERS: dict[str, OwnerKind] = {
    "violation": OwnerKind("violation", "violation"),
    "household": OwnerKind("household", "household"),
    "sweep": OwnerKind("sweep", "sweep"),
    # Complaints carry the reporter's protection: the street office only, until the
    # complaints module says more.
    "complaint": OwnerKind(
        "complaint",
        "complaint",
        may_read=street_office,
        may_add=complaint_intake,
        unavailable="complaints are not available in this version of the service yet; "
        "attach the photo to a violation, household or sweep",
    ),
}
OWNER_TYPES = tuple(OWNERS)


@dataclass(frozen=True)
class Owner:
    kind: str
    id: int
    community_id: int | None
    deleted_at: datetime | None

    @property
    def label(self) -> str:
        return OWNERS[self.kind].label


def owner_kind(owner_type: str) -> OwnerKind:
    kind = OWNERS.get(owner_type)
    if kind is None:
        raise Unprocessable(
            f"owner_type {owner_type!r} is not a kind of record photos belong to; choose "
            f"from {', '.join(OWNER_TYPES)}"
        )
    return kind


async def find_owner(
    conn: AsyncConnection,
    owner_type: str,
    owner_id: int,
    principal: Principal,
    *,
    adding: bool = False,
    lock: bool = False,
) -> Owner:
    """The owner record, if the principal may see it (404 otherwise: another
    community's record does not leak). `adding`: a photo is being added, so the owner
    must be live (410 when deleted) and the principal may add to it. `lock`: hold the
    row FOR SHARE until the transaction ends, so it is not deleted meanwhile."""
    kind = owner_kind(owner_type)
    if kind.unavailable is not None:
        cur = await conn.execute("SELECT to_regclass(%(t)s) IS NOT NULL", {"t": kind.table})
        row = await cur.fetchone()
        if not row or not row[0]:
            raise Unprocessable(kind.unavailable)
    query = sql.SQL("SELECT community_id, deleted_at FROM {} WHERE id = %(id)s{}").format(
        sql.Identifier(kind.table), sql.SQL(" FOR SHARE" if lock else "")
    )
    cur = await conn.execute(query, {"id": owner_id})
    row = await cur.fetchone()
    rule = kind.may_add if adding else kind.may_read
    if row is None or not rule(principal, row[0]):
        raise NotFound(f"there is no {kind.label} {owner_id}")
    owner = Owner(owner_type, owner_id, row[0], row[1])
    if adding and owner.deleted_at is not None:
        raise Gone(
            f"{kind.label} {owner_id} was deleted on {owner.deleted_at:%Y-%m-%d %H:%M}; "
            "photos can no longer be added to it"
        )
    return owner
