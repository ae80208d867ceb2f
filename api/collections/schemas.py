"""The OpenAPI shape of a collection's answers, generated from its declaration: a GeoJSON
Feature with typed properties, and a FeatureCollection page with its links and counts.

These models document the answers; the bytes themselves are built by PostGIS.
"""

from functools import cache
from typing import Any

from geojson_pydantic import Feature, FeatureCollection, MultiPolygon, Point
from pydantic import BaseModel, ConfigDict, Field, create_model

from api.collections.declare import Collection

GEOMETRIES: dict[str, Any] = {"MultiPolygon": MultiPolygon, "Point": Point}


class Link(BaseModel):
    rel: str = Field(description="self, next or prev.")
    type: str = Field(description="The media type of the page linked to.")
    href: str


def _title(collection: Collection) -> str:
    return "".join(part.capitalize() for part in collection.label.split())


@cache
def properties_model(collection: Collection) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, prop in collection.properties.items():
        notes = []
        if prop.personal:
            notes.append("Personal data: masked (王**, 100****5678) for those who may not see it.")
        if prop.shown_to:
            notes.append("Present only for those allowed to see it.")
        description = " ".join([prop.description, *notes]).strip() or None
        fields[name] = (prop.type | None, Field(default=None, description=description))
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{_title(collection)}Properties",
        __config__=ConfigDict(extra="allow"),
        **fields,
    )
    return model


@cache
def feature_model(collection: Collection) -> type[BaseModel]:
    geometry = GEOMETRIES[collection.geometry_type]
    if not collection.geometry_required:
        geometry = geometry | None
    base: Any = Feature[geometry, properties_model(collection)]  # type: ignore[misc,valid-type]
    model: type[BaseModel] = create_model(f"{_title(collection)}Feature", __base__=base)
    model.__doc__ = f"One {collection.label} as a GeoJSON Feature (its id is the record's id)."
    return model


@cache
def page_model(collection: Collection) -> type[BaseModel]:
    base: Any = FeatureCollection[feature_model(collection)]  # type: ignore[misc,valid-type]
    model: type[BaseModel] = create_model(
        f"{_title(collection)}FeatureCollection",
        __base__=base,
        numberMatched=(int, Field(description="How many records match the filters.")),
        numberReturned=(int, Field(description="How many are on this page.")),
        links=(list[Link], Field(description="self; next while more remain; prev.")),
    )
    model.__doc__ = f"A page of {collection.label}s as a GeoJSON FeatureCollection, ordered by id."
    return model
