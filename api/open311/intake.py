"""POST requests: a GeoReport service request registered as a complaint by
`service.receive`, so the same rules, history and audit apply as to POST
/api/v1/complaints (whose model checks the fields)."""

from datetime import date, datetime
from typing import Any

from psycopg import AsyncConnection
from pydantic import ValidationError

from api.auth.principal import Actor
from api.complaints import service
from api.complaints.schemas import ComplaintCreate
from api.errors import BadRequest, Unprocessable
from api.settings import Settings


def _cjk(text: str) -> bool:
    return all(ord(c) >= 0x2E80 for c in text)


def reporter_name(first_name: str | None, last_name: str | None) -> str | None:
    """GeoReport's first and last name as one name: 王小明 (family name first, no space)
    for Chinese names, "John Smith" otherwise."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not (first or last):
        return None
    if _cjk(first + last):
        return last + first
    return " ".join(p for p in (first, last) if p)


async def register(
    conn: AsyncConnection, settings: Settings, actor: Actor, form: dict[str, Any]
) -> dict[str, Any]:
    lat, lon = form.get("lat"), form.get("long")
    if (lat is None) != (lon is None):
        raise Unprocessable("give both lat and long, or neither (then address_string)")
    if lat is None and not form.get("address_string"):
        raise Unprocessable("say where: lat and long, or address_string")
    try:
        checked = ComplaintCreate(
            description=form.get("description") or "",
            channel=form["service_code"],
            address=form.get("address_string"),
            reporter_name=reporter_name(form.get("first_name"), form.get("last_name")),
            reporter_phone=form.get("phone"),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        field = {"channel": "service_code", "address": "address_string"}.get(where, where)
        raise Unprocessable(f"{field}: {first['msg']}", field=field) from exc
    point = service.lonlat_point(lon, lat) if lat is not None and lon is not None else None
    received = await service.receive(
        conn,
        settings,
        actor,
        service.NewComplaint(
            description=checked.description,
            channel=checked.channel,
            point=point,
            address=checked.address,
            reporter_name=checked.reporter_name,
            reporter_phone=checked.reporter_phone,
        ),
    )
    deadline: date = received.response_deadline
    notice = f"受理编号 {received.tracking_no}，答复期限 {deadline.isoformat()}"
    return {
        "service_request_id": received.tracking_no,
        "service_notice": notice,
        "account_id": None,
    }


def parse_time(value: str | None, name: str) -> datetime | None:
    """A W3C date-time (with its offset) from a query parameter."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise BadRequest(
            f"{name} {value!r} is not a W3C date-time with its offset, e.g. "
            "2026-12-01T08:00:00+08:00",
            parameter=name,
        )
    return parsed
