"""The typed contract: every operation of /openapi.json says what it answers — a schema
for its success body (or no body: 204, 304) and the Problem for each error — so a route
added without them fails here."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from api.contract.documented import ZIP, DocumentedAs
from api.errors import PROBLEM_JSON
from api.exports.formats import FORMATS
from api.forms.sheet import XLSX
from api.main import create_app
from api.open311.render import XML
from api.reports.answers import ReportMonths
from api.settings import Settings

PROBLEM = {"$ref": "#/components/schemas/Problem"}
JSON_TYPES = (
    "application/json",
    "application/geo+json",
    "application/schema+json",
    "application/vnd.oai.openapi+json;version=3.0",
)
BINARY_TYPES = (
    XLSX,
    ZIP,
    XML,  # Open311 answers: the same elements as their JSON
    "image/jpeg",
    "image/png",
    "application/vnd.mapbox-vector-tile",
    *(f.media_type for f in FORMATS.values() if f.media_type not in JSON_TYPES),
)


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema a `$ref` (or an `allOf` of one) points to."""
    while True:
        if "$ref" in schema:
            name = schema["$ref"].removeprefix("#/components/schemas/")
            assert name in document["components"]["schemas"], f"{name} is not in components"
            schema = document["components"]["schemas"][name]
        elif list(schema) == ["allOf"] and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def describes(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A schema that says something: an object with its properties, an array of such,
    a union of such, or a typed scalar — not {} nor an object of anything."""
    schema = resolve(document, schema)
    if "anyOf" in schema or "oneOf" in schema:
        return all(describes(document, s) for s in schema.get("anyOf", schema.get("oneOf")))
    if schema.get("type") == "array":
        return describes(document, schema.get("items", {}))
    if schema.get("type") == "object" or "properties" in schema:
        return bool(schema.get("properties"))
    return "type" in schema or "const" in schema or "enum" in schema


def contract_faults(
    document: dict[str, Any], method: str, path: str, op: dict[str, Any]
) -> list[str]:
    faults = []
    responses = op.get("responses", {})
    successes = {code: r for code, r in responses.items() if code.startswith("2")}
    if not successes:
        faults.append("declares no success response")
    for code, response in successes.items():
        if code == "204":
            if response.get("content"):
                faults.append("204 declares a body")
            continue
        content = response.get("content") or {}
        if not content:
            faults.append(f"{code} declares no content")
        for media_type, entry in content.items():
            schema = entry.get("schema") or {}
            if media_type == "text/html":  # a page for a person (/ogc, f=html)
                if schema.get("type") != "string":
                    faults.append(f"{code} text/html is not a string schema: {schema}")
            elif media_type in BINARY_TYPES:
                if schema != {"type": "string", "format": "binary"}:
                    faults.append(f"{code} {media_type} is not a binary schema: {schema}")
            elif media_type in JSON_TYPES:
                if not describes(document, schema):
                    faults.append(f"{code} {media_type} schema says nothing: {schema}")
            else:
                faults.append(f"{code} answers an unexpected media type {media_type}")
    for code, response in responses.items():
        if code.startswith("3"):
            if code != "304" or response.get("content"):
                faults.append(f"{code}: only a bodiless 304 is expected")
        elif code[0] in "45" and response.get("content") != {PROBLEM_JSON: {"schema": PROBLEM}}:
            faults.append(f"{code} is not application/problem+json with the Problem")
    if any(p["in"] == "query" for p in op.get("parameters", [])) and "400" not in responses:
        faults.append("takes query parameters but declares no 400")
    has_input = op.get("parameters") or op.get("requestBody")
    if has_input and "422" not in responses:
        faults.append("takes input but declares no 422")
    if op.get("security") and "401" not in responses:
        faults.append("looks at who calls but declares no 401")
    return [f"{method.upper()} {path}: {fault}" for fault in faults]


def test_every_operation_declares_its_answers(document: dict[str, Any]) -> None:
    faults = [
        fault
        for method, path, op in operations(document)
        for fault in contract_faults(document, method, path, op)
    ]
    assert faults == [], "\n".join(faults)


def test_a_route_declaring_nothing_fails_the_check(document: dict[str, Any]) -> None:
    """The check itself: an operation as FastAPI writes it for a bare `Response` route
    (no content, its 422 as application/json) is faulted."""
    bare = {
        "parameters": [{"name": "x", "in": "query"}],
        "security": [{"HTTPBearer": []}],
        "responses": {
            "200": {"description": "Successful Response"},
            "422": {
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                }
            },
        },
    }
    faults = contract_faults(document, "get", "/x", bare)
    assert faults == [
        "GET /x: 200 declares no content",
        "GET /x: 422 is not application/problem+json with the Problem",
        "GET /x: takes query parameters but declares no 400",
        "GET /x: looks at who calls but declares no 401",
    ]
    untyped = {
        "responses": {
            "200": {
                "content": {
                    "application/json": {"schema": {"type": "object", "additionalProperties": True}}
                }
            }
        }
    }
    assert contract_faults(document, "get", "/y", untyped) == [
        "GET /y: 200 application/json schema says nothing: "
        "{'type': 'object', 'additionalProperties': True}"
    ]


def test_the_problem_schema_has_what_errors_carry(document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail"} <= set(problem["required"])
    for member in ("instance", "request_id", "errors", "retry_after", "allowed", "unmet"):
        assert member in problem["properties"], member


def test_an_error_answers_what_the_problem_schema_says(
    client: TestClient, document: dict[str, Any]
) -> None:
    """A real 422 and a real 404 carry only members the Problem schema names."""
    members = set(document["components"]["schemas"]["Problem"]["properties"])
    for response in (
        client.get("/api/v1/write-off-requests", params={"state": "nonsense"}),
        client.get("/api/v1/households/999999999/dossier"),
    ):
        assert response.headers["content-type"] == PROBLEM_JSON
        assert set(response.json()) <= members, set(response.json()) - members


def test_the_docs_are_not_in_the_document(document: dict[str, Any]) -> None:
    assert not {"/docs", "/redoc"} & set(document["paths"])


@pytest.mark.parametrize(
    ("page", "script"),
    [
        ("/docs", "/docs/assets/swagger-ui/swagger-ui-bundle.js"),
        ("/redoc", "/docs/assets/redoc/redoc.standalone.js"),
    ],
)
def test_the_docs_pages_load_their_scripts_from_the_service(
    client: TestClient, page: str, script: str
) -> None:
    html = client.get(page)
    assert html.status_code == 200
    assert script in html.text
    assert "cdn" not in html.text.lower() and "https://" not in html.text
    asset = client.get(script)
    assert asset.status_code == 200 and len(asset.content) > 100_000


def test_documenting_a_dict_does_not_change_its_bytes() -> None:
    """A route's `dict[str, Any]` documented as a model is sent exactly as before."""
    value = {"at": datetime(2019, 10, 1, tzinfo=UTC), "area": Decimal("1.50"), "名": "违建"}
    plain = TypeAdapter(dict[str, Any]).dump_json(value)
    documented = TypeAdapter(Annotated[dict[str, Any], DocumentedAs(ReportMonths)])
    assert documented.dump_json(value) == plain


def test_the_docs_pages_say_what_to_run_without_their_packages(
    settings: Settings, tmp_path: Any
) -> None:
    """A frontend/ without node_modules: /docs and /redoc answer 503 naming `npm ci`."""
    bare = TestClient(create_app(settings.model_copy(update={"frontend_dir": str(tmp_path)})))
    for page in ("/docs", "/redoc"):
        response = bare.get(page)
        assert response.status_code == 503
        assert response.headers["content-type"] == PROBLEM_JSON
        assert "npm ci" in response.json()["detail"]


def test_every_operation_over_the_database_declares_its_503(document: dict[str, Any]) -> None:
    """Any route that reads or writes can meet a database fault (api/errors.py), answered
    503 with Retry-After; and any route taking JSON can meet the depth limit (400)."""
    missing = [
        f"{method.upper()} {path}"
        for method, path, op in operations(document)
        if path != "/healthz" and "503" not in op["responses"]
    ]
    assert missing == []
    assert "503" not in document["paths"]["/healthz"]["get"]["responses"]
    json_bodies = [
        op
        for _, _, op in operations(document)
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]
    assert json_bodies and all("400" in op["responses"] for op in json_bodies)
