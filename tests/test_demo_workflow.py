"""The demo district exercises the workflow: write-off requests that agree with the
histories, complaints through their whole lifecycle (some becoming violations), and
photos whose files carry the EXIF time and position their rows say."""

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from api.campaign.lifecycle import STANDING
from api.complaints import lifecycle, tracking
from api.photos import images
from api.photos.storage import PhotoStore
from api.settings import Settings
from demo import load, load_demo, names
from demo.build import build_district
from tests.demo_db import demo_database, drop_database, fingerprint, fresh_database, settings_for

NAME = demo_database("demo_w")
SEED = 2019
REMOVED = ("demolished", "rectified")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    url = fresh_database(NAME)
    settings = settings_for(url, tmp_path_factory.mktemp("demo-photos"))
    summary = load_demo(settings, scale=1, seed=SEED)
    assert "complaint" in summary and "photo" in summary
    yield url, settings
    drop_database(NAME)


@pytest.fixture()
def conn(demo: tuple[str, Settings]) -> Iterator[psycopg.Connection]:
    with psycopg.connect(demo[0]) as connection:
        yield connection


def events_of(conn: psycopg.Connection, table: str, owner: str) -> dict[int, list[tuple]]:
    """Every history, oldest event first: {owner id: [(id, at, actor, kind, from, to,
    reason, diff)]}."""
    rows = conn.execute(
        f"SELECT {owner}, id, at, actor, kind, from_status, to_status, reason, diff "
        f"FROM {table} ORDER BY {owner}, at, id"
    )
    histories: dict[int, list[tuple]] = {}
    for row in rows:
        histories.setdefault(row[0], []).append(row[1:])
    return histories


def local(moment: datetime, settings: Settings) -> datetime:
    return moment.astimezone(settings.zone)


def test_write_off_requests_match_the_events(conn: psycopg.Connection) -> None:
    requests = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT id, violation_id, requested_by, requested_at, evidence, state, decided_by, "
            "decided_at, decision_reason FROM write_off_request"
        )
    }
    seen: set[int] = set()
    kinds = ("write_off_requested", "write_off_approved", "write_off_rejected")
    for vid, events in events_of(conn, "violation_event", "violation_id").items():
        waiting = None
        for _, at, actor, kind, _, _, reason, diff in events:
            if kind not in kinds:
                continue
            before, number = diff["write_off_request"]
            violation_id, by, asked_at, evidence, state, decided_by, decided_at, why = requests[
                number
            ]
            assert violation_id == vid
            if kind == "write_off_requested":
                assert before is None and waiting is None, vid  # one waiting at a time
                assert (by, asked_at, evidence) == (actor, at, reason)
                assert evidence and "申请" in evidence
                waiting = number
                seen.add(number)
                continue
            assert before == number == waiting, vid
            expected = "approved" if kind == "write_off_approved" else "rejected"
            assert (state, decided_by, decided_at, why) == (expected, actor, at, reason)
            waiting = None
        if waiting is not None:
            assert requests[waiting][4:] == ("pending", None, None, None)
    assert seen == set(requests)
    states = Counter(r[4] for r in requests.values())
    assert states["pending"] >= 50 and states["approved"] > 0 and states["rejected"] > 0
    twice = conn.execute(
        "SELECT count(*) FROM (SELECT violation_id FROM write_off_request "
        "WHERE state = 'pending' GROUP BY 1 HAVING count(*) > 1) AS t"
    ).fetchone()
    assert twice == (0,)
    status = dict(
        conn.execute(
            "SELECT r.state, array_agg(DISTINCT v.status) FROM write_off_request r "
            "JOIN violation v ON v.id = r.violation_id GROUP BY 1"
        ).fetchall()
    )
    assert set(status["pending"]) <= set(REMOVED)
    oldest = conn.execute("SELECT min(requested_at) FROM write_off_request WHERE state = 'pending'")
    assert oldest.fetchone()[0].date() >= date(2020, 11, 16)  # the queue at the end of 2020
    assert status["approved"] == ["written_off"]
    ids = [r[0] for r in conn.execute("SELECT id FROM write_off_request ORDER BY requested_at, id")]
    assert ids == sorted(ids)  # numbered in the order they were made


def complaints(conn: psycopg.Connection) -> dict[int, dict[str, Any]]:
    cur = conn.execute(
        "SELECT id, tracking_no, received_at, channel, external_ref, description, address, "
        "reporter_name, reporter_phone, community_id, compound_id, status, "
        "status_changed_at, assigned_to, assigned_at, violation_id, response_deadline, "
        "responded_at, closed_at, version, created_at, updated_at, "
        "ST_AsGeoJSON(geom, 7)::json AS geom FROM complaint"
    )
    assert cur.description is not None
    columns = [c.name for c in cur.description]
    return {row[0]: dict(zip(columns, row, strict=True)) for row in cur}


def test_complaints_go_through_the_lifecycle(
    conn: psycopg.Connection, demo: tuple[str, Settings]
) -> None:
    settings = demo[1]
    stored = complaints(conn)
    histories = events_of(conn, "complaint_event", "complaint_id")
    assert 300 <= len(stored) <= 700 and set(histories) == set(stored)
    assert Counter(c["status"] for c in stored.values()).keys() == set(lifecycle.STATUSES)
    assert {c["channel"] for c in stored.values()} == {"web", "hotline", "12345"}
    staff = set(names.STAFF_GIVEN_CHARS)
    for cid, c in stored.items():
        events = histories[cid]
        _, at, actor, kind, from_status, to_status, _, diff = events[0]
        assert (kind, from_status, to_status, at) == ("received", None, "received", c["created_at"])
        received_day = local(c["received_at"], settings).date()
        assert date(2019, 7, 1) <= received_day <= date(2020, 12, 31)
        assert c["tracking_no"] == f"TS-{received_day:%Y%m%d}-" + c["tracking_no"][-6:]
        assert tracking.PATTERN.match(c["tracking_no"]) and tracking.normalise(c["tracking_no"])
        days = settings.complaint_response_days
        assert c["response_deadline"] == received_day + timedelta(days=days)
        assert diff["tracking_no"] == [None, c["tracking_no"]]
        assert diff["geom"] == [None, c["geom"]] and c["compound_id"] is not None
        assert diff["compound_id"] == [None, c["compound_id"]]
        if c["channel"] == "web":
            assert actor == "public" and c["created_at"] == c["received_at"]
        else:
            assert actor in names.ADMINS if c["channel"] == "hotline" else actor.startswith("key:")
        phone, name = c["reporter_phone"], c["reporter_name"]
        assert phone is None or (len(phone) == 11 and phone.startswith("100"))
        assert name is None or not set(name[1:]) & staff
        status, assignee, answered, closed = "received", None, None, None
        for _, at, actor, kind, from_status, to_status, reason, diff in events[1:]:
            assert from_status == status and to_status in lifecycle.allowed(status), cid
            assert kind == to_status and diff["status"] == [status, to_status]
            if to_status == "assigned":
                assert actor in names.ADMINS
                assert diff["assigned_to"] == [assignee, c["assigned_to"]]
                assignee, assigned_at = diff["assigned_to"][1], at
            if to_status in lifecycle.ANSWERED:
                assert reason, cid
                answered = at
            if to_status == "verified":
                assert diff["violation_id"] == [None, c["violation_id"]]
                assert actor == assignee
            if to_status == "closed":
                closed = at
            status = to_status
        assert status == c["status"] and c["version"] == len(events), cid
        assert c["status_changed_at"] == c["updated_at"] == events[-1][1]
        assert (c["assigned_to"], c["responded_at"], c["closed_at"]) == (assignee, answered, closed)
        if assignee is not None:
            assert c["assigned_at"] == assigned_at and re.match(r"inspector_\w+$", assignee)
        assert (c["violation_id"] is not None) == ("verified" in [e[5] for e in events])
    text = " ".join(str(e[-1]) for events in histories.values() for e in events)
    assert "reporter" not in text  # the identity never enters a history
    assert not {c["reporter_phone"] for c in stored.values() if c["reporter_phone"]} & set(
        re.findall(r"\d{11}", text)
    )


def test_complaints_that_became_violations(
    conn: psycopg.Connection, demo: tuple[str, Settings]
) -> None:
    settings = demo[1]
    stored = complaints(conn)
    by_violation = {c["violation_id"]: c for c in stored.values() if c["violation_id"]}
    histories = events_of(conn, "violation_event", "violation_id")
    complaint_histories = events_of(conn, "complaint_event", "complaint_id")
    found = conn.execute(
        "SELECT v.id, v.found_date, v.compound_id, "
        "ST_Distance(v.geom::geography, c.geom::geography) FROM violation v "
        "JOIN complaint c ON c.violation_id = v.id WHERE v.found_by = 'complaint'"
    ).fetchall()
    total = conn.execute("SELECT count(*) FROM violation WHERE found_by = 'complaint'").fetchone()
    assert total is not None and len(found) == total[0] == len(by_violation) > 100
    for vid, found_date, compound_id, distance in found:
        c = by_violation[vid]
        assert c["status"] in ("verified", "closed") and c["compound_id"] == compound_id
        assert distance < 40, vid
        before = (found_date - local(c["received_at"], settings).date()).days
        assert before in range(1, 5), vid
        verified = next(e for e in complaint_histories[c["id"]] if e[5] == "verified")
        events = histories[vid]
        linked = [e for e in events if e[3] == "complaint_linked"]
        assert len(linked) == 1, vid
        _, at, actor, _, _, _, _, diff = linked[0]
        assert diff == {"complaint": [None, {"id": c["id"], "tracking_no": c["tracking_no"]}]}
        assert (at, actor) == (verified[1], verified[2])
        assert events[0][3] == "created" and events[0][1] < at
        assert local(at, settings).time() <= time(17, 30)


def test_photo_files_carry_what_their_rows_say(
    conn: psycopg.Connection, demo: tuple[str, Settings]
) -> None:
    settings = demo[1]
    store = PhotoStore(Path(settings.photo_dir))
    rows = conn.execute(
        "SELECT id, sha256, content_type, bytes, width, height, taken_at, ST_X(gps), ST_Y(gps), "
        "uploaded_at, owner_type, uploaded_by FROM photo ORDER BY id"
    ).fetchall()
    assert 1_500 <= len(rows) <= 4_000
    assert len({r[1] for r in rows}) == len(rows)  # a file of its own each
    assert sum(r[3] for r in rows) < 8_000_000
    for pid, sha, kind, size, width, height, taken, lon, lat, uploaded, owner, by in rows:
        data = store.original(sha, kind).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha and len(data) == size < 8_000, pid
        assert store.thumbnail(sha).is_file(), pid
        seen = images.inspect(data, settings.zone)
        assert (seen.content_type, seen.width, seen.height) == (kind, width, height)
        assert seen.taken_at == taken and taken <= uploaded, pid
        assert seen.gps is not None
        assert abs(seen.gps[0] - lon) < 1e-9 and abs(seen.gps[1] - lat) < 1e-9, pid
        if owner == "violation":
            assert re.match(r"inspector_\w+$", by), pid
        else:
            assert by == "public"
    complaint = conn.execute(
        "SELECT count(*) FROM photo p JOIN complaint c ON c.id = p.owner_id "
        "WHERE p.owner_type = 'complaint' AND p.stage = 'before' AND c.channel = 'web' "
        "AND p.uploaded_at = c.received_at AND p.gps_distance_m IS NULL"
    ).fetchone()
    assert complaint is not None and complaint[0] >= 5


def test_photo_positions_times_and_events(
    conn: psycopg.Connection, demo: tuple[str, Settings]
) -> None:
    settings = demo[1]
    distances = [
        r[0]
        for r in conn.execute("SELECT gps_distance_m FROM photo WHERE owner_type = 'violation'")
    ]
    far = [d for d in distances if d > settings.photo_gps_warning_m]
    assert 3 <= len(far) <= 0.02 * len(distances) and min(far) > 200
    assert all(d < 30 or d > settings.photo_gps_warning_m for d in distances)
    assert sum(d < 10 for d in distances) >= len(distances) - len(far)
    photos = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT id, owner_id, stage, sha256, taken_at, uploaded_at, uploaded_by FROM photo "
            "WHERE owner_type = 'violation'"
        )
    }
    found = dict(conn.execute("SELECT id, found_date FROM violation").fetchall())
    added: set[int] = set()
    for vid, events in events_of(conn, "violation_event", "violation_id").items():
        after = set()
        for n, (_, at, actor, kind, _, to_status, _, diff) in enumerate(events):
            if kind == "photo_added":
                summary = diff["photo"][1]
                owner, stage, sha, taken, uploaded, by = photos[summary["id"]]
                assert diff["photo"][0] is None and (owner, at, actor) == (vid, uploaded, by)
                assert summary == {"id": summary["id"], "sha256": sha, "stage": stage}
                assert n > 0 and local(taken, settings).weekday() < 5
                assert time(8, 30) <= local(taken, settings).time() <= time(17, 30)
                if stage == "before":
                    assert local(taken, settings).date() == found[vid]
                else:
                    after.add(local(taken, settings).date())
                added.add(summary["id"])
            if kind == "status_changed" and to_status in REMOVED:
                # the lifecycle asks for an after-photo, of that day, before the move
                assert local(at, settings).date() in after, vid
    assert added == set(photos)
    stages = Counter(p[1] for p in photos.values())
    assert stages["before"] >= 200 and stages["after"] >= 1_000
    missing = conn.execute(
        "SELECT count(*) FROM violation v WHERE status IN ('demolished', 'rectified', "
        "'written_off') AND NOT EXISTS (SELECT 1 FROM photo p WHERE p.owner_type = 'violation' "
        "AND p.owner_id = v.id AND p.stage = 'after')"
    ).fetchone()
    assert missing == (0,)


def test_the_guard_rails_accept_the_demo(
    conn: psycopg.Connection, demo: tuple[str, Settings]
) -> None:
    """What the service refuses when it is recorded, the demo never holds: a deadline
    before the find, a late find given a past deadline, a demolished area of 0 or less,
    an after-photo from before the find or its before-photo, two standing footprints
    registered over each other (api/violations/duplicates.py's own query)."""
    settings = demo[1]
    early_deadlines = conn.execute(
        "SELECT count(*) FROM violation WHERE plan_deadline < found_date"
    ).fetchone()
    assert early_deadlines == (0,)
    late_finds = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE v.plan_deadline IS NOT NULL "
        "AND v.plan_deadline <= c.deadline) FROM violation v "
        "JOIN compound c ON c.id = v.compound_id WHERE v.found_date > c.deadline"
    ).fetchone()
    assert late_finds is not None and late_finds[1] == 0
    assert conn.execute(
        "SELECT count(*) FROM violation WHERE demolished_area_m2 <= 0"
    ).fetchone() == (0,)
    too_early = conn.execute(
        "SELECT count(*) FROM photo p JOIN violation v ON v.id = p.owner_id "
        "WHERE p.owner_type = 'violation' AND p.stage = 'after' AND ("
        "(p.taken_at AT TIME ZONE %(tz)s)::date < v.found_date OR p.taken_at < ("
        "SELECT max(b.taken_at) FROM photo b WHERE b.owner_type = 'violation' "
        "AND b.owner_id = v.id AND b.stage = 'before'))",
        {"tz": settings.tz},
    ).fetchone()
    assert too_early == (0,)
    overlapping = conn.execute(
        "SELECT count(*) FROM violation a JOIN violation b ON a.id < b.id "
        "AND ST_Intersects(a.geom, b.geom) "
        "WHERE a.status = ANY(%(standing)s) AND b.status = ANY(%(standing)s) "
        "AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > %(share)s * "
        "least(ST_Area(a.geom::geography), ST_Area(b.geom::geography))",
        {"standing": list(STANDING), "share": settings.duplicate_overlap},
    ).fetchone()
    assert overlapping == (0,)


def test_replace_loads_the_same_workflow_again(demo: tuple[str, Settings]) -> None:
    url, settings = demo
    first = fingerprint(url)
    with psycopg.connect(url) as conn:  # the histories' TRUNCATE guards, switched off for it
        guarded = {table.as_string(conn).split(".")[-1] for table in load.append_only(conn)}
    assert {'"violation_event"', '"complaint_event"'} <= guarded
    files = sorted(p for p in Path(settings.photo_dir).rglob("*") if p.is_file())
    summary = load_demo(settings, scale=1, seed=SEED, replace=True)
    assert "replacing" in summary
    assert fingerprint(url) == first
    assert sorted(p for p in Path(settings.photo_dir).rglob("*") if p.is_file()) == files


def test_without_photos_no_photo_events() -> None:
    settings = Settings(database_url="postgresql://unused/x", env="test", photo_dir="/nonexistent")
    district = build_district(settings, scale=1, seed=SEED, photos=False)
    assert district.photos == [] and district.complaints and district.requests
    kinds = {e[2] for v in district.violations for e in v.events}
    assert "photo_added" not in kinds and "complaint_linked" in kinds
