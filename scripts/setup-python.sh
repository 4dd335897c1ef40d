#!/usr/bin/env bash
# Idempotent Python setup for models/ and tests/python.
# Creates .venv (python3) if missing and runs `pip install -r models/requirements.txt` only when
# the requirements file changed since the last successful install (stamp kept inside .venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REQ=models/requirements.txt
VENV=.venv
PY="${PYTHON:-python3}"
STAMP="$VENV/.godeep-requirements.sha256"

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup-python: creating $VENV with $($PY --version 2>&1)"
  "$PY" -m venv "$VENV"
fi
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  echo "setup-python: installing $REQ"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ"
  echo "$want" > "$STAMP"
else
  echo "setup-python: $VENV up to date"
fi
