#!/usr/bin/env bash
# Find or start PostgreSQL + PostGIS, make sure the database exists with PostGIS enabled,
# and print its URL on stdout (progress goes to stderr).
#
#   scripts/database.sh [demo]   the service's database: DATABASE_URL, else "weijian"
#   scripts/database.sh test     the tests' database: WEIJIAN_TEST_DATABASE_URL, else
#                                "weijian_test" on the same server (never the demo one)
#   scripts/database.sh status   which private cluster exists and whether it runs
#   scripts/database.sh stop     stop the private cluster (never any other server)
#
# The server, in this order:
#   1. DATABASE_URL, if set;
#   2. a server answering on 127.0.0.1:5432 (as user postgres, else as the current user);
#   3. a private cluster under .data/pg, started from Debian's PostgreSQL binaries
#      (installed if there are none), listening on 127.0.0.1 only, port 54329 or the next
#      free one. WEIJIAN_DB_MODE=private skips step 2; WEIJIAN_PG_PORT picks the port.
# PostGIS for the server's major version is installed with apt-get when the server is on
# this machine and lacks it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DB=weijian
TEST_DB=weijian_test
PRIVATE_PORT="${WEIJIAN_PG_PORT:-54329}"

# psql, never prompting for a password, failing on the first error, bare output.
sql() {
	local url=$1
	shift
	PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}" psql -X -w -q -A -t -v ON_ERROR_STOP=1 -d "$url" "$@"
}

ensure_client_tools() {
	if ! psql --version >/dev/null 2>&1 || ! pg_isready --version >/dev/null 2>&1; then
		apt_install postgresql-client
	fi
}

# --- a server on 127.0.0.1:5432 ----------------------------------------------------------

# The URL (database "postgres") of a server on 127.0.0.1:5432 we may use, or fail.
system_server_url() {
	local rc=0 tries=0 user
	pg_isready -q -h 127.0.0.1 -p 5432 -t 3 || rc=$?
	while [ "$rc" -eq 1 ] && [ "$tries" -lt 15 ]; do # 1 = starting up: give it a moment
		sleep 1
		tries=$((tries + 1))
		rc=0
		pg_isready -q -h 127.0.0.1 -p 5432 -t 3 || rc=$?
	done
	[ "$rc" -eq 0 ] || return 1
	for user in postgres "$(id -un)"; do
		if sql "postgresql://$user@127.0.0.1:5432/postgres" -c 'SELECT 1' >/dev/null 2>&1; then
			log "using the PostgreSQL server on 127.0.0.1:5432 (as $user)"
			echo "postgresql://$user@127.0.0.1:5432/postgres"
			return 0
		fi
	done
	die "a server answers on 127.0.0.1:5432 but lets neither postgres nor $(id -un) in without a \
password. Set DATABASE_URL=postgresql://USER:PASSWORD@127.0.0.1:5432/$DEMO_DB, or run with \
WEIJIAN_DB_MODE=private to start a private cluster instead."
}

# --- the private cluster -----------------------------------------------------------------

# Run a command as the cluster's owner: the postgres user when we are root (initdb refuses
# root), else ourselves. From / so that postgres is not left in a directory it cannot read.
as_owner() {
	if is_root; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# Where the private cluster lives (data/, run/, server.log, port).
# Normally .data/pg in the repository. When running as root, the postgres user must be able
# to reach that folder; under /root (mode 700) it cannot. Rather than loosen the permissions
# of someone's home directory (chmod o+x, or an ACL, is visible to every other program and
# user), the cluster then goes to /var/tmp/weijian-pg-<hash of the repository path>, which
# touches nobody's permissions and survives reboots. WEIJIAN_PG_DIR overrides both.
cluster_dir() {
	local create=${1:-} preferred="$DATA_DIR/pg" fallback
	if [ -n "${WEIJIAN_PG_DIR:-}" ]; then
		echo "$WEIJIAN_PG_DIR"
		return
	fi
	fallback="/var/tmp/weijian-pg-$(printf '%s' "$REPO" | sha256sum | cut -c1-12)"
	if ! is_root || [ -f "$preferred/data/PG_VERSION" ]; then
		echo "$preferred"
	elif [ -f "$fallback/data/PG_VERSION" ]; then
		echo "$fallback"
	elif [ "$create" != create ]; then
		echo "$preferred" # none yet (it may still land in the fallback when created)
	else
		mkdir -p "$preferred"
		chown postgres:postgres "$preferred"
		if as_owner test -w "$preferred" -a -x "$preferred"; then
			echo "$preferred"
		else
			rmdir "$preferred" 2>/dev/null || true
			log "the postgres user cannot reach $REPO (a parent folder is closed to other users);"
			log "the private cluster goes to $fallback instead"
			echo "$fallback"
		fi
	fi
}

# The newest installed server major version (from /usr/lib/postgresql/<major>/bin), or fail.
installed_major() {
	local dir major=""
	for dir in /usr/lib/postgresql/*/bin; do
		[ -x "$dir/initdb" ] || continue
		dir=${dir%/bin}
		dir=${dir##*/}
		if [ -z "$major" ] || [ "$dir" -gt "$major" ]; then major=$dir; fi
	done
	[ -n "$major" ] && echo "$major"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local port
	for port in "$@" $(seq "$PRIVATE_PORT" $((PRIVATE_PORT + 20))); do
		[ -n "$port" ] || continue
		if ! port_in_use "$port"; then
			echo "$port"
			return 0
		fi
	done
	die "no free port in $PRIVATE_PORT-$((PRIVATE_PORT + 20)) for the private cluster; set WEIJIAN_PG_PORT"
}

# Start (or find running) the private cluster; print its URL (database "postgres").
private_cluster_url() {
	local dir major bin port socket_dir saved_port=""
	dir=$(cluster_dir create)
	if [ -f "$dir/data/PG_VERSION" ]; then
		major=$(cat "$dir/data/PG_VERSION")
		[ -x "/usr/lib/postgresql/$major/bin/initdb" ] ||
			die "the private cluster in $dir was made by PostgreSQL $major, which is no longer \
installed: apt-get install postgresql-$major, or remove $dir to start afresh"
	else
		major=$(installed_major) || die "no PostgreSQL server binaries under /usr/lib/postgresql"
	fi
	bin="/usr/lib/postgresql/$major/bin"

	mkdir -p "$dir"
	is_root && chown postgres:postgres "$dir"
	exec 9>"$dir/.lock" # one set-up at a time starts the cluster
	flock 9

	if [ ! -f "$dir/data/PG_VERSION" ]; then
		log "creating a private PostgreSQL $major cluster in $dir/data"
		as_owner mkdir -p "$dir/data" "$dir/run"
		# Trust authentication is safe enough here: the server listens on 127.0.0.1 only.
		as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
			>"$dir/initdb.log" 2>&1 || {
			cat "$dir/initdb.log" >&2
			die "initdb failed (output above)"
		}
	fi

	if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		port=$(sed -n 4p "$dir/data/postmaster.pid")
		log "using the private PostgreSQL cluster already running in $dir (port $port)"
	else
		[ -f "$dir/port" ] && saved_port=$(cat "$dir/port")
		port=$(free_port "$saved_port")
		socket_dir="$dir/run"
		as_owner mkdir -p "$socket_dir"
		# A Unix socket path may not exceed 107 bytes; we connect over TCP anyway.
		[ ${#socket_dir} -le 90 ] || socket_dir=""
		log "starting the private PostgreSQL cluster in $dir on 127.0.0.1:$port (log: $dir/server.log)"
		if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $port -k '$socket_dir' -c listen_addresses=127.0.0.1" start >/dev/null; then
			tail -n 20 "$dir/server.log" >&2 || true
			die "the private cluster did not start (log above, in $dir/server.log)"
		fi
		echo "$port" | as_owner tee "$dir/port" >/dev/null
	fi
	flock -u 9
	echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

# --- finding the server ------------------------------------------------------------------

# The URL (database "postgres") of the server to use when DATABASE_URL is not set.
find_server() {
	local mode=${WEIJIAN_DB_MODE:-auto}
	case "$mode" in
	auto | private) ;;
	*) die "WEIJIAN_DB_MODE must be auto or private, not '$mode'" ;;
	esac
	if [ "$mode" = auto ] && system_server_url; then
		return 0
	fi
	if ! installed_major >/dev/null; then
		log "no PostgreSQL server here: installing Debian's"
		apt_install postgresql
		# On some machines the package starts its own server on 5432: use it if so.
		if [ "$mode" = auto ] && system_server_url; then
			return 0
		fi
	fi
	private_cluster_url
}

# Make sure the database in URL exists and has PostGIS enabled.
ensure_database() {
	local url=$1 name admin err major
	name=$(pgurl dbname "$url")
	admin=$(pgurl with-dbname "$url" postgres)
	if sql "$admin" -c 'SELECT 1' >/dev/null 2>&1; then
		if [ "$(sql "$admin" -v name="$name" <<<"SELECT count(*) FROM pg_database WHERE datname = :'name'")" = 0 ]; then
			log "creating database $name"
			err=$(sql "$admin" -v name="$name" <<<'CREATE DATABASE :"name"' 2>&1) ||
				die "could not create database $name on $(pgurl redact "$admin"): $err"
		fi
	elif ! err=$(sql "$url" -c 'SELECT 1' 2>&1 >/dev/null); then
		die "cannot connect to $(pgurl redact "$url"): $err"
	fi

	if [ "$(sql "$url" -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")" = 0 ]; then
		major=$(($(sql "$url" -c 'SHOW server_version_num') / 10000))
		pgurl is-local "$url" ||
			die "PostGIS is not installed on the server at $(pgurl redact "$url"): install PostGIS \
for PostgreSQL $major there (Debian: postgresql-$major-postgis-3), or point DATABASE_URL elsewhere"
		apt_install "postgresql-$major-postgis-3"
		[ "$(sql "$url" -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")" != 0 ] ||
			die "postgresql-$major-postgis-3 is installed, yet the server at $(pgurl redact "$url") \
does not offer PostGIS: is that server another build of PostgreSQL (not Debian's)?"
	fi
	err=$(sql "$url" -c 'SET client_min_messages = warning' \
		-c 'CREATE EXTENSION IF NOT EXISTS postgis' 2>&1) ||
		die "could not enable PostGIS in database $name: $err
(CREATE EXTENSION postgis needs a superuser; run it once as one, then retry)"
}

demo_url() {
	local server
	if [ -n "${DATABASE_URL:-}" ]; then
		pgurl normalize "$DATABASE_URL"
	else
		server=$(find_server)
		pgurl with-dbname "$server" "$DEMO_DB"
	fi
}

test_url() {
	local server url demo_name
	if [ -n "${WEIJIAN_TEST_DATABASE_URL:-}" ]; then
		url=$(pgurl normalize "$WEIJIAN_TEST_DATABASE_URL")
	elif [ -n "${DATABASE_URL:-}" ]; then
		url=$(pgurl with-dbname "$DATABASE_URL" "$TEST_DB")
	else
		server=$(find_server)
		url=$(pgurl with-dbname "$server" "$TEST_DB")
	fi
	# The test suite drops and re-creates its database: never let that be the demo one,
	# and (as tests/conftest.py insists too) its name must say "test".
	case "$(pgurl dbname "$url")" in
	*test*) ;;
	*) die "the test database's name must contain 'test' (the tests drop it): $(pgurl redact "$url")" ;;
	esac
	demo_name=$DEMO_DB
	[ -z "${DATABASE_URL:-}" ] || demo_name=$(pgurl dbname "$DATABASE_URL")
	[ "$(pgurl dbname "$url")" != "$demo_name" ] ||
		die "the tests would use database '$demo_name', the service's database, \
which the tests drop. Set WEIJIAN_TEST_DATABASE_URL to another database."
	echo "$url"
}

status() {
	local dir major
	dir=$(cluster_dir)
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		echo "no private cluster (it would live in $dir)"
		return 0
	fi
	major=$(cat "$dir/data/PG_VERSION")
	if as_owner "/usr/lib/postgresql/$major/bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		echo "private PostgreSQL $major cluster in $dir: running on 127.0.0.1:$(sed -n 4p "$dir/data/postmaster.pid")"
	else
		echo "private PostgreSQL $major cluster in $dir: stopped"
	fi
}

stop() {
	local dir major
	dir=$(cluster_dir)
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		log "no private cluster to stop (none in $dir)"
		return 0
	fi
	major=$(cat "$dir/data/PG_VERSION")
	if as_owner "/usr/lib/postgresql/$major/bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		as_owner "/usr/lib/postgresql/$major/bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
		log "stopped the private cluster in $dir (its data stays; rm -rf $dir to remove it)"
	else
		log "the private cluster in $dir is not running"
	fi
}

main() {
	local url
	case "${1:-demo}" in
	demo | test)
		ensure_client_tools
		url=$("${1:-demo}_url")
		ensure_database "$url"
		log "database: $(pgurl redact "$url")"
		echo "$url"
		;;
	status) status ;;
	stop) stop ;;
	*) die "usage: scripts/database.sh [demo|test|status|stop]" ;;
	esac
}

main "$@"
