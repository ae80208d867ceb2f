"""The status lifecycle of a violation, as one table.

    registered → verified → planned → rectifying → demolished | rectified → written_off
    registered | verified → dismissed          (not a violation after all)

Each move names what it needs; `unmet` says, in words a person can act on, what is
missing. `written_off` is reached only through an approved write-off request
(api/workflow/writeoffs.py), never by a move of its own. Pure functions: no HTTP,
no database — the caller passes the record, the request and the photo count.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from api import vocabulary
from api.campaign.deadlines import before_found

STANDING = vocabulary.STANDING
DEALT_WITH = vocabulary.DEALT_WITH
WRITE_OFF_FROM = vocabulary.WRITE_OFF_FROM


@dataclass(frozen=True)
class Move:
    to: str
    needs: tuple[str, ...] = ()


MOVES: dict[str, tuple[Move, ...]] = {
    "registered": (Move("verified", ("measured_area",)), Move("dismissed", ("reason",))),
    "verified": (Move("planned", ("plan",)), Move("dismissed", ("reason",))),
    "planned": (Move("rectifying"),),
    "rectifying": (
        Move("demolished", ("demolition", "after_photo")),
        Move("rectified", ("rectification", "after_photo")),
    ),
    "demolished": (),
    "rectified": (),
    "written_off": (),
    "dismissed": (),
}

LABELS_ZH = {
    "registered": "已登记",
    "verified": "已核实",
    "planned": "已制定方案",
    "rectifying": "整治中",
    "demolished": "已拆除",
    "rectified": "已整改",
    "written_off": "已销账",
    "dismissed": "不属违建",
}


def allowed(status: str) -> list[str]:
    return [move.to for move in MOVES[status]]


def find_move(status: str, to: str) -> Move | None:
    return next((m for m in MOVES[status] if m.to == to), None)


@dataclass(frozen=True)
class Context:
    """What the requirements look at: the record as it would be after the move (its
    columns merged with what the request sends), the request's reason, today, the
    number of after-photos, and the tolerance on demolished area."""

    record: dict[str, Any]
    reason: str | None
    today: date
    after_photos: int
    area_tolerance: float


def _measured_area(c: Context) -> list[str]:
    if c.record.get("measured_area_m2") is None:
        return ["measured_area_m2: measure the structure on site (面积丈量) before verifying it"]
    return []


def _reason(c: Context) -> list[str]:
    return [] if c.reason and c.reason.strip() else ["reason: say why"]


def _plan(c: Context) -> list[str]:
    missing = []
    if not c.record.get("plan_measure"):
        missing.append("plan_measure: demolish, rectify, confiscate or other")
    if not c.record.get("plan_responsible"):
        missing.append("plan_responsible: the person responsible")
    if not c.record.get("plan_deadline"):
        missing.append("plan_deadline: a deadline (the compound has none to default to)")
    refused = before_found(c.record.get("plan_deadline"), c.record.get("found_date"))
    if refused:
        missing.append(refused)
    return missing


def _day(c: Context, field: str, what: str) -> list[str]:
    day = c.record.get(field)
    if day is None:
        return [f"{field}: the day it was {what}"]
    found = c.record.get("found_date")
    if day > c.today:
        return [f"{field} {day} is in the future"]
    if found and day < found:
        return [f"{field} {day} is before the structure was found ({found})"]
    return []


def _demolition(c: Context) -> list[str]:
    missing = _day(c, "demolished_on", "demolished")
    area = c.record.get("demolished_area_m2")
    if area is None:
        missing.append("demolished_area_m2: the area demolished, m²")
    elif Decimal(area) <= 0:
        missing.append(
            f"demolished_area_m2 {area} is not an area: send the area demolished, more than "
            "0 m² (measure it on site; a structure rectified without demolishing any of it "
            "becomes rectified, not demolished)"
        )
    else:
        mapped = float(c.record.get("mapped_area_m2") or 0)
        most = mapped * (1 + c.area_tolerance)
        if float(Decimal(area)) > most:
            missing.append(
                f"demolished_area_m2 {area} is more than the footprint's mapped area "
                f"{mapped:.2f} m² plus {c.area_tolerance:.0%} ({most:.2f} m²): check the "
                "measurement, or redraw the footprint first"
            )
    return missing


def _rectification(c: Context) -> list[str]:
    return _day(c, "rectified_on", "rectified")


def _after_photo(c: Context) -> list[str]:
    if c.after_photos < 1:
        return ["an 'after' photo: upload one (POST /api/v1/photos, stage=after) first"]
    return []


REQUIREMENTS = {
    "measured_area": _measured_area,
    "reason": _reason,
    "plan": _plan,
    "demolition": _demolition,
    "rectification": _rectification,
    "after_photo": _after_photo,
}


def unmet(move: Move, context: Context) -> list[str]:
    """Everything the move still needs, in the order of its requirements."""
    return [problem for need in move.needs for problem in REQUIREMENTS[need](context)]
