"""Who may do what with complaints, beyond reading them (which is `Reader`'s).

* register one (POST /complaints): the street office, a community's inspector, or a
  system whose API key has the `complaints:write` scope (the 12345 hotline platform);
* move one through its lifecycle: people only — the street office, or an inspector
  (for their communities; which moves, see lifecycle.py);
* correct where one is: the street office.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from api.auth.deps import CurrentPrincipal
from api.auth.principal import Actor, Principal, Role
from api.errors import Forbidden, Unauthorized

COMPLAINTS_SCOPE = "complaints:write"


def _logged_in(principal: Principal) -> None:
    if not principal.authenticated:
        raise Unauthorized(
            "log in first (POST /api/v1/auth/token) and send the token as "
            "'Authorization: Bearer …', or send an API key as X-API-Key"
        )


def may_register(principal: Principal) -> bool:
    return principal.role in (Role.ADMIN, Role.INSPECTOR) or COMPLAINTS_SCOPE in principal.scopes


def _acting(check: Callable[[Principal], None]) -> Callable[..., Awaitable[Actor]]:
    async def actor(request: Request, principal: CurrentPrincipal) -> Actor:
        _logged_in(principal)
        check(principal)
        return Actor(principal, getattr(request.state, "request_id", None))

    return actor


def _sender(principal: Principal) -> None:
    if not may_register(principal):
        raise Forbidden(
            f"a {principal.role.value} may not register complaints: that is for the street "
            f"office, community inspectors, and systems whose API key has the "
            f"'{COMPLAINTS_SCOPE}' scope; the public sends them to POST /api/v1/public/complaints"
        )


def _handler(principal: Principal) -> None:
    if principal.role not in (Role.ADMIN, Role.INSPECTOR):
        raise Forbidden(
            f"a {principal.role.value} may not handle complaints: the street office and the "
            "community's inspectors answer them"
        )


def _street_office(principal: Principal) -> None:
    if principal.role is not Role.ADMIN:
        raise Forbidden(
            f"a {principal.role.value} may not change where a complaint is: ask the street office"
        )


ComplaintSender = Annotated[Actor, Depends(_acting(_sender))]
ComplaintHandler = Annotated[Actor, Depends(_acting(_handler))]
StreetOffice = Annotated[Actor, Depends(_acting(_street_office))]
