"""For the street office: users, API keys, and the audit log."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from api.auth import audit, keys, users
from api.auth.answers import ApiKeyCreated, ApiKeyOut, AuditPage
from api.auth.deps import AdminActor
from api.auth.schemas import ApiKeyCreate, UserCreate, UserOut, UserPatch
from api.contract.documented import DocumentedAs
from api.contract.problems import AUTHED, problems
from api.deps import DbConn, PagingDep, SettingsDep

# The admin's routes: 401 without a login, 403 for anyone but the street office.
router = APIRouter(tags=["administration"], responses=problems(*AUTHED))

User = Annotated[dict[str, Any], DocumentedAs(UserOut)]
ApiKey = Annotated[dict[str, Any], DocumentedAs(ApiKeyOut)]


@router.get("/users", summary="List users")
async def list_users(
    conn: DbConn, actor: AdminActor
) -> Annotated[list[dict[str, Any]], DocumentedAs(list[UserOut])]:
    """Every account, with its role and (for inspectors) communities. Never passwords."""
    return await users.list_users(conn)


@router.post(
    "/users",
    status_code=status.HTTP_201_CREATED,
    summary="Create a user",
    responses=problems(409, s409="The username is taken."),
)
async def create_user(body: UserCreate, conn: DbConn, actor: AdminActor) -> User:
    """A new account. Inspectors need the communities they work in; the password is
    stored as an argon2 hash."""
    return await users.create_user(
        conn, body.username, body.password, body.role, body.communities, body.display_name
    )


@router.patch("/users/{user_id}", summary="Change a user", responses=problems(404))
async def update_user(user_id: int, body: UserPatch, conn: DbConn, actor: AdminActor) -> User:
    """Change role, communities, display name, password (which also unlocks) or
    `active`. A change of rights logs the user out everywhere."""
    return await users.update_user(conn, user_id, body.model_dump(exclude_unset=True))


@router.post("/users/{user_id}/unlock", summary="Unlock a user's account", responses=problems(404))
async def unlock_user(user_id: int, conn: DbConn, actor: AdminActor) -> User:
    """Lift the lock that failed logins put on the account, and forget its failures in
    a row, so the user can log in at once. Recorded in the audit log."""
    return await users.unlock_user(conn, user_id)


@router.get("/api-keys", summary="List API keys")
async def list_keys(
    conn: DbConn, actor: AdminActor
) -> Annotated[list[dict[str, Any]], DocumentedAs(list[ApiKeyOut])]:
    """Every API key with its scopes and last write (`last_used_at`: reads are not
    recorded, a read never writes); the keys themselves are never shown."""
    return await keys.list_keys(conn)


@router.post("/api-keys", status_code=status.HTTP_201_CREATED, summary="Create an API key")
async def create_key(
    body: ApiKeyCreate, conn: DbConn, settings: SettingsDep, actor: AdminActor
) -> Annotated[dict[str, Any], DocumentedAs(ApiKeyCreated)]:
    """A key for another system, sent as `X-API-Key`. The answer shows the key this
    once: only its digest is stored."""
    key, record = await keys.create_key(
        conn, settings.signing_key, body.name, list(body.scopes), actor.username
    )
    return {**record, "key": key}


@router.delete("/api-keys/{key_id}", summary="Revoke an API key", responses=problems(404))
async def revoke_key(key_id: int, conn: DbConn, actor: AdminActor) -> ApiKey:
    """Revoke a key at once; the record stays, with who revoked it and when."""
    return await keys.revoke_key(conn, key_id, actor.username)


@router.get("/audit", summary="The audit log")
async def audit_log(
    request: Request,
    conn: DbConn,
    actor: AdminActor,
    paging: PagingDep,
    user: Annotated[str | None, Query(alias="actor", description="Who acted.")] = None,
    record_type: Annotated[str | None, Query(description="e.g. violations.")] = None,
    record_id: int | None = None,
    action: Annotated[str | None, Query(description="Part of the action, e.g. PATCH.")] = None,
    since: Annotated[date | None, Query(description="From this day (inclusive).")] = None,
    until: Annotated[date | None, Query(description="To this day (inclusive).")] = None,
) -> Annotated[dict[str, Any], DocumentedAs(AuditPage)]:
    """Every authenticated write and every login, newest first: who, what, which
    record, when, the answer's status and the request id. It cannot be changed."""
    filters = {
        "actor": user,
        "record_type": record_type,
        "record_id": record_id,
        "action": action,
        "since": since,
        "until": until,
    }
    total, entries = await audit.search(conn, filters, paging.limit, paging.offset)
    return {"numberMatched": total, "numberReturned": len(entries), "entries": entries}
