#!/usr/bin/env bash
# Build the frozen kiosk and wallboard (PyInstaller, one folder each) and run their
# --self-test headless. Slow (several minutes on 2 cores): .ci/run calls it only when
# packaging/, pyproject.toml or this script changed since the previous commit.
# Usage: scripts/build_and_selftest.sh [kiosk|wallboard ...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet -e ".[build]"
export QT_QPA_PLATFORM=offscreen
start=$(date +%s)
# --skip-missing: before the kiosk/wallboard packages exist on a branch there is nothing to
# build for them; once they exist, a build or self-test failure fails this script.
.venv/bin/python packaging/build.py --self-test --skip-missing "$@"
echo "build_and_selftest: $(( $(date +%s) - start )) s"
