"""The district's places: communities, compounds, their blocks and grid cells.

Drawn in metres (see geo.py), stored in lon/lat. A compound's stored outline is
the union of its cells' stored outlines, so the cells tile it exactly.
"""

import calendar
import random
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely

from demo import district, estate, names
from demo.geo import Frame, Plane
from demo.places import Cell, Community, Compound
from demo.timeline import survey_days

DEADLINE_MONTHS = (3, 4, 5, 6, 6, 7, 8, 9, 9, 10, 10, 11, 12)


@dataclass
class Layout:
    communities: list[Community]
    compounds: list[Compound]

    @property
    def cells(self) -> list[Cell]:
        return [cell for compound in self.compounds for cell in compound.cells]


def build_layout(rng: random.Random, scale: int, plane: Plane) -> Layout:
    communities = district.build_communities(rng, scale)
    compounds: list[Compound] = []
    cell_id = 0
    pools: dict[int, list[str]] = {}
    for community in communities:
        pool = pools.setdefault(community.street, names.compound_names(rng))
        for seq, outline in enumerate(district.compound_outlines(rng, community), start=1):
            origin = (round(outline.centroid.x, 2), round(outline.centroid.y, 2))
            frame = Frame(rng.uniform(-8.0, 8.0), origin)
            shape = frame.to_frame([outline])[0]
            blocks, pattern = estate.lay_out_blocks(rng, shape)
            row_cuts, col_cuts = estate.choose_cuts(rng, shape, pattern)
            month = rng.choice(DEADLINE_MONTHS)
            code = f"{community.code}-{seq:02d}"
            compound = Compound(
                id=len(compounds) + 1,
                seq=seq,
                community=community,
                code=code,
                name=pool.pop(),
                frame=frame,
                shape=shape,
                buildings=blocks,
                address=f"天津市滨海新区{names.street_name(community.street)}"
                f"{community.road}{rng.randrange(1, 300)}号",
                deadline=date(2020, month, calendar.monthrange(2020, month)[1]),
                row_cuts=row_cuts,
                col_cuts=col_cuts,
                row_gaps=pattern["row_gaps"],
                col_gaps=pattern["col_gaps"],
            )
            faces = estate.order_cells(estate.cut_cells(shape, row_cuts, col_cuts))
            for n, face in enumerate(faces, start=1):
                cell_id += 1
                compound.cells.append(
                    Cell(id=cell_id, seq=n, code=f"{code}-{n:02d}", name=f"第{n}网格", shape=face)
                )
            compounds.append(compound)
    _to_lonlat(plane, communities, compounds)
    survey_days(compounds)
    return Layout(communities, compounds)


def _to_lonlat(plane: Plane, communities: list[Community], compounds: list[Compound]) -> None:
    for community, geom in zip(
        communities, plane.lonlat([c.shape for c in communities]), strict=True
    ):
        community.lonlat = geom
    cells = [cell for compound in compounds for cell in compound.cells]
    world: list = []
    for compound in compounds:
        world.extend(compound.frame.to_world([cell.shape for cell in compound.cells]))
    for cell, geom in zip(cells, plane.lonlat(world), strict=True):
        cell.lonlat = geom
    for compound in compounds:
        compound.lonlat = shapely.union_all([cell.lonlat for cell in compound.cells])
    shapes = [c.lonlat for c in communities] + [c.lonlat for c in compounds]
    shapes += [c.lonlat for c in cells]
    bad = ~shapely.is_valid(np.asarray(shapes, dtype=object))
    if bad.any() or any(s.geom_type != "Polygon" for s in shapes):
        raise RuntimeError("demo layout produced an invalid place outline; try another seed")
