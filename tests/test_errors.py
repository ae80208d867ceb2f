"""Every error is application/problem+json with a detail a person can act on."""

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


def test_unexpected_errors_are_problems_without_internals(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.router.routes.insert(0, app.router.routes.pop())  # ahead of the map app's mount

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert "secret" not in response.text
    assert body["request_id"] == "req-42"
    assert "administrator" in body["detail"]


def test_method_not_allowed(client: TestClient) -> None:
    response = client.put("/api/v1/violations")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert "PUT is not allowed" in response.json()["detail"]


def test_request_id_is_echoed(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc"}).headers["x-request-id"] == "abc"
    assert len(client.get("/healthz").headers["x-request-id"]) == 32
