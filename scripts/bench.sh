#!/usr/bin/env bash
# `make bench`: the benchmarks in benchmarks/ (python -m benchmarks), on the server the
# tests use, in databases of their own (weijian_bench_<scale>). Arguments go to the
# benchmark, e.g. `make bench BENCH_ARGS='--scale 10 33'`. Writes docs/benchmarks.md.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ ! -d "$REPO/benchmarks" ]; then
	echo "No benchmarks yet (there is no benchmarks/ folder)."
	exit 0
fi

"$REPO/scripts/setup.sh"
WEIJIAN_TEST_DATABASE_URL=$("$REPO/scripts/database.sh" test)
export WEIJIAN_TEST_DATABASE_URL
export DATABASE_URL="$WEIJIAN_TEST_DATABASE_URL"
export WEIJIAN_ENV=test

cd "$REPO"
exec "$VENV/bin/python" -m benchmarks "$@"
