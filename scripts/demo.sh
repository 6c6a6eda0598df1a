#!/usr/bin/env bash
# Set up Marsad and run the main job on the bundled sample corpus:
# ingest examples/ into ./marsad.db and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
marsad --db marsad.db ingest examples/txt examples/html examples/feeds examples/jsonl examples/warc
echo
marsad --db marsad.db stats
