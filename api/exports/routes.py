"""GET /api/v1/exports/{collection}.{format}: a collection as a file, with the list's
filters and `crs=`. One route per collection, its query parameters generated from the
declaration as the list's are (router.filter_params)."""

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.auth.deps import Reader
from api.auth.principal import Principal
from api.collections.declare import Collection
from api.collections.read import rows_after
from api.collections.registry import COLLECTIONS
from api.collections.router import filter_params, keyword_param, parsed_filters, with_signature
from api.contract.documented import BINARY
from api.contract.problems import AUTHED, problems
from api.deps import DbConn, SettingsDep
from api.errors import BadRequest
from api.exports.formats import CRSS, DEFAULT_CRS, FORMATS, Format, srid
from api.exports.writer import Layout, geometry_columns, write_file

FormatName = Literal["geojson", "geojsonseq", "gpkg", "shp.zip", "fgb", "kml", "csv", "xlsx"]
assert set(FormatName.__args__) == set(FORMATS)  # type: ignore[attr-defined]

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")

CrsParam = Annotated[
    str,
    Query(
        description="The coordinate reference system of the file: "
        + "; ".join(f"`{code}` {what}" for code, what in CRSS.items())
        + ". GeoJSON, GeoJSON sequences and KML are EPSG:4326 by definition.",
        examples=[DEFAULT_CRS],
    ),
]


def checked_crs(crs: str, fmt: Format) -> str:
    code = crs.strip().upper()
    if code not in CRSS:
        raise BadRequest(
            f"crs {crs!r} is not offered: choose one of {', '.join(CRSS)}", parameter="crs"
        )
    if fmt.lonlat_only and code != DEFAULT_CRS:
        raise BadRequest(
            f"{fmt.title} is longitude/latitude (EPSG:4326) by definition: leave crs out, or "
            f"choose gpkg, shp.zip, fgb, csv or xlsx for {code}",
            parameter="crs",
        )
    return code


def _zipped(folder: Path, layer: str) -> Path:
    target = folder / f"{layer}.shp.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for suffix in SHAPEFILE_PARTS:
            part = folder / "shp" / f"{layer}{suffix}"
            if part.exists():
                archive.write(part, part.name)
    return target


async def export_file(
    conn: Any,
    c: Collection,
    fmt: Format,
    crs: str,
    filters: dict[str, Any],
    viewer: Principal,
    zone: Any,
) -> Path:
    """Write the export into a new temporary directory; answer the file's path."""
    folder = Path(tempfile.mkdtemp(prefix="weijian-export-"))
    try:
        layout = Layout(c, viewer, fmt, zone)
        geometry = geometry_columns(c, fmt, srid(crs))

        async def fetch(after: int, limit: int) -> list[tuple[Any, ...]]:
            return await rows_after(conn, c, filters, viewer, geometry, after=after, limit=limit)

        if fmt.driver == "ESRI Shapefile":
            (folder / "shp").mkdir()
            await write_file(folder / "shp" / f"{c.path}.shp", c.path, layout, c, crs, fetch)
            return await anyio.to_thread.run_sync(_zipped, folder, c.path)
        path = folder / fmt.file_name
        await write_file(path, c.path, layout, c, crs, fetch)
        return path
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _export_route(router: APIRouter, c: Collection) -> None:
    async def export(**kw: Any) -> Response:
        fmt = FORMATS[kw["format"]]
        crs = checked_crs(kw["crs"], fmt)
        settings = kw["settings"]
        filters = parsed_filters(c, kw, settings)
        path = await export_file(kw["conn"], c, fmt, crs, filters, kw["viewer"], settings.zone)
        return FileResponse(
            path,
            media_type=fmt.media_type,
            filename=f"{c.path}.{fmt.suffix}",
            background=BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True),
        )

    params = [
        keyword_param("format", Annotated[FormatName, PathParam(description="The file format.")]),
        keyword_param("conn", DbConn),
        keyword_param("settings", SettingsDep),
        keyword_param("viewer", Reader),
        keyword_param("crs", CrsParam, DEFAULT_CRS),
        *filter_params(c),
    ]
    doc = f"""Every {c.label} matching the filters (the same as GET /api/v1/{c.path}, all
pages at once) as a file: {", ".join(f"`{f.suffix}` {f.title}" for f in FORMATS.values())}.
Inspectors get their communities' records only; personal data is masked as in the list.
Field names, the Shapefile's 10-character names and the CRSs: docs/exports.md."""
    router.add_api_route(
        f"/exports/{c.path}.{{format}}",
        with_signature(export, params, doc),
        methods=["GET"],
        response_class=Response,
        responses={
            200: {
                "description": "The file",
                "content": {
                    media: {"schema": dict(BINARY)}
                    for media in dict.fromkeys(f.media_type for f in FORMATS.values())
                },
            },
            **problems(*AUTHED),
        },
        summary=f"Export {c.title}",
        name=f"export_{c.path}",
    )


router = APIRouter(tags=["exports"])
for _collection in COLLECTIONS.values():
    _export_route(router, _collection)
