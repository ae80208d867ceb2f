"""Footprints of illegal structures around a compound's blocks (in the compound frame).

Each block offers zones: per unit and side, its roof (rooftop rooms), the ground
in front of its south wall (enclosed yards, yard walls) and behind its north
wall (extensions); its two gable ends (extensions); three stretches of the row
gap north of it (sheds). A zone holds at most one structure, so footprints do
not overlap. Everything stays within 11 m of its block: grid lines run at least
12 m away, so each footprint lies in one cell — except the few "straddlers",
sheds put across a grid line on purpose.
"""

import random
from dataclasses import dataclass

from shapely import LineString, Polygon, box

from demo.places import Building, Compound

# kind: (structure_type, weight)
KINDS = {
    "roof": ("rooftop_room", 16),
    "roof_unit": ("rooftop_room", 4),
    "yard": ("enclosed_yard", 26),
    "wall": ("wall", 9),
    "north": ("extension", 10),
    "gable": ("extension", 8),
    "shed": ("shed", 19),
    "shed2": ("shed", 4),
}
KIND_NAMES = list(KINDS)
KIND_WEIGHTS = [w for _, w in KINDS.values()]


@dataclass(eq=False)
class Footprint:
    structure_type: str
    shape: Polygon  # compound frame, metres
    building: Building
    home: tuple[int, int, int] | None  # (unit, floor, side) of the household it belongs to
    place: str  # where, for an address without a household: "北侧", "楼顶" …
    straddles: bool = False


def _half(b: Building, unit: int, side: int) -> tuple[float, float]:
    x = b.x0 + unit * b.unit_width + side * b.unit_width / 2
    return x, x + b.unit_width / 2


def _span(rng: random.Random, lo: float, hi: float, w: float) -> float:
    return rng.uniform(lo, max(lo, hi - w))


def draw(rng: random.Random, kind: str, b: Building, unit: int, side: int):
    """(shape, zones used, household slot, place) of one structure of `kind`."""
    top, ground = b.floors, 1
    y0, y1 = b.y0, b.y0 + b.depth
    if kind in ("roof", "roof_unit"):
        if kind == "roof":
            lo, hi = _half(b, unit, side)
            zones: list[tuple] = [("R", unit, side)]
        else:
            lo, hi = b.x0 + unit * b.unit_width, b.x0 + (unit + 1) * b.unit_width
            zones = [("R", unit, 0), ("R", unit, 1)]
        w = rng.uniform(3, hi - lo - 0.6)
        d = rng.uniform(3, b.depth - 1.2)
        x = _span(rng, lo + 0.3, hi - 0.3, w)
        y = _span(rng, y0 + 0.6, y1 - 0.6, d)
        return box(x, y, x + w, y + d), zones, (unit, top, side), "楼顶"
    if kind == "yard":
        lo, hi = _half(b, unit, side)
        w, d = rng.uniform(3, hi - lo - 0.3), rng.uniform(2.5, 7)
        x = _span(rng, lo, hi, w)
        return box(x, y0 - d, x + w, y0), [("S", unit, side)], (unit, ground, side), "南侧"
    if kind == "north":
        lo, hi = _half(b, unit, side)
        w = rng.uniform(2, hi - lo - 0.5)
        d = max(rng.uniform(2, 4), 6.5 / w)
        x = _span(rng, lo, hi, w)
        return box(x, y1, x + w, y1 + d), [("N", unit, side)], (unit, ground, side), "北侧"
    if kind == "gable":
        w, d = rng.uniform(2, 5), rng.uniform(3, b.depth)
        y = _span(rng, y0, y1, d)
        if side == 0:
            shape, home = box(b.x0 - w, y, b.x0, y + d), (0, ground, 0)
        else:
            end = b.x0 + b.length
            shape, home = box(end, y, end + w, y + d), (b.units - 1, ground, 1)
        return shape, [("G", side)], home, "西侧" if side == 0 else "东侧"
    if kind == "wall":
        lo, hi = b.x0 + unit * b.unit_width + 0.3, b.x0 + (unit + 1) * b.unit_width - 0.3
        dist = rng.uniform(4, 7)
        path = [(lo, y0), (lo, y0 - dist), (hi, y0 - dist)]
        if rng.random() < 0.6:
            path.append((hi, y0))  # a U enclosing the front garden; else an L
        line = LineString(path)
        thick = max(rng.uniform(0.24, 0.5), 6.5 / line.length)
        shape = line.buffer(thick / 2, cap_style="flat", join_style="mitre")
        return shape, [("S", unit, 0), ("S", unit, 1)], (unit, ground, side), "南侧"
    # sheds in the row gap north of the block, in one or two thirds of its length
    third = b.length / 3
    stretch = 2 if kind == "shed2" else 1
    t = rng.randrange(4 - stretch)
    lo, hi = b.x0 + t * third + 1, b.x0 + (t + stretch) * third - 1
    w = rng.uniform(3, min(hi - lo, 30 if stretch == 2 else 12))
    d = rng.uniform(2.5, 5)
    gap = rng.uniform(4.5, 6)
    x = _span(rng, lo, hi, w)
    zones = [("H", t + k) for k in range(stretch)]
    return box(x, y1 + gap, x + w, y1 + gap + d), zones, None, "北侧"


def straddler(rng: random.Random, compound: Compound, b: Building):
    """A shed across the grid line in the row gap north of `b`, or None if there is none."""
    y1 = b.y0 + b.depth
    cuts = [y for y in compound.row_cuts if 0 < y - y1 < 16]
    if not cuts:
        return None
    t = rng.randrange(3)
    third = b.length / 3
    lo, hi = b.x0 + t * third + 1, b.x0 + (t + 1) * third - 1
    w, d = rng.uniform(3, min(10, hi - lo)), rng.uniform(3, 6)
    x = _span(rng, lo, hi, w)
    y = cuts[0] + rng.uniform(-1.5, 1.5) - d / 2
    shape = box(x, y, x + w, y + d)
    if not compound.shape.buffer(-0.5).contains(shape):
        return None
    return shape, [("H", t)], None, "北侧"
