"""Where the violations are: footprints placed around each compound's blocks.

A compound gets about 1.5 structures per block (some compounds much worse than
others), about 2% of them straddlers across a grid line. Footprints are moved to
lon/lat in one batch; their areas are measured on the rounded shapes.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shapely

from demo import footprints
from demo.footprints import Footprint
from demo.geo import Plane
from demo.households import Household, Registry
from demo.layout import Layout
from demo.places import Cell, Compound

MIN_AREA, MAX_AREA = 5.5, 195.0


@dataclass(eq=False)
class Violation:
    compound: Compound
    cell: Cell  # the cell drawn around it (the stored one is derived by the database)
    footprint: Footprint
    household: Household | None = None
    lonlat: Any = None
    area: float = 0.0  # m² of the stored (rounded) footprint
    id: int = 0
    fields: dict = field(default_factory=dict)  # the stored attributes, final values
    initial: dict = field(default_factory=dict)  # values at registration, where they differ
    events: list = field(default_factory=list)
    # set by attributes.assign and history.build_history
    found_day: date = date.min
    created_at: datetime = datetime.min
    updated_at: datetime = datetime.min
    status_changed_at: datetime = datetime.min
    version: int = 1
    deleted: tuple | None = None  # (at, by, reason)


def place_violations(
    rng: random.Random, layout: Layout, registry: Registry, plane: Plane
) -> list[Violation]:
    placed: list[Violation] = []
    world: list = []
    for compound in layout.compounds:
        mine = _in_compound(rng, compound, registry)
        if mine:
            placed.extend(mine)
            world.extend(compound.frame.to_world([v.footprint.shape for v in mine]))
    geoms = plane.lonlat(world)
    areas = shapely.area(plane.metres(geoms))
    valid = shapely.is_valid(geoms)
    kept = []
    for v, geom, area, ok in zip(placed, geoms, areas, valid, strict=True):
        if ok and MIN_AREA <= area <= MAX_AREA:
            v.lonlat, v.area = geom, float(area)
            kept.append(v)
    return kept


def _in_compound(rng: random.Random, compound: Compound, registry: Registry) -> list[Violation]:
    blocks = compound.buildings
    if not blocks:
        return []
    wanted = round(len(blocks) * rng.uniform(0.9, 2.9))
    straddlers = max(0, round(wanted * 0.02 + rng.uniform(-0.5, 0.5)))
    used: dict[int, set] = {b.no: set() for b in blocks}
    out: list[Violation] = []
    for tries in range(wanted * 20):
        if len(out) >= wanted:
            break
        b = rng.choice(blocks)
        straddling = straddlers > 0 and tries < 40
        if straddling:
            drawn = footprints.straddler(rng, compound, b)
            if drawn is None:
                continue
            kind = "shed"
        else:
            kind = rng.choices(footprints.KIND_NAMES, footprints.KIND_WEIGHTS)[0]
            drawn = footprints.draw(rng, kind, b, rng.randrange(b.units), rng.randrange(2))
        shape, zones, home, place = drawn
        if any(z in used[b.no] for z in zones):
            continue
        used[b.no].update(zones)
        structure = footprints.KINDS[kind][0]
        if structure == "shed" and rng.random() < 0.07:
            structure = "other"  # a kiosk, a container
        fp = Footprint(structure, shape, b, home, place, straddles=straddling)
        if straddling:
            straddlers -= 1
        out.append(
            Violation(
                compound,
                _cell_of(compound, shape),
                fp,
                household=_household(rng, registry, compound, fp),
            )
        )
    return out


def _cell_of(compound: Compound, shape) -> Cell:
    centre = shape.centroid
    for cell in compound.cells:
        if cell.shape.covers(centre):
            return cell
    return min(compound.cells, key=lambda c: (c.shape.distance(centre), c.seq))


def _household(
    rng: random.Random, registry: Registry, compound: Compound, fp: Footprint
) -> Household | None:
    if fp.home is not None and rng.random() < 0.95:
        unit, floor, side = fp.home
        return registry.get(compound, fp.building, unit, floor, side)
    chance = 0.4 if fp.structure_type == "shed" else 0.2
    if rng.random() < chance:
        return registry.any_in(compound, fp.building)
    return None


def survey_neighbours(
    rng: random.Random, layout: Layout, registry: Registry, share: float = 0.15
) -> None:
    """Households surveyed with nothing found: about `share` of those with a file."""
    for compound in layout.compounds:
        if not compound.buildings:
            continue
        for _ in range(round(len(compound.buildings) * 1.5 * share)):
            registry.any_in(compound, rng.choice(compound.buildings))


def to_lonlat_points(plane: Plane, households: list[Household]) -> None:
    by_compound: dict[int, list[Household]] = {}
    for h in households:
        by_compound.setdefault(h.compound.id, []).append(h)
    ordered: list[Household] = []
    world: list = []
    for group in by_compound.values():
        ordered.extend(group)
        world.extend(group[0].compound.frame.to_world([h.point() for h in group]))
    for h, geom in zip(ordered, plane.lonlat(world), strict=True):
        h.lonlat = geom
