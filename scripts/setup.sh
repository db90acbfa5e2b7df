#!/usr/bin/env bash
# Make .venv hold exactly requirements.txt. Fast when nothing changed (a stamp of the file's hash).
# Sourced by serve.sh and test.sh; run it alone to set up without doing anything else.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing requirements.txt into .venv"
  # This machine's pip config names local mirrors that may be absent; hide only those notices.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt \
    2> >(grep -v "^WARNING: Location 'file:" >&2)
  echo "$want" > "$stamp"
fi
