#!/usr/bin/env bash
# The container's entrypoint (see Dockerfile).
#
#   serve (default)  wait for the database, `weijian db upgrade`, then `weijian demo load`
#                    if WEIJIAN_LOAD_DEMO=1, then `weijian serve` on 0.0.0.0:8000
#   anything else    wait for the database, then run it (e.g. `weijian demo load --replace`)
#
# DATABASE_URL names the database (compose sets it); WEIJIAN_DB_WAIT_SECONDS (default 60)
# bounds the wait.
set -euo pipefail

log() { printf 'weijian-entrypoint: %s\n' "$*" >&2; }

: "${DATABASE_URL:?set DATABASE_URL to the PostGIS database, e.g. postgresql://postgres:postgres@db:5432/weijian}"

wait_for_database() {
	local deadline=$((SECONDS + ${WEIJIAN_DB_WAIT_SECONDS:-60}))
	log "waiting for the database"
	until python - <<'PY' 2>/dev/null; do
import os
import psycopg
from api.settings import psycopg_url

psycopg.connect(psycopg_url(os.environ["DATABASE_URL"]), connect_timeout=3).close()
PY
		if [ "$SECONDS" -ge "$deadline" ]; then
			log "the database did not answer within ${WEIJIAN_DB_WAIT_SECONDS:-60} s; giving up"
			exit 1
		fi
		sleep 1
	done
}

wait_for_database
if [ "${1:-serve}" != serve ]; then
	exec "$@"
fi

weijian db upgrade
if [ "${WEIJIAN_LOAD_DEMO:-0}" = 1 ]; then
	weijian demo load
fi
exec weijian serve --host 0.0.0.0 --port 8000
