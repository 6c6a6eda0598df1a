#!/usr/bin/env bash
# Set up Marsad with its test tools and run lint, the tests and the quality gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
# The browser tests drive Debian's chromium (Playwright's own browser download does not work offline).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing chromium for the browser tests" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; } \
    || echo "test: chromium could not be installed; browser tests will be skipped" >&2
fi
. .venv/bin/activate
# A throwaway PostgreSQL server for the second store backend's tests.
MARSAD_TEST_PG=$(bash scripts/postgres.sh --url); export MARSAD_TEST_PG
ruff check src tests benchmarks
python -m pytest tests
python benchmarks/gate.py
