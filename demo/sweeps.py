"""Sweeps (排查 / 巡查): who covered which ground, when.

Survey: on its survey day each grid cell is swept in 2–4 drawn strips reaching a
little past its edges, so a cell ends up fully covered — except about a quarter
of them, where one strip stops short and leaves a blind spot. Afterwards, patrols
until the end of 2020: mostly GPS tracks along the roads between the rows
(widened in the database by a sight radius of 5–20 m), some drawn areas over
part of one or a few cells. Footprints are clipped to the compound in SQL.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import shapely
from shapely import LineString, box

from demo import names
from demo.geo import Plane
from demo.layout import Layout
from demo.places import Compound
from demo.timeline import (
    CAMPAIGN_END,
    DAY_END,
    DAY_START,
    REVIEW_START,
    Clock,
    next_workday,
    random_workday,
)


@dataclass(eq=False)
class Sweep:
    compound: Compound
    team: str
    inspectors: list[str]
    started_at: datetime
    ended_at: datetime
    shape: object  # Polygon (drawn) or LineString (track), compound frame
    sight_radius_m: float | None = None
    id: int = 0
    lonlat: Any = None


def build_sweeps(rng: random.Random, layout: Layout, clock: Clock, plane: Plane) -> list[Sweep]:
    brigade = [names.staff_name(rng) for _ in range(6)]
    sweeps: list[Sweep] = []
    world: list = []
    for compound in layout.compounds:
        mine = _survey(rng, compound, clock) + _patrols(rng, compound, clock, brigade)
        sweeps.extend(mine)
        world.extend(compound.frame.to_world([s.shape for s in mine]) if mine else [])
    for s, geom in zip(sweeps, plane.lonlat(world), strict=True):
        s.lonlat = geom
    sweeps.sort(key=lambda s: s.started_at)  # stable: ties keep generation order
    for n, s in enumerate(sweeps, start=1):
        s.id = n
    return sweeps


def _crew(rng: random.Random, compound: Compound) -> list[str]:
    workers = compound.community.workers
    return sorted(rng.sample(workers, rng.randint(1, 3)), key=workers.index)


def _session(rng: random.Random, clock: Clock, day, after: datetime | None = None):
    """A 1–4 hour outing within working hours on `day`, or soon after `after` ends."""
    minutes = rng.randint(60, 240)
    day = next_workday(day)
    if after is None:
        start = rng.randint(DAY_START, DAY_END - minutes)
    else:
        last = after.astimezone(clock.tz)
        day = max(day, last.date())
        start = last.hour * 60 + last.minute + rng.randint(10, 40)
        if start + minutes > DAY_END:
            day, start = next_workday(day + timedelta(days=1)), DAY_START + rng.randint(0, 30)
    begin = clock.at(day, start)
    return begin, begin + timedelta(minutes=minutes)


def _survey(rng: random.Random, compound: Compound, clock: Clock) -> list[Sweep]:
    out = []
    for cell in compound.cells:
        bx0, by0, bx1, by1 = cell.shape.bounds
        k = min(4, max(2, round((bx1 - bx0) / 60)))
        edges = np.linspace(bx0 - 2, bx1 + 2, k + 1)
        short = rng.randrange(k) if rng.random() < 0.25 else None
        team = f"{compound.community.name}第{rng.randint(1, 2)}排查组"
        crew = _crew(rng, compound)
        after = None
        for i in range(k):
            y0, y1 = by0 - 2, by1 + 2
            if i == short:  # stopped short: a blind spot in this cell
                cut = (y1 - y0) * rng.uniform(0.2, 0.45)
                y0, y1 = (y0 + cut, y1) if rng.random() < 0.5 else (y0, y1 - cut)
            strip = box(edges[i] - 0.75, y0, edges[i + 1] + 0.75, y1)
            start, end = _session(rng, clock, cell.survey_day, after)
            after = end
            out.append(Sweep(compound, team, crew, start, end, strip))
    return out


def _patrols(rng: random.Random, compound: Compound, clock: Clock, brigade: list[str]):
    blocks = compound.buildings
    if not blocks:
        return []
    out = []
    walkable = compound.shape.buffer(-2.0)
    for _ in range(round(len(compound.cells) * rng.uniform(1.0, 2.2))):
        day = random_workday(rng, REVIEW_START, CAMPAIGN_END)
        start, end = _session(rng, clock, day)
        if rng.random() < 0.2:
            team, crew = names.BRIGADE, sorted(rng.sample(brigade, 2), key=brigade.index)
        else:
            team, crew = f"{compound.community.name}巡查组", _crew(rng, compound)
        if rng.random() < 0.75:
            shape, radius = _track(rng, compound, walkable), round(rng.uniform(5, 20), 1)
        else:
            cell = rng.choice(compound.cells)
            bx0, by0, bx1, by1 = cell.shape.bounds
            cx, cy = rng.uniform(bx0, bx1), rng.uniform(by0, by1)
            w, h = rng.uniform(40, 160), rng.uniform(30, 120)
            shape, radius = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), None
        out.append(Sweep(compound, team, crew, start, end, shape, radius))
    return out


def _track(rng: random.Random, compound: Compound, walkable) -> LineString:
    """A walk along the roads between rows: 1–3 legs, turning at column gaps."""
    blocks = compound.buildings
    lows = min(b.y0 for b in blocks) - 9
    highs = max(b.y0 + b.depth for b in blocks) + 9
    lines = [lows, *compound.row_gaps, highs]
    stops = [
        min(b.x0 for b in blocks) - 6,
        *compound.col_gaps,
        max(b.x0 + b.length for b in blocks) + 6,
    ]
    a = rng.randrange(len(stops) - 1)
    b = rng.randrange(a + 1, len(stops))
    xa, xb = stops[a], stops[b]
    first = rng.randrange(len(lines))
    rows = lines[first::2][: rng.randint(1, 3)]
    if rng.random() < 0.5:
        rows = rows[::-1]
    corners = []
    for n, y in enumerate(rows):
        ends = [(xa, y), (xb, y)] if n % 2 == 0 else [(xb, y), (xa, y)]
        corners.extend(ends)
    points = [corners[0]]
    for (x0, y0), (x1, y1) in zip(corners, corners[1:], strict=False):
        steps = max(1, round(np.hypot(x1 - x0, y1 - y0) / 12))
        for t in range(1, steps + 1):
            jitter = 0.5 if t < steps else 0.0  # GPS wobble between the corners
            points.append(
                (
                    x0 + (x1 - x0) * t / steps + rng.uniform(-jitter, jitter),
                    y0 + (y1 - y0) * t / steps + rng.uniform(-jitter, jitter),
                )
            )
    walked = LineString(points).intersection(walkable)
    parts = [p for p in shapely.get_parts(walked) if p.geom_type == "LineString"]
    longest = max(parts, key=lambda p: p.length) if parts else LineString(points[:2])
    return shapely.set_precision(longest, 0.01)
