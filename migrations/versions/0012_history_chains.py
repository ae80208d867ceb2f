"""Hash chains over the append-only histories, and the chain heads of each submission.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

Every row of violation_event, complaint_event, audit_log and monthly_report carries
`prev_hash` (the hash of the row before it in id order; 64 zeros for the first) and
`hash` = sha256 over `prev_hash`, a newline and the row's canonical text
(`weijian_chain_text`: the row as jsonb without the two hash columns and without null
top-level fields, rendered with TimeZone UTC). A BEFORE INSERT trigger
(`weijian_chain_<table>()`) computes them, so every writer gets them: the service,
the demo loader's COPY, psql. The trigger first takes the table's advisory
transaction lock, then gives the row its id from the identity sequence. The lock is
held until commit, so ids grow in the order rows are chained, and two concurrent
inserts never chain to the same predecessor.

An edit made behind the service's back (a superuser switching the append-only trigger
off) no longer matches its hash; a removed row breaks its successor's `prev_hash`;
re-hashing the whole chain changes the heads each monthly submission froze
(`monthly_report.chain_heads`). `weijian verify` (api/db/chains.py) checks all of it.
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CHAINED = ("violation_event", "complaint_event", "audit_log", "monthly_report")
# the chains a submission records the heads of (not its own)
HEADS = ("violation_event", "complaint_event", "audit_log")

FUNCTIONS = """
-- The canonical text of a history row: its jsonb without the chain's own columns and
-- without null fields (so a nullable column added later leaves old hashes valid); jsonb
-- orders keys itself. TimeZone and extra_float_digits are fixed so the text does not
-- depend on the session.
CREATE FUNCTION weijian_chain_text(r anyelement) RETURNS text
LANGUAGE sql STABLE
SET timezone TO 'UTC' SET extra_float_digits TO 1
AS $$
    SELECT COALESCE(jsonb_object_agg(key, value), '{}'::jsonb)::text
    FROM jsonb_each(to_jsonb(r) - 'hash' - 'prev_hash')
    WHERE jsonb_typeof(value) <> 'null'
$$;

CREATE FUNCTION weijian_chain_hash(prev_hash text, r anyelement) RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT encode(sha256(convert_to(prev_hash || E'\\n' || weijian_chain_text(r), 'UTF8')),
                  'hex')
$$;

CREATE FUNCTION weijian_chain_genesis() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT repeat('0', 64) $$;

"""

# BEFORE INSERT on one table: lock its chain, take the next id, chain to the last row.
# One function per table, so its statements are planned once (no dynamic SQL per row).
CHAIN_FUNCTION = """
CREATE FUNCTION weijian_chain_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('weijian.chain'), hashtext('{table}'));
    NEW.id := nextval('{table}_id_seq');
    SELECT hash INTO last_hash FROM {table} ORDER BY id DESC LIMIT 1;
    NEW.prev_hash := COALESCE(last_hash, weijian_chain_genesis());
    NEW.hash := weijian_chain_hash(NEW.prev_hash, NEW);
    RETURN NEW;
END $$;
"""

HEADS_FUNCTION = """
-- The last row (id and hash) of each chained history, as a submission records them.
CREATE FUNCTION weijian_chain_heads() RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'violation_event', (SELECT jsonb_build_object('id', id, 'hash', hash)
                            FROM violation_event ORDER BY id DESC LIMIT 1),
        'complaint_event', (SELECT jsonb_build_object('id', id, 'hash', hash)
                            FROM complaint_event ORDER BY id DESC LIMIT 1),
        'audit_log', (SELECT jsonb_build_object('id', id, 'hash', hash)
                      FROM audit_log ORDER BY id DESC LIMIT 1))
$$;
"""

# Chain the rows already there, in id order (the append-only trigger is off meanwhile).
BACKFILL = """
DO $$
DECLARE
    r {table};
    prev text := weijian_chain_genesis();
BEGIN
    FOR r IN SELECT * FROM {table} ORDER BY id LOOP
        UPDATE {table} SET prev_hash = prev, hash = weijian_chain_hash(prev, r)
        WHERE id = r.id RETURNING hash INTO prev;
    END LOOP;
END $$;
"""


def upgrade() -> None:
    op.execute(FUNCTIONS)
    op.execute("ALTER TABLE monthly_report ADD COLUMN chain_heads jsonb")
    for table in CHAINED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN prev_hash text, ADD COLUMN hash text")
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        op.execute(BACKFILL.format(table=table))
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN prev_hash SET NOT NULL, "
            f"ALTER COLUMN hash SET NOT NULL, "
            f"ADD CONSTRAINT {table}_hash_check CHECK (hash ~ '^[0-9a-f]{{64}}$'), "
            f"ADD CONSTRAINT {table}_prev_hash_check CHECK (prev_hash ~ '^[0-9a-f]{{64}}$')"
        )
        op.execute(CHAIN_FUNCTION.format(table=table))
        op.execute(
            f"CREATE TRIGGER {table}_chain BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION weijian_chain_{table}()"
        )
    op.execute(HEADS_FUNCTION)


def downgrade() -> None:
    for table in CHAINED:
        op.execute(f"DROP TRIGGER {table}_chain ON {table}")
        op.execute(f"DROP FUNCTION weijian_chain_{table}()")
        op.execute(f"ALTER TABLE {table} DROP COLUMN prev_hash, DROP COLUMN hash")
    op.execute("ALTER TABLE monthly_report DROP COLUMN chain_heads")
    op.execute(
        "DROP FUNCTION weijian_chain_heads(); "
        "DROP FUNCTION weijian_chain_genesis(); "
        "DROP FUNCTION weijian_chain_hash(text, anyelement); "
        "DROP FUNCTION weijian_chain_text(anyelement);"
    )
