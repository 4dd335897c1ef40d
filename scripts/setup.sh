#!/usr/bin/env bash
# Installs everything the article and its tests need on a fresh Debian machine: Debian's Chromium (for the
# e2e tests and benchmarks; never a downloaded browser), the npm packages, and the Python pipeline's venv.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' (needed for the e2e tests only)." >&2
  fi
fi

# onnxruntime-node's postinstall downloads CUDA binaries from a host that cannot be reached; its CPU
# binaries are inside the npm tarball, so skipping the script loses nothing.
export ONNXRUNTIME_NODE_INSTALL=skip
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

bash scripts/setup-python.sh
