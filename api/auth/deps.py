"""Who is calling: a bearer token (a logged-in user) or an X-API-Key (another system);
neither is the public. And the dependencies that let a route say who may call it."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from psycopg import AsyncConnection

from api.auth.principal import (
    PUBLIC,
    Actor,
    Permission,
    Principal,
    key_principal,
    user_principal,
)
from api.auth.secrets import digest
from api.deps import DbConn, get_settings, is_write
from api.errors import Forbidden, Unauthorized

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token.")
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Another system's API key."
)


async def token_principal(conn: AsyncConnection, signing_key: bytes, token: str) -> Principal:
    """The user a bearer token belongs to; 401 for an unknown, expired or revoked one."""
    token_digest = digest(signing_key, token)
    cur = await conn.execute(
        "SELECT u.id, u.username, u.role, u.communities FROM auth_token t "
        "JOIN app_user u ON u.id = t.user_id WHERE t.digest = %(d)s "
        "AND t.revoked_at IS NULL AND t.expires_at > now() AND u.active",
        {"d": token_digest},
    )
    row = await cur.fetchone()
    if row is None:
        raise Unauthorized("the token is unknown, expired or logged out: log in again")
    return user_principal(row[0], row[1], row[2], list(row[3]), token_digest)


async def find_api_key(
    conn: AsyncConnection, signing_key: bytes, api_key: str, *, note_use: bool = False
) -> Principal | None:
    """The system an API key belongs to, or None for an unknown or revoked key. A read
    never writes (it may be served by a read-only replica): `note_use` — for a write
    request, in that write's transaction — sets the key's last_used_at, which is so the
    last write the key made."""
    cur = await conn.execute(
        (
            "UPDATE api_key SET last_used_at = now() WHERE digest = %(d)s "
            "AND revoked_at IS NULL RETURNING id, name, scopes"
            if note_use
            else "SELECT id, name, scopes FROM api_key WHERE digest = %(d)s AND revoked_at IS NULL"
        ),
        {"d": digest(signing_key, api_key)},
    )
    row = await cur.fetchone()
    return None if row is None else key_principal(row[0], row[1], list(row[2]))


async def key_principal_for(
    conn: AsyncConnection, signing_key: bytes, api_key: str, *, note_use: bool = False
) -> Principal:
    """The system an API key belongs to; 401 for an unknown or revoked key."""
    principal = await find_api_key(conn, signing_key, api_key, note_use=note_use)
    if principal is None:
        raise Unauthorized("the API key is unknown or revoked")
    return principal


async def get_principal(
    request: Request,
    conn: DbConn,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal:
    key = get_settings(request).signing_key
    principal = PUBLIC
    if credentials is not None:
        principal = await token_principal(conn, key, credentials.credentials)
    elif api_key is not None:
        principal = await key_principal_for(conn, key, api_key, note_use=is_write(request))
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]

WHAT = {
    Permission.READ: "read records",
    Permission.WRITE_RECORDS: "register or change records",
    Permission.WRITE_PLACES: "change communities, compounds or grid cells",
    Permission.ADMIN: "manage users, API keys or read the audit log",
    Permission.PII: "see personal data",
}


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def check_permission(
    principal: Principal, permission: Permission, what: str | None = None
) -> Principal:
    """The principal, if it may do this; 401 for the public, 403 for others, told they
    may not `what` (default: what the permission covers, WHAT)."""
    if not principal.authenticated:
        raise Unauthorized(
            "log in first (POST /api/v1/auth/token) and send the token as "
            "'Authorization: Bearer …', or send an API key as X-API-Key"
        )
    if not principal.can(permission):
        raise Forbidden(f"{_a(principal.role.value)} may not {what or WHAT[permission]}")
    return principal


def require(permission: Permission, what: str | None = None) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting principals with `permission`."""

    async def check(principal: CurrentPrincipal) -> Principal:
        return check_permission(principal, permission, what)

    return check


async def require_login(principal: CurrentPrincipal) -> Principal:
    if principal.user_id is None:
        raise Unauthorized("log in first (POST /api/v1/auth/token)")
    return principal


Reader = Annotated[Principal, Depends(require(Permission.READ))]
RecordWriter = Annotated[Principal, Depends(require(Permission.WRITE_RECORDS))]
PlaceWriter = Annotated[Principal, Depends(require(Permission.WRITE_PLACES))]
Admin = Annotated[Principal, Depends(require(Permission.ADMIN))]
LoggedIn = Annotated[Principal, Depends(require_login)]


def acting(permission: Permission, what: str | None = None) -> Callable[..., Awaitable[Actor]]:
    """The principal, checked for `permission` (refused in `what`'s words, see
    `require`), with the request id: for services that write."""
    checker = require(permission, what)

    async def actor(request: Request, principal: Annotated[Principal, Depends(checker)]) -> Actor:
        return Actor(principal, getattr(request.state, "request_id", None))

    return actor


RecordActor = Annotated[Actor, Depends(acting(Permission.WRITE_RECORDS))]
PlaceActor = Annotated[Actor, Depends(acting(Permission.WRITE_PLACES))]
AdminActor = Annotated[Actor, Depends(acting(Permission.ADMIN))]
# Write-offs are the street office's decision (its admins), whatever else admins may do.
WriteOffDecider = Annotated[
    Actor,
    Depends(
        acting(
            Permission.ADMIN,
            "decide on a write-off (销账): only the street office approves a write-off request "
            "or sends it back; a community asks for one (POST …/write-off-requests) and waits "
            "for its decision",
        )
    ),
]
