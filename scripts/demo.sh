#!/usr/bin/env bash
# Install Supplier Pulse into .venv, build a demo SQLite database and start the kiosk and the
# wallboard side by side. Usage: scripts/demo.sh [--employees N] [--months M] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export PULSE_DATA_DIR=${PULSE_DATA_DIR:-$PWD/demo-data}
DB="sqlite:///$PULSE_DATA_DIR/demo.db"
mkdir -p "$PULSE_DATA_DIR"
if [ ! -f "$PULSE_DATA_DIR/demo.db" ]; then
    .venv/bin/pulse --db "$DB" demo "${@:---employees=600}"
fi
echo "Demo database: $PULSE_DATA_DIR/demo.db"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No screen found (DISPLAY/WAYLAND_DISPLAY unset): the database is ready; start the apps on a desktop with"
    echo "  PULSE_DB_URL=$DB .venv/bin/pulse-kiosk --windowed & PULSE_DB_URL=$DB .venv/bin/pulse-wallboard --windowed"
    exit 0
fi
export PULSE_DB_URL="$DB"
started=0
if [ -f kiosk/app.py ]; then .venv/bin/pulse-kiosk --windowed & started=1; fi
if [ -f wallboard/app.py ]; then .venv/bin/pulse-wallboard --windowed & started=1; fi
if [ "$started" = 0 ]; then
    echo "The kiosk and wallboard apps are not built yet; the demo database is ready."
    exit 0
fi
wait
