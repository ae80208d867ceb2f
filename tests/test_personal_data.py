"""Personal data (parties' names and phones) is masked for viewers and for API keys
without the `pii` scope — in every output: lists, records, history."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, feature, violation_properties

NAME, PHONE = "欧阳娜娜", "10098761234"
NEW_NAME, NEW_PHONE = "司马相如", "10011112222"


@pytest.fixture()
def paths(client: TestClient, district: District) -> list[str]:
    household = client.post(
        "/api/v1/households",
        json=feature(
            district.frame.point(150, 150),
            compound_id=district.compound_id,
            building="5号楼",
            party_name=NAME,
            party_phone=PHONE,
        ),
    ).json()
    violation = client.post(
        "/api/v1/violations",
        json=feature(
            district.rect(120, 120, 130, 130),
            **violation_properties(
                party_name=NAME, party_phone=PHONE, household_id=household["id"]
            ),
        ),
    ).json()
    changed = client.patch(
        f"/api/v1/violations/{violation['id']}",
        headers={"If-Match": '"1"'},
        json={"properties": {"party_name": NEW_NAME, "party_phone": NEW_PHONE}},
    )
    assert changed.status_code == 200
    return [
        f"/api/v1/violations?compound_id={district.compound_id}",
        f"/api/v1/violations/{violation['id']}",
        f"/api/v1/violations/{violation['id']}/history",
        f"/api/v1/households?compound_id={district.compound_id}",
        f"/api/v1/households/{household['id']}",
        "/api/v1/public/compounds",
    ]


def bodies(client: TestClient, paths: list[str], headers: dict[str, str]) -> str:
    texts = []
    for path in paths:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)
        texts.append(response.text)
    return "\n".join(texts)


SECRETS = (NAME, PHONE, NEW_NAME, NEW_PHONE)


def test_viewer_and_keys_without_pii_see_masks(
    client: TestClient, paths: list[str], login_as: Any, api_key: Any
) -> None:
    for headers in (login_as("viewer"), api_key("read")):
        seen = bodies(client, paths, headers)
        leaked = [s for s in SECRETS if s in seen]
        assert not leaked, leaked
        assert "欧**" in seen and "100****1234" in seen  # masked, not dropped
        assert "司***" in seen and "100****2222" in seen


def test_those_allowed_see_personal_data(
    client: TestClient, paths: list[str], district: District, login_as: Any, api_key: Any
) -> None:
    for headers in ({}, login_as("inspector", [district.community_id]), api_key("read", "pii")):
        seen = bodies(client, paths[:5], headers)
        assert all(s in seen for s in SECRETS)
