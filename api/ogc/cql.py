"""`filter` (OGC API – Features Part 3) in CQL2 text or CQL2 JSON, parsed by the `cql2`
library into CQL2 JSON, then written as SQL over alias t: properties are the layer's
queryables only (each a plain column, from the declaration), every value is a bound
parameter, and geometry literals are read in `filter-crs` and reprojected by PostGIS.

Offered: AND, OR, NOT; =, <>, <, <=, >, >=; LIKE, BETWEEN, IN, IS NULL; CASEI;
S_INTERSECTS with any geometry or a BBOX; T_BEFORE, T_AFTER, T_EQUALS, T_INTERSECTS
with an instant (DATE, TIMESTAMP) or an INTERVAL. Anything else answers 400 naming it.
"""

import json
from datetime import date, datetime
from itertools import count
from typing import Any, Literal

import cql2
from psycopg import sql
from shapely.geometry import shape

from api.collections.declare import Collection, Property
from api.errors import BadRequest
from api.ogc.crs import Crs

GEOMETRY = "geometry"  # the name of a layer's geometry in filters (and queryables)
COMPARISONS = {"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
TEMPORAL = {"t_before": "<", "t_after": ">", "t_equals": "="}
NUMBERS = (int, float)

FilterLang = Literal["cql2-text", "cql2-json"]


def _problem(message: str) -> BadRequest:
    return BadRequest(f"filter: {message}", parameter="filter")


def parse(text: str, lang: FilterLang) -> Any:
    """The filter as CQL2 JSON; 400 with the parser's words when it is not CQL2."""
    try:
        expr = cql2.parse_text(text) if lang == "cql2-text" else cql2.parse_json(text)
        expr.validate()
    except (cql2.ParseError, cql2.ValidationError, ValueError) as exc:
        raise BadRequest(
            f"filter is not valid {lang}: {str(exc).strip()[:500]}", parameter="filter"
        ) from None
    return expr.to_json()


class Translation:
    """One filter's SQL and its bound values, for one layer."""

    def __init__(self, collection: Collection, crs: Crs):
        self.collection = collection
        self.queryables = collection.queryables
        self.crs = crs
        self.params: dict[str, Any] = {}
        self._names = count()

    def bind(self, value: Any) -> sql.Composable:
        name = f"cql_{next(self._names)}"
        self.params[name] = value
        return sql.Placeholder(name)

    # -- operands ------------------------------------------------------------------

    def prop(self, node: Any) -> Property | None:
        """The queryable a node names, None for a literal; 400 for any other property."""
        if isinstance(node, dict) and "property" in node:
            name = node["property"]
            if name not in self.queryables:
                raise _problem(
                    f"{name!r} is not a queryable of {self.collection.path}; the queryables "
                    f"are {', '.join(self.queryables)} (and {GEOMETRY} in S_INTERSECTS)"
                )
            return self.queryables[name]
        if isinstance(node, dict) and node.get("op") == "casei":
            return self.prop(node["args"][0])
        return None

    def literal(self, node: Any, like: Property | None) -> Any:
        """A literal's value, checked against the type of the property it meets."""
        if isinstance(node, dict) and node.get("op") == "casei":
            inner = self.literal(node["args"][0], like)
            if not isinstance(inner, str):
                raise _problem("CASEI takes text")
            return inner.lower()
        if isinstance(node, dict) and "date" in node:
            value: Any = date.fromisoformat(node["date"])
        elif isinstance(node, dict) and "timestamp" in node:
            value = datetime.fromisoformat(node["timestamp"])
        elif isinstance(node, dict | list):
            raise _problem(f"{json.dumps(node, ensure_ascii=False)[:80]} is not a value")
        else:
            value = node
        if like is None or value is None:
            return value
        kind = like.type
        if kind in NUMBERS and isinstance(value, NUMBERS) and not isinstance(value, bool):
            return int(value) if kind is int and float(value).is_integer() else value
        if kind is bool and isinstance(value, bool):
            return value
        if kind is str and isinstance(value, str):
            return value
        if kind in (date, datetime):
            if isinstance(value, date):
                return value
            if isinstance(value, str):
                try:
                    return (
                        date.fromisoformat(value) if kind is date else datetime.fromisoformat(value)
                    )
                except ValueError:
                    pass
        raise _problem(f"{value!r} cannot be compared with a {getattr(kind, '__name__', kind)}")

    def operand(self, node: Any, other: Any = None) -> sql.Composable:
        if isinstance(node, dict) and node.get("op") == "casei":
            return sql.SQL("lower({})").format(self.operand(node["args"][0], other))
        prop = self.prop(node)
        if prop is not None:
            return sql.SQL(prop.sql)
        value = self.literal(node, self.prop(other))
        return self.bind(value)

    def geometry(self, node: Any) -> sql.Composable:
        """A geometry literal (GeoJSON or BBOX) in filter-crs, as EPSG:4326."""
        srid = self.crs.srid
        if isinstance(node, dict) and "bbox" in node:
            box = node["bbox"]
            if len(box) != 4:
                raise _problem("BBOX takes four numbers (2D)")
            a0, b0, a1, b1 = box
            x0, y0, x1, y1 = (b0, a0, b1, a1) if self.crs.swap_axes else (a0, b0, a1, b1)
            geom: sql.Composable = sql.SQL("ST_MakeEnvelope({}, {}, {}, {}, {})").format(
                self.bind(x0), self.bind(y0), self.bind(x1), self.bind(y1), self.bind(srid)
            )
        elif isinstance(node, dict) and "coordinates" in node:
            try:
                shape(node)
            except Exception as exc:  # shapely's refusals have no common base
                raise _problem(f"the geometry is not valid GeoJSON ({exc})") from None
            geom = sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON({}), {})").format(
                self.bind(json.dumps(node)), self.bind(srid)
            )
            if self.crs.swap_axes:
                geom = sql.SQL("ST_FlipCoordinates({})").format(geom)
        else:
            raise _problem("S_INTERSECTS compares the geometry with a geometry or a BBOX")
        if srid != 4326:
            geom = sql.SQL("ST_Transform({}, 4326)").format(geom)
        return geom

    # -- conditions ----------------------------------------------------------------

    def condition(self, node: Any) -> sql.Composable:
        if isinstance(node, bool):
            return sql.SQL("TRUE" if node else "FALSE")
        if not isinstance(node, dict) or "op" not in node:
            raise _problem(f"{json.dumps(node, ensure_ascii=False)[:80]} is not a condition")
        op, args = node["op"], node.get("args", [])
        if op in ("and", "or"):
            joined = sql.SQL(f" {op.upper()} ").join(self.condition(a) for a in args)
            return sql.SQL("({})").format(joined)
        if op == "not":
            return sql.SQL("(NOT {})").format(self.condition(args[0]))
        if op in COMPARISONS or op in TEMPORAL:
            a, b = args
            symbol = sql.SQL(COMPARISONS.get(op) or TEMPORAL[op])
            if op in TEMPORAL and (self._interval(a) or self._interval(b)):
                raise _problem(f"{op.upper()} compares instants here; use T_INTERSECTS")
            return sql.SQL("({} {} {})").format(self.operand(a, b), symbol, self.operand(b, a))
        if op == "like":
            a, pattern = args
            prop = self.prop(a)
            if prop is None or prop.type is not str:
                raise _problem("LIKE compares a text queryable with a pattern")
            return sql.SQL("({} LIKE {})").format(self.operand(a), self.operand(pattern, a))
        if op == "between":
            a, low, high = args
            return sql.SQL("({} BETWEEN {} AND {})").format(
                self.operand(a), self.operand(low, a), self.operand(high, a)
            )
        if op == "in":
            a, values = args
            if not isinstance(values, list) or not values:
                raise _problem("IN takes a list of values")
            prop = self.prop(a)
            return sql.SQL("({} = ANY({}))").format(
                self.operand(a), self.bind([self.literal(v, prop) for v in values])
            )
        if op == "isNull":
            return sql.SQL("({} IS NULL)").format(self.operand(args[0]))
        if op == "s_intersects":
            a, b = args
            if self._is_geometry(b) and not self._is_geometry(a):
                a, b = b, a
            if not self._is_geometry(a):
                raise _problem(f"S_INTERSECTS needs the property {GEOMETRY!r}")
            column = sql.SQL(self.collection.geometry)
            return sql.SQL("ST_Intersects({}, {})").format(column, self.geometry(b))
        if op == "t_intersects":
            a, b = args
            prop = self.prop(a)
            interval = self._interval(b)
            if prop is None or interval is None:
                return sql.SQL("({} = {})").format(self.operand(a, b), self.operand(b, a))
            start, end = interval
            parts: list[sql.Composable] = [sql.SQL("TRUE")]
            if start != "..":
                parts.append(sql.SQL("{} >= {}").format(sql.SQL(prop.sql), self._instant(start, a)))
            if end != "..":
                parts.append(sql.SQL("{} <= {}").format(sql.SQL(prop.sql), self._instant(end, a)))
            return sql.SQL("({})").format(sql.SQL(" AND ").join(parts))
        raise _problem(f"{op.upper()} is not supported here (see docs/ogc.md)")

    def _instant(self, text: str, prop_node: Any) -> sql.Composable:
        node = {"date": text} if len(text) == 10 else {"timestamp": text}
        return self.bind(self.literal(node, self.prop(prop_node)))

    @staticmethod
    def _interval(node: Any) -> tuple[str, str] | None:
        if isinstance(node, dict) and "interval" in node and len(node["interval"]) == 2:
            return node["interval"][0], node["interval"][1]
        return None

    @staticmethod
    def _is_geometry(node: Any) -> bool:
        return isinstance(node, dict) and node.get("property") == GEOMETRY


def filter_condition(
    collection: Collection, text: str, lang: FilterLang, crs: Crs
) -> tuple[sql.Composable, dict[str, Any]]:
    """The filter as a condition over t with its bound values."""
    translation = Translation(collection, crs)
    try:
        condition = translation.condition(parse(text, lang))
    except (KeyError, IndexError, TypeError, ValueError) as exc:  # a malformed node
        raise _problem(f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    return condition, translation.params
