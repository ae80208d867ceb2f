"""Who may submit a month's report: people who answer for a community — its
inspector, or the street office. Not viewers, and not other systems' keys: a report
is signed by a person (负责人 / 制表人)."""

from typing import Annotated

from fastapi import Depends, Request

from api.auth.deps import CurrentPrincipal
from api.auth.principal import Actor, Role
from api.errors import Forbidden, Unauthorized


async def report_submitter(request: Request, principal: CurrentPrincipal) -> Actor:
    if not principal.authenticated:
        raise Unauthorized(
            "log in first (POST /api/v1/auth/token) and send the token as 'Authorization: Bearer …'"
        )
    if principal.role not in (Role.ADMIN, Role.INSPECTOR):
        raise Forbidden(
            f"a {principal.role.value} may not submit monthly reports: a community's "
            "inspector submits its month, or the street office does"
        )
    return Actor(principal, getattr(request.state, "request_id", None))


ReportSubmitter = Annotated[Actor, Depends(report_submitter)]
