"""Every query file under api/sql/ is EXPLAINed on the migrated test database, with
sample parameters, so a broken query fails here rather than in production. The files
are enumerated: a new one without a sample below fails the test until it has one."""

import re
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
import shapely
from psycopg import sql

from api.db import sqlfiles
from api.reports import figures, monthly
from api.vocabulary import DEALT_WITH, STANDING

CELLS = {"grid_id": None, "compound_id": 1, "community_id": None, "scope": [1, 2]}
PERIOD = {
    "at": datetime(2020, 6, 30, tzinfo=UTC),
    "start": datetime(2020, 1, 1, tzinfo=UTC),
    "end": None,
    "standing": list(STANDING),
}
# A square near the demo district, as hex EWKB (what the place writes pass).
AREA = shapely.to_wkb(
    shapely.set_srid(shapely.box(117.8, 39.2, 117.81, 39.21), 4326), hex=True, include_srid=True
)
COMPOUNDS = {
    "places": sql.Identifier("compound"),
    "key": sql.Identifier("compound_id"),
    "key_name": sql.Literal("compound_id"),
}

# A part of a query: another file, a template file with its own parts, or a psycopg.sql
# object (an identifier from a known list).
Part = str | tuple[str, dict[str, Any]] | sql.Composable

# Each query as run: (file, its parts, sample parameters).
QUERIES: dict[str, tuple[str, dict[str, Part], dict[str, Any]]] = {
    "grid rows, live": (
        "grid_rows",
        {"cells": "selected_cells", "stats": ("live_stats", {"stats": "cell_stats"})},
        {**CELLS, **PERIOD, "geometry": True},
    ),
    "grid rows, maintained": (
        "grid_rows",
        {"cells": "selected_cells", "stats": ("maintained_stats", {"live": "cell_stats"})},
        {**CELLS, **PERIOD, "geometry": False},
    ),
    "compound rows, live": (
        "area_rows",
        {
            "cells": "selected_cells",
            "stats": ("live_stats", {"stats": "cell_stats"}),
            **COMPOUNDS,
        },
        {**CELLS, **PERIOD, "geometry": True},
    ),
    "grid gaps": (
        "grid_gaps",
        {},
        {"grid_id": 1, "start": None, "end": datetime(2020, 6, 1, tzinfo=UTC), "sliver": 1.0},
    ),
    "grid_stat refresh": (
        "grid_stat_refresh",
        {"stats": "cell_stats"},
        {"at": None, "start": None, "end": None, "standing": list(STANDING), "ids": [1, 2]},
    ),
    "compound summary": (
        "compound_summary",
        {},
        {"standing": list(STANDING), "dealt": list(DEALT_WITH)},
    ),
    "photo insert": (
        "photo_insert",
        {},
        {
            "lon": 117.8,
            "lat": 39.2,
            "sha256": "0" * 64,
            "owner_type": "violation",
            "owner_id": 1,
            "stage": "before",
            "content_type": "image/jpeg",
            "bytes": 1000,
            "width": 640,
            "height": 480,
            "taken_at": None,
            "original_name": "a.jpg",
            "caption": None,
            "uploaded_by": "admin",
            "request_id": None,
        },
    ),
    "locate": (
        "locate",
        {"rule": "locate_rule"},
        {"geojson": '{"type": "Point", "coordinates": [117.8, 39.2]}'},
    ),
    "unplaced violations": (
        "unplaced",
        {"records": sql.Identifier("violation"), "rule": "locate_rule"},
        {"area": AREA},
    ),
    "unplaced sweeps": (
        "unplaced",
        {"records": sql.Identifier("sweep"), "rule": "locate_rule"},
        {"area": AREA},
    ),
    "relocate violations": (
        "relocate_violations",
        {"rule": "locate_rule"},
        {"area": AREA, "actor": "admin", "reason": "redrawn", "request_id": None},
    ),
    "relocate sweeps": ("relocate_sweeps", {"rule": "locate_rule"}, {"area": AREA}),
    "monthly report": (
        "monthly_report",
        {},
        {
            "start": datetime(2020, 5, 1, tzinfo=UTC),
            "end": datetime(2020, 6, 1, tzinfo=UTC),
            "as_of_day": datetime(2020, 5, 31).date(),
            "new_days": 7,
            "late_days": 30,
            "standing": list(STANDING),
            "dealt_with": list(DEALT_WITH),
            "community_id": None,
            "scope": None,
        },
    ),
}


def piece(value: Part) -> sql.Composable:
    if isinstance(value, str):
        return sqlfiles.part(value)
    if isinstance(value, tuple):
        return sql.SQL(text_of(*value))
    return value


def text_of(name: str, parts: dict[str, Part]) -> str:
    if not parts:
        return sqlfiles.load(name)
    return sqlfiles.compose(name, **{key: piece(value) for key, value in parts.items()})


def files_of(name: str, parts: dict[str, Part]) -> set[str]:
    found = {name}
    for value in parts.values():
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, tuple):
            found |= files_of(*value)
    return found


def test_every_file_is_explained_here() -> None:
    used = set().union(*(files_of(name, parts) for name, parts, _ in QUERIES.values()))
    assert used == set(sqlfiles.names())


def test_a_template_is_filled_only_with_psycopg_sql_objects() -> None:
    with pytest.raises(KeyError):  # a placeholder left unfilled
        sqlfiles.compose("grid_rows", cells=sqlfiles.part("selected_cells"))
    filled = sqlfiles.compose(
        "area_rows",
        cells=sqlfiles.part("selected_cells"),
        stats=piece(("maintained_stats", {"live": "cell_stats"})),
        **COMPOUNDS,
    )
    assert 'JOIN "compound" p' in filled and "json_build_object(\n    'compound_id'," in filled
    assert re.search(r"\{[a-z_]+\}", filled) is None  # no placeholder left


def test_an_unknown_file_is_refused() -> None:
    with pytest.raises(KeyError, match="there is no api/sql/no_such_query.sql"):
        sqlfiles.load("no_such_query")


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_the_query_is_explained(db: psycopg.Connection, query: str) -> None:
    name, parts, params = QUERIES[query]
    plan = db.execute("EXPLAIN " + text_of(name, parts), params).fetchall()  # type: ignore[arg-type]
    assert plan, f"EXPLAIN of {name}.sql answered no plan"


def test_the_monthly_report_computes_every_figure() -> None:
    assert sorted(monthly.AGGREGATES) == sorted(figures.SUMMED)
