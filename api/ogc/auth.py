"""How desktop GIS logs in to /ogc: QGIS and GDAL cannot do the OAuth2 password flow, so
besides a bearer token and the X-API-Key header, /ogc accepts HTTP Basic auth — a
username and password, or an API key as the password (any username). The principal is
the same as the REST API's, so scoping and personal-data masking are the same too."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBasic, HTTPBasicCredentials

from api.auth.deps import (
    api_key_header,
    bearer,
    check_permission,
    find_api_key,
    key_principal_for,
    token_principal,
)
from api.auth.principal import PUBLIC, Permission, Principal, user_principal
from api.auth.users import password_user
from api.deps import DbConn, get_settings
from api.errors import Problem, Unauthorized

basic = HTTPBasic(
    auto_error=False,
    description="Username and password, or any username and an API key as the password "
    "(for QGIS and GDAL).",
)

# The challenge a desktop client answers by asking for, or sending, its credentials.
CHALLENGE = 'Basic realm="weijian", charset="UTF-8"'


def _challenge(problem: Problem) -> Problem:
    if problem.status == 401:
        problem.headers["WWW-Authenticate"] = CHALLENGE
    return problem


async def basic_principal(
    request: Request, conn: DbConn, credentials: HTTPBasicCredentials
) -> Principal:
    """An API key given as the password, else the username's account; 401 otherwise."""
    settings = get_settings(request)
    principal = await find_api_key(conn, settings.signing_key, credentials.password)
    if principal is not None:
        return principal
    user = await password_user(
        conn,
        settings,
        credentials.username,
        credentials.password,
        getattr(request.state, "request_id", None),
    )
    if not user["active"]:
        raise Unauthorized("the account is disabled")
    return user_principal(
        user["id"], user["username"], user["role"], list(user["communities"] or []), None
    )


async def ogc_reader(
    request: Request,
    conn: DbConn,
    token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    api_key: Annotated[str | None, Depends(api_key_header)],
    credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)],
) -> Principal:
    """Who reads /ogc, checked for the read permission: a bearer token, an X-API-Key, or
    HTTP Basic auth. A 401 carries a Basic challenge, so that QGIS asks for a login."""
    key = get_settings(request).signing_key
    try:
        principal = PUBLIC
        if token is not None:
            principal = await token_principal(conn, key, token.credentials)
        elif api_key is not None:
            principal = await key_principal_for(conn, key, api_key)
        elif credentials is not None:
            principal = await basic_principal(request, conn, credentials)
        request.state.principal = principal
        return check_permission(principal, Permission.READ)
    except Problem as problem:
        raise _challenge(problem) from None


OgcReader = Annotated[Principal, Depends(ogc_reader)]
