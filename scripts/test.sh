#!/usr/bin/env bash
# `make test`: set up (with Debian's chromium for the browser tests), find the server, and
# run the whole test suite with pytest. Arguments go to pytest.
#
# The tests use their own database, never the service's: WEIJIAN_TEST_DATABASE_URL if set,
# else "weijian_test" on DATABASE_URL's server, else on the server scripts/database.sh finds.
# The test session drops and re-creates that database itself.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO/scripts/setup.sh" --browser
WEIJIAN_TEST_DATABASE_URL=$("$REPO/scripts/database.sh" test)
export WEIJIAN_TEST_DATABASE_URL
# Anything in the tests that reads DATABASE_URL gets the test database too, not the demo one.
export DATABASE_URL="$WEIJIAN_TEST_DATABASE_URL"
export WEIJIAN_ENV=test
export WEIJIAN_CHROMIUM="${WEIJIAN_CHROMIUM:-/usr/bin/chromium}"

cd "$REPO"
log "running the tests: python -m pytest $*"
exec "$VENV/bin/python" -m pytest "$@"
