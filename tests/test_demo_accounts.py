"""The demo's logins on the demo district: cross-community access is impossible, and
no personal data — parties' names and phones, complainants' identities — reaches those
who may not see it (searched for in every body)."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from demo import load_demo
from demo.accounts import DEMO_KEY, DEMO_USERS, ensure_demo_accounts
from tests.conftest import ANONYMOUS, login
from tests.demo_db import demo_database, drop_database, fresh_database, settings_for

NAME = demo_database("demo_c")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    url = fresh_database(NAME)
    settings = settings_for(url, tmp_path_factory.mktemp("demo-photos"))
    load_demo(settings, scale=1, seed=7)
    printed = ensure_demo_accounts(settings)
    assert ensure_demo_accounts(settings) == printed  # a second run changes nothing
    for username, password, _, _ in DEMO_USERS:
        assert f"{username} / {password}" in printed
    assert DEMO_KEY in printed
    with TestClient(create_app(settings)) as client:
        yield client, url
    drop_database(NAME)


def test_the_demo_login_page_offers_the_loaded_accounts(
    demo: tuple[TestClient, str], tmp_path: Path
) -> None:
    """`weijian demo load` records its accounts; a demo's login page offers them (and
    they log in), any other environment's none."""
    client, url = demo
    assert client.get("/api/v1/public/map-config").json()["demo_logins"] == []  # env=test
    settings = Settings(database_url=url, env="demo", photo_dir=tmp_path)
    with TestClient(create_app(settings)) as in_a_demo:
        offered = in_a_demo.get("/api/v1/public/map-config").json()["demo_logins"]
        assert [(d["username"], d["role"], d["name"]) for d in offered] == [
            (username, role, name) for username, _, role, name in DEMO_USERS
        ]
        for login_ in offered:
            assert login(in_a_demo, login_["username"], login_["password"])


def headers(client: TestClient, role: str) -> dict[str, str]:
    if role == "key":
        return {"X-API-Key": DEMO_KEY, **ANONYMOUS}
    username, password, _, _ = next(u for u in DEMO_USERS if u[2] == role)
    return login(client, username, password)


def test_the_inspector_stays_in_their_community(demo: tuple[TestClient, str]) -> None:
    client, url = demo
    inspector = headers(client, "inspector")
    me = client.get("/api/v1/auth/me", headers=inspector).json()
    (home,) = me["communities"]
    with psycopg.connect(url) as conn:
        other = conn.execute(
            "SELECT id FROM violation WHERE community_id <> %s AND deleted_at IS NULL LIMIT 1",
            (home,),
        ).fetchone()
        total = conn.execute("SELECT count(*) FROM violation WHERE deleted_at IS NULL").fetchone()
    assert other is not None and total is not None
    listed = client.get("/api/v1/violations", params={"limit": 10000}, headers=inspector).json()
    assert 0 < listed["numberMatched"] < total[0]
    assert {f["properties"]["community_id"] for f in listed["features"]} == {home}
    for path in (f"/api/v1/violations/{other[0]}", f"/api/v1/violations/{other[0]}/history"):
        assert client.get(path, headers=inspector).status_code == 404
    patch = client.patch(
        f"/api/v1/violations/{other[0]}",
        json={"properties": {"floors": 2}},
        headers={**inspector, "If-Match": '"1"'},
    )
    assert patch.status_code == 404
    stats = client.get("/api/v1/stats/grids", headers=inspector).json()["rows"]
    assert stats and {r["community_id"] for r in stats} == {home}
    for level in ("households", "sweeps", "compounds", "grids", "communities"):
        body = client.get(f"/api/v1/{level}", params={"limit": 10000}, headers=inspector).json()
        key = "id" if level == "communities" else "community_id"
        seen = {f["id"] if key == "id" else f["properties"][key] for f in body["features"]}
        assert seen == {home}, level


def personal_data(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT party_name, party_phone FROM violation UNION "
            "SELECT party_name, party_phone FROM household"
        ).fetchall()
    return {value for row in rows for value in row if value} | reporters(url)


def reporters(url: str) -> set[str]:
    """Who complained: only the street office may know."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT reporter_name, reporter_phone FROM complaint").fetchall()
    return {value for row in rows for value in row if value}


def bodies(client: TestClient, url: str, who: dict[str, str]) -> str:
    with psycopg.connect(url) as conn:
        changed = conn.execute(
            "SELECT DISTINCT e.violation_id FROM violation_event e JOIN violation v "
            "ON v.id = e.violation_id WHERE v.deleted_at IS NULL AND "
            "(e.diff ? 'party_name' OR e.diff ? 'party_phone') ORDER BY 1 LIMIT 20"
        ).fetchall()
        household = conn.execute("SELECT min(id) FROM household").fetchone()
        complaints = conn.execute(
            "SELECT id FROM complaint WHERE reporter_name IS NOT NULL ORDER BY id LIMIT 10"
        ).fetchall()
        linked = conn.execute(
            "SELECT violation_id FROM complaint WHERE violation_id IS NOT NULL ORDER BY id LIMIT 10"
        ).fetchall()
    paths = [
        "/api/v1/violations?limit=10000",
        "/api/v1/households?limit=10000",
        f"/api/v1/households/{household[0] if household else 0}",
        "/api/v1/stats/compounds",
        "/api/v1/public/compounds",
        *(f"/api/v1/violations/{v}" for (v,) in changed),
        *(f"/api/v1/violations/{v}/history" for (v,) in changed),
        "/api/v1/complaints?limit=10000",
        *(f"/api/v1/complaints/{c}" for (c,) in complaints),
        *(f"/api/v1/complaints/{c}/history" for (c,) in complaints),
        *(f"/api/v1/violations/{v}/history" for (v,) in linked),
    ]
    texts = []
    for path in paths:
        response = client.get(path, headers=who)
        assert response.status_code == 200, (path, response.text[:200])
        texts.append(response.text)
    return "\n".join(texts)


def tokens(text: str) -> set[str]:
    """Every JSON string in the text, whole (a name like 金海 may stand inside an
    address, 金海街), and every run of digits anywhere (phones)."""
    return set(re.findall(r'"((?:[^"\\]|\\.)*)"', text)) | set(re.findall(r"\d{7,}", text))


@pytest.mark.parametrize("role", ["viewer", "key"])
def test_no_personal_data_for_those_who_may_not_see_it(
    demo: tuple[TestClient, str], role: str
) -> None:
    client, url = demo
    secrets = personal_data(url)
    assert len(secrets) > 1000
    seen = tokens(bodies(client, url, headers(client, role)))
    leaked = sorted(secrets & seen)
    assert not leaked, leaked[:10]


def test_the_admin_sees_personal_data(demo: tuple[TestClient, str]) -> None:
    client, url = demo
    seen = tokens(bodies(client, url, headers(client, "admin")))
    assert len(personal_data(url) & seen) > 1000
    assert len(reporters(url) & seen) > 300


def test_the_public_sees_progress_only(demo: tuple[TestClient, str]) -> None:
    client, _ = demo
    assert client.get("/api/v1/violations", headers=ANONYMOUS).status_code == 401
    public = client.get("/api/v1/public/compounds", headers=ANONYMOUS).json()
    assert len(public["features"]) > 50
    some: Any = public["features"][0]["properties"]
    assert {"violations", "standing", "dealt_with"} <= set(some)


def test_maintained_figures_equal_fresh_ones_over_the_district(
    demo: tuple[TestClient, str],
) -> None:
    client, _ = demo
    admin = headers(client, "admin")
    kept = client.get("/api/v1/stats/grids", headers=admin).json()["rows"]
    fresh = client.get(
        "/api/v1/stats/grids", headers=admin, params={"at": "2100-01-01", "from": "1970-01-01"}
    ).json()["rows"]
    assert len(kept) > 400
    assert kept == fresh
    assert sum(r["violations_standing"] for r in kept) > 100
    assert 0.5 < sum(r["swept_m2"] for r in kept) / sum(r["area_m2"] for r in kept) <= 1


def test_every_month_of_the_campaign_reports(demo: tuple[TestClient, str]) -> None:
    """Issue 6: the reports of every month from 2019-07 to 2020-12, as JSON and xlsx."""
    import io

    from openpyxl import load_workbook

    client, url = demo
    admin = headers(client, "admin")
    months = [f"{y}-{m:02d}" for y in (2019, 2020) for m in range(1, 13)]
    months = [m for m in months if "2019-07" <= m <= "2020-12"]
    cumulative = []
    for month in months:
        body = client.get("/api/v1/reports/monthly", params={"month": month}, headers=admin)
        assert body.status_code == 200, (month, body.text[:300])
        report = body.json()
        assert len(report["communities"]) == 10
        cumulative.append(report["total"]["found"]["cumulative"]["total"])
        sheet = client.get(
            "/api/v1/reports/monthly", params={"month": month, "format": "xlsx"}, headers=admin
        )
        assert sheet.status_code == 200
        book = load_workbook(io.BytesIO(sheet.content))
        cells = [c.value for row in book.active.iter_rows() for c in row]
        assert "合计" in cells
    with psycopg.connect(url) as conn:
        live = conn.execute("SELECT count(*) FROM violation WHERE deleted_at IS NULL").fetchone()
    assert cumulative[0] > 100  # the survey began on 15 July 2019
    assert live is not None and cumulative[-1] == live[0]  # by the end, every live one
