"""The OpenAPI document: FastAPI's, plus the schemas that routes name by reference
(api/contract/documented.py) — the Problem of every error among them."""

from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from api.contract.documented import MODELS, REF_TEMPLATE, reference
from api.contract.problems import Problem, problem

reference(Problem)


def install_openapi(app: FastAPI) -> None:
    """Build the document once, the named schemas added to its components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            _, defs = models_json_schema(
                [(model, "serialization") for model in MODELS.values()],
                ref_template=REF_TEMPLATE,
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, definition in defs.get("$defs", {}).items():
                known = components.setdefault(name, definition)
                assert known == definition, f"two different schemas are named {name}"
            _every_error_a_problem(schema)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


QUERY_400 = (
    "An unknown query parameter, or a value a query parameter cannot take: `detail` names "
    "it (and, for an unknown one, the parameters this route accepts)."
)


BODY_400 = "A JSON body nested deeper than any request needs (api/jsondepth.py)."
DATABASE_503 = (
    "The database cannot serve the request now: no connection was free, a statement ran "
    "too long (narrow the request), a lock was held too long, or the connection failed. "
    "Try again after `Retry-After` seconds; nothing was changed."
)
WITHOUT_DATABASE = ("/healthz",)


def _every_error_a_problem(schema: dict[str, Any]) -> None:
    """What every route answers, whatever it declares: a query parameter it does not know
    (or cannot use) answers 400 (api/queryparams.py), a body nested too deeply 400, a
    body or parameter FastAPI refuses answers 422, and a database fault 503 — all as a
    Problem (api/errors.py), never FastAPI's own shape."""
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                responses.setdefault("400", problem(400, QUERY_400))
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                responses.setdefault("400", problem(400, BODY_400))
            if path not in WITHOUT_DATABASE:
                responses.setdefault("503", problem(503, DATABASE_503))
            if "422" in responses and "HTTPValidationError" in str(responses["422"]):
                responses["422"] = problem(422)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
