"""The whole synthetic district, generated in memory from one seed.

Each part draws from its own random stream (random.Random seeded with the seed
and the part's name; string seeds are hashed with SHA-512, not Python's hash),
so the same seed gives the same district on any machine and run.
"""

import random
from dataclasses import dataclass, field
from time import perf_counter

from api.settings import Settings
from demo import attributes
from demo.complaints import Complaint, build_complaints
from demo.geo import Plane
from demo.history import build_history
from demo.households import Household, Registry
from demo.layout import Layout, build_layout
from demo.photos import Photo, build_photos
from demo.sweeps import Sweep, build_sweeps
from demo.timeline import Clock
from demo.violations import (
    Violation,
    place_violations,
    survey_neighbours,
    to_lonlat_points,
)
from demo.writeoffs import WriteOffRequest, build_requests


def stream(seed: int, part: str) -> random.Random:
    return random.Random(f"weijian-demo/{seed}/{part}")


@dataclass
class District:
    layout: Layout
    households: list[Household]
    violations: list[Violation]
    sweeps: list[Sweep]
    clock: Clock
    requests: list[WriteOffRequest] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def build_district(settings: Settings, scale: int, seed: int, photos: bool = True) -> District:
    """The district; without `photos`, no photo (nor its event) is made: quicker, for
    large benchmark districts whose photos nobody looks at."""
    plane, clock = Plane(), Clock(settings.zone)
    timings: dict[str, float] = {}
    started = perf_counter()
    layout = build_layout(stream(seed, "layout"), scale, plane)
    timings["layout"] = perf_counter() - started

    started = perf_counter()
    registry = Registry(stream(seed, "households"))
    violations = place_violations(stream(seed, "violations"), layout, registry, plane)
    survey_neighbours(stream(seed, "neighbours"), layout, registry)
    households = registry.all()
    to_lonlat_points(plane, households)
    rng = stream(seed, "attributes")
    ledger_counts: dict[tuple, int] = {}
    for v in violations:
        attributes.assign(rng, v, settings.cutoff_date, ledger_counts)
    rng = stream(seed, "history")
    for v in violations:
        build_history(rng, v, clock)
    violations.sort(key=lambda v: v.created_at)  # ids in order of registration
    for n, v in enumerate(violations, start=1):
        v.id = n
    _household_times(stream(seed, "household-times"), households, violations, clock)
    timings["violations"] = perf_counter() - started

    started = perf_counter()
    sweeps = build_sweeps(stream(seed, "sweeps"), layout, clock, plane)
    timings["sweeps"] = perf_counter() - started

    # The workflow around the histories: each adds the events it implies to them.
    started = perf_counter()
    requests = build_requests(violations)
    complaints = build_complaints(
        stream(seed, "complaints"),
        layout,
        violations,
        clock,
        plane,
        settings.complaint_response_days,
    )
    timings["write-offs and complaints"] = perf_counter() - started
    started = perf_counter()
    pictures = (
        build_photos(stream(seed, "photos"), violations, complaints, clock, plane, clock.tz)
        if photos
        else []
    )
    timings["photos"] = perf_counter() - started
    return District(
        layout, households, violations, sweeps, clock, requests, complaints, pictures, timings
    )


def _household_times(
    rng: random.Random, households: list[Household], violations: list[Violation], clock: Clock
) -> None:
    """A household's file is opened with its first violation, or on its cell's survey day."""
    for v in violations:  # in order of registration: the first one seen is the earliest
        h = v.household
        if h is not None and h.created_at is None:
            h.created_at = v.created_at
    for h in households:
        if h.created_at is None:
            day = rng.choice(h.compound.cells).survey_day
            h.created_at = clock.during(rng, day)
