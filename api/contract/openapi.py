"""The OpenAPI document: FastAPI's, plus the schemas that routes name by reference
(api/contract/documented.py) — the Problem of every error among them."""

from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from api.contract.documented import MODELS, REF_TEMPLATE, reference
from api.contract.problems import Problem

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
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]
