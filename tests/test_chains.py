"""The hash chains of the histories (migration 0012) and `weijian verify`: events
appended through the API verify clean; an edit or a removal made in the database by a
superuser, with the append-only trigger switched off, is reported with its table and id
(exit 1); a chain re-hashed after a monthly submission breaks the head it recorded;
an uploaded photo's sha256 is in its chained audit line."""

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg.types.json import Jsonb

from api.settings import Settings
from tests.conftest import District, created, feature
from tests.images import photo_app, png, upload

TAMPERED = "tampered in the database"


def verify(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "verify"],
        env={**os.environ, "DATABASE_URL": database_url, "WEIJIAN_ENV": "test"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_clean(database_url: str) -> None:
    done = verify(database_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every history chain is intact" in done.stdout
    assert "BROKEN" not in done.stdout


def broken_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 1, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith("BROKEN")]


def behind_the_service(db: psycopg.Connection, table: str, statement: str, *args: Any) -> None:
    """Run `statement` on `table` as the superuser, with its triggers switched off."""
    with db.transaction():
        db.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        db.execute(statement, args)
        db.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def rehash(db: psycopg.Connection, table: str, from_id: int) -> None:
    """What someone covering an edit would do: chain every row from `from_id` again."""
    behind_the_service(
        db,
        table,
        f"""DO $$ DECLARE r {table}; prev text; BEGIN
              SELECT hash INTO prev FROM {table} WHERE id < {from_id} ORDER BY id DESC LIMIT 1;
              prev := COALESCE(prev, weijian_chain_genesis());
              FOR r IN SELECT * FROM {table} WHERE id >= {from_id} ORDER BY id LOOP
                  UPDATE {table} SET prev_hash = prev, hash = weijian_chain_hash(prev, r)
                  WHERE id = r.id RETURNING hash INTO prev;
              END LOOP; END $$""",
    )


def edit_violation(client: TestClient, vid: int, version: int, floors: int) -> None:
    response = client.patch(
        f"/api/v1/violations/{vid}",
        json={"properties": {"floors": floors}},
        headers={"If-Match": f'"{version}"'},
    )
    assert response.status_code == 200, response.text


def test_events_are_chained_by_the_trigger(
    client: TestClient, make_violation: Any, db: psycopg.Connection
) -> None:
    vid = make_violation()["id"]
    edit_violation(client, vid, 1, 2)
    rows = db.execute(
        "SELECT id, prev_hash, hash, weijian_chain_hash(prev_hash, e) "
        "FROM violation_event e WHERE violation_id = %s ORDER BY id",
        (vid,),
    ).fetchall()
    assert len(rows) == 2
    for _, prev_hash, stored, computed in rows:
        assert stored == computed and len(stored) == 64 and prev_hash != stored
    (first, *_), (second_id, second_prev, *_) = rows
    before = db.execute(
        "SELECT hash FROM violation_event WHERE id < %s ORDER BY id DESC LIMIT 1",
        (second_id,),
    ).fetchone()
    assert before is not None and second_prev == before[0]
    # The hash does not depend on the session's time zone.
    db.execute("SET timezone = 'Asia/Shanghai'")
    again = db.execute(
        "SELECT hash = weijian_chain_hash(prev_hash, e) FROM violation_event e WHERE id = %s",
        (first,),
    ).fetchone()
    assert again == (True,)


def test_copy_rows_are_chained(database_url: str, db: psycopg.Connection) -> None:
    with (
        db.cursor() as cur,
        cur.copy("COPY audit_log (actor, actor_kind, action, status) FROM STDIN") as copy,
    ):
        for n in range(3):
            copy.write_row(("loader", "system", f"copied {n}", 200))
    rows = db.execute(
        "SELECT prev_hash, hash, lag(hash) OVER (ORDER BY id) FROM audit_log "
        "ORDER BY id DESC LIMIT 2"
    ).fetchall()
    for prev_hash, _, before in rows:
        assert prev_hash == before
    assert_clean(database_url)


def test_an_edit_behind_the_service_is_caught(
    database_url: str, client: TestClient, make_violation: Any, db: psycopg.Connection
) -> None:
    vid = make_violation()["id"]
    for version in (1, 2, 3):
        edit_violation(client, vid, version, version + 1)
    assert_clean(database_url)

    old, reason = db.execute(
        "SELECT id, reason FROM violation_event WHERE violation_id = %s ORDER BY id LIMIT 1",
        (vid,),
    ).fetchone() or (None, None)
    assert old is not None
    behind_the_service(
        db,
        "violation_event",
        "UPDATE violation_event SET reason = %s WHERE id = %s",
        TAMPERED,
        old,
    )
    lines = broken_lines(verify(database_url))
    assert lines == [line for line in lines if line.startswith(f"BROKEN violation_event {old}:")], (
        lines
    )
    assert len(lines) == 1 and "does not match its hash" in lines[0]

    # Put it back as it was: the chain is whole again.
    behind_the_service(
        db,
        "violation_event",
        "UPDATE violation_event SET reason = %s WHERE id = %s",
        reason,
        old,
    )
    assert_clean(database_url)


def test_a_removed_row_is_caught(
    database_url: str, client: TestClient, make_violation: Any, db: psycopg.Connection
) -> None:
    vid = make_violation()["id"]
    edit_violation(client, vid, 1, 5)  # writes audit rows
    removed, after = (
        row[0]
        for row in db.execute("SELECT id FROM audit_log ORDER BY id DESC LIMIT 2").fetchall()[::-1]
    )
    db.execute("CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE id = %s", (removed,))
    behind_the_service(db, "audit_log", "DELETE FROM audit_log WHERE id = %s", removed)
    lines = broken_lines(verify(database_url))
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"BROKEN audit_log {after}:")
    assert "a row before it was removed" in lines[0]

    behind_the_service(
        db, "audit_log", "INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM saved"
    )
    assert_clean(database_url)


def test_a_submission_records_the_heads_and_catches_a_rewrite(
    database_url: str,
    client: TestClient,
    district: District,
    make_violation: Any,
    db: psycopg.Connection,
) -> None:
    vid = make_violation()["id"]
    heads_before = db.execute("SELECT weijian_chain_heads()").fetchone()
    submitted = client.post(
        "/api/v1/reports/monthly/2019-10/submissions",
        json={"community_id": district.community_id},
    )
    assert submitted.status_code == 201, submitted.text
    report = submitted.json()["id"]
    row = db.execute("SELECT chain_heads FROM monthly_report WHERE id = %s", (report,)).fetchone()
    assert row is not None and heads_before is not None
    assert row[0] == heads_before[0]  # nothing was appended between the two
    assert row[0]["violation_event"]["id"] >= vid  # the violation's events are before it
    edit_violation(client, vid, 1, 7)  # a later event: not covered by the heads
    assert_clean(database_url)

    # An old event changed and the chain re-hashed from it: every row matches its hash
    # again, but the head the submission recorded has another hash now.
    old, reason = db.execute(
        "SELECT id, reason FROM violation_event WHERE violation_id = %s ORDER BY id LIMIT 1",
        (vid,),
    ).fetchone() or (None, None)
    assert old is not None
    behind_the_service(
        db,
        "violation_event",
        "UPDATE violation_event SET reason = %s WHERE id = %s",
        TAMPERED,
        old,
    )
    rehash(db, "violation_event", old)
    lines = broken_lines(verify(database_url))
    mine = [line for line in lines if f"monthly_report {report} " in line]
    assert len(mine) == 1, lines
    head = row[0]["violation_event"]["id"]
    assert mine[0].startswith(f"BROKEN violation_event {head}:")
    assert "rewritten after that submission" in mine[0]
    assert not [line for line in lines if "does not match its hash" in line]

    behind_the_service(
        db,
        "violation_event",
        "UPDATE violation_event SET reason = %s WHERE id = %s",
        reason,
        old,
    )
    rehash(db, "violation_event", old)
    assert_clean(database_url)


def test_a_photo_upload_is_chained_with_its_sha256(
    database_url: str,
    settings: Settings,
    tmp_path: Path,
    district: District,
    db: psycopg.Connection,
) -> None:
    data = png()
    with photo_app(settings, tmp_path) as photos:
        household = created(
            photos.post(
                "/api/v1/households",
                json=feature(None, compound_id=district.compound_id, building="3号楼"),
            )
        )
        uploaded = upload(photos, "household", household["id"], data, name="door.png")
    assert uploaded.status_code == 201, uploaded.text
    photo = uploaded.json()["id"]
    row = db.execute(
        "SELECT id, detail FROM audit_log WHERE record_type = 'photos' AND record_id = %s",
        (photo,),
    ).fetchone()
    assert row is not None
    assert row[1] == {
        "sha256": hashlib.sha256(data).hexdigest(),
        "owner_type": "household",
        "owner_id": household["id"],
    }
    assert_clean(database_url)
    # The hash in the audit line cannot be swapped for another file's unseen.
    behind_the_service(
        db,
        "audit_log",
        "UPDATE audit_log SET detail = jsonb_set(detail, '{sha256}', to_jsonb(repeat('a', 64))) "
        "WHERE id = %s",
        row[0],
    )
    lines = broken_lines(verify(database_url))
    assert lines == [line for line in lines if line.startswith(f"BROKEN audit_log {row[0]}:")]
    assert len(lines) == 1
    behind_the_service(
        db, "audit_log", "UPDATE audit_log SET detail = %s WHERE id = %s", Jsonb(row[1]), row[0]
    )
    assert_clean(database_url)


def test_concurrent_inserts_chain_one_after_the_other(database_url: str) -> None:
    """A second writer waits for the first's commit, then chains to its row, with a
    greater id: neither chains to the same predecessor."""
    insert = (
        "INSERT INTO audit_log (actor, actor_kind, action, status) "
        "VALUES ('chain-test', 'system', %s, 200) RETURNING id, prev_hash, hash"
    )
    second: list[tuple[Any, ...]] = []
    with psycopg.connect(database_url) as first, psycopg.connect(database_url) as watcher:
        watcher.autocommit = True
        a = first.execute(insert, ("first",)).fetchone()
        assert a is not None

        def write_second() -> None:
            with psycopg.connect(database_url, autocommit=True) as conn:
                second.append(conn.execute(insert, ("second",)).fetchone() or ())

        thread = threading.Thread(target=write_second)
        thread.start()
        for _ in range(200):  # until the second writer waits for the chain's lock
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()
            if waiting and waiting[0]:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the second insert did not wait for the first")
        first.commit()
        thread.join(timeout=30)
    (b_id, b_prev, _), (a_id, _, a_hash) = second[0], a
    assert b_id > a_id and b_prev == a_hash
    assert_clean(database_url)
