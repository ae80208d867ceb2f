"""The district's records as COPY rows, column lists beside the rows they describe."""

from datetime import datetime

from demo.build import District
from demo.geo import ewkb, multi
from demo.load import as_json

PLACES_SINCE = (2019, 7, 1, 9, 0)  # places were drawn up before the survey began

COMMUNITY = ["id", "code", "name", "geom", "created_at", "updated_at"]
COMPOUND = [
    "id",
    "community_id",
    "code",
    "name",
    "address",
    "deadline",
    "geom",
    "created_at",
    "updated_at",
]
GRID_CELL = [
    "id",
    "compound_id",
    "community_id",
    "code",
    "name",
    "geom",
    "created_at",
    "updated_at",
]
HOUSEHOLD = [
    "id",
    "compound_id",
    "community_id",
    "building",
    "unit",
    "room",
    "address",
    "party_name",
    "party_phone",
    "geom",
    "created_at",
    "updated_at",
]
VIOLATION = [
    "household_id",
    "address",
    "party_name",
    "party_phone",
    "structure_type",
    "use",
    "floors",
    "built_date",
    "found_date",
    "found_by",
    "on_ministry_ledger",
    "on_survey5_ledger",
    "ledger_no",
    "ledger",
    "status",
    "status_changed_at",
    "measured_area_m2",
    "floor_area_m2",
    "demolished_area_m2",
    "demolished_on",
    "plan_measure",
    "plan_responsible",
    "plan_deadline",
    "version",
    "created_at",
    "updated_at",
    "deleted_at",
    "deleted_by",
    "deleted_reason",
]
EVENT = ["violation_id", "at", "actor", "kind", "from_status", "to_status", "reason", "diff"]


def community_rows(d: District):
    since = datetime(*PLACES_SINCE, tzinfo=d.clock.tz)
    geoms = ewkb(multi([c.lonlat for c in d.layout.communities]))
    for c, geom in zip(d.layout.communities, geoms, strict=True):
        yield (c.id, c.code, c.name, geom, since, since)


def compound_rows(d: District):
    since = datetime(*PLACES_SINCE, tzinfo=d.clock.tz)
    geoms = ewkb(multi([c.lonlat for c in d.layout.compounds]))
    for c, geom in zip(d.layout.compounds, geoms, strict=True):
        yield (c.id, c.community.id, c.code, c.name, c.address, c.deadline, geom, since, since)


def grid_cell_rows(d: District):
    since = datetime(*PLACES_SINCE, tzinfo=d.clock.tz)
    for compound in d.layout.compounds:
        geoms = ewkb(multi([cell.lonlat for cell in compound.cells]))
        for cell, geom in zip(compound.cells, geoms, strict=True):
            yield (
                cell.id,
                compound.id,
                compound.community.id,
                cell.code,
                cell.name,
                geom,
                since,
                since,
            )


def household_rows(d: District):
    geoms = ewkb([h.lonlat for h in d.households])
    for h, geom in zip(d.households, geoms, strict=True):
        yield (
            h.id,
            h.compound.id,
            h.compound.community.id,
            h.building_label,
            h.unit_label,
            h.room,
            h.address,
            h.party_name,
            h.party_phone,
            geom,
            h.created_at,
            h.created_at,
        )


def violation_rows(d: District):
    geoms = ewkb(multi([v.lonlat for v in d.violations]))
    for v, geom in zip(d.violations, geoms, strict=True):
        f = v.fields
        deleted = v.deleted or (None, None, None)
        values = f | {
            "household_id": v.household.id if v.household else None,
            "status_changed_at": v.status_changed_at,
            "version": v.version,
            "created_at": v.created_at,
            "updated_at": v.updated_at,
            "deleted_at": deleted[0],
            "deleted_by": deleted[1],
            "deleted_reason": deleted[2],
        }
        yield (v.id, geom, *(values[c] for c in VIOLATION))


def event_rows(d: District, located: dict[int, tuple]):
    """Every event, in time order (so event ids follow time); creations name the place."""
    events = []
    for v in d.violations:
        status = None
        for at, seq, kind, actor, from_status, to_status, reason, diff in v.events:
            if kind == "deleted":  # as the service writes it: the status it had, kept
                from_status = to_status = status
            if kind == "created":
                # As the service writes it: a violation is registered when it is created,
                # and replaying the history to any date must find that status.
                to_status = to_status or "registered"
                grid_id, compound_id, community_id = located[v.id]
                where = {
                    "grid_id": grid_id,
                    "compound_id": compound_id,
                    "community_id": community_id,
                }
                if v.household is not None:
                    where["household_id"] = v.household.id
                diff = diff | {k: [None, val] for k, val in where.items() if val is not None}
            status = to_status or status
            events.append((at, v.id, seq, kind, actor, from_status, to_status, reason, diff))
    events.sort(key=lambda e: e[:3])
    for at, vid, _seq, kind, actor, from_status, to_status, reason, diff in events:
        yield (vid, at, actor, kind, from_status, to_status, reason, as_json(diff))


def sweep_rows(d: District):
    geoms = ewkb([s.lonlat for s in d.sweeps])
    for s, geom in zip(d.sweeps, geoms, strict=True):
        track, drawn = (geom, None) if s.sight_radius_m is not None else (None, geom)
        yield (
            s.id,
            s.team,
            s.inspectors,
            s.started_at,
            s.ended_at,
            drawn,
            track,
            s.sight_radius_m,
            s.ended_at,
        )


WRITE_OFF_REQUEST = [
    "id",
    "violation_id",
    "requested_by",
    "requested_at",
    "evidence",
    "state",
    "decided_by",
    "decided_at",
    "decision_reason",
]


def write_off_rows(d: District):
    for r in d.requests:
        yield (
            r.id,
            r.violation.id,
            r.requested_by,
            r.requested_at,
            r.evidence,
            r.state,
            r.decided_by,
            r.decided_at,
            r.decision_reason,
        )


# Staged with its point as lon/lat; the database derives the community and compound.
COMPLAINT = [
    "id",
    "tracking_no",
    "received_at",
    "channel",
    "external_ref",
    "description",
    "lon",
    "lat",
    "address",
    "reporter_name",
    "reporter_phone",
    "status",
    "status_changed_at",
    "assigned_to",
    "assigned_at",
    "violation_id",
    "response_deadline",
    "responded_at",
    "closed_at",
    "version",
    "created_at",
    "updated_at",
]
COMPLAINT_EVENT = [
    "complaint_id",
    "at",
    "actor",
    "kind",
    "from_status",
    "to_status",
    "reason",
    "diff",
]


def complaint_rows(d: District):
    for c in d.complaints:
        assigned, answered = c.last("assigned"), c.last("verified", "unfounded")
        closed = c.last("closed")
        yield (
            c.id,
            c.tracking_no,
            c.received_at,
            c.channel,
            c.external_ref,
            c.description,
            *c.lonlat,
            c.address,
            c.reporter_name,
            c.reporter_phone,
            c.status,
            c.updated_at,  # every move changes the status
            assigned.assigned_to if assigned else None,
            assigned.at if assigned else None,
            c.violation.id if c.violation is not None else None,
            c.response_deadline,
            answered.at if answered else None,
            closed.at if closed else None,
            c.version,
            c.created_at,
            c.updated_at,
        )


def complaint_event_rows(d: District, places: dict[int, tuple]):
    """Every complaint's events in time order (ids follow time), as the service writes
    them: the `received` diff holds every initial value but the reporter's identity."""
    events: list[tuple] = []
    for c in d.complaints:
        community_id, compound_id = places[c.id]
        initial = {
            "status": "received",
            "channel": c.channel,
            "external_ref": c.external_ref,
            "description": c.description,
            "address": c.address,
            "geom": {"type": "Point", "coordinates": list(c.lonlat)},
            "community_id": community_id,
            "compound_id": compound_id,
            "received_at": c.received_at,
            "response_deadline": c.response_deadline,
            "tracking_no": c.tracking_no,
        }
        diff = {k: [None, value] for k, value in initial.items() if value is not None}
        events.append((c.created_at, c.id, 0, c.receiver, "received", None, "received", None, diff))
        status, assignee = "received", None
        for seq, m in enumerate(c.moves, start=1):
            diff = {"status": [status, m.to]} if m.to != status else {}
            if m.to == "assigned":
                diff["assigned_to"] = [assignee, m.assigned_to]
                assignee = m.assigned_to
            if m.to == "verified" and c.violation is not None:
                diff["violation_id"] = [None, c.violation.id]
            events.append((m.at, c.id, seq, m.actor, m.to, status, m.to, m.reason, diff))
            status = m.to
    events.sort(key=lambda e: e[:3])
    for at, cid, _seq, actor, kind, from_status, to_status, reason, diff in events:
        yield (cid, at, actor, kind, from_status, to_status, reason, as_json(diff))


# Staged with the GPS position as lon/lat; the database makes the point and measures
# its distance to the violation, as the service does.
PHOTO = [
    "id",
    "sha256",
    "owner_type",
    "owner_id",
    "stage",
    "content_type",
    "bytes",
    "width",
    "height",
    "taken_at",
    "lon",
    "lat",
    "original_name",
    "caption",
    "uploaded_by",
    "uploaded_at",
]


def photo_rows(d: District):
    for p in d.photos:
        seen = p.inspected
        assert seen is not None and seen.gps is not None
        yield (
            p.id,
            p.sha256,
            p.owner_type,
            p.owner_id,
            p.stage,
            seen.content_type,
            len(p.data),
            seen.width,
            seen.height,
            seen.taken_at,
            *seen.gps,
            p.original_name,
            p.caption,
            p.uploaded_by,
            p.uploaded_at,
        )
