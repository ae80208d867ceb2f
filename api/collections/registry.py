"""The registry: every collection of geometric records the service offers, by the name
it has in URLs. REST lists, and the OGC API, tiles, exports and imports to come, find
their collections here."""

from api.collections.declare import Collection
from api.complaints.tables import COMPLAINTS
from api.households.tables import HOUSEHOLDS
from api.places.tables import COMMUNITIES, COMPOUNDS, GRIDS
from api.sweeps.tables import SWEEPS
from api.violations.tables import VIOLATIONS

COLLECTIONS: dict[str, Collection] = {
    c.path: c for c in (COMMUNITIES, COMPOUNDS, GRIDS, HOUSEHOLDS, VIOLATIONS, SWEEPS, COMPLAINTS)
}
