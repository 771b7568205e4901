#!/usr/bin/env bash
# Install everything the tests need, then run them. README and .ci/run call this.
# Extra arguments go to pytest (e.g. `bash tests/run.sh -k ingest`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

"$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Browser tests drive Debian's headless Chromium; install it when missing.
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  else
    echo "warning: chromium not found; browser tests will be skipped" >&2
  fi
fi

# pytest exits 5 when it collected no test: that is a failure here too.
exec "$PY" -m pytest "$@"
