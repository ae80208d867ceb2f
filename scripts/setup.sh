#!/usr/bin/env bash
# Install what is missing, quickly when nothing is:
#   - the Python dependencies (runtime and dev) in .venv at the versions pinned, with their
#     hashes, in requirements.lock, then Weijian itself (editable, `--no-deps`); again when
#     pyproject.toml or requirements.lock changes;
#   - the map app's npm packages in frontend/node_modules, if frontend/package.json exists
#     (again when package.json or package-lock.json changes);
#   - with --browser: Debian's chromium (and a CJK font), for the browser tests, and
#     gdal-bin, whose OAPIF driver the OGC API tests use as a real client, and with whose
#     ogrinfo the export tests open the files.
# PostgreSQL and PostGIS are scripts/database.sh's business: it knows which server it uses.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_python() {
	local stamp="$VENV/.weijian-installed" lock="$REPO/requirements.lock"
	python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null ||
		die "Weijian needs Python 3.11 or newer as python3 (found: $(python3 --version 2>&1))"
	if ! "$VENV/bin/python" -c 'import pip' >/dev/null 2>&1; then
		log "creating the Python virtualenv in .venv"
		if ! python3 -m venv --clear "$VENV" >&2; then
			# Debian's own python3 keeps venv support in a separate package.
			apt_install python3-venv
			python3 -m venv --clear "$VENV" >&2
		fi
		rm -f "$stamp"
	fi
	if [ ! -f "$stamp" ] || [ "$REPO/pyproject.toml" -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
		log "installing the locked dependencies into .venv (pip install -r requirements.lock)"
		"$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
			--require-hashes -r "$lock" >&2 ||
			die "pip install -r requirements.lock failed (see above); fix it and run again"
		log "installing Weijian into .venv (pip install --no-deps -e .)"
		(cd "$REPO" && "$VENV/bin/python" -m pip install --disable-pip-version-check \
			--progress-bar off -q --no-deps -e .) >&2 ||
			die "pip install -e . failed (see above); fix it and run again"
		touch "$stamp"
	fi
}

setup_frontend() {
	local dir="$REPO/frontend" stamp="$REPO/frontend/node_modules/.weijian-installed"
	[ -f "$dir/package.json" ] || return 0
	if ! command -v npm >/dev/null 2>&1; then
		apt_install nodejs npm
	fi
	if [ -f "$stamp" ] && [ ! "$dir/package.json" -nt "$stamp" ] &&
		{ [ ! -f "$dir/package-lock.json" ] || [ ! "$dir/package-lock.json" -nt "$stamp" ]; }; then
		return 0
	fi
	if [ -f "$dir/package-lock.json" ]; then
		log "installing the map app's npm packages (npm ci in frontend/)"
		(cd "$dir" && npm ci --no-audit --no-fund) >&2 || die "npm ci failed in frontend/ (see above)"
	else
		log "installing the map app's npm packages (npm install in frontend/; no package-lock.json)"
		(cd "$dir" && npm install --no-audit --no-fund) >&2 || die "npm install failed in frontend/ (see above)"
	fi
	mkdir -p "$dir/node_modules"
	touch "$stamp"
}

setup_browser() {
	# A CJK font, so that the browser tests' screenshots show the Chinese UI.
	apt_install chromium fonts-wqy-microhei
	[ -x /usr/bin/chromium ] || die "the chromium package is installed but /usr/bin/chromium is missing"
	# GDAL's command-line tools: the OAPIF driver (ogrinfo, ogr2ogr) is the desktop-GIS
	# client of tests/test_ogc_gdal.py, and the export tests open every file with ogrinfo.
	apt_install gdal-bin
}

browser=0
for arg in "$@"; do
	case "$arg" in
	--browser) browser=1 ;;
	*) die "usage: scripts/setup.sh [--browser]" ;;
	esac
done

setup_python
setup_frontend
if [ "$browser" = 1 ]; then setup_browser; fi
