"""The data version of each community, bumped by every write in the writing transaction.

Revision ID: 0011
Revises: 0010 (0009 is another change's; the lead sets this to 0009 when both land)
Create Date: 2026-12-01

Vector tiles (api/tiles/) are cached and answered 304 by an ETag made of the versions of
the communities a tile touches. `data_version` holds one row per community (community_id
0: records without one), whose `version` is a fresh value of the sequence
`data_version_seq` after every statement that inserts, changes or deletes a row belonging
to it: violations, sweeps, households, complaints, grid cells, compounds, the community
itself, and the maintained grid figures (grid_stat, refreshed in the writing
transaction). Statement-level triggers with transition tables, so a bulk load bumps each
community once per statement. The bump is part of the writing transaction: a reader
sees the new version exactly when it sees the change.
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE SEQUENCE data_version_seq;

CREATE TABLE data_version (
    community_id bigint PRIMARY KEY,
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Bump the communities named by column TG_ARGV[0] of the statement's old and new rows,
-- each once, in id order (two writers lock the rows in the same order).
CREATE FUNCTION weijian_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    col text := quote_ident(TG_ARGV[0]);
    picked text;
BEGIN
    picked := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT ' || col || ' AS c FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT ' || col || ' AS c FROM old_rows'
        ELSE 'SELECT ' || col || ' AS c FROM new_rows UNION SELECT ' || col || ' FROM old_rows'
    END;
    EXECUTE 'INSERT INTO data_version (community_id, version) '
        'SELECT c, nextval(''data_version_seq'') FROM '
        '(SELECT DISTINCT COALESCE(c, 0) AS c FROM (' || picked || ') touched ORDER BY 1) d '
        'ON CONFLICT (community_id) DO UPDATE '
        'SET version = EXCLUDED.version, changed_at = now()';
    RETURN NULL;
END $$;

-- The maintained figures of grid cells: bump the cells' communities.
CREATE FUNCTION weijian_bump_data_version_of_cells() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    picked text;
BEGIN
    picked := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT grid_id FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT grid_id FROM old_rows'
        ELSE 'SELECT grid_id FROM new_rows UNION SELECT grid_id FROM old_rows'
    END;
    EXECUTE 'INSERT INTO data_version (community_id, version) '
        'SELECT c, nextval(''data_version_seq'') FROM '
        '(SELECT DISTINCT g.community_id AS c FROM (' || picked || ') touched '
        'JOIN grid_cell g ON g.id = touched.grid_id ORDER BY 1) d '
        'ON CONFLICT (community_id) DO UPDATE '
        'SET version = EXCLUDED.version, changed_at = now()';
    RETURN NULL;
END $$;
"""

# Each record table and the column naming its community.
TABLES = {
    "community": "id",
    "compound": "community_id",
    "grid_cell": "community_id",
    "violation": "community_id",
    "sweep": "community_id",
    "household": "community_id",
    "complaint": "community_id",
}


def _trigger(table: str, function: str, args: str) -> list[str]:
    call = f"EXECUTE FUNCTION {function}({args})"
    return [
        f"CREATE TRIGGER {table}_version_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT {call};",
        f"CREATE TRIGGER {table}_version_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {call};",
        f"CREATE TRIGGER {table}_version_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT {call};",
    ]


def triggers() -> str:
    statements = []
    for table, column in TABLES.items():
        statements += _trigger(table, "weijian_bump_data_version", f"'{column}'")
    statements += _trigger("grid_stat", "weijian_bump_data_version_of_cells", "")
    return "\n".join(statements)


DOWNGRADE = (
    "\n".join(
        f"DROP TRIGGER {t}_version_{op} ON {t};"
        for t in (*TABLES, "grid_stat")
        for op in ("insert", "update", "delete")
    )
    + """
DROP FUNCTION weijian_bump_data_version_of_cells();
DROP FUNCTION weijian_bump_data_version();
DROP TABLE data_version;
DROP SEQUENCE data_version_seq;
"""
)


def upgrade() -> None:
    op.execute(UPGRADE)
    op.execute(triggers())


def downgrade() -> None:
    op.execute(DOWNGRADE)
