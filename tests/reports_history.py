"""A hand-made campaign history for the monthly report tests.

Two communities. A (its compound's deadline 2019-10-31) holds nine violations, B (no
deadline) three, each written directly with backdated events in 2019-09..11, as an
import of an existing ledger would write them: the row holds the state now (the new
value of every field its events set), each event the diff of what it changed.

    A1 stock_ministry 10×10 m, floor 80: created 09-05, verified 09-20, planned 10-02
       (deadline 12-31), rectifying 10-10, demolished 10-25, written off 11-12
    A2 stock_survey5 5×10 m, floor 50: created 10-08, verified 10-15, planned 10-20
       (deadline 11-30), rectifying 10-28, rectified 11-05
    A3 stock_missed: created 10-12, dismissed 10-20
    A4 new 4×5 m, floor 20, found 10-03: created 10-03, stopped 10-06 (on 10-06),
       verified 10-10, planned 10-15 (deadline 11-15), rectifying 11-01, demolished 11-20
    A5 new, found 10-20: created 10-20; stop recorded 11-03, stopped on 11-02 (late)
    A6 stock_missed: created 09-10, deleted 10-05 (registered by mistake)
    A7 stock_ministry 10×10 m: created 09-15, verified 09-25, planned 09-28 (deadline 10-15)
    A8 new, found 10-30: created 10-30, deleted 11-10
    A9 stock_survey5: created 11-15
    B1 stock_missed 20×10 m, floor 150: created 09-01, verified 09-05, planned 09-08,
       rectifying 09-12, demolished 09-20, written off 10-10
    B2 stock_ministry: created 2019-09-30 16:30 UTC (10-01 00:30 in Shanghai: October)
    B3 stock_missed: created 2019-09-30 23:59:59 Shanghai time (September)

Events are at 10:00 Shanghai time unless said otherwise.
"""

import json
from dataclasses import dataclass, field
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from api.db.locate import locate_sync
from tests.conftest import District, build_district
from tests.geo import Frame

FLAGS = {
    "stock_ministry": (True, False),
    "stock_survey5": (False, True),
    "stock_missed": (False, False),
    "new": (False, False),
}


@dataclass
class Step:
    at: str
    kind: str
    to: str | None = None
    diff: dict[str, list[Any]] = field(default_factory=dict)


def when(day: str) -> str:
    """'10-25' → 2019-10-25 10:00 Shanghai time; a full ISO time stays as it is."""
    return day if "T" in day else f"2019-{day}T10:00:00+08:00"


def created(day: str, ledger: str, **fields: Any) -> Step:
    values = {"ledger": ledger, "found_date": when(day)[:10], **fields}
    return Step(when(day), "created", "registered", {k: [None, v] for k, v in values.items()})


def move(day: str, to: str, **fields: Any) -> Step:
    return Step(when(day), "status_changed", to, {k: [None, v] for k, v in fields.items()})


def stopped(day: str, on: str) -> Step:
    return Step(when(day), "stopped", None, {"stopped_on": [None, on]})


def written_off(day: str) -> Step:
    return Step(when(day), "write_off_approved", "written_off")


def deleted(day: str) -> Step:
    return Step(when(day), "deleted")


def write(
    db: psycopg.Connection, frame: Frame, rect: tuple[float, float, float, float], steps: list[Step]
) -> int:
    """A violation with this history; the row holds what the events leave."""
    geometry = json.dumps(frame.rect(*rect))
    place = locate_sync(db, geometry)
    assert place is not None
    values: dict[str, Any] = {}
    status = None
    for step in steps:
        values.update({k: new for k, (_, new) in step.diff.items()})
        status = step.to or status
    ledger = values["ledger"]
    deletion = next((s.at for s in steps if s.kind == "deleted"), None)
    row = db.execute(
        "INSERT INTO violation (geom, grid_id, compound_id, community_id, structure_type, "
        "built_date, found_date, found_by, on_ministry_ledger, on_survey5_ledger, ledger, "
        "status, floor_area_m2, plan_deadline, stopped_on, deleted_at, deleted_by, "
        "deleted_reason) VALUES (ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)), "
        "%s, %s, %s, 'shed', %s, %s, 'sweep', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "RETURNING id",
        (
            geometry,
            place.grid_id,
            place.compound_id,
            place.community_id,
            "2019-06-01" if ledger == "new" else "2015-01-01",
            values["found_date"],
            *FLAGS[ledger],
            ledger,
            status,
            values.get("floor_area_m2"),
            values.get("plan_deadline"),
            values.get("stopped_on"),
            deletion,
            "test" if deletion else None,
            "登记错误" if deletion else None,
        ),
    ).fetchone()
    assert row is not None
    previous = None
    for step in steps:
        diff = dict(step.diff)
        if step.kind == "created":
            diff["geom"] = [None, json.loads(geometry)]
        to = previous if step.kind == "deleted" else step.to
        db.execute(
            "INSERT INTO violation_event (violation_id, at, actor, kind, from_status, "
            "to_status, diff) VALUES (%s, %s, 'test', %s, %s, %s, %s)",
            (row[0], step.at, step.kind, previous, to, json.dumps(diff)),
        )
        previous = to or previous
    return int(row[0])


def to_demolished(*days: str, deadline: str) -> list[Step]:
    """verified, planned (with the deadline), rectifying, demolished on these days."""
    verified, planned, rectifying, demolished = days
    return [
        move(verified, "verified"),
        move(planned, "planned", plan_deadline=deadline),
        move(rectifying, "rectifying"),
        move(demolished, "demolished", demolished_on=when(demolished)[:10]),
    ]


def histories() -> dict[str, tuple[str, tuple[float, float, float, float], list[Step]]]:
    """name → (community "A" or "B", footprint in metres, history), as the docstring says."""
    return {
        "A1": ("A", (110, 110, 120, 120), [
            created("09-05", "stock_ministry", floor_area_m2=80),
            *to_demolished("09-20", "10-02", "10-10", "10-25", deadline="2019-12-31"),
            written_off("11-12"),
        ]),
        "A2": ("A", (130, 110, 135, 120), [
            created("10-08", "stock_survey5", floor_area_m2=50),
            move("10-15", "verified"),
            move("10-20", "planned", plan_deadline="2019-11-30"),
            move("10-28", "rectifying"),
            move("11-05", "rectified", rectified_on="2019-11-05"),
        ]),
        "A3": ("A", (150, 110, 160, 120), [
            created("10-12", "stock_missed"), move("10-20", "dismissed"),
        ]),
        "A4": ("A", (170, 110, 174, 115), [
            created("10-03", "new", floor_area_m2=20),
            stopped("10-06", "2019-10-06"),
            *to_demolished("10-10", "10-15", "11-01", "11-20", deadline="2019-11-15"),
        ]),
        "A5": ("A", (110, 130, 120, 140), [
            created("10-20", "new"), stopped("11-03", "2019-11-02"),
        ]),
        "A6": ("A", (130, 130, 140, 140), [created("09-10", "stock_missed"), deleted("10-05")]),
        "A7": ("A", (150, 130, 160, 140), [
            created("09-15", "stock_ministry"),
            move("09-25", "verified"),
            move("09-28", "planned", plan_deadline="2019-10-15"),
        ]),
        "A8": ("A", (170, 130, 180, 140), [created("10-30", "new"), deleted("11-10")]),
        "A9": ("A", (110, 150, 120, 160), [created("11-15", "stock_survey5")]),
        "B1": ("B", (110, 110, 130, 120), [
            created("09-01", "stock_missed", floor_area_m2=150),
            *to_demolished("09-05", "09-08", "09-12", "09-20", deadline="2019-09-30"),
            written_off("10-10"),
        ]),
        "B2": ("B", (150, 110, 160, 120), [
            created("2019-09-30T16:30:00+00:00", "stock_ministry"),
        ]),
        "B3": ("B", (170, 110, 180, 120), [
            created("2019-09-30T23:59:59+08:00", "stock_missed"),
        ]),
    }  # fmt: skip


@dataclass
class Scenario:
    a: District
    b: District
    ids: dict[str, int]


def build(client: TestClient, db: psycopg.Connection, frame: Frame) -> Scenario:
    """Both communities on `frame` (B 0.02° east of A) with the histories above."""
    a = build_district(client, frame)
    b = build_district(client, Frame(frame.lon0 + 0.02, frame.lat0))
    response = client.patch(
        f"/api/v1/compounds/{a.compound_id}",
        headers={"If-Match": '"1"'},
        json={"properties": {"deadline": "2019-10-31"}},
    )
    assert response.status_code == 200, response.text
    ids = {
        name: write(db, (a if community == "A" else b).frame, rect, steps)
        for name, (community, rect, steps) in histories().items()
    }
    return Scenario(a, b, ids)
