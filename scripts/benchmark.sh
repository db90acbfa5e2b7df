#!/usr/bin/env bash
# Install what is needed, then measure builds, serve reload, page weight and the snippets' speed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
exec .venv/bin/python scripts/benchmark.py "$@"
