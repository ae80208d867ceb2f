"""Communities on a jittered lattice, and the compound outlines inside each.

Each street is a 3×3 km block of a 4×3 lattice (750 m × 1000 m cells); two
pairs of neighbouring cells are merged, giving 10 communities per street.
Lattice nodes and edge midpoints are jittered and shared by the neighbours, so
communities are irregular yet meet exactly. Scale N lays N streets side by side.
"""

import math
import random

import shapely
from shapely import Polygon, box

from demo import names
from demo.places import Community

COLS, ROWS = 4, 3  # lattice cells per street
CELL_W, CELL_H = 750.0, 1000.0
NODE_JITTER = 70.0
EDGE_JITTER = 35.0
COMPOUND_AREA = 135_000.0  # m² of community per compound, before roads
EDGE_ROAD = 25.0  # community boundary to compounds
INNER_ROAD = 8.0  # half the road between compounds


def _lattice(rng: random.Random, nx: int, ny: int, x0: float, y0: float):
    nodes = {}
    for j in range(ny + 1):
        for i in range(nx + 1):
            nodes[i, j] = (
                x0 + i * CELL_W + rng.uniform(-NODE_JITTER, NODE_JITTER),
                y0 + j * CELL_H + rng.uniform(-NODE_JITTER, NODE_JITTER),
            )
    h_mid, v_mid = {}, {}
    for j in range(ny + 1):
        for i in range(nx):
            (ax, ay), (bx, by) = nodes[i, j], nodes[i + 1, j]
            h_mid[i, j] = ((ax + bx) / 2, (ay + by) / 2 + rng.uniform(-EDGE_JITTER, EDGE_JITTER))
    for j in range(ny):
        for i in range(nx + 1):
            (ax, ay), (bx, by) = nodes[i, j], nodes[i, j + 1]
            v_mid[i, j] = ((ax + bx) / 2 + rng.uniform(-EDGE_JITTER, EDGE_JITTER), (ay + by) / 2)

    def cell(i: int, j: int) -> Polygon:
        return Polygon(
            [
                nodes[i, j],
                h_mid[i, j],
                nodes[i + 1, j],
                v_mid[i + 1, j],
                nodes[i + 1, j + 1],
                h_mid[i, j + 1],
                nodes[i, j + 1],
                v_mid[i, j],
            ]
        )

    return cell


def _merged_pairs(rng: random.Random) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Two disjoint pairs of neighbouring lattice cells to merge in a street."""
    pairs = [((i, j), (i + 1, j)) for j in range(ROWS) for i in range(COLS - 1)]
    pairs += [((i, j), (i, j + 1)) for j in range(ROWS - 1) for i in range(COLS)]
    rng.shuffle(pairs)
    chosen: list = []
    for a, b in pairs:
        if all(a not in p and b not in p for p in chosen):
            chosen.append((a, b))
        if len(chosen) == 2:
            break
    return chosen


def build_communities(rng: random.Random, scale: int) -> list[Community]:
    sx = math.ceil(math.sqrt(scale))
    sy = math.ceil(scale / sx)
    x0, y0 = -sx * COLS * CELL_W / 2, -sy * ROWS * CELL_H / 2
    cell = _lattice(rng, sx * COLS, sy * ROWS, x0, y0)
    communities: list[Community] = []
    for street in range(scale):
        ox, oy = (street % sx) * COLS, (sy - 1 - street // sx) * ROWS  # west→east, north→south
        merged = _merged_pairs(rng)
        partner = {a: b for a, b in merged} | {b: a for a, b in merged}
        shapes = []
        for j in range(ROWS):
            for i in range(COLS):
                if (i, j) in partner and partner[i, j] < (i, j):
                    continue  # drawn with its partner
                shape = cell(ox + i, oy + j)
                if (i, j) in partner:
                    pi, pj = partner[i, j]
                    shape = shapely.union(shape, cell(ox + pi, oy + pj)).normalize()
                shapes.append(shape)
        shapes.sort(key=lambda s: (-round(s.centroid.y), round(s.centroid.x)))
        picks = rng.sample(names.COMMUNITIES, len(shapes))
        for seq, (shape, (name, slug)) in enumerate(zip(shapes, picks, strict=True), start=1):
            suffix = "" if street == 0 else f"_{names.street_code(street)}"
            communities.append(
                Community(
                    id=len(communities) + 1,
                    street=street,
                    code=f"120116{names.street_code(street)}{seq:03d}",
                    name=name,
                    slug=slug + suffix,
                    road=rng.choice(names.ROADS),
                    shape=shape,
                    workers=[names.staff_name(rng) for _ in range(4)],
                    inspectors=[f"inspector_{slug}{suffix}", f"inspector_{slug}{suffix}_2"],
                )
            )
    return communities


def _grid_shape(width: float, height: float, target: int) -> tuple[int, int]:
    """Rows × columns giving about `target` near-square pieces."""
    best = (1, 1)
    best_cost = math.inf
    for r in range(1, 7):
        for c in range(1, 7):
            cost = abs(math.log((height / r) / (width / c))) + 0.5 * abs(r * c - target)
            if cost < best_cost:
                best, best_cost = (r, c), cost
    return best


def compound_outlines(rng: random.Random, community: Community) -> list[Polygon]:
    """About one compound per 135,000 m² of community, separated by roads."""
    inset = community.shape.buffer(-EDGE_ROAD, join_style="mitre")
    minx, miny, maxx, maxy = inset.bounds
    rows, cols = _grid_shape(maxx - minx, maxy - miny, round(inset.area / COMPOUND_AREA))
    xs = (
        [minx - 1]
        + [minx + (maxx - minx) * (k + rng.uniform(-0.08, 0.08)) / cols for k in range(1, cols)]
        + [maxx + 1]
    )
    ys = (
        [miny - 1]
        + [miny + (maxy - miny) * (k + rng.uniform(-0.08, 0.08)) / rows for k in range(1, rows)]
        + [maxy + 1]
    )
    outlines = []
    for r in range(rows - 1, -1, -1):  # north first
        for c in range(cols):
            piece = inset.intersection(box(xs[c], ys[r], xs[c + 1], ys[r + 1]))
            piece = _largest(piece.buffer(-INNER_ROAD, join_style="mitre"))
            if piece is None or piece.area < 40_000:
                continue
            if rng.random() < 0.35:  # a cut corner: a school, a shop, an older plot
                bx0, by0, bx1, by1 = piece.bounds
                cx, cy = rng.choice([(bx0, by0), (bx1, by0), (bx0, by1), (bx1, by1)])
                a, b = rng.uniform(30, 70), rng.uniform(30, 70)
                dx, dy = (a if cx == bx0 else -a), (b if cy == by0 else -b)
                corner = Polygon([(cx, cy), (cx + dx, cy), (cx, cy + dy)])
                piece = _largest(piece.difference(corner.buffer(1, join_style="mitre")))
            outlines.append(shapely.set_precision(piece, 0.01))
    return outlines


def _largest(geom) -> Polygon | None:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    return max(parts, key=lambda p: p.area) if parts else None
