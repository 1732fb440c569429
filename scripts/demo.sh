#!/usr/bin/env bash
# Install Supplier Pulse into .venv, build a demo SQLite database and start the kiosk and the
# wallboard side by side.
# Usage: scripts/demo.sh [--fresh] [--employees N] [--months M] [--seed S]
#   --fresh   throw the existing demo database away and build a new one with these options
# Everything lives in $PULSE_DATA_DIR (default ./demo-data): demo.db, the secret the demo
# badges are made with, and a pulse.toml that points the apps and `pulse` at both and shows
# the wallboard's slides at any hour (the product default is Mon-Fri 07:00-20:00).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

fresh=0
demo_args=()
for arg in "$@"; do
    if [ "$arg" = --fresh ]; then fresh=1; else demo_args+=("$arg"); fi
done

if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export PULSE_DATA_DIR=${PULSE_DATA_DIR:-$PWD/demo-data}
case $PULSE_DATA_DIR in /*) ;; *) PULSE_DATA_DIR=$PWD/$PULSE_DATA_DIR ;; esac
DB_FILE="$PULSE_DATA_DIR/demo.db"
DB="sqlite:///$DB_FILE"
mkdir -p "$PULSE_DATA_DIR"
if [ ! -f "$PULSE_DATA_DIR/pulse.toml" ]; then
    cat > "$PULSE_DATA_DIR/pulse.toml" <<EOF
# Written by scripts/demo.sh for the demo only (PULSE_DATA_DIR=$PULSE_DATA_DIR).
[database]
url = "$DB"

[wallboard]
# The demo shows slides at any hour; a plant keeps its office hours (the default).
windows = ["daily 00:00-24:00"]
fullscreen = false

[web]
# The personal web page (pulse-web) on this machine: the kiosk's QR codes point here. On a
# plant it is the address phones open, e.g. https://pulse.plant.local (docs/web.md).
base_url = "http://127.0.0.1:${PULSE_DEMO_WEB_PORT:-8080}"
port = ${PULSE_DEMO_WEB_PORT:-8080}
EOF
fi

if [ -f "$DB_FILE" ] && [ "$fresh" = 1 ]; then
    rm -f "$DB_FILE" "$DB_FILE-wal" "$DB_FILE-shm"
fi
if [ ! -f "$DB_FILE" ]; then
    .venv/bin/pulse demo "${demo_args[@]:---employees=600}"
elif [ ${#demo_args[@]} -gt 0 ]; then
    echo "Kept the existing demo database $DB_FILE (your options ${demo_args[*]} were not used);"
    echo "add --fresh to build a new one with them."
fi
echo "Demo database: $DB_FILE"
echo "For pulse, the kiosk and the wallboard on it: export PULSE_DATA_DIR=$PULSE_DATA_DIR"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No screen found (DISPLAY/WAYLAND_DISPLAY unset): the database is ready; start the apps on a desktop with"
    echo "  export PULSE_DATA_DIR=$PULSE_DATA_DIR; .venv/bin/pulse-kiosk --windowed & .venv/bin/pulse-wallboard --windowed &"
    echo "and the personal web page with"
    echo "  export PULSE_DATA_DIR=$PULSE_DATA_DIR; .venv/bin/pulse-web & .venv/bin/pulse web link --employee 00002"
    exit 0
fi

# Qt's X11 plugin needs these libraries; a plain Debian desktop lacks some of them, and the
# apps then abort with "could not load the Qt platform plugin xcb".
QT_DEBIAN_PACKAGES=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
                    libfreetype6 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4
                    libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
                    libxcb-image0 libxcb-xinerama0 fonts-dejavu-core)
if command -v dpkg-query >/dev/null 2>&1 && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    missing=()
    for p in "${QT_DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "The apps need Qt's libraries that this machine lacks. Install them with:" >&2
        echo "  sudo apt-get install ${missing[*]}" >&2
        echo "then run scripts/demo.sh again (the database is kept)." >&2
        exit 3
    fi
fi

pids=()
names=()
if [ -f kiosk/app.py ]; then
    .venv/bin/pulse-kiosk --windowed & pids+=($!); names+=(kiosk)
fi
if [ -f wallboard/app.py ]; then
    .venv/bin/pulse-wallboard --windowed & pids+=($!); names+=(wallboard)
fi
if [ ${#pids[@]} = 0 ]; then
    echo "The kiosk and wallboard apps are not built yet; the demo database is ready."
    exit 0
fi
if [ -f web/app.py ]; then
    .venv/bin/pulse-web & pids+=($!); names+=("web page")
fi
# An app that fails to start ends within seconds: say which, stop the other, and fail.
sleep "${PULSE_DEMO_START_SECONDS:-8}"
for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        rc=0
        wait "${pids[$i]}" || rc=$?
        echo "The ${names[$i]} did not start (exit code $rc): see its messages above." >&2
        for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
        exit $(( rc == 0 ? 1 : rc ))
    fi
done
echo "Kiosk and wallboard are running; close their windows to end the demo."
if [ -f web/app.py ]; then
    # A demo worker's single-use link (valid web.link_minutes); the kiosk's home shows one
    # as a QR code after each badge tap.
    echo "Personal web page: http://127.0.0.1:${PULSE_DEMO_WEB_PORT:-8080}"
    echo "Sign in as a demo worker (once, within 10 minutes): $(.venv/bin/pulse web link --employee 00002)"
fi
status=0
for i in "${!pids[@]}"; do  # the apps' windows end the demo; the web server ends with them
    [ "${names[$i]}" = "web page" ] || wait "${pids[$i]}" || status=$?
done
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
exit "$status"
