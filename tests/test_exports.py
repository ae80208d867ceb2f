"""Exports: every format opened with GDAL's own ogrinfo (a separate program), with the
right number of features and the Chinese text intact; scoped and masked as the lists."""

import csv
import io
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.collections.registry import COLLECTIONS
from api.exports import writer
from api.exports.fields import SHAPEFILE_NAMES, shapefile_name
from api.exports.formats import FORMATS
from tests.conftest import District, build_district

CHINESE = "东侧彩钢棚违建"
NAME = "王小明"


def ogrinfo(path: Path) -> str:
    result = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    )
    return result.stdout


def ogrinfo_features(path: Path) -> str:
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True, check=True
    )
    return result.stdout


def feature_count(summary: str) -> int:
    counts = [int(line.split(":")[1]) for line in summary.splitlines() if "Feature Count" in line]
    assert len(counts) == 1, summary
    return counts[0]


def download(client: TestClient, url: str, tmp_path: Path, headers: Any = None) -> Path:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    name = url.split("?")[0].rsplit("/", 1)[1]
    target = tmp_path / name
    target.write_bytes(response.content)
    if name.endswith(".shp.zip"):
        folder = tmp_path / "unzipped"
        with zipfile.ZipFile(target) as archive:
            archive.extractall(folder)
        return next(folder.glob("*.shp"))
    return target


@pytest.fixture()
def three(client: TestClient, district: District, make_violation: Any) -> District:
    for k in range(3):
        x = 120 + 20 * k
        make_violation((x, 120, x + 10, 130), address=f"{CHINESE}{k}", party_name=NAME)
    return district


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_every_format_opens_with_gdal(
    client: TestClient, three: District, tmp_path: Path, suffix: str
) -> None:
    url = f"/api/v1/exports/violations.{suffix}?community_id={three.community_id}"
    path = download(client, url, tmp_path)
    assert feature_count(ogrinfo(path)) == 3
    text = ogrinfo_features(path)
    for k in range(3):
        assert f"{CHINESE}{k}" in text
    assert NAME in text  # the street office sees the party's name


def test_geojson_is_rfc7946(client: TestClient, three: District) -> None:
    response = client.get(f"/api/v1/exports/violations.geojson?community_id={three.community_id}")
    body = response.json()
    assert response.headers["content-type"].startswith("application/geo+json")
    assert "crs" not in body
    assert len(body["features"]) == 3
    ring = body["features"][0]["geometry"]["coordinates"][0][0]
    lon, lat = ring[0]
    assert abs(lon - three.frame.lon0) < 0.01 and abs(lat - three.frame.lat0) < 0.01
    # The right-hand rule: exterior rings counter-clockwise (positive shoelace area).
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
    assert area > 0


def test_shapefile_has_prj_cpg_and_short_names(
    client: TestClient, three: District, tmp_path: Path
) -> None:
    response = client.get(f"/api/v1/exports/violations.shp.zip?community_id={three.community_id}")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(
        f"violations{s}" for s in (".shp", ".shx", ".dbf", ".prj", ".cpg")
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("violations.cpg").decode().strip().upper().replace("-", "") == "UTF8"
    assert b"WGS" in archive.read("violations.prj")
    summary = ogrinfo(
        download(
            client,
            f"/api/v1/exports/violations.shp.zip?community_id={three.community_id}",
            tmp_path,
        )
    )
    assert "structure: String" in summary  # structure_type, by the table
    assert "ledger_min:" in summary


def test_csv_has_bom_wkt_and_lonlat(client: TestClient, three: District) -> None:
    response = client.get(
        f"/api/v1/exports/violations.csv?community_id={three.community_id}&crs=EPSG:4548"
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    row = rows[0]
    assert row["wkt"].startswith("MULTIPOLYGON")
    easting = float(row["wkt"].split("(((")[1].split()[0])
    assert abs(easting) > 1000  # metres, not degrees: reprojected
    assert abs(float(row["lon"]) - three.frame.lon0) < 0.01
    assert abs(float(row["lat"]) - three.frame.lat0) < 0.01
    assert row["address"].startswith(CHINESE)


def test_crs_reprojects_and_is_declared(
    client: TestClient, three: District, tmp_path: Path
) -> None:
    url = f"/api/v1/exports/violations.gpkg?community_id={three.community_id}&crs=EPSG:3857"
    summary = ogrinfo(download(client, url, tmp_path))
    assert 'ID["EPSG",3857]' in summary
    extent = next(line for line in summary.splitlines() if line.startswith("Extent"))
    assert float(extent.split("(")[1].split(",")[0]) > 1_000_000  # metres


def test_refusals(client: TestClient, three: District) -> None:
    bad = client.get("/api/v1/exports/violations.gpkg?crs=EPSG:2000")
    assert bad.status_code == 400 and "EPSG:4548" in bad.json()["detail"]
    lonlat = client.get("/api/v1/exports/violations.geojson?crs=EPSG:3857")
    assert lonlat.status_code == 400 and "EPSG:4326" in lonlat.json()["detail"]
    assert client.get("/api/v1/exports/violations.dxf").status_code in (400, 404, 422)
    assert client.get("/api/v1/exports/violations.gpkg?colour=red").status_code == 400
    assert client.get("/api/v1/exports/violations.gpkg?status=nonsense").status_code == 400


def test_inspector_gets_their_community_and_viewer_masked_names(
    client: TestClient, three: District, frame: Any, login_as: Any, tmp_path: Path
) -> None:
    other = build_district(client, type(frame)(frame.lon0 + 0.01, frame.lat0), "别处")
    client.post(
        "/api/v1/violations",
        json={
            "type": "Feature",
            "geometry": other.rect(120, 120, 130, 130),
            "properties": {
                "structure_type": "shed",
                "use": "storage",
                "floors": 1,
                "built_date": "2016-05-01",
                "found_date": "2019-07-20",
                "found_by": "sweep",
                "address": "别的社区",
            },
        },
    )
    inspector = login_as("inspector", [three.community_id])
    path = download(client, "/api/v1/exports/violations.gpkg", tmp_path, inspector)
    text = ogrinfo_features(path)
    assert feature_count(ogrinfo(path)) == 3
    assert "别的社区" not in text
    viewer = login_as("viewer")
    response = client.get(
        f"/api/v1/exports/violations.csv?community_id={three.community_id}", headers=viewer
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["party_name"] for r in rows] == ["王**"] * 3


def test_complaint_reporters_only_for_the_street_office(
    client: TestClient, district: District, login_as: Any
) -> None:
    point = district.frame.point(200, 200)
    body = {
        "type": "Feature",
        "geometry": point,
        "properties": {
            "description": "楼顶加盖彩钢房",
            "reporter_name": NAME,
            "channel": "hotline",
        },
    }
    assert client.post("/api/v1/complaints", json=body).status_code == 201
    url = f"/api/v1/exports/complaints.csv?community_id={district.community_id}"
    admin_rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert admin_rows[0]["reporter_name"] == NAME
    inspector = login_as("inspector", [district.community_id])
    rows = list(
        csv.DictReader(io.StringIO(client.get(url, headers=inspector).content.decode("utf-8-sig")))
    )
    assert len(rows) == 1 and "reporter_name" not in rows[0] and "reporter_phone" not in rows[0]


def test_shapefile_names_are_short_unique_and_documented() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "exports.md").read_text()
    for collection in COLLECTIONS.values():
        names = [shapefile_name(n) for n in collection.properties]
        assert all(len(n) <= 10 for n in names), names
        assert len(set(names)) == len(names), collection.path
    for long, short in SHAPEFILE_NAMES.items():
        assert f"| `{long}` | `{short}` |" in docs


@pytest.mark.parametrize("suffix", ["gpkg", "shp.zip", "csv"])
def test_chunks_follow_on_and_the_file_is_deleted(
    client: TestClient,
    three: District,
    tmp_path: Path,
    suffix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writer, "CHUNK", 2)  # three features: a full chunk, then one more
    before = set(Path(tempfile.gettempdir()).glob("weijian-export-*"))
    url = f"/api/v1/exports/violations.{suffix}?community_id={three.community_id}"
    path = download(client, url, tmp_path)
    assert feature_count(ogrinfo(path)) == 3
    assert set(Path(tempfile.gettempdir()).glob("weijian-export-*")) == before


@pytest.mark.parametrize("suffix", ["geojson", "shp.zip", "xlsx"])
def test_an_empty_export_is_an_empty_file(
    client: TestClient, district: District, tmp_path: Path, suffix: str
) -> None:
    url = f"/api/v1/exports/violations.{suffix}?community_id={district.community_id}"
    assert feature_count(ogrinfo(download(client, url, tmp_path))) == 0
