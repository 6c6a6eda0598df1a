#!/usr/bin/env bash
# Set up Marsad and run the main job on the bundled sample corpus:
# ingest examples/ into ./marsad.db, link it, and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh web
. .venv/bin/activate
marsad --db marsad.db ingest examples/txt examples/html examples/feeds examples/jsonl examples/warc
echo
marsad --db marsad.db stats
echo
echo "Browse it:  . .venv/bin/activate && marsad --db marsad.db serve   (then open http://127.0.0.1:8000/)"
