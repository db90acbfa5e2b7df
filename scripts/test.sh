#!/usr/bin/env bash
# Install what the tests need, then run the whole test suite (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
export NO_MKDOCS_2_WARNING=1
# The suite's own processes keep freed memory for reuse, as the build's workers do
# (hooks/workers.py says why: page faults were a large part of a training run's CPU).
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-33554432}
export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-67108864}
# One BLAS thread per process: pytest-xdist already runs one worker per core.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
.venv/bin/ruff check snippets hooks tests scripts notebooks
.venv/bin/ruff format --check snippets notebooks
# One worker per core (pytest-xdist): the builds and the browser each keep a core busy.
exec .venv/bin/python -m pytest -n auto "$@"
