"""The API definition of /ogc as OpenAPI 3.0 (conformance class oas30): FastAPI's own
document of the /ogc routes, written in OpenAPI 3.0's dialect of JSON Schema, where
FastAPI writes 3.1's (a null type becomes `nullable`, `examples` an `example`,
`const` a one-value `enum`)."""

from typing import Any

from fastapi import FastAPI

from api.ogc.common import PREFIX


def to_openapi30(node: Any) -> Any:
    """A JSON Schema of OpenAPI 3.1 as OpenAPI 3.0 writes it."""
    if isinstance(node, list):
        return [to_openapi30(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_openapi30(value) for key, value in node.items()}
    for key in ("anyOf", "oneOf"):
        options = out.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            del out[key]
            if len(rest) == 1 and "$ref" in rest[0]:
                out["allOf"] = rest  # 3.0 ignores a $ref's siblings: nullable goes beside it
            elif len(rest) == 1:
                out = {**rest[0], **out}
            else:
                out[key] = rest
            out["nullable"] = True
    if isinstance(out.get("examples"), list) and "schema" not in out:
        examples = out.pop("examples")
        if examples:
            out["example"] = examples[0]
    if "const" in out:
        out["enum"] = [out.pop("const")]
    if "prefixItems" in out:  # a tuple (a GeoJSON bbox): 3.0 knows arrays of one item type
        items = out.pop("prefixItems")
        out["items"] = items[0] if all(item == items[0] for item in items) else {}
    return out


def _refs(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
    return found.union(*(_refs(value) for value in node.values()))


def _used_schemas(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The component schemas the paths refer to, directly or through one another."""
    wanted, pending = set(), _refs(paths)
    while pending:
        name = pending.pop()
        if name in wanted or name not in schemas:
            continue
        wanted.add(name)
        pending |= _refs(schemas[name])
    return {name: schemas[name] for name in sorted(wanted)}


def ogc_openapi(app: FastAPI, server: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the routes under /ogc (built once per app, from the
    app's own document)."""
    cached: dict[str, Any] | None = getattr(app.state, "ogc_openapi", None)
    if cached is None:
        full = app.openapi()
        paths = {path: ops for path, ops in full["paths"].items() if path.startswith(PREFIX)}
        document = {
            "openapi": "3.0.3",
            "info": {
                "title": "Weijian 违建 — OGC API – Features",
                "version": full["info"]["version"],
                "description": "The campaign's layers for desktop GIS (see docs/ogc.md).",
            },
            "paths": paths,
            "components": {
                **{k: v for k, v in full.get("components", {}).items() if k != "schemas"},
                "schemas": _used_schemas(paths, full.get("components", {}).get("schemas", {})),
            },
        }
        cached = to_openapi30(document)
        app.state.ogc_openapi = cached
    return {**cached, "servers": [{"url": server}]}
