"""Logging in and out, and who am I."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from api.auth import users
from api.auth.answers import Me
from api.auth.deps import LoggedIn
from api.auth.schemas import TokenOut
from api.complaints.ratelimit import client_address
from api.contract.documented import DocumentedAs
from api.contract.problems import problems
from api.deps import DbConn, SettingsDep

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenOut,
    summary="Log in",
    responses=problems(
        401,
        422,
        429,
        s401="Wrong username or password, or the account is disabled or locked.",
        s429="Too many failures in a row on the account, or from your address: wait "
        "`retry_after` seconds.",
    ),
)
async def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    conn: DbConn,
    settings: SettingsDep,
) -> TokenOut:
    """Exchange a username and password (form fields, as OAuth2's password flow sends
    them) for a bearer token with an expiry. Send it as `Authorization: Bearer <token>`.
    After a few failures in a row each attempt must wait longer (429 with Retry-After),
    and then the account is locked for a while (an admin can unlock it). Too many
    failures from one address, whatever the usernames, answer 429 until their window
    ends."""
    session = await users.login(
        conn,
        settings,
        form.username,
        form.password,
        getattr(request.state, "request_id", None),
        client_address(request, settings.trust_forwarded_for),
    )
    return TokenOut(access_token=session.token, expires_at=session.expires_at, user=session.user)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Log out",
    responses=problems(401, 403, s403="An API key cannot log out."),
)
async def logout(conn: DbConn, principal: LoggedIn) -> Response:
    """Revoke the token this request carries; it no longer lets anyone in."""
    assert principal.token_digest is not None
    await users.logout(conn, principal.token_digest)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", summary="Who am I", responses=problems(401, 403))
async def me(principal: LoggedIn) -> Annotated[dict[str, Any], DocumentedAs(Me)]:
    """The logged-in user: name, role, the communities an inspector works in, and what
    the role may do."""
    return {
        "username": principal.name,
        "role": principal.role.value,
        "communities": list(principal.communities) if principal.communities is not None else None,
        "permissions": sorted(p.value for p in principal.permissions),
    }
