"""Writing an export file in chunks, with flat memory, off the event loop.

GDAL writes the file in a worker thread (`anyio.to_thread`), from an Arrow stream of
record batches; each batch is the next chunk of rows by id (keyset paging through the
collection's one reader, `api.collections.read.rows_after`), fetched on the event loop
(`anyio.from_thread.run`) when GDAL asks for it. So at most one chunk is in memory,
the event loop only ever waits on the database, and the file grows on disk.
"""

import json
from collections.abc import Callable, Coroutine, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import anyio.from_thread
import anyio.to_thread
import pyarrow as pa
import pyogrio
from psycopg import sql

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.exports.fields import shapefile_name
from api.exports.formats import Format

CHUNK = 2000  # rows fetched and written at a time
GEOMETRY = "geometry"
WKB = {b"ARROW:extension:name": b"geoarrow.wkb"}

ARROW_TYPES: dict[Any, pa.DataType] = {
    int: pa.int64(),
    float: pa.float64(),
    str: pa.string(),
    bool: pa.bool_(),
    date: pa.date32(),
    datetime: pa.timestamp("us", tz="UTC"),
}

# (after this id, at most this many rows) → the rows
Fetch = Callable[[int, int], Coroutine[Any, Any, list[tuple[Any, ...]]]]


def geometry_columns(collection: Collection, fmt: Format, srid: int) -> list[sql.Composable]:
    """The geometry as the format wants it, in the CRS asked for (PostGIS reprojects):
    WKB; or WKT and the lon/lat (EPSG:4326) of a point on its surface."""
    geom = sql.SQL(collection.geometry)
    srid_ = sql.Literal(srid)
    if fmt.geometry == "binary":
        return [sql.SQL("ST_AsBinary(ST_Transform({}, {}))").format(geom, srid_)]
    return [
        sql.SQL("ST_AsText(ST_Transform({}, {}))").format(geom, srid_),
        sql.SQL("ST_X(ST_PointOnSurface({}))").format(geom),
        sql.SQL("ST_Y(ST_PointOnSurface({}))").format(geom),
    ]


class Layout:
    """The columns of the file: id, the geometry (or WKT, lon, lat), the properties."""

    def __init__(self, collection: Collection, viewer: Principal, fmt: Format, zone: ZoneInfo):
        self.fmt = fmt
        self.zone = zone
        self.kinds: list[Any] = []  # each column's Python type, for its values
        fields: list[pa.Field] = [pa.field("id", pa.int64())]
        if fmt.geometry == "binary":
            fields.append(pa.field(GEOMETRY, pa.binary(), metadata=WKB))
            self.kinds = [int, bytes]
        else:
            fields += [pa.field(n, t) for n, t in (("wkt", pa.string()), ("lon", pa.float64()))]
            fields.append(pa.field("lat", pa.float64()))
            self.kinds = [int, str, float, float]
        for name, prop in collection.shown(viewer).items():
            kind = prop.type if prop.type in ARROW_TYPES else str  # JSON text
            if fmt.text_times and kind is datetime:
                kind = str
            label = shapefile_name(name) if fmt.driver == "ESRI Shapefile" else name
            fields.append(pa.field(label, ARROW_TYPES[kind]))
            self.kinds.append(prop.type if prop.type is datetime else kind)
        self.schema = pa.schema(fields)

    def batch(self, rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
        columns = []
        for i, (kind, field) in enumerate(zip(self.kinds, self.schema, strict=True)):
            values = [row[i] for row in rows]
            if kind is datetime and field.type == pa.string():
                values = [
                    None if v is None else v.astimezone(self.zone).isoformat() for v in values
                ]
            elif kind is bytes:
                values = [None if v is None else bytes(v) for v in values]
            elif field.type == pa.string() and kind is str:
                values = [v if v is None or isinstance(v, str) else json.dumps(v) for v in values]
            columns.append(pa.array(values, type=field.type))
        return pa.record_batch(columns, schema=self.schema)


def _write(
    path: Path, layer: str, layout: Layout, collection: Collection, crs: str, fetch: Fetch
) -> None:
    """In the worker thread: GDAL pulls the batches, each fetched on the event loop."""

    failed: list[BaseException] = []  # what broke the stream: GDAL only says that it broke

    def batches() -> Iterator[pa.RecordBatch]:
        after = 0
        while True:
            try:
                rows: list[tuple[Any, ...]] = anyio.from_thread.run(fetch, after, CHUNK)
                if not rows:
                    return
                batch = layout.batch(rows)
            except BaseException as exc:
                failed.append(exc)
                raise
            yield batch
            after = rows[-1][0]
            if len(rows) < CHUNK:
                return

    try:
        _gdal_write(path, layer, layout, collection, crs, batches())
    except Exception:
        if failed:
            raise failed[0] from None
        raise


def _gdal_write(
    path: Path,
    layer: str,
    layout: Layout,
    collection: Collection,
    crs: str,
    batches: Iterator[pa.RecordBatch],
) -> None:
    fmt = layout.fmt
    binary = fmt.geometry == "binary"
    pyogrio.write_arrow(
        pa.RecordBatchReader.from_batches(layout.schema, batches),
        str(path),
        layer=layer,
        driver=fmt.driver,
        geometry_name=GEOMETRY if binary else None,
        geometry_type=collection.geometry_type if binary else None,
        crs=crs if binary else None,
        encoding="UTF-8" if fmt.driver == "ESRI Shapefile" else None,
        layer_options=dict(fmt.layer_options) or None,
    )


async def write_file(
    path: Path, layer: str, layout: Layout, collection: Collection, crs: str, fetch: Fetch
) -> None:
    await anyio.to_thread.run_sync(_write, path, layer, layout, collection, crs, fetch)
