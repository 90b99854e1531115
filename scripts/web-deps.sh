#!/usr/bin/env bash
# Installs the front-end packages the page tests inject into the browser (tests/web: axe-core) from
# npm, exactly as package-lock.json pins them; nothing when they are there and newer than the lock.
# Not committed (node_modules is ignored).
set -euo pipefail
cd "$(dirname "$0")/../tests/web"
if [[ ! node_modules/.package-lock.json -nt package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
