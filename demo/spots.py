"""Points near things, and moments between moments, for complaints and photos.

Points are picked in a compound's frame (metres; the frame only turns, so distances
are true) and moved to lon/lat in one batch; moments have whole seconds, as EXIF
and people's clocks do.
"""

import math
import random
from datetime import datetime, timedelta

import numpy as np
from shapely import Point, Polygon

from demo.geo import Plane
from demo.places import Compound


def near(
    rng: random.Random,
    shape: Polygon,
    low: float,
    high: float,
    within: Polygon | None = None,
    margin: float = 1.0,
) -> Point:
    """A point `low`–`high` metres from a point inside `shape`, in a random direction;
    inside `within` (by `margin` metres) when given — nearer if need be."""
    centre = shape.point_on_surface()
    for shrink in (1.0, 1.0, 1.0, 0.5, 0.25, 0.0):
        angle = rng.uniform(0, 2 * math.pi)
        distance = rng.uniform(low, high) * shrink
        spot = Point(centre.x + distance * math.cos(angle), centre.y + distance * math.sin(angle))
        if within is None or within.buffer(-margin).contains(spot):
            return spot
    return centre


def to_lonlat(plane: Plane, spots: list[tuple[Compound, Point]]) -> list[tuple[float, float]]:
    """(lon, lat) of each (compound, point in its frame), rounded as stored (7 decimals)."""
    world = np.empty(len(spots), dtype=object)
    by_compound: dict[int, list[int]] = {}
    for n, (compound, _) in enumerate(spots):
        by_compound.setdefault(compound.id, []).append(n)
    for indices in by_compound.values():
        compound = spots[indices[0]][0]
        turned = compound.frame.to_world([spots[n][1] for n in indices])
        for n, geom in zip(indices, turned, strict=True):
            world[n] = geom
    if not spots:
        return []
    return [(float(p.x), float(p.y)) for p in plane.lonlat(world)]


def between(rng: random.Random, low: datetime, high: datetime) -> datetime:
    """A moment strictly between two others, in whole seconds (`low` itself when
    they are less than two seconds apart)."""
    start = low.replace(microsecond=0) + timedelta(seconds=1)
    room = int((high - start).total_seconds())
    if room < 1:
        return low
    return start + timedelta(seconds=rng.randrange(room))
