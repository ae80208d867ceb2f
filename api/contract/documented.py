"""Declaring what a route answers without changing what it sends.

Many routes return plain dicts (built by PostgreSQL) through FastAPI's `dict[str, Any]`
response model. `Annotated[dict[str, Any], DocumentedAs(SomeModel)]` keeps that at run
time — the same validation, the same serializer, the same bytes — and only tells the
OpenAPI `SomeModel`. Routes answering a `Response` of their own name their body with
`content(media_type, SomeModel)`; files are binary content of their media type.

The models named so are kept here and added to the document's components by
api/contract/openapi.py."""

from typing import Any, get_args, get_origin

from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

ZIP = "application/zip"
BINARY: dict[str, Any] = {"type": "string", "format": "binary"}
REF_TEMPLATE = "#/components/schemas/{model}"

MODELS: dict[str, type[BaseModel]] = {}


def reference(shape: Any) -> dict[str, Any]:
    """The JSON schema of a model, or of a list of models, as a reference to it."""
    if get_origin(shape) is list:
        (item,) = get_args(shape)
        return {"type": "array", "items": reference(item)}
    assert isinstance(shape, type) and issubclass(shape, BaseModel), shape
    known = MODELS.setdefault(shape.__name__, shape)
    assert known is shape, f"two schemas named {shape.__name__}"
    return {"$ref": REF_TEMPLATE.format(model=shape.__name__)}


class DocumentedAs:
    """An `Annotated` marker: the OpenAPI shows `shape` (a model or a list of models),
    whatever the annotated type validates and sends. On a model's field, pass
    `in_model=True`: pydantic resolves a bare `$ref` beside a field's title itself, and
    knows nothing of ours, so there it is wrapped in `allOf`."""

    def __init__(self, shape: Any, *, in_model: bool = False) -> None:
        self.shape = shape
        self.in_model = in_model
        reference(shape)

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = reference(self.shape)
        return {"allOf": [schema]} if self.in_model else schema

    def __repr__(self) -> str:
        return f"DocumentedAs({self.shape!r})"


def content(media_type: str, shape: Any) -> dict[str, Any]:
    """A `content` entry of `media_type` whose schema is `shape`."""
    return {media_type: {"schema": reference(shape)}}


def answers(
    description: str, *entries: dict[str, Any], status: int = 200
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry of a success status, from `content(...)` entries."""
    merged: dict[str, Any] = {}
    for entry in entries:
        merged.update(entry)
    return {status: {"description": description, "content": merged}}


def binary(*media_types: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The 200 `responses=` entry of a route answering a file of these media types."""
    return {
        200: {
            "description": description,
            "content": {media_type: {"schema": dict(BINARY)} for media_type in media_types},
        }
    }
