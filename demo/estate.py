"""Inside a compound: rows of slab blocks, and grid cells cut along the gaps.

The layout is drawn in the compound's frame (x along the rows). Blocks are
~60×12 m, rows 24–30 m apart (sunlight spacing), columns 14–20 m apart, kept
12 m from the compound's edge. Grid cells are cut by lines through the middle of
chosen row and column gaps — the internal roads — so a structure built against
a block lies in one cell. The compound's outline and the cut lines are noded
and polygonised, so neighbouring cells share their edges exactly; pieces much
smaller than the rest are merged into the neighbour they share most edge with.
"""

import math
import random

import numpy as np
import shapely
from shapely import LineString, Polygon, box

from demo.places import Building

MARGIN = 12.0  # block to compound edge: room for what is built around it


def lay_out_blocks(rng: random.Random, shape: Polygon) -> tuple[list[Building], dict]:
    """Blocks placed on a regular pattern where they fit; and the pattern's gap lines."""
    length = rng.choice((48.0, 54.0, 60.0, 60.0, 66.0))
    depth = rng.choice((10.0, 11.0, 12.0, 12.0, 13.0))
    row_gap, col_gap = rng.uniform(24, 30), rng.uniform(14, 20)
    floors = rng.choice((5, 6, 6, 6, 7))
    minx, miny, maxx, maxy = shape.bounds
    x_start = minx + MARGIN + rng.uniform(0, col_gap)
    y_start = miny + MARGIN + rng.uniform(0, row_gap)
    cols = max(0, int((maxx - MARGIN - x_start + col_gap) // (length + col_gap)))
    rows = max(0, int((maxy - MARGIN - y_start + row_gap) // (depth + row_gap)))
    spots = [(r, c) for r in range(rows) for c in range(cols)]
    boxes = [
        box(
            x_start + c * (length + col_gap) - MARGIN,
            y_start + r * (depth + row_gap) - MARGIN,
            x_start + c * (length + col_gap) + length + MARGIN,
            y_start + r * (depth + row_gap) + depth + MARGIN,
        )
        for r, c in spots
    ]
    shapely.prepare(shape)
    fits = shapely.contains(shape, np.asarray(boxes, dtype=object)) if boxes else []
    kept = [spot for spot, ok in zip(spots, fits, strict=True) if ok]
    kept.sort(key=lambda rc: (-rc[0], rc[1]))  # numbered from the north-west
    units = max(3, round(length / 15))
    blocks = [
        Building(
            no=n,
            row=r,
            col=c,
            x0=x_start + c * (length + col_gap),
            y0=y_start + r * (depth + row_gap),
            length=length,
            depth=depth,
            units=units,
            floors=floors,
        )
        for n, (r, c) in enumerate(kept, start=1)
    ]
    used_rows = sorted({b.row for b in blocks})
    used_cols = sorted({b.col for b in blocks})
    pattern = {
        "row_gaps": [
            y_start + r * (depth + row_gap) + depth + row_gap / 2
            for r in range(used_rows[0], used_rows[-1])
        ]
        if blocks
        else [],
        "col_gaps": [
            x_start + c * (length + col_gap) + length + col_gap / 2
            for c in range(used_cols[0], used_cols[-1])
        ]
        if blocks
        else [],
    }
    return blocks, pattern


def _evenly(gaps: list[float], groups: int) -> list[float]:
    """groups-1 of the gap lines, splitting the rows (or columns) evenly."""
    n = len(gaps) + 1
    picks = sorted(
        {min(len(gaps) - 1, max(0, round(k * n / groups) - 1)) for k in range(1, groups)}
    )
    return [gaps[i] for i in picks]


def choose_cuts(rng: random.Random, shape: Polygon, pattern: dict) -> tuple[list, list]:
    """Row and column cut lines giving ~8 cells of similar size and shape."""
    target = rng.choice((6, 7, 8, 8, 9, 10))
    minx, miny, maxx, maxy = shape.bounds
    best, best_cost = (1, 1), math.inf
    for a in range(1, len(pattern["row_gaps"]) + 2):
        for b in range(1, len(pattern["col_gaps"]) + 2):
            cost = abs(math.log(((maxy - miny) / a) / ((maxx - minx) / b))) + 0.4 * abs(
                a * b - target
            )
            if cost < best_cost:
                best, best_cost = (a, b), cost
    a, b = best
    return _evenly(pattern["row_gaps"], a), _evenly(pattern["col_gaps"], b)


def cut_cells(shape: Polygon, row_cuts: list[float], col_cuts: list[float]) -> list[Polygon]:
    """The compound cut along the lines: pieces that tile it exactly."""
    minx, miny, maxx, maxy = shape.bounds
    lines = [LineString([(minx - 10, y), (maxx + 10, y)]) for y in row_cuts]
    lines += [LineString([(x, miny - 10), (x, maxy + 10)]) for x in col_cuts]
    noded = shapely.union_all([shape.exterior, *lines])
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))
    shapely.prepare(shape)
    faces = [f for f in faces if shape.contains(f.point_on_surface())]
    return _merge_slivers(faces)


def _merge_slivers(faces: list[Polygon]) -> list[Polygon]:
    faces = list(faces)
    while len(faces) > 1:
        mean = sum(f.area for f in faces) / len(faces)
        small = min(range(len(faces)), key=lambda i: (faces[i].area, i))
        if faces[small].area >= 0.35 * mean:
            break
        piece = faces.pop(small)
        shared = [(piece.boundary.intersection(f.boundary).length, -i) for i, f in enumerate(faces)]
        length, neg = max(shared)
        if length <= 0:
            faces.insert(small, piece)
            break
        faces[-neg] = shapely.union(faces[-neg], piece)
    return faces


def order_cells(faces: list[Polygon]) -> list[Polygon]:
    """North-west first, row by row."""
    return sorted(faces, key=lambda f: (-round(f.centroid.y / 20), f.centroid.x))
