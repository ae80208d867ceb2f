"""The schema declared in api/db/schema is the one the migrations build.

Alembic's autogenerate compares the migrated test database with the declaration (tables,
columns with their types, nullability and server defaults, identity and generated columns,
keys, unique constraints, indexes); what Alembic does not compare about an index — its
access method (GiST) and its WHERE clause — is compared here. Each kind of change to a copy
of the declaration must be reported, so the comparison can fail.
"""

import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import Geometry
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    inspect,
    pool,
    text,
)
from sqlalchemy.schema import DefaultClause, Index

from api.db.schema import metadata
from api.db.schema.compare import AUTOGENERATE_OPTIONS


@pytest.fixture(scope="module")
def connection(database_url: str) -> Iterator[Connection]:
    engine = create_engine(
        "postgresql+psycopg://",
        creator=lambda: psycopg.connect(database_url),
        poolclass=pool.NullPool,
    )
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def _where(clause: Any) -> str | None:
    """An index's WHERE clause, without what PostgreSQL adds when it prints one back:
    parentheses, casts of literals, letter case."""
    if clause is None:
        return None
    sql = re.sub(r"::\w+", "", str(clause)).replace("(", "").replace(")", "")
    return " ".join(sql.lower().split())


def index_differences(conn: Connection, declared: MetaData) -> list[str]:
    """Declared indexes whose access method or WHERE clause is not the database's."""
    problems = []
    inspector = inspect(conn)
    for table in declared.sorted_tables:
        reflected = {ix["name"]: ix for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            found = reflected.get(index.name)
            if found is None:
                continue  # a missing index is Alembic's to report
            options = found.get("dialect_options", {})
            using = (index.dialect_options["postgresql"]["using"] or "btree").lower()
            if using != options.get("postgresql_using", "btree"):
                problems.append(f"{index.name}: USING {using} declared, not in the database")
            where = _where(index.dialect_options["postgresql"]["where"])
            if where != _where(options.get("postgresql_where")):
                problems.append(f"{index.name}: WHERE {where} declared, not in the database")
    return problems


def schema_differences(conn: Connection, declared: MetaData) -> list[Any]:
    """Everything that tells the database from the declaration: Alembic's operations, the
    warnings it gives instead (a generated column's expression), and index_differences."""
    context = MigrationContext.configure(conn, opts=AUTOGENERATE_OPTIONS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found: list[Any] = list(compare_metadata(context, declared))
    found += [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    return found + index_differences(conn, declared)


def test_the_declaration_is_the_migrated_schema(connection: Connection) -> None:
    assert schema_differences(connection, metadata) == []


def test_every_table_of_the_database_is_declared(connection: Connection) -> None:
    """PostGIS's spatial_ref_sys and Alembic's alembic_version are not the project's."""
    tables = set(inspect(connection).get_table_names()) - {"spatial_ref_sys", "alembic_version"}
    assert tables == set(metadata.tables)


def _copy() -> MetaData:
    copy = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def _replace_index(table: Table, name: str, *columns: str, **kw: Any) -> None:
    table.indexes.discard(next(ix for ix in table.indexes if ix.name == name))
    Index(name, *(table.c[c] for c in columns), **kw)


def _set(table: str, column: str, **attributes: Any) -> Callable[[MetaData], None]:
    def change(md: MetaData) -> None:
        for name, value in attributes.items():
            setattr(md.tables[table].c[column], name, value)

    return change


def _drop_onupdate(md: MetaData) -> None:
    for fk in md.tables["grid_cell"].foreign_key_constraints:
        fk.onupdate = None


def _drop_unique(md: MetaData) -> None:
    table = md.tables["monthly_report"]
    table.constraints.discard(
        next(c for c in table.constraints if c.name == "monthly_report_supersedes_key")
    )


def _identity_by_default(md: MetaData) -> None:
    identity = md.tables["violation_event"].c["id"].identity
    assert identity is not None
    identity.always = False


def _perimeter(md: MetaData) -> None:
    md.tables["community"].c["area_m2"].computed.sqltext = text("ST_Perimeter(geom::geography)")


CHANGES: dict[str, Callable[[MetaData], None]] = {
    "another SRID": _set("community", "geom", type=Geometry("MULTIPOLYGON", srid=3857)),
    "another geometry type": _set("household", "geom", type=Geometry("POLYGON", srid=4326)),
    "another column type": _set("violation", "floors", type=Integer()),
    "not null": _set("violation", "notes", nullable=False),
    "another default": _set(
        "violation", "status", server_default=DefaultClause(text("'verified'"))
    ),
    "identity by default": _identity_by_default,
    "another generated expression": _perimeter,
    "a composite foreign key without ON UPDATE": _drop_onupdate,
    "a unique constraint less": _drop_unique,
    "an index on other columns": lambda md: _replace_index(
        md.tables["violation_event"], "violation_event_violation_idx", "violation_id", "at"
    ),
    "a btree index for a GiST one": lambda md: _replace_index(
        md.tables["violation"], "violation_geom_idx", "geom"
    ),
    "an index without its WHERE": lambda md: _replace_index(
        md.tables["community"], "community_code_key", "code", unique=True
    ),
    "a column more": lambda md: md.tables["photo"].append_column(Column("extra", Text)),
    "a table less": lambda md: md.remove(md.tables["grid_stat_dirty"]),
}


def test_a_copy_of_the_declaration_matches(connection: Connection) -> None:
    """So that what the changed copies below report is the change alone."""
    assert schema_differences(connection, _copy()) == []


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_changed_declaration_is_reported(connection: Connection, change: str) -> None:
    changed = _copy()
    CHANGES[change](changed)
    assert schema_differences(connection, changed) != []
