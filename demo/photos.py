"""Photos that lock a state (影像锁定): before at the survey, after at the removal.

About one violation in ten gets a 'before' photo on the day it was found, uploaded by
the inspector who registered it, minutes after registering it. Every violation that was
demolished or rectified got an 'after' photo that day, uploaded just before the status
moved (the lifecycle asks for one). Some public complaints came with a photo. Each
photo is its own tiny JPEG (pictures.py) whose EXIF carries the capture time and a GPS
position a few metres from the structure — for a handful, about 300 m off, as a phone
with a stale fix writes. The row's time, position and size are read back from the
file's bytes by the service's own inspection (api/photos/images.py), so they agree;
the violation's history gets a `photo_added` event at the upload, as the service writes.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from shapely import Polygon

from api.photos import images
from demo import pictures
from demo.complaints import Complaint
from demo.geo import Plane
from demo.places import Compound
from demo.spots import between, near, to_lonlat
from demo.timeline import DAY_END, DAY_START, Clock
from demo.violations import Violation

BEFORE_SHARE = 0.1
FAR_EVERY = 250  # one violation photo in this many has a stale GPS fix (at least 3)
NEAR_M = (0.0, 5.0)  # from a point of the structure
FAR_M = (280.0, 330.0)
REMOVED = ("demolished", "rectified")
CAPTIONS = {"before": "现场核查照片", "demolished": "拆除后现场照片", "rectified": "整改后现场照片"}


@dataclass(eq=False)
class Photo:
    owner_type: str
    owner_id: int
    stage: str
    compound: Compound
    shows: Polygon  # what it shows, in the compound's frame
    uploaded_at: datetime
    uploaded_by: str
    taken_at: datetime
    caption: str | None
    violation: Violation | None = None
    seq: float = 0.0  # the photo_added event's place among events at the same moment
    far: bool = False
    lonlat: tuple[float, float] = (0.0, 0.0)
    id: int = 0
    data: bytes = b""
    sha256: str = ""
    inspected: images.Inspected | None = None

    @property
    def original_name(self) -> str:
        return f"IMG_{self.taken_at:%Y%m%d_%H%M%S}.jpg"


def _taken(rng: random.Random, uploaded: datetime, clock: Clock) -> datetime:
    """A little before the upload, not before the working day began."""
    morning = clock.at(uploaded.astimezone(clock.tz).date(), DAY_START)
    taken = uploaded - timedelta(seconds=rng.randrange(60, 2400))
    return max(taken, min(morning, uploaded))


def _of_violation(rng: random.Random, v: Violation, clock: Clock) -> list[Photo]:
    events = sorted(v.events, key=lambda e: (e[0], e[1]))
    times = [e[0] for e in events]
    photos = []
    seq = float(len(v.events))
    if rng.random() < BEFORE_SHARE:
        created_at, actor = events[0][0], events[0][3]
        limits = [created_at + timedelta(minutes=90), clock.at(created_at.date(), DAY_END)]
        limits += [t for t in times if t > created_at][:1]
        uploaded = between(rng, created_at, min(limits))
        photos.append(
            Photo(
                "violation",
                v.id,
                "before",
                v.compound,
                v.footprint.shape,
                uploaded,
                actor,
                _taken(rng, uploaded, clock),
                CAPTIONS["before"],
                v,
                seq,
            )
        )
    for at, anchor, kind, actor, _from, to_status, _reason, _diff in events:
        if kind != "status_changed" or to_status not in REMOVED:
            continue
        low = max([t for t in times if t < at] + [at - timedelta(minutes=90)])
        low = max(low, min(at, clock.at(at.date(), DAY_START)))
        uploaded = between(rng, low, at)
        photos.append(
            Photo(
                "violation",
                v.id,
                "after",
                v.compound,
                v.footprint.shape,
                uploaded,
                actor,
                _taken(rng, uploaded, clock),
                CAPTIONS[to_status],
                v,
                anchor - 0.5,  # before the move, should they share the moment
            )
        )
    return photos


def _of_complaint(rng: random.Random, c: Complaint) -> Photo:
    """Sent with the complaint by the public: taken a while before."""
    taken = c.created_at - timedelta(seconds=rng.randrange(300, 3 * 3600))
    return Photo(
        "complaint",
        c.id,
        "before",
        c.compound,
        c.spot.buffer(0.5),
        c.created_at,
        "public",
        taken.replace(microsecond=0),
        None,
    )


def build_photos(
    rng: random.Random,
    violations: list[Violation],
    complaints: list[Complaint],
    clock: Clock,
    plane: Plane,
    zone: tzinfo,
) -> list[Photo]:
    """Plan, draw and inspect the photos; number them in upload order and add the
    `photo_added` events to the violations' histories."""
    photos = [p for v in violations for p in _of_violation(rng, v, clock)]
    photos += [_of_complaint(rng, c) for c in complaints if c.with_photo]
    mine = [n for n, p in enumerate(photos) if p.owner_type == "violation"]
    for n in rng.sample(mine, min(len(mine), max(3, len(mine) // FAR_EVERY))):
        photos[n].far = True
    spots = [(p.compound, near(rng, p.shows, *(FAR_M if p.far else NEAR_M))) for p in photos]
    for p, lonlat in zip(photos, to_lonlat(plane, spots), strict=True):
        p.lonlat = lonlat
    photos.sort(key=lambda p: (p.uploaded_at, p.owner_type, p.owner_id, p.stage))
    for n, p in enumerate(photos, start=1):
        p.id = n
        p.data = pictures.jpeg(rng, p.taken_at, p.lonlat, standing=p.stage == "before")
        p.sha256 = hashlib.sha256(p.data).hexdigest()
        p.inspected = images.inspect(p.data, zone)
        if p.inspected.taken_at != p.taken_at or p.inspected.gps is None:
            raise RuntimeError(f"demo photo {n}: its EXIF did not read back")
        if p.violation is not None:
            summary = {"id": p.id, "sha256": p.sha256, "stage": p.stage}
            p.violation.events.append(
                (
                    p.uploaded_at,
                    p.seq,
                    "photo_added",
                    p.uploaded_by,
                    None,
                    None,
                    None,
                    {"photo": [None, summary]},
                )
            )
    return photos
