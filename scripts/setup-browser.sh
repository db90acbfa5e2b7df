#!/usr/bin/env bash
# What the browser tests need besides Python: Debian's chromium (driven by playwright through
# its executable path; `playwright install` cannot download here and is never used) and the npm
# packages of package-lock.json (axe-core, linkinator, lighthouse). Fast when both are present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error 2> >(grep -v 'Unknown user config "nodedir"' >&2)
  echo "$want" > "$stamp"
fi
