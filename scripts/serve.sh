#!/usr/bin/env bash
# Install what the site needs, then build and serve it at http://127.0.0.1:8000 (reloads on save).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --strict "$@"
