#!/usr/bin/env bash
# Install the test dependencies into .venv and run the whole suite (SQLite and PostgreSQL).
# Usage: scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,dev,serial]"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# Style (ruff, pinned in pyproject.toml), the architecture contracts (pyproject.toml: shared/
# imports no Qt except shared/qt, its layers import only downwards, kiosk and wallboard do
# not import each other) and the types (mypy over shared, kiosk and wallboard).
.venv/bin/ruff check --quiet .
.venv/bin/lint-imports --no-logo
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
