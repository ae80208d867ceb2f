"""How a collection of geometric records is declared: once, in one place.

A `Collection` names its table and says how its rows are read: the output properties
(each an SQL expression over the alias `t`, with its type and meaning), the filters a
list offers (each an SQL condition over bound parameters, with the type of its value),
the rule that scopes a row to a community, which properties are personal data, which
properties are queryables, and how it is drawn in vector tiles. Everything that reads
records — the REST lists and items, the tiles, and later OGC API Features and exports —
builds its SQL from these declarations through `api.collections.read`, so scoping and
masking happen in one place.

Identifiers and SQL expressions come only from declarations in the code; every value
a client sends is a bound parameter.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from api.auth.principal import Principal
from api.deps import parse_bbox, parse_choices
from api.settings import Settings

GeometryType = Literal["MultiPolygon", "Point"]


@dataclass(frozen=True)
class Property:
    """One output property: its SQL expression over alias t, its JSON type, its meaning."""

    sql: str
    type: Any = str  # the Python type of the value (for the schema): int, str, date, …
    description: str = ""
    # "name" / "phone": personal data, masked (王**, 100****5678) unless the viewer may see it.
    personal: Literal["name", "phone"] | None = None
    # Who sees the property at all (e.g. a complaint's reporter: the street office only).
    # None: everyone who may read the record.
    shown_to: Callable[[Principal], bool] | None = None
    # Offered as a queryable (filter language, sorting): a plain column of the table.
    queryable: bool = False

    def expression(self) -> str:
        return self.sql if self.personal is None else masked(self.sql, self.personal)


def masked(sql: str, kind: Literal["name", "phone"]) -> str:
    """A personal-data expression, masked (王**, 100****5678) unless %(pii)s is true."""
    return f"CASE WHEN %(pii)s THEN {sql} ELSE weijian_mask_{kind}({sql}) END"


# A filter turns the text a client sent into the value bound to its condition.
Parser = Callable[[Any, Settings], Any]


def _as_is(value: Any, _settings: Settings) -> Any:
    return value


@dataclass(frozen=True)
class Filter:
    """A list filter: a condition over alias t with `%(name)s` bound to the parsed value
    (a parser may return a mapping instead, binding several parameters, as bbox does)."""

    sql: str
    type: Any  # the type the query parameter is read as (int, date, bool, str)
    description: str
    parse: Parser = _as_is
    examples: tuple[Any, ...] = ()


def id_filter(sql: str, description: str) -> Filter:
    return Filter(sql, int, description)


def bool_filter(sql: str, description: str) -> Filter:
    return Filter(sql, bool, description)


def text_filter(sql: str, description: str) -> Filter:
    return Filter(sql, str, description)


def date_filter(sql: str, description: str) -> Filter:
    return Filter(sql, date, description)


def choice_filter(sql: str, name: str, choices: tuple[str, ...], what: str) -> Filter:
    """A comma-separated list of known values, e.g. status=registered,verified."""

    def parse(value: str, _settings: Settings) -> list[str] | None:
        return parse_choices(value, name, choices)

    return Filter(
        sql, str, f"Comma-separated {what}: {', '.join(choices)}.", parse, examples=choices[:1]
    )


def day_start_filter(sql: str, description: str, *, day_after: bool = False) -> Filter:
    """A campaign day (YYYY-MM-DD) bound as the instant it starts — or, with `day_after`,
    the instant the next day starts, for an inclusive end."""

    def parse(day: date, settings: Settings) -> datetime:
        shift = timedelta(days=1 if day_after else 0)
        return datetime.combine(day + shift, time(), settings.zone)

    return Filter(sql, date, description, parse)


BBOX = Filter(
    "ST_Intersects(t.geom, ST_MakeEnvelope(%(xmin)s, %(ymin)s, %(xmax)s, %(ymax)s, 4326))",
    str,
    "Only features intersecting 'minLon,minLat,maxLon,maxLat' (EPSG:4326).",
    lambda value, _settings: dict(
        zip(("xmin", "ymin", "xmax", "ymax"), parse_bbox(value) or (), strict=True)
    ),
    examples=("117.79,39.24,117.81,39.26",),
)

BOOKKEEPING = {
    "version": Property("t.version", int, "The version; its ETag goes into If-Match."),
    "created_at": Property("t.created_at", datetime, "When the record was created."),
    "updated_at": Property("t.updated_at", datetime, "When the record last changed."),
}


@dataclass(frozen=True)
class Layer:
    """How a collection is offered to desktop GIS as a layer (OGC API – Features, /ogc):
    its title there, the time its records stand for (what `datetime` filters on: an
    instant, or a span from `temporal` to `temporal_end`), properties only the layer has
    (e.g. a grid cell's current statistics), and properties the layer leaves out for
    everyone (e.g. who complained). The layer serves only records that have a geometry."""

    title: str
    temporal: str | None = None  # SQL over t: a date or timestamptz
    temporal_end: str | None = None  # SQL over t: where the span ends (None: an instant)
    temporal_type: Any = datetime  # date or datetime: how `datetime` values are compared
    extra: Mapping[str, Property] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tiles:
    """How a collection is drawn in vector tiles (api/tiles/): the properties a feature
    carries from each zoom on (`zooms`: {from zoom: property names}), drawn from the
    collection's properties or from `extra`, properties only tiles carry (e.g. a grid
    cell's maintained figures, read from the rows of `source` joined by `join`).

    `source` is SQL placed after the tile's CTEs `bounds` and `picked` (the tile's rows,
    alias t): further CTEs, e.g. ", stats AS (...)"; `join` a JOIN over them; `params`
    the values they bind. Personal properties never go into a tile."""

    zooms: Mapping[int, tuple[str, ...]]
    extra: Mapping[str, Property] = field(default_factory=dict)
    source: str = ""
    join: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def names(self, z: int) -> tuple[str, ...]:
        """The properties a feature carries at zoom z."""
        start = max((low for low in self.zooms if low <= z), default=None)
        return () if start is None else self.zooms[start]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per collection
class Collection:
    """A collection of geometric records, declared once."""

    name: str  # the table
    label: str  # for messages and titles: "violation", "grid cell"
    path: str  # its URL name under /api/v1 and in the registry: "violations"
    title: str  # for people: "Violations (违法建设)"
    description: str
    properties: Mapping[str, Property]
    filters: Mapping[str, Filter] = field(default_factory=dict)
    geometry: str = "t.geom"
    geometry_type: GeometryType = "MultiPolygon"
    geometry_required: bool = True  # False: a record may have no geometry (null)
    scope: str = "t.community_id"  # the community a row belongs to, for scoped principals
    item_param: str = "record_id"  # the path parameter naming one record
    layer: Layer | None = None  # offered to GIS under /ogc (None: not offered)
    tiles: Tiles | None = None  # drawn in vector tiles (api/tiles/) when declared

    @property
    def personal(self) -> tuple[str, ...]:
        """The properties holding personal data."""
        return tuple(name for name, p in self.properties.items() if p.personal is not None)

    @property
    def queryables(self) -> dict[str, Property]:
        return {name: p for name, p in self.properties.items() if p.queryable}

    def tile_properties(self, viewer: Principal, z: int) -> dict[str, Property]:
        """The properties of this viewer's tile features at zoom z (none if not tiled)."""
        if self.tiles is None:
            return {}
        offered = {**self.shown(viewer), **self.tiles.extra}
        return {name: offered[name] for name in self.tiles.names(z) if name in offered}

    def layer_properties(self) -> dict[str, Property]:
        """The properties of the collection's GIS layer: its own but the hidden ones,
        then the layer's extra ones."""
        if self.layer is None:
            return dict(self.properties)
        own = {n: p for n, p in self.properties.items() if n not in self.layer.hidden}
        return {**own, **self.layer.extra}

    def shown(self, viewer: Principal, *, layer: bool = False) -> dict[str, Property]:
        """The properties this viewer gets (of the GIS layer, with `layer`)."""
        properties = self.layer_properties() if layer else self.properties
        return {
            name: p for name, p in properties.items() if p.shown_to is None or p.shown_to(viewer)
        }
