"""Checking the hash chains of the append-only histories (migration 0012).

Each row of a chained table holds `prev_hash` and `hash`; the BEFORE INSERT trigger
`weijian_chain_<table>()` sets them. `verify` recomputes every chain in SQL and lists each break:
a row whose content no longer matches its hash (edited), a row whose `prev_hash` is not
the hash of the row before it (a row before it was removed, or re-hashed), and a monthly
submission whose recorded chain head is gone or has another hash now (the chain was
rewritten after the submission). `weijian verify` prints them.
"""

from dataclasses import dataclass

from psycopg import Connection, sql

# the chained histories, in the order they are checked
CHAINED = ("violation_event", "complaint_event", "audit_log", "monthly_report")

CHAIN_SQL = """
WITH c AS (
    SELECT id, prev_hash, hash, weijian_chain_hash(prev_hash, t) AS computed,
           lag(id) OVER w AS before_id, lag(hash) OVER w AS before_hash
    FROM {table} t
    WINDOW w AS (ORDER BY id)
)
SELECT id, prev_hash, hash, computed, before_id, before_hash
FROM c
WHERE hash IS DISTINCT FROM computed
   OR prev_hash IS DISTINCT FROM COALESCE(before_hash, weijian_chain_genesis())
ORDER BY id
"""

# Each head a submission recorded, beside the row with that id now.
HEADS_SQL = """
SELECT r.id, r.community_id, to_char(r.month, 'YYYY-MM'), h.key,
       (h.value ->> 'id')::bigint, h.value ->> 'hash', e.hash
FROM monthly_report r
CROSS JOIN LATERAL jsonb_each(r.chain_heads) h
LEFT JOIN LATERAL (
    SELECT hash FROM {events} WHERE id = (h.value ->> 'id')::bigint
) e ON true
WHERE h.key = %(table)s AND jsonb_typeof(h.value) = 'object'
  AND e.hash IS DISTINCT FROM h.value ->> 'hash'
ORDER BY r.id
"""


@dataclass(frozen=True)
class Break:
    table: str
    id: int
    problem: str

    def __str__(self) -> str:
        return f"{self.table} {self.id}: {self.problem}"


def _short(digest: str | None) -> str:
    return digest[:12] if digest else "nothing"


def chain_breaks(conn: Connection, table: str) -> list[Break]:
    rows = conn.execute(sql.SQL(CHAIN_SQL).format(table=sql.Identifier(table))).fetchall()
    found = []
    for id_, prev_hash, stored, computed, before_id, before_hash in rows:
        if stored != computed:
            found.append(
                Break(
                    table,
                    id_,
                    f"its content does not match its hash (stored {_short(stored)}…, "
                    f"recomputed {_short(computed)}…): the row was changed after it was written",
                )
            )
        expected = before_hash or "0" * 64
        if prev_hash != expected:
            before = f"row {before_id}" if before_id is not None else "the chain's start"
            found.append(
                Break(
                    table,
                    id_,
                    f"its prev_hash {_short(prev_hash)}… is not the hash of {before} "
                    f"({_short(expected)}…): a row before it was removed or re-hashed",
                )
            )
    return found


def head_breaks(conn: Connection, table: str) -> list[Break]:
    """The chain heads monthly submissions recorded for `table` that no longer hold."""
    query = sql.SQL(HEADS_SQL).format(events=sql.Identifier(table))
    found = []
    for report, community, month, _, head_id, recorded, now in conn.execute(
        query, {"table": table}
    ).fetchall():
        what = "is gone" if now is None else f"now has hash {_short(now)}…"
        found.append(
            Break(
                table,
                head_id,
                f"the head recorded by monthly_report {report} (community {community}, "
                f"{month}) had hash {_short(recorded)}… and {what}: the chain was rewritten "
                "after that submission",
            )
        )
    return found


def verify(conn: Connection) -> list[Break]:
    """Every break of every chain (empty: all intact)."""
    found: list[Break] = []
    for table in CHAINED:
        found += chain_breaks(conn, table)
        if table != "monthly_report":
            found += head_breaks(conn, table)
    return found


def counts(conn: Connection) -> dict[str, int]:
    return {
        table: conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        ).fetchone()[0]  # type: ignore[index]
        for table in CHAINED
    }
