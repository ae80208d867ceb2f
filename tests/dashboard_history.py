"""The dashboard tests' history: a ground whose violations are registered and moved to
demolished / rectified through the API (with after-photos), then their events moved back to
days of August–October 2019, as an import of an older ledger's history would have them; two
more registered and rectified now. So the report's months are known:

    v0  created 08-05, verified 08-12, planned 08-20, rectifying 09-01, demolished 09-18
    v1  created 08-06, verified 08-10                                  (still standing)
    v2  created 08-07, dismissed 08-15
    v3  created 09-03, verified 09-10, planned 09-15, rectifying 10-01, demolished 10-12
    v4  created 10-08, verified 10-10, planned 10-15, rectifying 10-20, rectified 10-28
    v5, v6  registered and rectified now (the running month)
"""

from dataclasses import dataclass
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.browser import Ground, build_ground
from tests.conftest import created, feature, violation_properties
from tests.geo import Frame, geodesic_area
from tests.test_workflow import TODAY, after_photo, move, to_rectifying

FRAME = Frame(103.0, 25.0)
MONTHS = ["2019-08", "2019-09", "2019-10"]
TITLE = "汉沽街违法建设专项治理工作进度月报（2019年10月）"
DONE: dict[str, dict[str, Any]] = {  # the last move of those dealt with, through the API
    "v0": {"to": "demolished", "demolished_on": "2019-09-18", "demolished_area_m2": 850},
    "v3": {"to": "demolished", "demolished_on": "2019-10-12", "demolished_area_m2": 1100},
    "v4": {"to": "rectified", "rectified_on": "2019-10-28"},
}
FOOTPRINTS = {"v0": (130, 130, 160, 160), "v3": (350, 350, 380, 390)}  # as build_ground lays them


def on(day: str, hour: int = 10) -> str:
    """'09-18' → 2019-09-18 10:00 Shanghai time."""
    return f"2019-{day}T{hour:02d}:00:00+08:00"


# index → the day of each event: 'created', or the status it moved to (as the docstring).
SCHEDULE = {
    0: "created 08-05 verified 08-12 planned 08-20 rectifying 09-01 demolished 09-18",
    1: "created 08-06 verified 08-10",
    2: "created 08-07 dismissed 08-15",
    3: "created 09-03 verified 09-10 planned 09-15 rectifying 10-01 demolished 10-12",
    4: "created 10-08 verified 10-10 planned 10-15 rectifying 10-20 rectified 10-28",
}
# What that history gives for the ground's community, counted by hand (the footprint
# areas are checked against pyproj's in the test).
# fmt: off
EXPECTED: dict[str, dict[str, Any]] = {
    "2019-08": {"found.month.stock_missed": 3, "found.month.total": 3,
                "found.cumulative.total": 3, "dealt.cumulative.total": 0, "dismissed.month": 1,
                "dismissed.cumulative": 1, "standing": 2, "written_off.cumulative": 0,
                "progress_pct": 0.0},
    "2019-09": {"found.month.total": 1, "found.cumulative.total": 4,
                "dealt.month.demolished": 1, "dealt.cumulative.total": 1, "dismissed.month": 0,
                "standing": 2, "progress_pct": 33.3},
    "2019-10": {"found.month.total": 1, "found.cumulative.stock_missed": 5,
                "found.cumulative.total": 5, "dealt.month.demolished": 1,
                "dealt.month.rectified": 1, "dealt.month.total": 2,
                "dealt.cumulative.demolished": 2, "dealt.cumulative.rectified": 1,
                "dealt.cumulative.total": 3, "dismissed.cumulative": 1,
                "written_off.cumulative": 0, "standing": 1, "overdue": 0, "stop_overdue": 0,
                "demolitions.cumulative.floor_area_m2": 0.0, "progress_pct": 75.0},
}
# fmt: on


@dataclass
class History:
    ground: Ground
    ids: dict[str, int]  # v0 … v6
    footprint: dict[str, float]  # v0, v3: geodesic area of the footprint, m²

    @property
    def community_id(self) -> int:
        return self.ground.community_id


def backdate(db: psycopg.Connection, vid: int, schedule: str) -> None:
    """Move the violation's events to the days of `schedule`; a photo goes an hour
    before the move that follows it."""
    words = schedule.split()
    days = dict(zip(words[::2], words[1::2], strict=True))
    events = db.execute(
        "SELECT id, kind, to_status FROM violation_event WHERE violation_id = %s ORDER BY at, id",
        (vid,),
    ).fetchall()
    photos: list[int] = []
    for event_id, kind, to_status in events:
        if kind == "photo_added":
            photos.append(event_id)
            continue
        assert kind in ("created", "status_changed"), f"unexpected event {kind}"
        day = days["created" if kind == "created" else to_status]
        db.execute("UPDATE violation_event SET at = %s WHERE id = %s", (on(day), event_id))
        for photo in photos:
            db.execute("UPDATE violation_event SET at = %s WHERE id = %s", (on(day, 9), photo))
        photos = []
    assert not photos, "a photo after the last move"


def rectified_now(client: TestClient, rect: tuple[float, float, float, float]) -> int:
    props = violation_properties(address="临街商铺 后院", measured_area_m2=900)
    vid = int(
        created(client.post("/api/v1/violations", json=feature(FRAME.rect(*rect), **props)))["id"]
    )
    to_rectifying(client, vid)
    after_photo(client, vid)
    assert move(client, vid, to="rectified", rectified_on=TODAY).status_code == 200
    return vid


def build_history(client: TestClient, database_url: str) -> History:
    ground = build_ground(client, FRAME, "DASH")
    ids = {f"v{i}": vid for i, vid in enumerate(ground.violation_ids)}
    for name, done in DONE.items():
        to_rectifying(client, ids[name])
        after_photo(client, ids[name])
        answer = move(client, ids[name], **done)
        assert answer.status_code == 200, answer.text
    with psycopg.connect(database_url, autocommit=True) as db:
        # violation_event is append-only (a trigger refuses changes); the history is
        # rewritten here as an import would have written it, with the triggers off for
        # this connection only (the demo loader turns them off the same way).
        db.execute("SET session_replication_role = replica")
        for index, schedule in SCHEDULE.items():
            backdate(db, ground.violation_ids[index], schedule)
            # With the triggers off, the versions are rebuilt from the rewritten history
            # as a bulk loader does (migration 0009).
            db.execute(
                "SELECT weijian_rebuild_violation_versions(%s)", (ground.violation_ids[index],)
            )
    ids["v5"] = rectified_now(client, (420, 120, 450, 150))
    ids["v6"] = rectified_now(client, (420, 200, 450, 230))
    # The footprints as sent (build_ground's rectangles), measured by pyproj.
    footprint = {name: geodesic_area(FRAME.rect(*rect)) for name, rect in FOOTPRINTS.items()}
    return History(ground, ids, footprint)
