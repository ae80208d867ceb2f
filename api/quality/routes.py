"""Route of the data-quality audit."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.auth.deps import Reader
from api.contract.documented import BINARY
from api.contract.problems import AUTHED, problems
from api.deps import CommunityParam, DbConn, SettingsDep, parse_choices
from api.forms.download import XLSX, exported, xlsx_response
from api.quality.audit import audit
from api.quality.rules import RULE_NAMES
from api.quality.schemas import QualityReport
from api.quality.xlsx import audit_xlsx

router = APIRouter(tags=["quality"])


@router.get(
    "/quality",
    response_model=QualityReport,
    responses={
        200: {"content": {XLSX: {"schema": dict(BINARY)}}},
        **problems(*AUTHED, 404),
    },
    summary="Data-quality audit (数据质量核查)",
)
async def quality(
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    community_id: CommunityParam = None,
    rule: Annotated[
        str | None,
        Query(description=f"Only these rules, comma-separated: {', '.join(RULE_NAMES)}."),
    ] = None,
    format_: Annotated[
        Literal["json", "xlsx"],
        Query(alias="format", description="`xlsx`: the same as an Excel workbook."),
    ] = "json",
) -> Any:
    """Checks the records of one community (or of every community you may see) as the
    plan demands — true, consistent, nothing missing (三、工作原则 (三)) — and answers
    each problem with its record (type and id), rule, severity (`error`: a rule of the
    plan is broken; `warning`: suspicious, check it) and a message saying how to put it
    right; each rule with what it checks and how many records it flags; and a score per
    community: 100 × (1 − (E + w·W) / N), N its live households and violations, E and W
    those whose worst problem is an error / a warning, w = WEIJIAN_QUALITY_WARNING_WEIGHT
    (0.5). Thresholds come from the WEIJIAN_QUALITY_* settings. An inspector sees only
    their communities (another community answers 404). Rules and score: docs/quality.md."""
    names = parse_choices(rule, "rule", RULE_NAMES)
    report = await audit(conn, settings, viewer, community_id, names)
    if format_ == "xlsx":
        if community_id is not None and report["communities"]:
            scope = report["communities"][0]["name"]
        else:
            scope = "全部社区"
        return xlsx_response(audit_xlsx(report, scope, exported(settings, viewer)))
    return report
