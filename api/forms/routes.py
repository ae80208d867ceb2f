"""Routes for the plan's three forms, as Excel attachments."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.auth.deps import Reader
from api.contract.problems import AUTHED, problems
from api.deps import DbConn, SettingsDep
from api.errors import BadRequest
from api.forms.download import XLSX_RESPONSE, xlsx_response
from api.forms.registration import registration_form
from api.forms.survey import survey_form
from api.forms.task_plan import task_plan_form

router = APIRouter(prefix="/forms", tags=["forms"])


@router.get(
    "/survey",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problems(*AUTHED, 404)},
    summary="Survey form of a household (附件1 违法建设摸底调查表)",
)
async def survey(
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    household_id: Annotated[int, Query(description="The household whose form to fill.")],
) -> Response:
    """The household's survey form: its community, compound, building, unit and room,
    the party and phone, then one row per violation (structure type, use, floors, built
    date, measured and floor area, ledger category, found date, status, notes), with a
    合计 row of the areas and a signature row.

    As the plan demands, no cell is blank: an empty text or date says 无, an empty number
    0. Personal data is masked for those who may not see it; another community's
    household answers 404. The columns are listed in docs/forms.md."""
    return xlsx_response(await survey_form(conn, settings, household_id, viewer))


@router.get(
    "/registration",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problems(*AUTHED, 404)},
    summary="Registration list (附件2 违法建设摸底登记表)",
)
async def registration(
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    community_id: Annotated[int | None, Query(description="A whole community's list.")] = None,
    compound_id: Annotated[int | None, Query(description="One compound's list.")] = None,
) -> Response:
    """The registration list of a community or of one compound (send exactly one of
    `community_id`, `compound_id`): one row per violation — compound, grid cell,
    location, party and phone, structure type, use, floors, built and found dates,
    measured, mapped and floor areas, ledger category and number, status — by compound
    and id, with a 合计 row of the areas and a signature row. Dismissed records are not
    listed. Empty cells say 无 (text, dates) or 0 (numbers); personal data is masked for
    those who may not see it; another community's place answers 404."""
    if (community_id is None) == (compound_id is None):
        raise BadRequest("send exactly one of community_id or compound_id")
    return xlsx_response(
        await registration_form(
            conn, settings, viewer, community_id=community_id, compound_id=compound_id
        )
    )


@router.get(
    "/task-plan",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problems(*AUTHED, 404)},
    summary="Rectification task plan of a compound (附件3 违法建设治理任务计划)",
)
async def task_plan(
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    compound_id: Annotated[int, Query(description="The compound whose plan to fill.")],
) -> Response:
    """The compound's task plan, its deadline (治理期限) under the title: one row per
    violation with the measure (拆除/整改/没收/其他), the person responsible, the
    deadline (the plan's, else the compound's), the status and whether it is overdue,
    with a 合计 row of the measured area and a signature row. Dismissed records are not
    listed. Empty cells say 无 (text, dates) or 0 (numbers); personal data is masked for
    those who may not see it; another community's compound answers 404."""
    return xlsx_response(await task_plan_form(conn, settings, compound_id, viewer))
