"""Values no column can hold are refused where they come in, naming where they are,
instead of failing in the database as a 500.

- Text with a NUL character (`\\u0000`: PostgreSQL's text cannot hold it) or a lone
  UTF-16 surrogate (`\\ud800`: not a character, it cannot be encoded as UTF-8).
- Integers outside PostgreSQL's bigint (ids, offsets: ±2^63).
- Dates and times outside the years MIN_YEAR..MAX_YEAR (a campaign's records lie in
  them; `0001-01-01T00:00:00+14:00` would overflow once turned to UTC).
- Text longer than MAX_TEXT characters, the ceiling of any text a body may carry (the
  schemas set tighter limits on most fields).

Bodies are checked field by field by `api.features.StrictModel` (`storable_faults`);
query, path and form parameters by `refuse_unstorable`, an app-level dependency like
api/queryparams.py, which also checks any JSON body the route parses (its geometry,
for instance), answering 400 for a query parameter and 422 for the rest.
"""

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel

from api.errors import BadRequest, Unprocessable

BIGINT_MAX = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_TEXT = 10_000

NUL = "contains a NUL character (\\u0000), which text cannot hold: remove it"
SURROGATE = (
    "contains a lone UTF-16 surrogate (\\ud800–\\udfff), which is not a character: "
    "send the text as valid UTF-8"
)


def text_fault(value: str) -> str | None:
    """Why this text cannot be stored, or None."""
    if "\x00" in value:
        return NUL
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return SURROGATE
    return None


def integer_fault(value: int) -> str | None:
    if -BIGINT_MAX - 1 <= value <= BIGINT_MAX:
        return None
    return f"{value} is outside the integers this service stores (at most {BIGINT_MAX})"


def moment_fault(value: date) -> str | None:
    if MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return (
        f"{value.isoformat()} is not a plausible date for the campaign: the year must lie "
        f"in {MIN_YEAR}–{MAX_YEAR}"
    )


def storable_faults(value: Any, where: str = "", *, length: bool = True) -> Iterator[str]:
    """Each reason `value` (a str, int, date or datetime, or lists and dicts of them)
    cannot be stored, prefixed with where it is inside value (`[2]`, `.name`)."""
    prefix = f"{where}: " if where else ""
    if isinstance(value, str):
        fault = text_fault(value)
        if fault is None and length and len(value) > MAX_TEXT:
            fault = f"is {len(value)} characters long; at most {MAX_TEXT} are accepted"
        if fault:
            yield prefix + fault
    elif isinstance(value, bool | float):
        return
    elif isinstance(value, int):
        fault = integer_fault(value)
        if fault:
            yield prefix + fault
    elif isinstance(value, datetime | date):
        fault = moment_fault(value)
        if fault:
            yield prefix + fault
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from storable_faults(item, f"{where}[{i}]", length=length)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from storable_faults(key, where, length=length)
            yield from storable_faults(item, f"{where}.{key}" if where else str(key), length=length)
    elif isinstance(value, BaseModel):
        return  # a model checks its own fields


def _declared(route: APIRoute) -> dict[tuple[str, str], Any]:
    """(where, name) → the annotation of each query, path and form parameter."""
    declared: dict[tuple[str, str], Any] = {}
    pending, seen = [route.dependant], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for where, fields in (
            ("query", current.query_params),
            ("path", current.path_params),
            ("form", current.body_params),
        ):
            for field in fields:
                declared[(where, field.alias)] = field.field_info.annotation
        pending.extend(current.dependencies)
    return declared


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    return int in getattr(annotation, "__args__", ()) and bool not in annotation.__args__


def _check_parameter(where: str, name: str, raw: str, annotation: Any) -> None:
    fault = text_fault(raw)
    if fault is None and _is_int(annotation):
        try:
            fault = integer_fault(int(raw))
        except ValueError:
            fault = None  # not a number: the parameter's own validation says so
    if fault is None:
        return
    if where == "query":
        raise BadRequest(f"query parameter {name}: {fault}", parameter=name)
    raise Unprocessable(f"{where} parameter {name}: {fault}", parameter=name)


async def refuse_unstorable(request: Request) -> None:
    """400/422 when a query, path or form parameter, or the JSON body, holds a value no
    column can hold (see the module). Runs once the body is read, before the route's
    own parameters are validated."""
    route: Any = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    declared = route.__dict__.get("_weijian_declared")
    if declared is None:
        declared = _declared(route)
        route._weijian_declared = declared  # type: ignore[attr-defined]
    for name, raw in request.query_params.multi_items():
        _check_parameter("query", name, raw, declared.get(("query", name)))
    for name, raw in request.path_params.items():
        if isinstance(raw, str):
            _check_parameter("path", name, raw, declared.get(("path", name)))
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if any(where == "form" for where, _ in declared):  # parsed already by FastAPI
            for name, value in (await request.form()).multi_items():
                if isinstance(value, str):
                    _check_parameter("form", name, value, declared.get(("form", name)))
    elif kind == "application/json" or kind.endswith("+json"):
        try:
            body = await request.json()
        except Exception:  # not JSON: the route's own parsing answers
            return
        for fault in storable_faults(body, length=False):
            raise Unprocessable(f"the body's {fault}")


INPUT_CHECK = Depends(refuse_unstorable)
