"""The moment and period the statistics of grid cells are asked for.

Occupied area, demolished area, sweep coverage and gaps per grid cell are computed in
PostGIS by the queries api/sql/cell_stats.sql and api/sql/grid_gaps.sql, whose header
comments hold the definitions; spatial/reference.py computes the same the plain way,
for tests to compare. Those files live with the one SQL loader (api/db/sqlfiles.py),
since only `api` runs them and `spatial` does not import `api`; this module keeps
what they take as parameters. Areas are geodesic m² on the WGS84 ellipsoid.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Unswept slivers under this many m² are dropped from a cell's gaps.
GAP_SLIVER_M2 = 1.0


@dataclass(frozen=True)
class Period:
    at: datetime | None  # None: now
    start: datetime | None  # None: since ever
    end: datetime | None  # None: until now (exclusive bound)

    def params(self) -> dict[str, Any]:
        return {"at": self.at, "start": self.start, "end": self.end}


def stats_params(period: Period, standing: Sequence[str]) -> dict[str, Any]:
    """The parameters of the per-cell figures: the period, and the statuses that count
    as standing (api.vocabulary.STANDING: spatial does not import api)."""
    return {**period.params(), "standing": list(standing)}
