"""One source for each vocabulary: api/vocabulary.py, the database's CHECKs, the
lifecycles and the map all hold the same values, and a drift in any of them fails here."""

import re
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from api import vocabulary
from api.auth.principal import SCOPE_PERMISSIONS, Role
from api.campaign import lifecycle
from api.complaints import lifecycle as complaint_lifecycle
from tests.conftest import ANONYMOUS

# `col = ANY (ARRAY['a'::text, …])` (what PostgreSQL makes of IN), `col <@ ARRAY[…]`
# (an array column), or `col IN ('a', …)` as written.
LISTED = re.compile(
    r"\(*(?P<column>\w+)\s*(?:=\s*ANY\s*\(\s*ARRAY\[(?P<any>[^\]]*)\]"
    r"|<@\s*ARRAY\[(?P<array>[^\]]*)\]"
    r"|IN\s*\((?P<in>[^)]*)\))"
)
VALUE = re.compile(r"'((?:[^']|'')*)'")

CHECKS_SQL = """
SELECT cl.relname, pg_get_constraintdef(c.oid)
FROM pg_constraint c
JOIN pg_class cl ON cl.oid = c.conrelid
JOIN pg_namespace n ON n.oid = cl.relnamespace
WHERE c.contype = 'c' AND n.nspname = 'public'
ORDER BY cl.relname, c.conname
"""


def listed_values(definition: str) -> list[tuple[str, set[str]]]:
    """(column, values) of each list of literals a CHECK's definition holds."""
    found = []
    for match in LISTED.finditer(definition):
        text = match.group("any") or match.group("array") or match.group("in") or ""
        values = {v.replace("''", "'") for v in VALUE.findall(text)}
        if values:
            found.append((match.group("column"), values))
    return found


def database_vocabularies(conn: psycopg.Connection) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for table, definition in conn.execute(CHECKS_SQL).fetchall():
        for column, values in listed_values(definition):
            assert (table, column) not in found, f"two lists of values for {table}.{column}"
            found[table, column] = values
    return found


def drift(conn: psycopg.Connection) -> dict[tuple[str, str], tuple[set[str], set[str]]]:
    """Each (table, column) whose CHECK and api.vocabulary disagree: (database, module)."""
    database = database_vocabularies(conn)
    module = {key: set(values) for key, values in vocabulary.CHECKED.items()}
    return {
        key: (database.get(key, set()), module.get(key, set()))
        for key in database.keys() | module.keys()
        if database.get(key) != module.get(key)
    }


def test_the_definitions_are_parsed_in_every_form() -> None:
    assert listed_values("CHECK ((status = ANY (ARRAY['registered'::text, 'it''s'::text])))") == [
        ("status", {"registered", "it's"})
    ]
    assert listed_values(
        "CHECK (((scopes <@ ARRAY['read'::text, 'pii'::text]) AND (cardinality(scopes) >= 1)))"
    ) == [("scopes", {"read", "pii"})]
    assert listed_values("CHECK (stage IN ('before', 'after'))") == [("stage", {"before", "after"})]
    assert listed_values("CHECK ((floors >= 1) AND (floors <= 50))") == []


def test_every_vocabulary_check_allows_exactly_the_modules_values(
    db: psycopg.Connection,
) -> None:
    assert drift(db) == {}
    assert len(database_vocabularies(db)) == len(vocabulary.CHECKED)


def test_a_check_drifting_from_the_module_is_found(database_url: str) -> None:
    with psycopg.connect(database_url) as conn:  # one transaction, rolled back
        conn.execute(
            "ALTER TABLE violation DROP CONSTRAINT violation_status_check;"
            "ALTER TABLE violation ADD CONSTRAINT violation_status_check CHECK (status IN "
            "('registered', 'verified', 'planned', 'rectifying', 'demolished', 'rectified', "
            "'written_off', 'dismissed', 'relocated')) NOT VALID;"
            "CREATE TABLE vocabulary_probe (colour text CHECK (colour IN ('red', 'blue')))"
        )
        found = drift(conn)
        conn.rollback()
    assert set(found) == {("violation", "status"), ("vocabulary_probe", "colour")}
    assert found["violation", "status"][0] - found["violation", "status"][1] == {"relocated"}


def test_the_sets_and_lifecycles_hold_the_vocabularies() -> None:
    statuses = set(vocabulary.VIOLATION_STATUSES)
    assert set(vocabulary.STANDING) | set(vocabulary.DEALT_WITH) <= statuses
    assert not set(vocabulary.STANDING) & set(vocabulary.DEALT_WITH)
    assert set(vocabulary.WRITE_OFF_FROM) <= set(vocabulary.DEALT_WITH)
    assert set(lifecycle.MOVES) == statuses
    assert set(lifecycle.LABELS_ZH) == statuses
    complaint = set(vocabulary.COMPLAINT_STATUSES)
    assert set(complaint_lifecycle.MOVES) == complaint
    assert set(complaint_lifecycle.LABELS_ZH) == complaint
    assert set(vocabulary.COMPLAINT_OPEN) | set(vocabulary.COMPLAINT_ANSWERED) < complaint
    assert set(SCOPE_PERMISSIONS) == set(vocabulary.API_KEY_SCOPES)
    assert set(vocabulary.USER_ROLES) <= {role.value for role in Role}


def test_the_public_vocabulary_is_the_modules(client: TestClient) -> None:
    response = client.get("/api/v1/public/vocabulary", headers=ANONYMOUS)
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("public, max-age=")
    body = response.json()
    assert body == vocabulary.public()
    assert body["violation"]["standing"] == list(vocabulary.STANDING)
    assert body["violation"]["status"] == list(vocabulary.VIOLATION_STATUSES)
    assert body["complaint"]["channel"] == list(vocabulary.COMPLAINT_CHANNELS)


FRONTEND = Path(__file__).resolve().parent.parent / "frontend" / "js"


def js_block(text: str, name: str) -> set[str]:
    """The keys of `  name: { key: […], … },` in vocab.js (its words per value)."""
    match = re.search(rf"^ {{2,4}}{name}: \{{\n(.*?)^ {{2,4}}\}}", text, re.M | re.S)
    assert match, f"vocab.js has no block {name}"
    return set(re.findall(r"^\s+(\w+):", match.group(1), re.M))


def test_the_map_has_words_and_colours_for_every_value() -> None:
    """The map takes the values from the service; its words (and the colours of the
    statuses) are its own, so every value the module holds must have them."""
    vocab_js = (FRONTEND / "vocab.js").read_text()
    served = vocabulary.public()
    kinds = {
        "status": served["violation"]["status"],
        "ledger": served["violation"]["ledger"],
        "structure_type": served["violation"]["structure_type"],
        "use": served["violation"]["use"],
        "found_by": served["violation"]["found_by"],
        "plan_measure": served["violation"]["plan_measure"],
        "complaint_status": served["complaint"]["status"],
    }
    for kind, values in kinds.items():
        assert js_block(vocab_js, kind) == set(values), kind
    colours = re.search(r"STATUS_COLORS = \{\n(.*?)^\};", vocab_js, re.M | re.S)
    assert colours
    assert set(re.findall(r"^\s+(\w+):", colours.group(1), re.M)) == set(kinds["status"])
    everything = "".join(p.read_text() for p in FRONTEND.glob("*.js"))
    for stage in vocabulary.PHOTO_STAGES:
        assert f'"photo.stage.{stage}": [' in everything
    for channel in vocabulary.COMPLAINT_CHANNELS:
        assert f'"channel.{channel}": [' in everything
    # No list of statuses is written in the map itself any more.
    assert '["registered", "verified", "planned", "rectifying"]' not in everything


def test_the_maps_copy_of_the_vocabulary_is_current() -> None:
    """frontend/js/vocabulary.js is generated from the module: python -m api.vocabulary."""
    assert (FRONTEND / "vocabulary.js").read_text() == vocabulary.javascript()
    assert 'from "./vocabulary.js"' in (FRONTEND / "vocab.js").read_text()
