"""Open311 answers as JSON or XML (the standard library's ElementTree): the same
elements either way — a list of objects is `<root><item>…</item>…</root>`."""

from typing import Any
from xml.etree import ElementTree as ET

from fastapi.responses import JSONResponse, Response

XML = "application/xml"


def _fill(element: ET.Element, value: Any, item: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner, item)
    elif isinstance(value, list):
        for inner in value:
            _fill(ET.SubElement(element, item), inner, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def xml_bytes(root: str, item: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value, item)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def answer(fmt: str, root: str, item: str, value: Any, status_code: int = 200) -> Response:
    """`value` as JSON, or as XML under `<root>` with list entries as `<item>`."""
    if fmt == "xml":
        return Response(xml_bytes(root, item, value), status_code, media_type=XML)
    return JSONResponse(value, status_code)
