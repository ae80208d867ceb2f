"""User accounts and logging in: argon2 passwords, slowed and locked after failures."""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from psycopg import AsyncConnection, errors

from api.auth import audit, throttle
from api.auth.principal import Role
from api.auth.secrets import digest, hash_password, new_token, verify_password
from api.errors import Conflict, NotFound, TooManyRequests, Unauthorized, Unprocessable
from api.settings import Settings

# After this many failures in a row, each further attempt must wait 1, 2, 4 … seconds.
FREE_ATTEMPTS = 3

USER_JSON = """json_build_object(
    'id', u.id, 'username', u.username, 'display_name', u.display_name, 'role', u.role,
    'communities', u.communities, 'active', u.active, 'locked_until', u.locked_until,
    'created_at', u.created_at, 'updated_at', u.updated_at)"""


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: datetime
    user: dict[str, Any]


def _wait_seconds(failures: int) -> int:
    return 2 ** (failures - FREE_ATTEMPTS) if failures >= FREE_ATTEMPTS else 0


async def login(
    conn: AsyncConnection,
    settings: Settings,
    username: str,
    password: str,
    request_id: str | None,
    address: str = "unknown",
) -> Session:
    """A new bearer token for a right username and password; 401 otherwise, 429 while
    the client's address (api/auth/throttle.py) or the account is slowed down or locked."""
    failure: Exception | None = None
    await throttle.refuse_throttled(conn, settings, address)
    async with conn.transaction():
        user_id, user, failure = await _check_password(
            conn, settings, username, password, request_id
        )
        if failure is not None:
            await throttle.count_failure(conn, settings, address)
        else:
            token = new_token("wjt")
            cur = await conn.execute(
                "INSERT INTO auth_token (digest, user_id, expires_at) "
                "VALUES (%(digest)s, %(user)s, now() + make_interval(mins => %(ttl)s)) "
                "RETURNING expires_at",
                {
                    "digest": digest(settings.signing_key, token),
                    "user": user_id,
                    "ttl": settings.token_ttl_minutes,
                },
            )
            expires = await cur.fetchone()
            await audit.record(
                conn, user["username"], "user", "login", "user", user_id, 200, request_id
            )
    if failure:
        raise failure
    assert expires is not None
    return Session(token=token, expires_at=expires[0], user=user)


# HTTP Basic auth sends the password with every request (a desktop GIS panning a layer
# sends many): a right one is remembered for a minute, by the HMAC of the username and
# password, with the password hash it matched — so that a changed password, a disabled
# or locked account, ends it at once. Only rights are remembered; a wrong password
# always takes the full check, and counts.
RECENT_SECONDS = 60
_recent: dict[str, tuple[int, str, float]] = {}

RECENT_SQL = f"""
SELECT {USER_JSON}, u.password_hash, COALESCE(u.locked_until > now(), false)
FROM app_user u WHERE u.id = %(id)s AND u.active"""


async def password_user(
    conn: AsyncConnection,
    settings: Settings,
    username: str,
    password: str,
    request_id: str | None,
) -> dict[str, Any]:
    """The account a username and password open, checked as a login is — slowed down and
    locked after failures, each failure in the audit log — without a token (HTTP Basic
    auth sends them on every request); 401 or 429 otherwise."""
    key = digest(settings.signing_key, f"{username.lower()}\0{password}")
    remembered = _recent.get(key)
    if remembered is not None and remembered[2] > time.monotonic():
        cur = await conn.execute(RECENT_SQL, {"id": remembered[0]})
        row = await cur.fetchone()
        if row is not None and row[1] == remembered[1] and not row[2]:
            return dict(row[0])
    _recent.pop(key, None)
    async with conn.transaction():
        user_id, user, failure = await _check_password(
            conn, settings, username, password, request_id
        )
        if failure is None:
            cur = await conn.execute(
                "SELECT password_hash FROM app_user WHERE id = %(id)s", {"id": user_id}
            )
            row = await cur.fetchone()
    if failure:
        raise failure
    if len(_recent) > 10_000:  # a bound, not a policy: forget them all
        _recent.clear()
    if row is not None:
        _recent[key] = (user_id, row[0], time.monotonic() + RECENT_SECONDS)
    return dict(user)


async def _check_password(
    conn: AsyncConnection,
    settings: Settings,
    username: str,
    password: str,
    request_id: str | None,
) -> tuple[Any, Any, Exception | None]:
    """(user id, user, None) for a right password, the failures forgotten; (…, the
    error) for a wrong one, counted (the caller commits, then raises). 429 at once
    while the account is slowed down or locked. Inside the caller's transaction."""
    cur = await conn.execute(
        f"SELECT u.id, u.password_hash, u.active, u.failed_logins, u.last_failed_at, "
        f"u.locked_until, now(), {USER_JSON} FROM app_user u "
        "WHERE lower(u.username) = lower(%(username)s) FOR UPDATE",
        {"username": username},
    )
    row = await cur.fetchone()
    user_id, pw_hash, active, failures, last_failed, locked_until, now, user = (
        row if row else (None, None, False, 0, None, None, None, None)
    )
    if locked_until and locked_until > now:
        wait = int((locked_until - now).total_seconds()) + 1
        raise TooManyRequests(
            f"too many failed logins: the account is locked for another {wait} s", wait
        )
    wait = _wait_seconds(failures)
    if last_failed and wait and last_failed + timedelta(seconds=wait) > now:
        raise TooManyRequests(
            f"too many failed logins in a row: wait {wait} s before trying again", wait
        )
    if not verify_password(pw_hash, password) or not active:
        failure = await _failed(conn, settings, user_id, failures, username, request_id)
        return user_id, user, failure
    if failures or last_failed or locked_until:
        await conn.execute(
            "UPDATE app_user SET failed_logins = 0, last_failed_at = NULL, "
            "locked_until = NULL WHERE id = %(id)s",
            {"id": user_id},
        )
    return user_id, user, None


async def _failed(
    conn: AsyncConnection,
    settings: Settings,
    user_id: int | None,
    failures: int,
    username: str,
    request_id: str | None,
) -> Exception:
    if user_id is not None:
        failures += 1
        locked = failures >= settings.login_max_failures
        # The waits count from the failure (after the slow password check), not from
        # the start of the request's transaction.
        await conn.execute(
            "UPDATE app_user SET failed_logins = %(f)s, last_failed_at = clock_timestamp(), "
            "locked_until = CASE WHEN %(locked)s "
            "  THEN clock_timestamp() + make_interval(mins => %(mins)s) END WHERE id = %(id)s",
            {
                "f": 0 if locked else failures,
                "locked": locked,
                "mins": settings.login_lock_minutes,
                "id": user_id,
            },
        )
    await audit.record(
        conn,
        "public",
        "public",
        "login failed",
        "user",
        user_id,
        401,
        request_id,
        {"username": username[:64]},
    )
    return Unauthorized("wrong username or password (or the account is disabled)")


async def unlock_user(conn: AsyncConnection, user_id: int) -> dict[str, Any]:
    """Lift the account's lock and forget its failures in a row (an admin's act)."""
    cur = await conn.execute(
        f"""UPDATE app_user u SET failed_logins = 0, last_failed_at = NULL,
                locked_until = NULL, updated_at = now()
            WHERE id = %(id)s RETURNING {USER_JSON}""",
        {"id": user_id},
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no user {user_id}")
    return dict(row[0])


async def logout(conn: AsyncConnection, token_digest: str) -> None:
    await conn.execute(
        "UPDATE auth_token SET revoked_at = now() WHERE digest = %(d)s AND revoked_at IS NULL",
        {"d": token_digest},
    )


async def create_user(
    conn: AsyncConnection,
    username: str,
    password: str,
    role: str,
    communities: list[int] | None = None,
    display_name: str | None = None,
) -> dict[str, Any]:
    """A new account; inspectors need at least one community, others none."""
    communities = sorted(set(communities or []))
    if role == Role.INSPECTOR and not communities:
        raise Unprocessable("an inspector needs at least one community (communities=[…])")
    if role != Role.INSPECTOR and communities:
        raise Unprocessable(f"only inspectors are scoped to communities, not a {role}")
    try:
        pw_hash = hash_password(password)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from exc
    await _check_communities(conn, communities)
    try:
        # A savepoint: a refused insert leaves the request's transaction usable.
        async with conn.transaction():
            cur = await conn.execute(
                f"INSERT INTO app_user AS u (username, display_name, role, communities, "
                f"password_hash) VALUES (%(username)s, %(display)s, %(role)s, "
                f"%(communities)s, %(hash)s) RETURNING {USER_JSON}",
                {
                    "username": username,
                    "display": display_name,
                    "role": role,
                    "communities": communities,
                    "hash": pw_hash,
                },
            )
            row = await cur.fetchone()
    except errors.UniqueViolation as exc:
        raise Conflict(f"the username {username!r} is taken") from exc
    except errors.CheckViolation as exc:
        raise Unprocessable("a username is 2–64 letters, digits or _ . @ - characters") from exc
    assert row is not None
    return dict(row[0])


async def _check_communities(conn: AsyncConnection, communities: list[int]) -> None:
    if not communities:
        return
    cur = await conn.execute(
        "SELECT array_agg(c) FROM unnest(%(ids)s::bigint[]) c WHERE NOT EXISTS "
        "(SELECT 1 FROM community WHERE id = c AND deleted_at IS NULL)",
        {"ids": communities},
    )
    row = await cur.fetchone()
    if row and row[0]:
        raise Unprocessable(f"no such communities: {', '.join(map(str, row[0]))}")


async def update_user(
    conn: AsyncConnection, user_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change role, communities, display name, active, or password (which unlocks)."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT role, communities FROM app_user WHERE id = %(id)s FOR UPDATE", {"id": user_id}
        )
        row = await cur.fetchone()
        if row is None:
            raise NotFound(f"there is no user {user_id}")
        role = changes.get("role", row[0])
        communities = sorted(set(changes.get("communities", row[1]) or []))
        if role != Role.INSPECTOR:
            communities = []
        elif not communities:
            raise Unprocessable("an inspector needs at least one community")
        await _check_communities(conn, communities)
        values: dict[str, Any] = {
            "id": user_id,
            "role": role,
            "communities": communities,
            "display": changes.get("display_name"),
            "active": changes.get("active"),
        }
        password = changes.get("password")
        try:
            values["hash"] = hash_password(password) if password else None
        except ValueError as exc:
            raise Unprocessable(str(exc)) from exc
        cur = await conn.execute(
            f"""UPDATE app_user u SET role = %(role)s, communities = %(communities)s,
                display_name = COALESCE(%(display)s, display_name),
                active = COALESCE(%(active)s, active),
                password_hash = COALESCE(%(hash)s, password_hash),
                failed_logins = CASE WHEN %(hash)s IS NULL THEN failed_logins ELSE 0 END,
                locked_until = CASE WHEN %(hash)s IS NULL THEN locked_until END,
                updated_at = now()
            WHERE id = %(id)s RETURNING {USER_JSON}""",
            values,
        )
        updated = await cur.fetchone()
        assert updated is not None
        if changes.get("active") is False or "role" in changes or "communities" in changes:
            # A changed right takes effect now: the user logs in again.
            await conn.execute(
                "UPDATE auth_token SET revoked_at = now() WHERE user_id = %(id)s "
                "AND revoked_at IS NULL",
                {"id": user_id},
            )
    return dict(updated[0])


async def list_users(conn: AsyncConnection) -> list[dict[str, Any]]:
    cur = await conn.execute(f"SELECT {USER_JSON} FROM app_user u ORDER BY u.id")
    return [dict(r[0]) for r in await cur.fetchall()]
