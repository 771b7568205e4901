#!/usr/bin/env bash
# Refresh the vendored YASGUI files (development time only; the package ships them).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund
dest=../../graph/server/static/yasgui
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$dest/"
grep '"version"' node_modules/@zazuko/yasgui/package.json
