# shellcheck shell=bash
# Helpers shared by the set-up scripts. Source it (". scripts/lib.sh"); don't run it.
#
# Conventions: progress and errors go to stderr, prefixed "weijian:"; stdout is kept for
# results (scripts/database.sh prints only the database URL there).

# Let `set -e` reach into $(...) too, so a failing step inside a substitution stops the script.
shopt -s inherit_errexit

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DATA_DIR="$REPO/.data"
# shellcheck disable=SC2034  # used by the scripts that source this file
VENV="$REPO/.venv"

# Playwright comes from PyPI and drives Debian's chromium: never let it (or an npm
# package) download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf 'weijian: %s\n' "$*" >&2; }
warn() { printf 'weijian: warning: %s\n' "$*" >&2; }
die() {
	printf 'weijian: error: %s\n' "$*" >&2
	exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as root: directly when we are root, else through sudo.
as_root() {
	if is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "this step needs root: $* — run it as root, or install sudo"
	fi
}

# URL helpers (stdlib Python, see scripts/pgurl.py).
pgurl() { python3 "$REPO/scripts/pgurl.py" "$@"; }

# --- Debian packages ---------------------------------------------------------------------

is_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# `apt-get update` at most once per set-up run: the scripts of one `make` call run one
# after the other, so a stamp younger than an hour means "already done in this run".
APT_STAMP="$DATA_DIR/apt-update.stamp"
apt_update() {
	if [ "${1:-}" != --force ] && [ -n "$(find "$APT_STAMP" -mmin -60 2>/dev/null)" ]; then
		return 0
	fi
	log "apt-get update"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 ||
		die "apt-get update failed — check the network and /etc/apt/sources.list*"
	mkdir -p "$DATA_DIR"
	touch "$APT_STAMP"
}

# Install the Debian packages given that are not installed yet; quick when none is missing.
apt_install() {
	local missing=() pkg
	for pkg in "$@"; do
		is_installed "$pkg" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null 2>&1 ||
		die "missing system packages ${missing[*]}, and this is not a Debian system: install them by hand"
	apt_update
	log "installing ${missing[*]} (apt-get)"
	if ! as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
		# The package lists may be stale (a 404 from the mirror): refresh once and retry.
		apt_update --force
		as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
			die "apt-get install ${missing[*]} failed (see above)"
	fi
}
