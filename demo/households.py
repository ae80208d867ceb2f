"""Households (一户一档): the dwellings the survey opened a file for.

A household is a room of a block: building "3号楼", unit "2单元", room "301"
(floor 3, the first of the two flats on each landing). Files are opened for the
households whose structures were found, and for some neighbours surveyed with
nothing to report.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shapely import Point

from demo import names
from demo.places import Building, Compound


@dataclass(eq=False)
class Household:
    compound: Compound
    building: Building
    unit: int  # 0-based
    floor: int
    side: int  # 0 = west flat, 1 = east flat
    party_name: str
    party_phone: str
    id: int = 0
    created_at: datetime | None = None
    lonlat: Any = None

    @property
    def building_label(self) -> str:
        return f"{self.building.no}号楼"

    @property
    def unit_label(self) -> str:
        return f"{self.unit + 1}单元"

    @property
    def room(self) -> str:
        return f"{self.floor}{self.side + 1:02d}"

    @property
    def address(self) -> str:
        c = self.compound
        return f"{c.address}{c.name}{self.building_label}{self.unit_label}{self.room}"

    def point(self) -> Point:
        """Middle of the flat, in the compound frame."""
        b = self.building
        x = b.x0 + (self.unit + 0.25 + 0.5 * self.side) * b.unit_width
        return Point(x, b.y0 + b.depth / 2)

    @property
    def sort_key(self) -> tuple:
        return (self.compound.id, self.building.no, self.unit, self.floor, self.side)


class Registry:
    """The households of the district, opened on first use."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._by_key: dict[tuple, Household] = {}

    def get(
        self, compound: Compound, building: Building, unit: int, floor: int, side: int
    ) -> Household:
        key = (compound.id, building.no, unit, floor, side)
        found = self._by_key.get(key)
        if found is None:
            found = Household(
                compound,
                building,
                unit,
                floor,
                side,
                names.person_name(self.rng),
                names.phone(self.rng),
            )
            self._by_key[key] = found
        return found

    def any_in(self, compound: Compound, building: Building) -> Household:
        rng = self.rng
        return self.get(
            compound,
            building,
            rng.randrange(building.units),
            rng.randint(1, building.floors),
            rng.randrange(2),
        )

    def all(self) -> list[Household]:
        """Every household, numbered in address order."""
        ordered = sorted(self._by_key.values(), key=lambda h: h.sort_key)
        for n, household in enumerate(ordered, start=1):
            household.id = n
        return ordered
