"""A real client: GDAL's OAPIF driver (Debian's gdal-bin) against the service served on a
local port, logging in with HTTP Basic auth as QGIS does."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ADMIN, District, build_district, create_user, created, feature
from tests.conftest import violation_properties as props
from tests.geo import Frame

OGRINFO, OGR2OGR = shutil.which("ogrinfo"), shutil.which("ogr2ogr")


def gdal(*args: str, userpwd: str) -> str:
    """Run a GDAL program with a Basic login, as QGIS would send it."""
    assert OGRINFO and OGR2OGR, "install gdal-bin (scripts/setup.sh --browser does it)"
    env = {
        "GDAL_HTTP_AUTH": "BASIC",
        "GDAL_HTTP_USERPWD": userpwd,
        "CPL_VSIL_CURL_USE_CACHE": "NO",
        "GDAL_HTTP_TIMEOUT": "60",
        "PATH": "/usr/bin:/bin",
        "NO_PROXY": "*",
    }
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_ogrinfo_lists_the_collections(server: str, client: TestClient) -> None:
    out = gdal("ogrinfo", "-ro", "-q", f"OAPIF:{server}/ogc", userpwd=":".join(ADMIN))
    for layer in (
        "communities",
        "compounds",
        "grids",
        "households",
        "violations",
        "sweeps",
        "complaints",
    ):
        assert f": {layer} " in out or f": {layer}\n" in out, out


@pytest.fixture()
def inspectors_ground(client: TestClient, district: District) -> tuple[tuple[str, str], list[int]]:
    """An inspector of the district, its 7 violations, and 3 in a neighbour's community."""
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    mine = []
    for place, count in ((district, 7), (other, 3)):
        for i in range(count):
            rect = place.rect(120 + 30 * i, 120, 140 + 30 * i, 140)
            made = created(client.post("/api/v1/violations", json=feature(rect, **props())))
            if place is district:
                mine.append(made["id"])
    return create_user(client, "inspector", [district.community_id]), mine


def test_ogr2ogr_reads_every_violation_through_paging_as_the_inspector_sees_them(
    server: str, tmp_path: Path, inspectors_ground: tuple[tuple[str, str], list[int]]
) -> None:
    (username, password), mine = inspectors_ground
    out = tmp_path / "violations.geojson"
    log = gdal(
        "ogr2ogr", "-f", "GeoJSON", "-preserve_fid", str(out), f"OAPIF:{server}/ogc",
        "violations", "-oo", "PAGE_SIZE=3", "--debug", "on",
        userpwd=f"{username}:{password}",
    )  # fmt: skip
    written = json.loads(out.read_text())
    assert sorted(f["id"] for f in written["features"]) == sorted(mine)
    assert len(written["features"]) == 7  # and none of the neighbour's 3
    # Over three pages, following the next links.
    fetched = [line for line in log.splitlines() if "/ogc/collections/violations/items" in line]
    assert any("offset=3" in line for line in fetched), log
    assert any("offset=6" in line for line in fetched), log


def test_ogr2ogr_in_gauss_krueger_cm_117(
    server: str, tmp_path: Path, client: TestClient, inspectors_ground: Any
) -> None:
    """Debian 12's GDAL (3.6) has no CRS open option for OAPIF (it came in 3.7): it reads
    CRS84 and reprojects with PROJ (-t_srs). Its coordinates agree with the service's own
    crs=EPSG:4548 answer (PostGIS; northing first, as EPSG defines it) and with pyproj."""
    from pyproj import Transformer

    (username, password), mine = inspectors_ground
    out = tmp_path / "violations-4548.geojson"
    gdal(
        "ogr2ogr", "-f", "GeoJSON", "-preserve_fid", "-t_srs", "EPSG:4548", str(out),
        f"OAPIF:{server}/ogc", "violations",
        userpwd=f"{username}:{password}",
    )  # fmt: skip
    written = json.loads(out.read_text())
    assert sorted(f["id"] for f in written["features"]) == sorted(mine)
    by_gdal = next(f for f in written["features"] if f["id"] == mine[0])
    x, y = by_gdal["geometry"]["coordinates"][0][0][0][:2]  # easting, northing (GIS order)
    served = client.get(
        f"/ogc/collections/violations/items/{mine[0]}",
        params={"crs": "http://www.opengis.net/def/crs/EPSG/0/4548"},
    )
    assert served.headers["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4548>"
    northing, easting = served.json()["geometry"]["coordinates"][0][0][0]
    assert (easting, northing) == pytest.approx((x, y), abs=0.01)
    lonlat = client.get(f"/api/v1/violations/{mine[0]}").json()["geometry"]["coordinates"]
    to_gk = Transformer.from_crs("EPSG:4326", "EPSG:4548", always_xy=True)
    assert (x, y) == pytest.approx(to_gk.transform(*lonlat[0][0][0]), abs=0.01)
