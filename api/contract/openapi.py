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


def _every_error_a_problem(schema: dict[str, Any]) -> None:
    """What every route answers, whatever it declares: a query parameter it does not know
    (or cannot use) answers 400 (api/queryparams.py), and a body or parameter FastAPI
    refuses answers 422 — both as a Problem (api/errors.py), never FastAPI's own shape."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                responses.setdefault("400", problem(400, QUERY_400))
            if "422" in responses and "HTTPValidationError" in str(responses["422"]):
                responses["422"] = problem(422)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
