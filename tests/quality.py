"""Helpers for the data-quality tests: run the audit of one community, one rule."""

from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.conftest import District


def audit(
    client: TestClient, district: District, headers: dict[str, str] | None = None, **params: Any
) -> Any:
    response = client.get(
        "/api/v1/quality",
        params={"community_id": district.community_id, **params},
        headers=headers or {},
    )
    assert response.status_code == 200, response.text
    return response.json()


def problems(client: TestClient, district: District, rule: str) -> dict[int, dict[str, Any]]:
    """The problems one rule finds in the district's community, by record id."""
    body = audit(client, district, rule=rule)
    assert [r["name"] for r in body["rules"]] == [rule]
    found = {p["record"]["id"]: p for p in body["problems"]}
    assert len(found) == len(body["problems"]), "a record flagged twice by one rule"
    assert all(p["rule"] == rule for p in found.values())
    return found


def legacy_update(db: psycopg.Connection, violation_id: int, **values: Any) -> None:
    """Change a violation by direct SQL, as a legacy import would, past the API's checks.
    Column names are the test's own constants."""
    sets = ", ".join(f"{column} = %({column})s" for column in values)
    db.execute(f"UPDATE violation SET {sets} WHERE id = %(id)s", {**values, "id": violation_id})
