#!/usr/bin/env bash
# Installs (or upgrades) a Supplier Pulse kiosk or wallboard on a Linux plant machine.
#
#   sudo packaging/linux/install.sh kiosk      [--dist DIR] [--no-start]
#   sudo packaging/linux/install.sh wallboard  [--dist DIR] [--no-start]
#        packaging/linux/install.sh kiosk --root /tmp/tryout   # into a scratch root, no systemd
#
# Idempotent: run it again to upgrade. It
#   * creates the system user "pulse" (groups video, input, render where they exist),
#   * creates /opt/supplier-pulse, /etc/supplier-pulse (config), /var/lib/supplier-pulse (data),
#   * self-tests the frozen build from --dist (default: <checkout>/dist/pulse-<app>), then
#     copies it to /opt/supplier-pulse/pulse-<app> (the previous one kept as .previous),
#   * installs the systemd unit and the PAM service, and the config template only if
#     /etc/supplier-pulse/pulse.toml does not exist (an existing config is never touched; the
#     new template goes next to it as pulse.toml.dist),
#   * installs /usr/local/bin/pulse (the admin command with the service's config),
#   * installs cage, Xwayland and the system libraries the build needs (apt-get/dnf),
#     enables and (re)starts the unit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
app=""
dist=""
root=""
start=1
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        kiosk|wallboard) app=$1 ;;
        --dist) dist=$2; shift ;;
        --root) root=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
        --no-start) start=0 ;;
        -h|--help) usage ;;
        *) echo "install.sh: unknown argument $1" >&2; usage ;;
    esac
    shift
done
[ -n "$app" ] || usage
dist=${dist:-$checkout/dist}
build="$dist/pulse-$app"
say() { printf '%s\n' "install.sh: $*"; }

if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (or use --root DIR to try it out)" >&2
    exit 1
fi
if [ ! -x "$build/pulse-$app" ]; then
    echo "install.sh: no frozen build at $build (build it: python packaging/build.py $app)" >&2
    exit 1
fi

opt="$root/opt/supplier-pulse"
etc="$root/etc/supplier-pulse"
var="$root/var/lib/supplier-pulse"
units="$root/etc/systemd/system"
pam="$root/etc/pam.d"

# 1. The user the app runs as.
if [ -z "$root" ]; then
    if ! getent passwd pulse >/dev/null; then
        useradd --system --user-group --home-dir /var/lib/supplier-pulse \
                --shell /usr/sbin/nologin --comment "Supplier Pulse" pulse
        say "created user pulse"
    fi
    for group in video input render; do
        if getent group "$group" >/dev/null && ! id -nG pulse | tr ' ' '\n' | grep -qx "$group"; then
            usermod -aG "$group" pulse
        fi
    done
    owner=(-o pulse -g pulse)
    config_owner=(-o root -g pulse)
else
    say "scratch root $root: no user created, files owned by $(id -un)"
    owner=()
    config_owner=()
fi

# 2. Folders.
install -d -m 0755 "$opt" "$units" "$pam"
install -d -m 0750 "${config_owner[@]}" "$etc"
install -d -m 0750 "${owner[@]}" "$var"

# 3. Self-test the build on this machine before it replaces anything.
if ! QT_QPA_PLATFORM=offscreen "$build/pulse-$app" --self-test; then
    echo "install.sh: $build failed its self-test; nothing was changed in $opt" >&2
    exit 1
fi

# 4. The build: copy beside, then swap (a running app keeps its open files).
rm -rf "$opt/pulse-$app.new"
cp -a "$build" "$opt/pulse-$app.new"
if [ -d "$opt/pulse-$app" ]; then
    rm -rf "$opt/pulse-$app.previous"
    mv "$opt/pulse-$app" "$opt/pulse-$app.previous"
fi
mv "$opt/pulse-$app.new" "$opt/pulse-$app"
if [ -d "$checkout/docs" ]; then
    rm -rf "$opt/docs" && cp -a "$checkout/docs" "$opt/docs"
fi
# The admin command, with the same config and data dir as the service.
install -d -m 0755 "$root/usr/local/bin"
cat > "$root/usr/local/bin/pulse" <<WRAPPER
#!/bin/sh
# Supplier Pulse admin command (installed by packaging/linux/install.sh).
export PULSE_CONFIG="\${PULSE_CONFIG:-/etc/supplier-pulse/pulse.toml}"
export PULSE_DATA_DIR="\${PULSE_DATA_DIR:-/var/lib/supplier-pulse}"
exec /opt/supplier-pulse/pulse-$app/pulse "\$@"
WRAPPER
chmod 0755 "$root/usr/local/bin/pulse"
say "installed $opt/pulse-$app ($(du -sh "$opt/pulse-$app" | cut -f1))"

# 5. Configuration: never clobber the plant's file.
if [ -e "$etc/pulse.toml" ]; then
    install -m 0640 "${config_owner[@]}" "$here/pulse.toml" "$etc/pulse.toml.dist"
    say "kept $etc/pulse.toml (the current template is pulse.toml.dist)"
else
    install -m 0640 "${config_owner[@]}" "$here/pulse.toml" "$etc/pulse.toml"
    say "wrote $etc/pulse.toml: set database.url (and kiosk.id on a kiosk) there"
fi

# 6. systemd unit and PAM service.
install -m 0644 "$here/pulse-$app.service" "$units/pulse-$app.service"
install -m 0644 "$here/pam-pulse-kiosk" "$pam/pulse-kiosk"
other=$([ "$app" = kiosk ] && echo wallboard || echo kiosk)

if [ -n "$root" ]; then
    say "done (scratch root: no packages, no systemctl)"
    exit 0
fi

# 7. The compositor and the system libraries the frozen build does not carry (PyInstaller
#    leaves out OpenGL/EGL; the Wayland client libraries are the system's). Debian's cage
#    refuses to start without Xwayland, and Qt's wayland plugin without libwayland-cursor
#    (both found by running the frozen kiosk under cage on a minimal Debian 12).
debs=(cage xwayland libwayland-client0 libwayland-cursor0 libwayland-egl1 libegl1 libgl1
      libopengl0 libxkbcommon0 libfontconfig1 libdbus-1-3)
rpms=(cage xorg-x11-server-Xwayland libwayland-client libwayland-cursor libwayland-egl
      libglvnd-egl libglvnd-opengl libxkbcommon fontconfig dbus-libs)
if command -v apt-get >/dev/null; then
    missing=()
    for p in "${debs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
elif command -v dnf >/dev/null; then
    dnf install -y "${rpms[@]}"
elif ! command -v cage >/dev/null; then
    echo "install.sh: install cage, Xwayland and the Wayland client libraries, then run me again" >&2
    exit 1
fi

# 8. Enable and (re)start, when systemd runs this machine.
if [ ! -d /run/systemd/system ]; then
    say "systemd is not running here: enable later with systemctl enable --now pulse-$app"
    exit 0
fi
systemctl daemon-reload
if systemctl is-enabled --quiet "pulse-$other.service" 2>/dev/null; then
    systemctl disable --now "pulse-$other.service"
    say "disabled pulse-$other (one app per screen)"
fi
if [ "$(systemctl get-default)" != graphical.target ]; then
    systemctl set-default graphical.target
fi
systemctl enable "pulse-$app.service"
if [ "$start" -eq 1 ]; then
    systemctl restart "pulse-$app.service"
    say "started pulse-$app; follow it with: journalctl -fu pulse-$app"
fi
