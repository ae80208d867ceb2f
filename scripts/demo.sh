#!/usr/bin/env bash
# `make demo` and `make serve`: set up, find the database, migrate, (load the demo
# district,) and serve the service in the foreground until Ctrl-C.
#
#   scripts/demo.sh [--no-load] [--host HOST] [--port PORT]
#
# The database is DATABASE_URL if set, else "weijian" on the server scripts/database.sh
# finds. WEIJIAN_ENV defaults to "demo". Other settings come from the environment as usual.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load=1 host=127.0.0.1 port=8000
while [ $# -gt 0 ]; do
	case "$1" in
	--no-load) load=0 ;;
	--host) host=${2:?--host needs a value} && shift ;;
	--port) port=${2:?--port needs a value} && shift ;;
	*) die "usage: scripts/demo.sh [--no-load] [--host HOST] [--port PORT]" ;;
	esac
	shift
done

probe=$host
[ "$probe" != 0.0.0.0 ] || probe=127.0.0.1
if (exec 3<>"/dev/tcp/$probe/$port") 2>/dev/null; then
	die "port $port on $host is already in use (another \`make demo\`?). Stop it, or pick \
another port: make demo PORT=8001"
fi

"$REPO/scripts/setup.sh"
DATABASE_URL=$("$REPO/scripts/database.sh" demo)
export DATABASE_URL
export WEIJIAN_ENV="${WEIJIAN_ENV:-demo}"

cd "$REPO"
log "migrating the database (weijian db upgrade)"
"$VENV/bin/weijian" db upgrade
if [ "$load" = 1 ]; then
	log "loading the demo district (weijian demo load)"
	"$VENV/bin/weijian" demo load
fi

cat <<BANNER

  Weijian is starting on http://$host:$port/   (API docs: http://$host:$port/docs)
  database: $(pgurl redact "$DATABASE_URL")
  Stop with Ctrl-C. The database keeps running ("make db-stop" stops a private cluster).

BANNER
exec "$VENV/bin/weijian" serve --host "$host" --port "$port"
