"""The error body every route answers (RFC 9457 `application/problem+json`, built by
api/errors.py), as a schema, and the `responses=` entries that declare it per status."""

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.errors import PROBLEM_JSON

PROBLEM_REF = "#/components/schemas/Problem"  # added by api/contract/openapi.py


class ValidationIssue(BaseModel):
    """One thing wrong with the request, as FastAPI's validation found it."""

    loc: list[str | int] = Field(description="Where: e.g. ['query', 'limit'] or ['body', 'to'].")
    msg: str = Field(description="What is wrong with it.")
    type: str = Field(description="pydantic's error type, e.g. missing or int_parsing.")


class Problem(BaseModel):
    """An error (RFC 9457). `detail` says what to fix; some errors add members of their
    own (e.g. `allowed` on a move the lifecycle refuses)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="Always about:blank: the status says what kind of error.")
    title: str = Field(description="The status's phrase, e.g. Unprocessable Content.")
    status: int = Field(description="The HTTP status, repeated.")
    detail: str = Field(description="What went wrong and what to do about it.")
    instance: str | None = Field(default=None, description="The path that was asked for.")
    request_id: str | None = Field(
        default=None, description="The X-Request-ID, under which the server logs the request."
    )
    errors: list[ValidationIssue] | None = Field(
        default=None, description="422 on invalid parameters or body: each issue found."
    )
    retry_after: int | None = Field(
        default=None, description="429: seconds to wait (also in the Retry-After header)."
    )
    allowed: list[str] | None = Field(
        default=None, description="409 on a refused move: the statuses it may move to."
    )
    current_status: str | None = Field(
        default=None, description="409 on a refused complaint move: its status now."
    )
    unmet: list[str] | None = Field(
        default=None, description="422 on a move missing what it needs: each thing missing."
    )
    unexpected: list[str] | None = Field(
        default=None, description="422 on a complaint move: fields sent that it does not use."
    )
    current_version: int | None = Field(
        default=None, description="412: the record's version now (If-Match sent another)."
    )
    orphans: dict[str, list[int]] | None = Field(
        default=None, description="409 on redrawing a place: records it would leave outside."
    )
    current_submission: int | None = Field(
        default=None, description="409 on submitting a month again: the submission standing."
    )
    complaint_id: int | None = Field(
        default=None, description="409 on a complaint pushed twice: the one registered."
    )
    tracking_no: str | None = Field(
        default=None, description="409 on a complaint pushed twice: its tracking number."
    )


DESCRIPTIONS: dict[int, str] = {
    400: "The request is malformed.",
    401: "Not logged in, or the token or API key is unknown, expired or revoked.",
    403: "Your role (or your key's scopes) may not do this.",
    404: "No such record, or not yours to see.",
    409: "The record's state does not allow this; `detail` says what does.",
    410: "The record was deleted.",
    412: "If-Match no longer holds: the record changed since you read it.",
    413: "The body is larger than the limit.",
    415: "The body is not of a type this route accepts.",
    422: "The parameters or the body are not valid: `detail` says what to fix.",
    428: "If-Match is missing: send the ETag you read.",
    429: "Too many requests: wait `retry_after` seconds.",
    503: "The service cannot serve requests now.",
}


def problem(status: int, description: str | None = None) -> dict[str, Any]:
    """One `responses=` entry: `status` answered as a Problem."""
    text = description or DESCRIPTIONS.get(status) or HTTPStatus(status).phrase
    return {"description": text, "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}


def problems(*statuses: int, **described: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries for these statuses; `described` overrides a description,
    keyed `s404="..."`."""
    chosen: dict[int, str | None] = {status: None for status in statuses}
    chosen.update({int(key.removeprefix("s")): text for key, text in described.items()})
    return {status: problem(status, text) for status, text in sorted(chosen.items())}


# Every route that looks at who calls can answer 401 on a bad token or key.
AUTHED = (401, 403, 422)
# Changing a record: it must exist, be yours, and be the version you read.
IF_MATCH = (404, 409, 412, 428)
