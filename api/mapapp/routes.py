"""What the map app needs from the service besides the records: the base map it should
draw, the district's extent to open on, and its public pages (`/report`, `/track/{no}`),
which are single HTML files of frontend/ served under readable addresses."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from psycopg import AsyncConnection

from api.contract.documented import DocumentedAs
from api.deps import DbConn, SettingsDep
from api.errors import NotFound
from api.mapapp.schemas import MapConfig
from api.settings import Settings

FRONTEND = Path(__file__).resolve().parent.parent.parent / "frontend"


def frontend_dir(settings: Settings) -> Path:
    """The map app's folder: WEIJIAN_FRONTEND_DIR, else the repository's frontend/."""
    return Path(settings.frontend_dir) if settings.frontend_dir else FRONTEND


router = APIRouter(prefix="/public", tags=["public"])
pages = APIRouter(include_in_schema=False)

# Tianditu's WMTS in Web Mercator (…_w), as XYZ: vector base (vec) and its labels (cva).
TIANDITU = "https://t{s}.tianditu.gov.cn/DataServer?T={layer}_w&x={x}&y={y}&l={z}&tk={key}"
TIANDITU_SUBDOMAINS = "01234567"

EXTENT_SQL = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(geom) AS e FROM community WHERE deleted_at IS NULL) x
"""


def basemap(settings: Settings) -> dict[str, Any]:
    """The base map as Leaflet tile layers: none, Tianditu (base + labels) or one XYZ URL."""
    if settings.basemap == "tianditu" and settings.tianditu_key:
        key = settings.tianditu_key.get_secret_value()
        layers = [
            TIANDITU.replace("{layer}", layer).replace("{key}", key) for layer in ("vec", "cva")
        ]
        return {
            "kind": "tianditu",
            "layers": [{"url": url, "subdomains": TIANDITU_SUBDOMAINS} for url in layers],
            "attribution": settings.basemap_attribution or "© 天地图 Tianditu",
            "max_zoom": 18,
        }
    if settings.basemap == "xyz" and settings.basemap_url:
        return {
            "kind": "xyz",
            "layers": [{"url": settings.basemap_url, "subdomains": "abc"}],
            "attribution": settings.basemap_attribution,
            "max_zoom": 19,
        }
    return {"kind": "none", "layers": [], "attribution": "", "max_zoom": 22}


@router.get("/map-config", summary="The map app's settings (public)")
async def map_config(
    conn: DbConn, settings: SettingsDep
) -> Annotated[dict[str, Any], DocumentedAs(MapConfig)]:
    """The base map the map app draws under the records (`kind` none, tianditu or xyz, as
    Leaflet tile layers), the district's extent `[west, south, east, north]` (WGS84; null
    before any community is drawn), the street's name, the campaign's time zone (dates and
    times are shown in it), how far from its footprint a photo's GPS position earns a
    warning, the days a late find's default deadline lies after its found date, and —
    in a demo only — the demo logins. Public: the complaint page needs it before anyone
    logs in. Nothing here is personal."""
    cur = await conn.execute(EXTENT_SQL)
    row = await cur.fetchone()
    extent = [float(v) for v in row] if row and row[0] is not None else None
    return {
        "street_name": settings.street_name,
        "tz": settings.tz,
        "basemap": basemap(settings),
        "extent": extent,
        "photo_gps_warning_m": settings.photo_gps_warning_m,
        "late_find_days": settings.late_find_days,
        "demo_logins": await demo_logins(conn, settings),
    }


# Written by `weijian demo load` only (the demo package; migration 0008): the service
# knows the demo's accounts from the database, not from the demo's code.
DEMO_LOGINS_SQL = "SELECT username, password, role, name FROM demo_login ORDER BY position"


async def demo_logins(conn: AsyncConnection, settings: Settings) -> list[dict[str, str]]:
    """In a demo (WEIJIAN_ENV=demo) only: the demo accounts the demo loader recorded,
    for the login page to offer. Anywhere else none, whatever the table holds."""
    if settings.env != "demo":
        return []
    cur = await conn.execute(DEMO_LOGINS_SQL)
    return [
        {"username": username, "password": password, "role": role, "name": name}
        for username, password, role, name in await cur.fetchall()
    ]


def _page(request: Request, name: str) -> FileResponse:
    settings: Settings = request.app.state.settings
    folder = frontend_dir(settings)
    path = folder / name
    if not path.is_file():
        raise NotFound(f"the map app's page {name} is missing from {folder}")
    return FileResponse(path, media_type="text/html")


@pages.get("/report")
async def report_page(request: Request) -> FileResponse:
    """举报违法建设: the public complaint page."""
    return _page(request, "report.html")


@pages.get("/track/{tracking_no}")
async def track_page(request: Request, tracking_no: str) -> FileResponse:
    """Where a complaint stands, by its tracking number (the page asks the API)."""
    return _page(request, "track.html")
