"""What the /ogc routes answer, as schemas for the service's OpenAPI document (the OGC
API's own definition is /ogc/api). Each answers JSON, or HTML for a person (`f=html`)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.contract.documented import reference
from api.contract.problems import problems
from api.ogc.common import GEOJSON, HTML, JSON


class OgcLink(BaseModel):
    href: str
    rel: str
    type: str | None = None
    title: str | None = None


class Landing(BaseModel):
    title: str
    description: str
    links: list[OgcLink] = Field(description="service-desc, service-doc, conformance, data.")


class Conformance(BaseModel):
    conformsTo: list[str] = Field(description="The conformance classes this API passes.")
    links: list[OgcLink]


class OgcExtent(BaseModel):
    model_config = ConfigDict(extra="allow")
    spatial: dict[str, Any] = Field(description="bbox (CRS84) of the records you may see.")
    temporal: dict[str, Any] | None = None


class OgcCollection(BaseModel):
    id: str
    title: str
    description: str | None = None
    itemType: str
    extent: OgcExtent | None = None
    crs: list[str] = Field(description="The CRSs the items can be answered in.")
    storageCrs: str
    links: list[OgcLink]


class OgcCollections(BaseModel):
    links: list[OgcLink]
    collections: list[OgcCollection]


class Queryables(BaseModel):
    """A JSON Schema of the properties a layer may be filtered and sorted on."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    properties: dict[str, dict[str, Any]]


class ApiDefinition(BaseModel):
    """The OpenAPI 3.0 definition of the /ogc routes."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


ERRORS = problems(400, 401, 403, 404, 422, 503)


def answers(model: type[BaseModel], description: str, media_type: str = JSON) -> dict:
    """`responses=` of an /ogc route: the model as JSON (or its media type), or HTML."""
    return {
        200: {
            "description": description,
            "content": {
                media_type: {"schema": reference(model)},
                HTML: {"schema": {"type": "string", "description": "The same, as a page."}},
            },
        },
        **ERRORS,
    }


def geojson_answers(model: type[BaseModel], description: str) -> dict:
    """`responses=` of an items route: the collection's GeoJSON schema — the one its REST
    resource documents (api/collections/schemas.py), named here by reference — or HTML."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {
        200: {
            "description": description,
            "content": {
                GEOJSON: {"schema": ref},
                HTML: {"schema": {"type": "string", "description": "The same, as a page."}},
            },
        },
        **ERRORS,
    }
