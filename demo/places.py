"""The demo district's places as plain records (ids are the database ids).

Shapes of compounds, cells and buildings are kept in their compound's frame
(metres, x along the building rows); communities are kept in the district's
metric plane. `lonlat` holds the stored geometry once the layout is finished.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shapely import Polygon

from demo.geo import Frame


@dataclass(eq=False)
class Community:
    id: int
    street: int
    code: str
    name: str
    slug: str
    road: str
    shape: Polygon
    workers: list[str] = field(default_factory=list)  # grid workers (Chinese names)
    inspectors: list[str] = field(default_factory=list)  # their usernames
    lonlat: Any = None


@dataclass(eq=False)
class Building:
    no: int
    row: int
    col: int
    x0: float
    y0: float
    length: float
    depth: float
    units: int
    floors: int

    @property
    def unit_width(self) -> float:
        return self.length / self.units


@dataclass(eq=False)
class Cell:
    id: int
    seq: int
    code: str
    name: str
    shape: Polygon
    survey_day: date = date.min  # set by timeline.survey_days
    lonlat: Any = None


@dataclass(eq=False)
class Compound:
    id: int
    seq: int
    community: Community
    code: str
    name: str
    address: str
    deadline: date
    frame: Frame
    shape: Polygon
    buildings: list[Building] = field(default_factory=list)
    row_cuts: list[float] = field(default_factory=list)  # y of cut lines between rows
    col_cuts: list[float] = field(default_factory=list)  # x of cut lines between columns
    row_gaps: list[float] = field(default_factory=list)  # y of every mid-gap line
    col_gaps: list[float] = field(default_factory=list)  # x of every mid-gap line
    cells: list[Cell] = field(default_factory=list)
    lonlat: Any = None
