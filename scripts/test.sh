#!/usr/bin/env bash
# Set up Marsad with its test tools and run lint, the tests and the quality gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
. .venv/bin/activate
ruff check src tests benchmarks
python -m pytest tests
python benchmarks/gate.py
