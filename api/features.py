"""Request bodies shaped as GeoJSON Features, generic over their properties."""

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.errors import Unprocessable
from api.inputguard import storable_faults
from spatial.validate import CheckedPolygonal, GeometryError, polygonal_from_geojson

P = TypeVar("P", bound=BaseModel)


class StrictModel(BaseModel):
    """Unknown fields are refused, so a typo is an error rather than silently ignored;
    and every field's value must be one a column can hold (api/inputguard.py): no NUL
    or lone surrogate in text, no text beyond MAX_TEXT characters, integers within
    bigint, dates and times within the campaign's plausible years."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        for fault in storable_faults(value):
            raise ValueError(fault)
        return value


class FeatureIn(BaseModel, Generic[P]):
    """A GeoJSON Feature to create a record from. `id`, if sent, is ignored."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Feature"]
    id: Any = Field(default=None, description="Ignored: the service assigns ids.")
    geometry: dict[str, Any] | None
    properties: P


class FeaturePatch(BaseModel, Generic[P]):
    """Part of a Feature: a new geometry, and/or the properties to change."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Feature"] | None = None
    id: Any = Field(default=None, description="Ignored.")
    geometry: dict[str, Any] | None = None
    properties: P | None = None

    def changed_properties(self) -> dict[str, Any]:
        """The properties the client sent, with the values it sent (null included)."""
        if self.properties is None:
            return {}
        return {name: getattr(self.properties, name) for name in self.properties.model_fields_set}

    @property
    def geometry_sent(self) -> bool:
        return "geometry" in self.model_fields_set


def refuse_nulls(changes: dict[str, Any], required: tuple[str, ...]) -> list[str]:
    """Names of required properties the client tried to set to null."""
    return [name for name in required if name in changes and changes[name] is None]


def checked_footprint(geometry: Any, repair: bool) -> CheckedPolygonal:
    if geometry is None:
        raise Unprocessable("a geometry (Polygon or MultiPolygon) is required")
    try:
        return polygonal_from_geojson(geometry, repair=repair)
    except GeometryError as exc:
        raise Unprocessable(exc.reason, where=exc.where) from exc
